// Unit tests for dealer-bench's latency histogram (bench/load/latency_histogram.hpp):
// percentiles of known inputs, the bucket layout's precision, merging.

#include <doctest/doctest.h>

#include <cstdint>

#include "bench/load/latency_histogram.hpp"

using dealer::bench::LatencyHistogram;

TEST_CASE("bench histogram: empty reports zeros") {
    const LatencyHistogram h;
    CHECK(h.count() == 0);
    CHECK(h.percentile(50) == 0);
    CHECK(h.min() == 0);
    CHECK(h.max() == 0);
    CHECK(h.mean() == 0.0);
}

TEST_CASE("bench histogram: values below 256 are exact, percentiles by rank") {
    LatencyHistogram h;
    for (std::uint64_t v = 1; v <= 100; ++v) h.record(v);
    CHECK(h.count() == 100);
    CHECK(h.percentile(50) == 50);
    CHECK(h.percentile(99) == 99);
    CHECK(h.percentile(99.9) == 100);
    CHECK(h.percentile(100) == 100);
    CHECK(h.percentile(0) == 1);
    CHECK(h.percentile(1) == 1);
    CHECK(h.percentile(1.5) == 2);
    CHECK(h.min() == 1);
    CHECK(h.max() == 100);
    CHECK(h.mean() == doctest::Approx(50.5));
}

TEST_CASE("bench histogram: one slow request in a thousand is past p99.9's rank (999), and is the max") {
    LatencyHistogram h;
    for (int i = 0; i < 999; ++i) h.record(100'000);  // 100 us
    h.record(50'000'000);                              // 50 ms
    const auto p99 = h.percentile(99);
    CHECK(p99 >= 100'000);
    CHECK(p99 <= 100'000 + 100'000 / 128);
    CHECK(h.percentile(99.9) == h.percentile(99));   // rank 999 is still 100 us
    CHECK(h.percentile(99.95) == 50'000'000);        // rank 1000: the max, exactly
    CHECK(h.max() == 50'000'000);
}

TEST_CASE("bench histogram: 1..1,000,000 gives percentiles within 1/128") {
    LatencyHistogram h;
    for (std::uint64_t v = 1; v <= 1'000'000; ++v) h.record(v);
    for (const double p : {50.0, 90.0, 99.0, 99.9}) {
        const auto exact = static_cast<double>(p / 100.0 * 1'000'000);
        const auto got = static_cast<double>(h.percentile(p));
        CAPTURE(p);
        CHECK(got >= exact);
        CHECK(got <= exact * (1.0 + 1.0 / 128));
    }
    CHECK(h.percentile(100) == 1'000'000);
}

TEST_CASE("bench histogram: every bucket holds its own values and its neighbours start right after") {
    for (const std::uint64_t v : {std::uint64_t{0}, std::uint64_t{255}, std::uint64_t{256}, std::uint64_t{257},
                                  std::uint64_t{1000}, std::uint64_t{123'456'789}, std::uint64_t{1} << 40,
                                  ~std::uint64_t{0}}) {
        const auto b = LatencyHistogram::bucket_of(v);
        CAPTURE(v);
        REQUIRE(b < LatencyHistogram::kBuckets);
        CHECK(LatencyHistogram::lowest_in(b) <= v);
        CHECK(LatencyHistogram::highest_in(b) >= v);
        if (b + 1 < LatencyHistogram::kBuckets) {
            CHECK(LatencyHistogram::lowest_in(b + 1) == LatencyHistogram::highest_in(b) + 1);
        }
        // The bucket's width is within 1/128 of its values.
        CHECK(LatencyHistogram::highest_in(b) - LatencyHistogram::lowest_in(b) <= v / 128);
    }
    CHECK(LatencyHistogram::bucket_of(~std::uint64_t{0}) == LatencyHistogram::kBuckets - 1);
}

TEST_CASE("bench histogram: merging two threads' histograms is one histogram of all the values") {
    LatencyHistogram a;
    LatencyHistogram b;
    LatencyHistogram all;
    for (std::uint64_t v = 1; v <= 5000; ++v) {
        (v % 2 ? a : b).record(v * 37);
        all.record(v * 37);
    }
    a.merge(b);
    CHECK(a.count() == all.count());
    CHECK(a.min() == all.min());
    CHECK(a.max() == all.max());
    CHECK(a.mean() == doctest::Approx(all.mean()));
    for (const double p : {1.0, 50.0, 99.0, 99.9}) CHECK(a.percentile(p) == all.percentile(p));
    LatencyHistogram empty;
    empty.merge(a);
    CHECK(empty.min() == a.min());
}
