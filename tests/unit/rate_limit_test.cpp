// Unit tests for the token bucket (daemon/rate_limit.hpp) on a clock the
// test moves by hand.

#include <doctest/doctest.h>

#include <chrono>

#include "daemon/rate_limit.hpp"

using dealer::RateLimit;
using dealer::RateSpec;
using namespace std::chrono_literals;

namespace {

// A time point far from the clock's epoch, as steady_clock's are.
const RateLimit::Clock::time_point kStart = RateLimit::Clock::time_point{} + 1000h;

}  // namespace

TEST_CASE("RateLimit: a burst at once, then the rate") {
    RateLimit bucket;
    const RateSpec spec{10, 5};  // 10 a second, 5 at once
    for (int i = 0; i < 5; ++i) CHECK(bucket.take(kStart, spec));
    RateLimit::Clock::duration wait{};
    CHECK_FALSE(bucket.take(kStart, spec, &wait));
    CHECK(wait == 100ms);  // one interval until the next token
    // A refusal takes nothing: after the wait, exactly one more.
    CHECK(bucket.take(kStart + 100ms, spec));
    CHECK_FALSE(bucket.take(kStart + 100ms, spec));
    // Sent at the rate, it is never refused.
    for (int i = 2; i < 100; ++i) CHECK(bucket.take(kStart + i * 100ms, spec));
}

TEST_CASE("RateLimit: the bucket refills up to the burst and no more") {
    RateLimit bucket;
    const RateSpec spec{2, 3};
    for (int i = 0; i < 3; ++i) CHECK(bucket.take(kStart, spec));
    CHECK_FALSE(bucket.idle_at(kStart + 1s));
    CHECK(bucket.idle_at(kStart + 1500ms));  // three intervals of 500 ms
    // An hour of silence still allows only a burst.
    const auto later = kStart + 1h;
    for (int i = 0; i < 3; ++i) CHECK(bucket.take(later, spec));
    RateLimit::Clock::duration wait{};
    CHECK_FALSE(bucket.take(later, spec, &wait));
    CHECK(wait == 500ms);
}

TEST_CASE("RateLimit: no limit, and a burst of one") {
    RateLimit bucket;
    for (int i = 0; i < 100000; ++i) REQUIRE(bucket.take(kStart, RateSpec{0, 1}));
    RateLimit strict;
    const RateSpec one{1, 1};
    CHECK(strict.take(kStart, one));
    CHECK_FALSE(strict.take(kStart + 999ms, one));
    CHECK(strict.take(kStart + 1s, one));
}

TEST_CASE("retry_after_seconds rounds up, at least 1") {
    CHECK(dealer::retry_after_seconds(0ms) == 1);
    CHECK(dealer::retry_after_seconds(1ms) == 1);
    CHECK(dealer::retry_after_seconds(1000ms) == 1);
    CHECK(dealer::retry_after_seconds(1001ms) == 2);
    CHECK(dealer::retry_after_seconds(90s) == 90);
}
