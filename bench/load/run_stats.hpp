// What one generator thread counted; merged over the threads at the end.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "bench/load/latency_histogram.hpp"

namespace dealer::bench {

/// Counters of one thread (no locking: each thread has its own).
struct RunStats {
    std::uint64_t requests = 0;   ///< right replies inside the measured window
    std::uint64_t games = 0;      ///< games finished inside the window
    std::uint64_t errors = 0;     ///< wrong replies, timeouts, closes: the whole run, warm-up included
    std::uint64_t lost = 0;       ///< connections that ended while loaded (closed, timed out)
    std::map<std::string, std::uint64_t, std::less<>> error_kinds;  ///< errors by kind
    LatencyHistogram latency;     ///< nanoseconds from the request's first send to its reply, in the window

    /// Counts one error of a kind.
    void add_error(std::string_view kind);
    /// Adds other's counts.
    void merge(const RunStats& other);
};

}  // namespace dealer::bench
