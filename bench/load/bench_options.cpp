#include "bench/load/bench_options.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace dealer::bench {

namespace {

// A whole number in [lo, hi], all of the text.
bool parse_unsigned(std::string_view text, unsigned lo, unsigned hi, unsigned& out) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi) return false;
    out = value;
    return true;
}

// Seconds, possibly fractional, in [lo, hi]; a run of days is a typo.
bool parse_seconds(std::string_view text, double lo, double hi, std::chrono::milliseconds& out) {
    double seconds = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(seconds)) return false;
    if (seconds < lo || seconds > hi) return false;
    out = std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
    return true;
}

bool parse_workload(std::string_view name, WorkloadKind& out) {
    for (const auto kind : {WorkloadKind::ping, WorkloadKind::guess, WorkloadKind::rps, WorkloadKind::mancala}) {
        if (name == to_string(kind)) {
            out = kind;
            return true;
        }
    }
    return false;
}

bool valid_port(std::string_view text) {
    unsigned value = 0;
    return parse_unsigned(text, 1, 65535, value);
}

// The checks that need every option: combinations that cannot be run.
bool check_combinations(const BenchOptions& o, bool workload_given, std::string& why) {
    if (!o.raw_line.empty() && workload_given) {
        why = "--raw and --workload exclude each other: --raw is its own workload";
    } else if (o.expect && o.raw_line.empty()) {
        why = "--expect checks the replies of --raw; give --raw LINE too";
    } else if (!o.level.empty() && o.workload != WorkloadKind::mancala) {
        why = "--level is mancala's option; use it with --workload mancala";
    } else if (!o.game.empty() && (o.workload == WorkloadKind::ping || o.workload == WorkloadKind::raw)) {
        why = "--game names the game a game workload plays; ping and raw play none";
    } else if (o.in_flight > 1 && o.workload != WorkloadKind::ping && o.workload != WorkloadKind::raw) {
        why = "--in-flight above 1 needs a workload whose requests do not wait on replies (ping or raw); a game's "
              "next move depends on the last reply";
    } else if (o.in_flight > 1 && o.udp) {
        why = "--in-flight above 1 is for TCP: over UDP a newer seq makes the server drop an older request's "
              "retransmission";
    } else if (o.hold && o.in_flight > 1) {
        why = "--hold keeps sessions idle; --in-flight does not apply";
    } else {
        return true;
    }
    return false;
}

}  // namespace

const char* to_string(WorkloadKind kind) noexcept {
    switch (kind) {
        case WorkloadKind::ping: return "ping";
        case WorkloadKind::guess: return "guess";
        case WorkloadKind::rps: return "rps";
        case WorkloadKind::mancala: return "mancala";
        case WorkloadKind::raw: return "raw";
    }
    return "?";
}

