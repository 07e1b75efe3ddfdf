// The rps workload: whole games of rock, paper, scissors with random
// throws. Every round's state must name the throw sent and a known outcome,
// and carry the next round's commitment until the game is over.
#pragma once

#include "bench/load/game_workload.hpp"

namespace dealer::bench {

/// Plays rps to the end, again and again.
class RpsWorkload final : public GameWorkload {
public:
    /// game: the rps game's name on the server; seed: for the throws.
    RpsWorkload(std::string game, std::uint64_t seed) : GameWorkload(std::move(game), seed) {}

private:
    Outcome on_start(const nlohmann::json& start) override;
    void append_move(std::string& out) override;
    Outcome on_state(const nlohmann::json& state) override;

    const char* throw_ = "rock";  ///< the throw in flight
};

}  // namespace dealer::bench
