// dealer-bench's command line: what to load, how hard, for how long.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace dealer::bench {

/// What each connection does.
enum class WorkloadKind {
    ping,     ///< {"type":"ping"} -> pong with the same id
    guess,    ///< whole guess games, played to the end by binary search
    rps,      ///< whole rps games, random throws
    mancala,  ///< whole mancala games at a level, random legal pits
    raw,      ///< --raw LINE: a fixed line, each reply line counted (Redis' inline PING)
};

/// The workload's name on the command line and in reports.
const char* to_string(WorkloadKind kind) noexcept;

/// What the command line asked for.
struct BenchOptions {
    std::string host = "127.0.0.1";                 ///< HOST
    std::string port = "11267";                     ///< PORT
    bool udp = false;                               ///< --udp
    bool hold = false;                              ///< --hold: open N idle sessions and keep them
    unsigned connections = 50;                      ///< --connections N
    unsigned in_flight = 1;                         ///< --in-flight K: requests outstanding per connection
    unsigned threads = 1;                           ///< --threads T: the generator's threads
    std::chrono::milliseconds duration{5000};       ///< --duration S: the measured window (hold: how long to hold)
    std::chrono::milliseconds warmup{1000};         ///< --warmup S: load before the window, not counted
    std::chrono::milliseconds timeout{5000};        ///< --timeout S: connect, handshake and each reply
    WorkloadKind workload = WorkloadKind::ping;     ///< --workload NAME, or raw with --raw
    std::string game;                               ///< --game NAME: the game to play (default: the workload's name)
    std::string level;                              ///< --level L: mancala's level option (empty: the server's default)
    std::string raw_line;                           ///< --raw LINE
    std::optional<std::string> expect;              ///< --expect LINE: what every raw reply line must be
    bool json = false;                              ///< --json: one JSON object on stdout
    bool help = false;                              ///< --help
};

/// Parses argv. Returns nullopt and sets why on a usage error (the caller
/// exits 2).
std::optional<BenchOptions> parse_bench_command_line(int argc, const char* const* argv, std::string& why);

/// The --help text.
std::string bench_usage_text();

}  // namespace dealer::bench
