// Unit tests for the stateless UDP address-validation cookies of SPEC §7
// (daemon/udp_cookie.hpp).

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include <sodium.h>

#include "daemon/udp_cookie.hpp"

using dealer::CookieJar;

namespace {

constexpr std::uint64_t kWindow = CookieJar::kWindowSeconds;

bool base32_lower(const std::string& s) {
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("CookieJar: cookies are 10 characters of lowercase base32") {
    const CookieJar jar;
    CHECK(CookieJar::kLength == 10);
    for (std::uint16_t port = 1000; port < 1064; ++port) {
        const std::string cookie = jar.issue("192.0.2.1", port, 1'700'000'000);
        CAPTURE(cookie);
        CHECK(cookie.size() == 10);
        CHECK(base32_lower(cookie));
    }
}

TEST_CASE("CookieJar: bound to the peer") {
    const CookieJar jar;
    const std::uint64_t now = 1'700'000'000;
    const std::string cookie = jar.issue("192.0.2.1", 40000, now);

    CHECK(jar.valid(cookie, "192.0.2.1", 40000, now));
    CHECK(jar.issue("192.0.2.1", 40000, now) == cookie);  // stateless: the same peer gets the same cookie
    CHECK_FALSE(jar.valid(cookie, "192.0.2.1", 40001, now));
    CHECK_FALSE(jar.valid(cookie, "192.0.2.2", 40000, now));
    CHECK_FALSE(jar.valid(cookie, "::1", 40000, now));
    CHECK_FALSE(jar.valid(cookie, "", 40000, now));

    SUBCASE("tampered in any position") {
        for (std::size_t i = 0; i < cookie.size(); ++i) {
            std::string bad = cookie;
            bad[i] = bad[i] == 'a' ? 'b' : 'a';
            CAPTURE(bad);
            CHECK_FALSE(jar.valid(bad, "192.0.2.1", 40000, now));
        }
    }
    SUBCASE("wrong length or case") {
        CHECK_FALSE(jar.valid("", "192.0.2.1", 40000, now));
        CHECK_FALSE(jar.valid(cookie.substr(0, 9), "192.0.2.1", 40000, now));
        CHECK_FALSE(jar.valid(cookie + "a", "192.0.2.1", 40000, now));
        // Upper-casing the letters of a cookie breaks it (find a peer whose cookie has one).
        bool tried = false;
        for (std::uint16_t port = 40000; port < 40100 && !tried; ++port) {
            const std::string good = jar.issue("192.0.2.1", port, now);
            std::string upper = good;
            for (char& c : upper) {
                if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            }
            if (upper == good) continue;
            tried = true;
            CHECK_FALSE(jar.valid(upper, "192.0.2.1", port, now));
        }
        CHECK(tried);
    }
}

TEST_CASE("CookieJar: valid for at least two minutes, not after three windows") {
    const CookieJar jar;
    const std::uint64_t window_start = 1000 * kWindow;
    SUBCASE("issued at the start of a window") {
        const std::string cookie = jar.issue("198.51.100.7", 5353, window_start);
        for (std::uint64_t later : {0u, 1u, 59u, 60u, 119u, 120u, 179u}) {
            CAPTURE(later);
            CHECK(jar.valid(cookie, "198.51.100.7", 5353, window_start + later));
        }
        CHECK_FALSE(jar.valid(cookie, "198.51.100.7", 5353, window_start + 3 * kWindow));
        CHECK_FALSE(jar.valid(cookie, "198.51.100.7", 5353, window_start + 10 * kWindow));
    }
    SUBCASE("issued at the end of a window") {
        const std::uint64_t issued = window_start + kWindow - 1;
        const std::string cookie = jar.issue("198.51.100.7", 5353, issued);
        CHECK(jar.valid(cookie, "198.51.100.7", 5353, issued + 120));  // two full minutes
        CHECK_FALSE(jar.valid(cookie, "198.51.100.7", 5353, issued + 1 + 2 * kWindow));  // window + 3
    }
    SUBCASE("near the epoch") {
        const std::string cookie = jar.issue("198.51.100.7", 5353, 0);
        CHECK(jar.valid(cookie, "198.51.100.7", 5353, 0));
        CHECK(jar.valid(cookie, "198.51.100.7", 5353, 179));
        CHECK_FALSE(jar.valid(cookie, "198.51.100.7", 5353, 180));
    }
}

TEST_CASE("CookieJar: jars with different keys disagree") {
    const CookieJar a;
    const CookieJar b;
    const std::uint64_t now = 1'700'000'000;
    int agreed = 0;
    for (std::uint16_t port = 2000; port < 2016; ++port) {
        const std::string cookie = a.issue("203.0.113.9", port, now);
        CHECK(a.valid(cookie, "203.0.113.9", port, now));
        if (b.valid(cookie, "203.0.113.9", port, now)) ++agreed;
        if (b.issue("203.0.113.9", port, now) == cookie) ++agreed;
    }
    CHECK(agreed == 0);
}
