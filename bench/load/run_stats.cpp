#include "bench/load/run_stats.hpp"

namespace dealer::bench {

void RunStats::add_error(std::string_view kind) {
    ++errors;
    const auto it = error_kinds.find(kind);
    if (it != error_kinds.end()) ++it->second;
    else error_kinds.emplace(std::string(kind), 1);
}

void RunStats::merge(const RunStats& other) {
    requests += other.requests;
    games += other.games;
    errors += other.errors;
    lost += other.lost;
    for (const auto& [kind, n] : other.error_kinds) error_kinds[kind] += n;
    latency.merge(other.latency);
}

}  // namespace dealer::bench
