// The dealer's three levels (issue #3): easy plays a uniformly random legal
// move, medium a shallow fixed-depth search, hard the time-bounded
// iterative-deepening search. Randomness and time come in through
// interfaces, so that the plugin can use the host's CSPRNG and clock while
// tests and the benchmark use seeded and fake ones.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "mancala_board.hpp"
#include "mancala_search.hpp"

namespace dealer::mancala {

/// How strongly the dealer plays.
enum class Level : std::uint8_t {
    easy,    ///< a uniformly random legal move
    medium,  ///< the best move of a kMediumDepth-ply search, ties broken at random
    hard,    ///< search_best_move within think_ms
};

/// Plies the medium dealer looks ahead (its own move included).
inline constexpr int kMediumDepth = 4;

/// "easy" -> Level::easy; nullopt for a word that names no level.
[[nodiscard]] std::optional<Level> level_from_name(std::string_view name) noexcept;
/// Level::easy -> "easy".
[[nodiscard]] std::string_view level_name(Level level) noexcept;

/// A source of uniform random numbers for the dealer's choices.
class RandomSource {
public:
    virtual ~RandomSource() = default;
    /// A uniformly random integer in [0, bound); bound >= 1.
    virtual std::uint32_t below(std::uint32_t bound) = 0;
};

/// A seeded generator (splitmix64) for the benchmark and tests: repeatable,
/// not for anything a player could exploit.
class SeededRandom final : public RandomSource {
public:
    /// Starts the sequence at `seed`.
    explicit SeededRandom(std::uint64_t seed) noexcept : state_(seed) {}
    /// A uniform integer in [0, bound), by rejection (no modulo bias).
    std::uint32_t below(std::uint32_t bound) override;

private:
    /// The next 64 random bits.
    std::uint64_t next() noexcept;
    std::uint64_t state_;  ///< splitmix64 state
};

/// How a dealer plays: its level and, for hard, its time per move.
struct DealerSettings {
    Level level = Level::medium;    ///< see Level
    std::uint32_t think_ms = 50;    ///< the most one hard move may think
};

/// A legal pit chosen uniformly at random. The board must not be over.
[[nodiscard]] int random_move(const Board& board, RandomSource& random);

/// One of the best-scoring moves of `scored`, chosen uniformly at random.
[[nodiscard]] int best_scored_move(const ScoredMoves& scored, RandomSource& random);

/// The dealer's move for the side to move on `board` (not over) at `settings`.
[[nodiscard]] int choose_move(const Board& board, const DealerSettings& settings, Clock& clock, RandomSource& random);

}  // namespace dealer::mancala
