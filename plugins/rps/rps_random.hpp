// Where the strategies get their randomness. The plugin passes one backed by
// the host's CSPRNG (SPEC §5: throws come from a CSPRNG); unit tests and the
// benchmark pass a seeded PRNG so that their runs repeat exactly.
#pragma once

#include <cstdint>
#include <random>

namespace dealer::rps {

/// A source of uniform random integers.
class Random {
public:
    virtual ~Random() = default;
    /// A uniformly random integer in [0, n); n must be at least 1.
    virtual std::uint32_t below(std::uint32_t n) = 0;
};

/// A seeded, repeatable PRNG (mt19937_64) for tests and benchmarks. Never for
/// real games: its output is predictable from its seed.
class SeededRandom final : public Random {
public:
    /// The same seed gives the same sequence.
    explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}
    /// A uniformly random integer in [0, n).
    std::uint32_t below(std::uint32_t n) override;

private:
    std::mt19937_64 engine_;  ///< the generator, seeded once
};

}  // namespace dealer::rps
