#include "bench/load/workload.hpp"

#include <charconv>

#include "bench/load/guess_workload.hpp"
#include "bench/load/mancala_workload.hpp"
#include "bench/load/ping_workload.hpp"
#include "bench/load/raw_workload.hpp"
#include "bench/load/rps_workload.hpp"

namespace dealer::bench {

void append_number(std::string& out, std::uint64_t n) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    out.append(digits, end);
}

void close_request(std::string& out, std::uint64_t id, std::uint64_t seq) {
    out += R"(,"id":)";
    append_number(out, id);
    if (seq != 0) {
        out += R"(,"seq":)";
        append_number(out, seq);
    }
    out += '}';
}

std::unique_ptr<Workload> make_workload(const BenchOptions& options, std::uint64_t seed) {
    switch (options.workload) {
        case WorkloadKind::ping: return std::make_unique<PingWorkload>();
        case WorkloadKind::guess: return std::make_unique<GuessWorkload>(options.game, seed);
        case WorkloadKind::rps: return std::make_unique<RpsWorkload>(options.game, seed);
        case WorkloadKind::mancala: return std::make_unique<MancalaWorkload>(options.game, options.level, seed);
        case WorkloadKind::raw: return std::make_unique<RawWorkload>(options.raw_line, options.expect);
    }
    return nullptr;
}

}  // namespace dealer::bench
