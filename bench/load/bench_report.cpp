#include "bench/load/bench_report.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace dealer::bench {

namespace {

// Nanoseconds as microseconds, one decimal, for JSON.
double micros(std::uint64_t ns) { return static_cast<double>(ns / 100) / 10.0; }

// A latency for people: "87 us", "1.93 ms", "1.2 s".
std::string duration_text(double ns) {
    char text[32];
    if (ns < 10'000) std::snprintf(text, sizeof text, "%.1f us", ns / 1e3);
    else if (ns < 1'000'000) std::snprintf(text, sizeof text, "%.0f us", ns / 1e3);
    else if (ns < 1'000'000'000) std::snprintf(text, sizeof text, "%.2f ms", ns / 1e6);
    else std::snprintf(text, sizeof text, "%.2f s", ns / 1e9);
    return text;
}

std::string transport(const BenchOptions& o) { return o.udp ? "udp" : "tcp"; }

// The generator is the bottleneck when its threads are nearly all busy.
bool saturated(const RunReport& r) { return client_cpu(r) > 0.9 * r.options->threads; }

}  // namespace

double client_cpu(const RunReport& report) noexcept {
    return report.window_seconds > 0 ? report.cpu_seconds / report.window_seconds : 0.0;
}

std::string format_table(const RunReport& r) {
    const BenchOptions& o = *r.options;
    std::string out;
    char line[256];
    const auto add = [&](const char* format, auto... args) {
        std::snprintf(line, sizeof line, format, args...);
        out += line;
    };
    if (o.hold) {
        add("dealer-bench: hold over %s to %s, %u sessions for %.1f s\n", transport(o).c_str(), r.target.c_str(),
            o.connections, r.window_seconds);
        add("  opened       %u\n", r.opened);
        add("  open at end  %u\n", r.open_at_end);
    } else {
        const std::string workload = o.workload == WorkloadKind::raw ? "raw '" + o.raw_line + "'" : to_string(o.workload);
        add("dealer-bench: %s over %s to %s, %u connection%s x %u in flight, %u thread%s, %.1f s after %.1f s warm-up\n",
            workload.c_str(), transport(o).c_str(), r.target.c_str(), o.connections, o.connections == 1 ? "" : "s",
            o.in_flight, o.threads, o.threads == 1 ? "" : "s", r.window_seconds,
            std::chrono::duration<double>(o.warmup).count());
        const double rate = r.window_seconds > 0 ? static_cast<double>(r.stats.requests) / r.window_seconds : 0;
        add("  requests     %llu (%.0f/s)\n", static_cast<unsigned long long>(r.stats.requests), rate);
        if (o.workload != WorkloadKind::ping && o.workload != WorkloadKind::raw) {
            add("  games        %llu (%.1f/s)\n", static_cast<unsigned long long>(r.stats.games),
                r.window_seconds > 0 ? static_cast<double>(r.stats.games) / r.window_seconds : 0);
        }
        const auto& h = r.stats.latency;
        out += "  latency      p50 " + duration_text(static_cast<double>(h.percentile(50))) + ", p99 " +
               duration_text(static_cast<double>(h.percentile(99))) + ", p99.9 " +
               duration_text(static_cast<double>(h.percentile(99.9))) + ", max " +
               duration_text(static_cast<double>(h.max())) + ", mean " + duration_text(h.mean()) + "\n";
    }
    add("  errors       %llu", static_cast<unsigned long long>(r.stats.errors));
    if (!r.stats.error_kinds.empty()) {
        std::string kinds;
        for (const auto& [kind, n] : r.stats.error_kinds) {
            kinds += (kinds.empty() ? "" : ", ") + kind + " " + std::to_string(n);
        }
        out += " (" + kinds + ")";
    }
    out += "\n";
    if (r.stats.lost > 0) add("  lost         %llu connections\n", static_cast<unsigned long long>(r.stats.lost));
    add("  client CPU   %.0f%% of one core (%u thread%s)%s\n", client_cpu(r) * 100, o.threads, o.threads == 1 ? "" : "s",
        !o.hold && saturated(r) ? ": the generator is saturated, so the rate is its limit, not the server's" : "");
    return out;
}

std::string format_json(const RunReport& r) {
    const BenchOptions& o = *r.options;
    nlohmann::ordered_json j;
    j["mode"] = o.hold ? "hold" : "load";
    j["transport"] = transport(o);
    j["target"] = r.target;
    j["workload"] = to_string(o.workload);
    j["connections"] = o.connections;
    j["threads"] = o.threads;
    j["window_s"] = r.window_seconds;
    if (o.hold) {
        j["opened"] = r.opened;
        j["open_at_end"] = r.open_at_end;
    } else {
        j["in_flight"] = o.in_flight;
        j["warmup_s"] = std::chrono::duration<double>(o.warmup).count();
        j["requests"] = r.stats.requests;
        j["requests_per_s"] = r.window_seconds > 0 ? static_cast<double>(r.stats.requests) / r.window_seconds : 0.0;
        j["games"] = r.stats.games;
        const auto& h = r.stats.latency;
        j["latency_us"] = {{"p50", micros(h.percentile(50))},  {"p99", micros(h.percentile(99))},
                           {"p999", micros(h.percentile(99.9))}, {"max", micros(h.max())},
                           {"mean", static_cast<double>(static_cast<long long>(h.mean() / 100)) / 10.0}};
    }
    j["errors"] = r.stats.errors;
    j["error_kinds"] = nlohmann::ordered_json::object();
    for (const auto& [kind, n] : r.stats.error_kinds) j["error_kinds"][kind] = n;
    j["lost"] = r.stats.lost;
    j["client_cpu"] = client_cpu(r);
    j["client_saturated"] = !o.hold && saturated(r);
    return j.dump() + "\n";
}

}  // namespace dealer::bench
