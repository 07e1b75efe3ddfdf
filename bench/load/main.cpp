// dealer-bench: a closed-loop load generator for dealerd (and, in raw line
// mode, for Redis' inline PING and the UDP echo ceiling). See
// docs/benchmarks.md.
#include <iostream>
#include <string>

#include "bench/load/bench_options.hpp"
#include "bench/load/bench_run.hpp"

int main(int argc, char** argv) {
    std::string why;
    const auto options = dealer::bench::parse_bench_command_line(argc, argv, why);
    if (!options) {
        std::cerr << "dealer-bench: " << why << "\n(dealer-bench --help for the options)\n";
        return 2;
    }
    if (options->help) {
        std::cout << dealer::bench::bench_usage_text();
        return 0;
    }
    return dealer::bench::run_bench(*options, std::cout, std::cerr);
}
