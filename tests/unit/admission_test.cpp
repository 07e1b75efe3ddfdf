// Unit tests for admission control (daemon/admission.hpp): the total and
// per-address caps, and tickets giving their place back on destruction,
// release() and move.

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "daemon/admission.hpp"

using dealer::Admission;
using Refusal = Admission::Refusal;

TEST_CASE("Admission: the per-address cap") {
    auto adm = Admission::create(100, 2);
    Refusal why = Refusal::total;
    auto a1 = adm->admit("10.0.0.1", &why);
    CHECK(static_cast<bool>(a1));
    CHECK(why == Refusal::none);
    auto a2 = adm->admit("10.0.0.1", &why);
    CHECK(static_cast<bool>(a2));
    auto a3 = adm->admit("10.0.0.1", &why);
    CHECK_FALSE(static_cast<bool>(a3));
    CHECK(why == Refusal::per_address);
    CHECK(adm->active() == 2);

    // Another address is not affected.
    auto b1 = adm->admit("10.0.0.2", &why);
    CHECK(static_cast<bool>(b1));
    CHECK(why == Refusal::none);
    CHECK(adm->active() == 3);

    // Giving one place back lets the address in again.
    a1.release();
    CHECK_FALSE(static_cast<bool>(a1));
    CHECK(adm->active() == 2);
    auto a4 = adm->admit("10.0.0.1", &why);
    CHECK(static_cast<bool>(a4));
    CHECK(why == Refusal::none);
}

TEST_CASE("Admission: the total cap, counted across addresses") {
    auto adm = Admission::create(3, 2);
    Refusal why = Refusal::none;
    std::vector<Admission::Ticket> held;
    held.push_back(adm->admit("10.0.0.1"));
    held.push_back(adm->admit("10.0.0.2"));
    held.push_back(adm->admit("10.0.0.3"));
    for (const auto& t : held) CHECK(static_cast<bool>(t));
    CHECK(adm->active() == 3);

    auto refused = adm->admit("10.0.0.4", &why);
    CHECK_FALSE(static_cast<bool>(refused));
    CHECK(why == Refusal::total);

    // Both caps reached: the total is reported.
    held.push_back(adm->admit("10.0.0.1"));
    CHECK_FALSE(static_cast<bool>(held.back()));
    held.pop_back();

    held.pop_back();  // destroys the ticket of 10.0.0.3
    CHECK(adm->active() == 2);
    auto again = adm->admit("10.0.0.4", &why);
    CHECK(static_cast<bool>(again));
    CHECK(why == Refusal::none);
}

TEST_CASE("Admission: a ticket gives its place back when destroyed") {
    auto adm = Admission::create(1, 1);
    {
        auto t = adm->admit("10.0.0.1");
        REQUIRE(static_cast<bool>(t));
        CHECK(adm->active() == 1);
        CHECK_FALSE(static_cast<bool>(adm->admit("10.0.0.1")));
    }
    CHECK(adm->active() == 0);
    CHECK(static_cast<bool>(adm->admit("10.0.0.1")));  // a temporary, released at once
    CHECK(adm->active() == 0);
}

TEST_CASE("Admission: tickets move without double counting or double release") {
    auto adm = Admission::create(10, 10);
    SUBCASE("move construction") {
        auto t1 = adm->admit("10.0.0.1");
        Admission::Ticket t2(std::move(t1));
        CHECK_FALSE(static_cast<bool>(t1));  // NOLINT(bugprone-use-after-move): moved-from state is specified
        CHECK(static_cast<bool>(t2));
        CHECK(adm->active() == 1);
        t1.release();  // an empty ticket releases nothing
        CHECK(adm->active() == 1);
        t2.release();
        CHECK(adm->active() == 0);
        t2.release();
        CHECK(adm->active() == 0);
    }
    SUBCASE("move assignment onto an empty ticket") {
        Admission::Ticket t;
        CHECK_FALSE(static_cast<bool>(t));
        t = adm->admit("10.0.0.1");
        CHECK(static_cast<bool>(t));
        CHECK(adm->active() == 1);
    }
    SUBCASE("move assignment onto a held ticket gives the old place back") {
        auto a = adm->admit("10.0.0.1");
        auto b = adm->admit("10.0.0.2");
        CHECK(adm->active() == 2);
        a = std::move(b);
        CHECK(adm->active() == 1);
        CHECK(static_cast<bool>(a));
        CHECK_FALSE(static_cast<bool>(b));  // NOLINT(bugprone-use-after-move)
        a.release();
        CHECK(adm->active() == 0);
    }
    SUBCASE("self move assignment keeps the place") {
        auto a = adm->admit("10.0.0.1");
        auto& alias = a;
        a = std::move(alias);
        CHECK(static_cast<bool>(a));
        CHECK(adm->active() == 1);
    }
    SUBCASE("tickets in a growing vector") {
        std::vector<Admission::Ticket> v;
        for (int i = 0; i < 10; ++i) v.push_back(adm->admit("10.0.0.1"));
        CHECK(adm->active() == 10);
        CHECK_FALSE(static_cast<bool>(adm->admit("10.0.0.1")));
        v.clear();
        CHECK(adm->active() == 0);
    }
    CHECK(adm->active() == 0);
}

