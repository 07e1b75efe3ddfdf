// Scripted players for the unit tests and the strength benchmark: the habits
// the adaptive dealer must learn, and a duel loop that pits a dealer strategy
// against one of them. Each player is a Strategy playing the player's side
// (observe(dealer's throw, its own)); a uniformly random player is simply a
// RandomStrategy. Not part of the plugin.
#pragma once

#include <cstdint>

#include "rps_adaptive.hpp"
#include "rps_random.hpp"
#include "rps_rules.hpp"
#include "rps_strategy.hpp"

namespace dealer::rps {

/// Always the same throw.
class ConstantPlayer final : public Strategy {
public:
    /// Throws t every round.
    explicit ConstantPlayer(Throw t) : throw_(t) {}
    /// t.
    Throw choose(Random&) override { return throw_; }
    /// Ignored.
    void observe(Throw, Throw) override {}

private:
    Throw throw_;  ///< the one throw it knows
};

/// A fixed cycle: step 1 is rock, paper, scissors, ...; step 2 is rock,
/// scissors, paper, ...
class CyclePlayer final : public Strategy {
public:
    /// Starts at `first` and moves `step` (1 or 2) places each round.
    CyclePlayer(Throw first, int step) : next_(first), step_(step) {}
    /// The next throw of the cycle.
    Throw choose(Random&) override { return next_; }
    /// Moves on along the cycle, whatever the dealer did.
    void observe(Throw dealer, Throw own) override;

private:
    Throw next_;  ///< the coming throw
    int step_;    ///< places moved each round: 1 or 2
};

/// A player whose next throw is a fixed function of the last round; random at
/// first.
class ReactivePlayer final : public Strategy {
public:
    /// The next throw, from the player's own last throw and the dealer's.
    using Rule = Throw (*)(Throw own, Throw dealer);
    /// Plays `rule` after a random first throw.
    explicit ReactivePlayer(Rule rule) : rule_(rule) {}
    /// Random in the first round, then the rule's answer.
    Throw choose(Random& random) override;
    /// Applies the rule to the round just played.
    void observe(Throw dealer, Throw own) override;

private:
    Rule rule_;                 ///< how it reacts
    bool started_ = false;      ///< false until the first round was played
    Throw next_ = Throw::rock;  ///< the rule's answer to the last round
};

/// Win-stay, lose-shift: after a won round the same throw again; after a lost
/// or tied round the throw that beats the dealer's last throw.
ReactivePlayer win_stay_lose_shift();
/// Always the throw that beats the dealer's last throw.
ReactivePlayer beat_last();

/// The worst case for a deterministic dealer: a player who runs a copy of the
/// adaptive dealer on the same rounds and throws what beats its choice. Only
/// the dealer's random throws can stop it.
class CopycatPlayer final : public Strategy {
public:
    /// beats(what the copy of the dealer would throw).
    Throw choose(Random& random) override { return beats(copy_.choose(random)); }
    /// Keeps the copy in step with the real dealer.
    void observe(Throw dealer, Throw own) override { copy_.observe(own, dealer); }

private:
    AdaptiveStrategy copy_;  ///< sees exactly what the real dealer sees
};

/// Rounds counted by a duel, from the dealer's side.
struct DuelResult {
    std::int64_t dealer_wins = 0;  ///< rounds the dealer won
    std::int64_t player_wins = 0;  ///< rounds the player won
    std::int64_t ties = 0;         ///< tied rounds
};

/// Plays `rounds` rounds of dealer against player, each side with its own
/// random source, and counts the rounds from number `skip` on (0-based).
DuelResult duel(Strategy& dealer, Strategy& player, std::int64_t rounds, Random& dealer_random,
                Random& player_random, std::int64_t skip = 0);

}  // namespace dealer::rps
