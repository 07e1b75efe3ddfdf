// The part every game workload shares: play a game, move until the game is
// over, play again. Each reply is parsed and its id checked; the game's own
// checks are the subclass's. After a wrong reply the connection's idea of
// the game cannot be trusted, so it quits the game (a `left` or a
// `not_in_game` both end the quit well) and starts a fresh one.
#pragma once

#include <nlohmann/json.hpp>

#include "bench/load/workload.hpp"

namespace dealer::bench {

/// Whole games, one after the other, on one connection.
class GameWorkload : public Workload {
public:
    void next_request(std::string& out, std::uint64_t seq) final;
    Outcome on_reply(std::string_view reply) final;

protected:
    /// game: the name to `play`; seed: for random().
    GameWorkload(std::string game, std::uint64_t seed);

    /// Appends `,"options":{...}` to a play request, when the workload sets options.
    virtual void append_play_options(std::string& /*out*/) {}
    /// Checks a `start` and takes the game's state from it.
    virtual Outcome on_start(const nlohmann::json& start) = 0;
    /// Appends the next move's own fields, e.g. `"guess":5`.
    virtual void append_move(std::string& out) = 0;
    /// Checks a `state` (its id is already checked); sets game_over when it ends the game.
    virtual Outcome on_state(const nlohmann::json& state) = 0;

    /// A random number (xorshift64*): cheap, and plenty for choosing moves.
    std::uint64_t random() noexcept;

private:
    /// What the request in flight was.
    enum class Step { play, move, quit };
    /// A wrong reply: quit and start again.
    Outcome fail(std::string kind);

    std::string game_;
    std::uint64_t state_;         ///< the random generator's state
    std::uint64_t next_id_ = 1;
    std::uint64_t awaited_id_ = 0;
    Step next_ = Step::play;      ///< what the next request is
    Step sent_ = Step::play;      ///< what the request in flight is
};

/// A string field of message, or "" when missing or not a string.
std::string string_field(const nlohmann::json& message, const char* key);

/// Reads a state's "over" into over; an error outcome when it is not a
/// boolean, or when the game is over without a result of win, lose or draw.
Outcome read_over(const nlohmann::json& state, bool& over);

}  // namespace dealer::bench
