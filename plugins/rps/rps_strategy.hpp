// How one side picks its throws. The dealer's strategy is asked for its
// throw of the next round before the player's throw exists (the game commits
// to it at once), and is then told what both sides threw. The scripted
// players of the tests and the benchmark (rps_sparring) are strategies too,
// playing the other side.
#pragma once

#include "rps_random.hpp"
#include "rps_rules.hpp"

namespace dealer::rps {

/// One side's way of choosing throws; for the dealer, "other" is the player.
class Strategy {
public:
    virtual ~Strategy() = default;
    /// This side's throw for the coming round, from what was observed so
    /// far and, where it needs chance, from `random`. Calling it again
    /// without an observe() in between is allowed (an abandoned game).
    virtual Throw choose(Random& random) = 0;
    /// What the other side and this side threw in the round just played.
    virtual void observe(Throw other, Throw own) = 0;
};

/// Uniform throws from the random source; keeps nothing, learns nothing.
/// Against it every player strategy wins half the decisive rounds on average.
class RandomStrategy final : public Strategy {
public:
    /// A uniformly random throw.
    Throw choose(Random& random) override;
    /// Ignored: this strategy has no memory.
    void observe(Throw other, Throw own) override;
};

/// A uniformly random throw from `random`: what RandomStrategy plays, and
/// what the adaptive dealer falls back to when it knows nothing useful.
Throw random_throw(Random& random);

}  // namespace dealer::rps
