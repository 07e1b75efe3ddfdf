// The guess workload: whole guess games, played by binary search over the
// range the start announces, to "found the secret". Every hint must be one
// of the three, consistent with the others, and the game must end in a win
// when the secret is found.
#pragma once

#include <cstdint>

#include "bench/load/game_workload.hpp"

namespace dealer::bench {

/// Plays guess to the end, again and again.
class GuessWorkload final : public GameWorkload {
public:
    /// game: the guess game's name on the server; seed: unused by guess's choices, kept for symmetry.
    GuessWorkload(std::string game, std::uint64_t seed) : GameWorkload(std::move(game), seed) {}

private:
    Outcome on_start(const nlohmann::json& start) override;
    void append_move(std::string& out) override;
    Outcome on_state(const nlohmann::json& state) override;

    std::int64_t lo_ = 0;     ///< the secret is in [lo_, hi_]
    std::int64_t hi_ = 0;
    std::int64_t guess_ = 0;  ///< the guess in flight
};

}  // namespace dealer::bench
