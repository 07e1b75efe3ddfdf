// The rounds an adaptive dealer remembers: the last kCapacity (player,
// dealer) pairs in a ring, so that memory per connection stays fixed however
// long a player plays.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "rps_rules.hpp"

namespace dealer::rps {

/// The most recent rounds, oldest forgotten first.
class History {
public:
    /// Rounds kept: enough for the longest frequency window.
    static constexpr std::size_t kCapacity = 1000;

    /// Appends a round; past kCapacity rounds the oldest is forgotten.
    void push(Throw player, Throw dealer);
    /// Rounds still remembered: min(total(), kCapacity).
    [[nodiscard]] std::size_t size() const;
    /// Rounds ever pushed, forgotten ones included.
    [[nodiscard]] std::uint64_t total() const { return total_; }
    /// The player's throw `age` rounds ago (0: the last round); age < size().
    [[nodiscard]] Throw player(std::size_t age) const;
    /// The dealer's throw `age` rounds ago (0: the last round); age < size().
    [[nodiscard]] Throw dealer(std::size_t age) const;

private:
    /// The packed round `age` rounds ago: player * 3 + dealer.
    [[nodiscard]] std::uint8_t packed(std::size_t age) const;

    std::array<std::uint8_t, kCapacity> ring_{};  ///< packed rounds, slot = round number % kCapacity
    std::uint64_t total_ = 0;                      ///< rounds ever pushed
};

}  // namespace dealer::rps
