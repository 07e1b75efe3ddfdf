// dealer-bench's report: a table for people, or one JSON object for
// scripts (bench/compare).
#pragma once

#include <string>

#include "bench/load/bench_options.hpp"
#include "bench/load/run_stats.hpp"

namespace dealer::bench {

/// Everything a run found.
struct RunReport {
    const BenchOptions* options = nullptr;  ///< what was asked
    std::string target;                     ///< "HOST:PORT"
    RunStats stats;                         ///< every thread's counters, merged
    double window_seconds = 0;              ///< the measured window (hold: the hold), as it really was
    double cpu_seconds = 0;                 ///< the generator's CPU time over the window, all threads
    unsigned opened = 0;                    ///< connections that opened
    unsigned open_at_end = 0;               ///< hold: sessions still open at the end
};

/// The generator's CPU use over the window, in cores (1.0 = one core busy).
double client_cpu(const RunReport& report) noexcept;

/// The report as text lines.
std::string format_table(const RunReport& report);

/// The report as one line of JSON.
std::string format_json(const RunReport& report);

}  // namespace dealer::bench
