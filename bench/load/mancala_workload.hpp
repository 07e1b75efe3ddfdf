// The mancala workload: whole games at a level (the `level` option of play,
// or the server's default), each move a random non-empty pit of the
// player's side. This is the workload whose replies wait for the dealer's
// search on dealerd's worker threads.
#pragma once

#include <vector>

#include "bench/load/game_workload.hpp"

namespace dealer::bench {

/// Plays mancala to the end, again and again.
class MancalaWorkload final : public GameWorkload {
public:
    /// game: the mancala game's name; level: easy, medium, hard or "" (the server's); seed: for the pits.
    MancalaWorkload(std::string game, std::string level, std::uint64_t seed)
        : GameWorkload(std::move(game), seed), level_(std::move(level)) {}

private:
    void append_play_options(std::string& out) override;
    Outcome on_start(const nlohmann::json& start) override;
    void append_move(std::string& out) override;
    Outcome on_state(const nlohmann::json& state) override;
    /// Takes the player's pits from a start or state; false when the board is malformed.
    bool read_board(const nlohmann::json& message);

    std::string level_;
    std::vector<int> pits_;  ///< the player's side, pit 1 first
};

}  // namespace dealer::bench
