// Game-tree search over Kalah positions: the evaluation, a fixed-depth
// alpha-beta that scores every root move (the medium dealer, and the
// benchmark's depth-8 opponent), and the hard dealer's iterative-deepening
// alpha-beta with a transposition table, move ordering and a time budget.
//
// Scores are always from the view of the side to move. A move that gives an
// extra turn leaves the same side to move, so its value is taken as is, not
// negated. Finished games score ±kWinScore plus the final margin, above any
// heuristic value, so a proven win is always preferred to a likely one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "mancala_board.hpp"

namespace dealer::mancala {

/// Scores at or beyond ±kWinScore are proven wins or losses (plus the margin).
inline constexpr int kWinScore = 10000;

/// A monotonic millisecond clock the search reads to keep its budget.
/// Injected so that tests can drive it (a fake clock that ticks per read).
class Clock {
public:
    virtual ~Clock() = default;
    /// Milliseconds since some fixed point; never goes back.
    virtual std::uint64_t now_ms() = 0;
};

/// std::chrono::steady_clock, for the benchmark and tools.
class SteadyClock final : public Clock {
public:
    /// Milliseconds of steady_clock.
    std::uint64_t now_ms() override;
};

/// What a search scores a position by when it cannot look further.
enum class Evaluation : std::uint8_t {
    /// The mover's store minus the opponent's: the benchmark's plain minimax.
    store_difference,
    /// The dealers' evaluation: store difference first, seeds on each side
    /// second, and a store holding more than half the seeds counted as a win.
    dealer,
};

/// The heuristic value of an unfinished position for the side to move.
[[nodiscard]] int evaluate(const Board& board, Evaluation evaluation) noexcept;

/// Every legal root move with its score, in ascending pit order.
struct ScoredMoves {
    std::array<std::uint8_t, kMaxPits> pits{};  ///< the legal pits
    std::array<int, kMaxPits> scores{};          ///< each pit's exact score at the searched depth
    int count = 0;                               ///< number of legal pits
};

/// Scores every legal move of the side to move by an alpha-beta search of
/// `depth` plies (the move itself included) with a full window, so that
/// equal scores are real ties. No table, no clock: for shallow depths.
[[nodiscard]] ScoredMoves score_moves(const Board& board, int depth, Evaluation evaluation);

/// Bounds of one hard search.
struct SearchLimits {
    std::uint32_t think_ms = 50;                  ///< the most the search may take
    int max_depth = 64;                           ///< iterative deepening stops here at the latest
    std::uint32_t nodes_between_clock_reads = 512;  ///< clock reads cost; the budget is checked this often
    std::size_t table_entries = std::size_t{1} << 17;  ///< transposition table size, a power of two
};

/// What a hard search found.
struct SearchResult {
    int pit = 0;                ///< the move to play (1..pits)
    int score = 0;              ///< its score at the deepest completed depth
    int depth = 0;              ///< the deepest iteration completed (0: only move, no search)
    std::uint64_t nodes = 0;    ///< positions visited
    bool proven = false;        ///< |score| >= kWinScore: the result is known
};

/// The hard dealer: iterative-deepening alpha-beta (principal variation
/// search) with a transposition table allocated for this search only, move
/// ordering (table move, extra turns, captures), stopping when the clock
/// reaches think_ms after the start, when a win or loss is proven, or at
/// max_depth. Depth 1 always completes, so a legal move is always returned.
/// The board must not be over (asserted).
[[nodiscard]] SearchResult search_best_move(const Board& board, const SearchLimits& limits, Clock& clock);

}  // namespace dealer::mancala
