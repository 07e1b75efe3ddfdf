// What one connection of dealer-bench asks, and how it checks each reply.
// A workload is a small state machine per connection: it writes the next
// request and judges the reply to the oldest request in flight (TCP keeps
// replies in order; UDP has one request in flight). The transports add the
// framing (a newline, a datagram) and the timing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "bench/load/bench_options.hpp"

namespace dealer::bench {

/// What a reply meant.
struct Outcome {
    /// Empty when the reply is the right answer; else the kind of error
    /// for the report ("bad_reply", "error:illegal_move", ...).
    std::string error;
    /// This reply ended a game (game workloads).
    bool game_over = false;

    /// True when the reply was right.
    [[nodiscard]] bool ok() const noexcept { return error.empty(); }
};

/// One connection's requests and their checks.
class Workload {
public:
    virtual ~Workload() = default;

    /// Appends the next request, one line without its newline, to out. seq
    /// is the `seq` the request must carry (UDP), or 0 for none.
    virtual void next_request(std::string& out, std::uint64_t seq) = 0;

    /// Judges the reply (without its newline) to the oldest request in flight.
    virtual Outcome on_reply(std::string_view reply) = 0;
};

/// The workload the options ask for; seed varies the random choices (rps
/// throws, mancala pits) from one connection to the next.
std::unique_ptr<Workload> make_workload(const BenchOptions& options, std::uint64_t seed);

/// Appends the decimal digits of n.
void append_number(std::string& out, std::uint64_t n);

/// Closes a JSON request begun by the caller: appends `,"id":ID`, then
/// `,"seq":SEQ` unless seq is 0, then `}`.
void close_request(std::string& out, std::uint64_t id, std::uint64_t seq);

}  // namespace dealer::bench
