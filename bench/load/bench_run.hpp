// One run of dealer-bench from start to report: resolve, open every
// connection, load (or hold) for the window, stop, report.
#pragma once

#include <iosfwd>

#include "bench/load/bench_options.hpp"

namespace dealer::bench {

/// Runs what options ask for, writing the report to out and problems to
/// err. Returns the exit status: 0 the run happened, 1 the connections
/// could not all be opened.
int run_bench(const BenchOptions& options, std::ostream& out, std::ostream& err);

}  // namespace dealer::bench