// Options may stand anywhere; the first two other words are HOST and PORT,
// as for the client dealer. Every value is checked here, so that a run
// never starts on a typo: it would waste the minutes it measures.
std::optional<BenchOptions> parse_bench_command_line(int argc, const char* const* argv, std::string& why) {
    BenchOptions o;
    int positional = 0;
    bool workload_given = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        std::string_view value;
        // Matches "--name VALUE" and "--name=VALUE" (also a short alias), or
        // sets why when the value is missing.
        bool missing = false;
        const auto takes = [&](std::string_view name, std::string_view alias = {}) {
            if (arg == name || (!alias.empty() && arg == alias)) {
                if (i + 1 >= argc) {
                    missing = true;
                    why = std::string(name) + " needs a value";
                    return true;
                }
                value = argv[++i];
                return true;
            }
            if (arg.size() > name.size() && arg.starts_with(name) && arg[name.size()] == '=') {
                value = arg.substr(name.size() + 1);
                return true;
            }
            return false;
        };
        // A bad value: "--name takes WHAT, not 'VALUE'".
        const auto bad = [&](std::string_view name, std::string_view what) {
            why = std::string(name) + " takes " + std::string(what) + ", not '" + std::string(value) + "'";
            return std::nullopt;
        };
        if (arg.empty() || arg.front() != '-') {
            if (positional == 0) {
                o.host = std::string(arg);
            } else if (positional == 1) {
                if (!valid_port(arg)) {
                    why = "'" + std::string(arg) + "' is not a port (1 to 65535)";
                    return std::nullopt;
                }
                o.port = std::string(arg);
            } else {
                why = "unexpected argument '" + std::string(arg) + "'";
                return std::nullopt;
            }
            ++positional;
        } else if (arg == "--udp" || arg == "-u") {
            o.udp = true;
        } else if (arg == "--hold") {
            o.hold = true;
        } else if (arg == "--json") {
            o.json = true;
        } else if (arg == "--help" || arg == "-h") {
            o.help = true;
        } else if (takes("--connections", "-c")) {
            if (missing) return std::nullopt;
            if (!parse_unsigned(value, 1, 100000, o.connections)) return bad("--connections", "1 to 100000");
        } else if (takes("--in-flight", "-k")) {
            if (missing) return std::nullopt;
            if (!parse_unsigned(value, 1, 1024, o.in_flight)) return bad("--in-flight", "1 to 1024");
        } else if (takes("--threads", "-t")) {
            if (missing) return std::nullopt;
            if (!parse_unsigned(value, 1, 64, o.threads)) return bad("--threads", "1 to 64");
        } else if (takes("--duration", "-d")) {
            if (missing) return std::nullopt;
            if (!parse_seconds(value, 0.1, 86400, o.duration)) return bad("--duration", "seconds from 0.1 to 86400");
        } else if (takes("--warmup", "-w")) {
            if (missing) return std::nullopt;
            if (!parse_seconds(value, 0, 3600, o.warmup)) return bad("--warmup", "seconds from 0 to 3600");
        } else if (takes("--timeout")) {
            if (missing) return std::nullopt;
            if (!parse_seconds(value, 0.05, 600, o.timeout)) return bad("--timeout", "seconds from 0.05 to 600");
        } else if (takes("--workload")) {
            if (missing) return std::nullopt;
            if (!parse_workload(value, o.workload)) return bad("--workload", "ping, guess, rps or mancala");
            workload_given = true;
        } else if (takes("--game")) {
            if (missing) return std::nullopt;
            if (value.empty() || value.find_first_of("\"\\") != std::string_view::npos) {
                return bad("--game", "a game's name");
            }
            o.game = std::string(value);
        } else if (takes("--level")) {
            if (missing) return std::nullopt;
            if (value != "easy" && value != "medium" && value != "hard") return bad("--level", "easy, medium or hard");
            o.level = std::string(value);
        } else if (takes("--raw")) {
            if (missing) return std::nullopt;
            if (value.empty() || value.find_first_of("\r\n") != std::string_view::npos) {
                return bad("--raw", "one non-empty line");
            }
            o.raw_line = std::string(value);
            o.workload = WorkloadKind::raw;
        } else if (takes("--expect")) {
            if (missing) return std::nullopt;
            if (value.find_first_of("\r\n") != std::string_view::npos) return bad("--expect", "one line");
            o.expect = std::string(value);
        } else {
            why = "unknown option '" + std::string(arg) + "'";
            return std::nullopt;
        }
    }
    if (!check_combinations(o, workload_given, why)) return std::nullopt;
    if (o.game.empty() && o.workload != WorkloadKind::ping && o.workload != WorkloadKind::raw) {
        o.game = to_string(o.workload);
    }
    return o;
}

std::string bench_usage_text() {
    return "usage: dealer-bench [HOST] [PORT] [options]\n"
           "\n"
           "A closed-loop load generator for dealerd (default 127.0.0.1 11267): each of N\n"
           "connections keeps K requests in flight, sends the next as soon as a reply comes,\n"
           "and checks every reply. Reports requests/s, latency percentiles, errors and its\n"
           "own CPU use.\n"
           "\n"
           "  -c, --connections N   connections (UDP: peers, each with its own socket); default 50\n"
           "  -k, --in-flight K     requests outstanding per connection, TCP ping and raw only; default 1\n"
           "  -t, --threads T       the generator's threads (connections spread over them); default 1\n"
           "  -d, --duration S      seconds measured, after the warm-up (--hold: seconds held); default 5\n"
           "  -w, --warmup S        seconds of load before measuring; default 1\n"
           "      --timeout S       the longest wait for a connection, handshake or reply; default 5\n"
           "  -u, --udp             UDP: cookie handshake, then one request per datagram with seq\n"
           "      --workload NAME   ping (default), guess, rps or mancala: whole games played again and again\n"
           "      --game NAME       the game a game workload plays (default: the workload's name)\n"
           "      --level L         mancala's level: easy, medium or hard (default: the server's)\n"
           "      --raw LINE        raw line mode: send LINE, count each reply line (redis: --raw PING)\n"
           "      --expect LINE     raw mode: a reply line that is not LINE counts as an error\n"
           "      --hold            open N sessions, keep them idle for --duration, count those still open\n"
           "      --json            print one JSON object instead of the table\n"
           "  -h, --help            this help\n"
           "\n"
           "Exit status: 0 the run happened (errors are counted in the report), 1 a connection\n"
           "or handshake failed before the run, 2 a bad command line.\n";
}

}  // namespace dealer::bench