TEST_CASE("Admission: a ticket keeps its Admission alive") {
    auto adm = Admission::create(1, 1);
    std::weak_ptr<Admission> weak = adm;
    auto t = adm->admit("10.0.0.1");
    adm.reset();
    CHECK_FALSE(weak.expired());
    t.release();
    CHECK(weak.expired());
}

TEST_CASE("Admission: set_limits applies to new sessions only") {
    auto adm = Admission::create(10, 10);
    auto a = adm->admit("10.0.0.1");
    auto b = adm->admit("10.0.0.1");
    adm->set_limits(10, 1);
    CHECK(adm->active() == 2);  // nobody is closed
    Refusal why = Refusal::none;
    CHECK_FALSE(static_cast<bool>(adm->admit("10.0.0.1", &why)));
    CHECK(why == Refusal::per_address);
    adm->set_limits(2, 10);
    CHECK_FALSE(static_cast<bool>(adm->admit("10.0.0.2", &why)));
    CHECK(why == Refusal::total);
}

TEST_CASE("Admission: the rate of new sessions per address") {
    auto adm = Admission::create(1000, 1000);
    adm->set_rate({1, 3});  // 3 at once, then one a second
    Refusal why = Refusal::none;
    dealer::RateLimit::Clock::duration wait{};
    std::vector<Admission::Ticket> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(adm->admit("10.0.0.1", &why, &wait));
        CHECK(static_cast<bool>(held.back()));
    }
    auto over = adm->admit("10.0.0.1", &why, &wait);
    CHECK_FALSE(static_cast<bool>(over));
    CHECK(why == Refusal::rate);
    CHECK(wait > std::chrono::milliseconds(900));
    CHECK(wait <= std::chrono::seconds(1));
    CHECK(adm->active() == 3);  // a refusal takes no place
    // Closing sessions does not give the rate back: it counts openings.
    held.clear();
    CHECK_FALSE(static_cast<bool>(adm->admit("10.0.0.1", &why)));
    CHECK(why == Refusal::rate);
    // Another address has its own bucket.
    CHECK(static_cast<bool>(adm->admit("10.0.0.2", &why)));
    // The caps come first: a newcomer they refuse takes nothing from the rate.
    auto capped = Admission::create(1, 1000);
    capped->set_rate({1, 1});
    auto only = capped->admit("10.0.0.3", &why);
    CHECK(static_cast<bool>(only));
    CHECK_FALSE(static_cast<bool>(capped->admit("10.0.0.4", &why)));
    CHECK(why == Refusal::total);
    only.release();
    CHECK(static_cast<bool>(capped->admit("10.0.0.4", &why)));
    // A rate of 0 is no limit, and forgets every address.
    adm->set_rate({0, 1});
    CHECK(adm->rate_entries() == 0);
    for (int i = 0; i < 100; ++i) CHECK(static_cast<bool>(adm->admit("10.0.0.1", &why)));
}

TEST_CASE("Admission: the rate's table stays bounded under a flood from many addresses") {
    auto adm = Admission::create(10, 10);
    adm->set_rate({1, 1});
    Refusal why = Refusal::none;
    for (std::size_t i = 0; i < Admission::kMaxRateEntries + 5000; ++i) {
        auto t = adm->admit("flood-" + std::to_string(i), &why);
        REQUIRE(static_cast<bool>(t));  // each address's first session
    }
    CHECK(adm->rate_entries() <= Admission::kMaxRateEntries);
    CHECK(adm->active() == 0);
}

TEST_CASE("refusal_error: server_busy for the caps, rate_limited with retry_after for the rate") {
    using namespace std::chrono_literals;
    const auto busy = dealer::refusal_error(Refusal::total, 0ms);
    CHECK(busy["code"] == "server_busy");
    CHECK_FALSE(busy.contains("retry_after"));
    CHECK(dealer::refusal_error(Refusal::per_address, 0ms)["code"] == "server_busy");
    const auto rate = dealer::refusal_error(Refusal::rate, 1500ms);
    CHECK(rate["code"] == "rate_limited");
    CHECK(rate["retry_after"] == 2);
}
