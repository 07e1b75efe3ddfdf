// A latency histogram in the manner of HdrHistogram: log-linear buckets, so
// that every value is kept within 1/128 (0.8 %) of itself from 1 ns to
// centuries, in a fixed 58 KiB (7,424 counters), with O(1) recording on the measured path.
// Debian 12 packages HdrHistogram for Java and Go only, so it is written
// here, small.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dealer::bench {

/// Counts of values (nanoseconds, in dealer-bench) in log-linear buckets.
/// Values below 256 are kept exactly; above, each power of two is split in
/// 128 equal buckets.
class LatencyHistogram {
public:
    /// Significant bits kept per value: 2^7 buckets per power of two.
    static constexpr unsigned kSubBucketBits = 7;
    /// Buckets per power of two.
    static constexpr std::uint64_t kSubBuckets = std::uint64_t{1} << kSubBucketBits;
    /// Buckets in all, enough for any 64-bit value (the top bit at 63
    /// gives shift 56 and buckets up to 56 * 128 + 255).
    static constexpr std::size_t kBuckets = (65 - kSubBucketBits) * kSubBuckets;

    LatencyHistogram();

    /// Counts one value. Never allocates.
    void record(std::uint64_t value) noexcept;

    /// Adds every value of other (the threads' histograms, at the end).
    void merge(const LatencyHistogram& other) noexcept;

    /// Values recorded.
    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
    /// The smallest value recorded, exactly; 0 when empty.
    [[nodiscard]] std::uint64_t min() const noexcept { return count_ ? min_ : 0; }
    /// The largest value recorded, exactly; 0 when empty.
    [[nodiscard]] std::uint64_t max() const noexcept { return max_; }
    /// The mean of the values recorded, exactly (the sum is kept); 0 when empty.
    [[nodiscard]] double mean() const noexcept;

    /// The value at percentile p (0..100): the smallest bucket value such
    /// that at least p % of the values are at or below it, reported as the
    /// bucket's highest value (never above max()). 0 when empty.
    [[nodiscard]] std::uint64_t percentile(double p) const noexcept;

    /// The bucket a value falls in.
    [[nodiscard]] static std::size_t bucket_of(std::uint64_t value) noexcept;
    /// The lowest value of a bucket.
    [[nodiscard]] static std::uint64_t lowest_in(std::size_t bucket) noexcept;
    /// The highest value of a bucket.
    [[nodiscard]] static std::uint64_t highest_in(std::size_t bucket) noexcept;

private:
    std::vector<std::uint64_t> counts_;
    std::uint64_t count_ = 0;
    std::uint64_t min_ = 0;
    std::uint64_t max_ = 0;
    long double sum_ = 0;
};

}  // namespace dealer::bench
