#include "bench/load/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace dealer::bench {

LatencyHistogram::LatencyHistogram() : counts_(kBuckets, 0) {}

// The bucket is (shift * 128) + (value >> shift), where shift drops all but
// the top 8 significant bits: values below 256 map to themselves, and each
// later power of two fills the next 128 buckets.
std::size_t LatencyHistogram::bucket_of(std::uint64_t value) noexcept {
    const unsigned top_bit = value == 0 ? 0 : 63 - static_cast<unsigned>(std::countl_zero(value));
    const unsigned shift = top_bit > kSubBucketBits ? top_bit - kSubBucketBits : 0;
    return static_cast<std::size_t>(shift) * kSubBuckets + static_cast<std::size_t>(value >> shift);
}

std::uint64_t LatencyHistogram::lowest_in(std::size_t bucket) noexcept {
    if (bucket < 2 * kSubBuckets) return bucket;
    const std::uint64_t shift = bucket / kSubBuckets - 1;
    return (bucket - shift * kSubBuckets) << shift;
}

std::uint64_t LatencyHistogram::highest_in(std::size_t bucket) noexcept {
    if (bucket < 2 * kSubBuckets) return bucket;
    const std::uint64_t shift = bucket / kSubBuckets - 1;
    return lowest_in(bucket) + ((std::uint64_t{1} << shift) - 1);
}

void LatencyHistogram::record(std::uint64_t value) noexcept {
    ++counts_[bucket_of(value)];
    if (count_ == 0 || value < min_) min_ = value;
    if (value > max_) max_ = value;
    ++count_;
    sum_ += static_cast<long double>(value);
}

void LatencyHistogram::merge(const LatencyHistogram& other) noexcept {
    if (other.count_ == 0) return;
    for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
    if (count_ == 0 || other.min_ < min_) min_ = other.min_;
    max_ = std::max(max_, other.max_);
    count_ += other.count_;
    sum_ += other.sum_;
}

double LatencyHistogram::mean() const noexcept {
    return count_ == 0 ? 0.0 : static_cast<double>(sum_ / static_cast<long double>(count_));
}

// The rank is ceil(p % of the count), at least 1: p50 of {1, 2} is 1, p100
// is the largest value. 99.9 is not exact in binary, and 99.9 % of 1000
// comes out a hair above 999: the hair is taken off before rounding up.
// Walking 7,000 buckets is nothing next to a run.
std::uint64_t LatencyHistogram::percentile(double p) const noexcept {
    if (count_ == 0) return 0;
    p = std::clamp(p, 0.0, 100.0);
    const double exact = p / 100.0 * static_cast<double>(count_);
    auto rank = static_cast<std::uint64_t>(std::ceil(exact * (1.0 - 1e-12)));
    rank = std::clamp<std::uint64_t>(rank, 1, count_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
        seen += counts_[i];
        if (seen >= rank) return std::min(highest_in(i), max_);
    }
    return max_;
}

}  // namespace dealer::bench
