#include "mancala_search.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <span>
#include <vector>

namespace dealer::mancala {

namespace {

/// Larger than any score: the open ends of a search window.
constexpr int kInfinity = 1 << 20;
/// Plies below a node for it to use the transposition table.
constexpr int kMinTableDepth = 2;

/// What a table entry's score is.
enum class Bound : std::uint8_t {
    exact,  ///< the score itself
    lower,  ///< the score is at least this (the search failed high)
    upper,  ///< the score is at most this (the search failed low)
};

/// One remembered position: 16 bytes.
struct TableEntry {
    std::uint64_t key = 0;       ///< Board::key(); 0 marks an empty slot
    std::int32_t score = 0;      ///< see bound
    std::uint8_t depth = 0;      ///< plies searched below the position
    Bound bound = Bound::exact;  ///< how score bounds the true value
    std::uint8_t pit = 0;        ///< the best move found, 0 for none
};
static_assert(sizeof(TableEntry) == 16);

/// A position's moves in the order to search them.
struct Children {
    std::array<std::uint8_t, kMaxPits> pits{};  ///< the moves, best guess first
    int count = 0;                              ///< number of moves
};

// The final score of a finished game for the side that made the last move
// (Board::to_move() of a finished board): a win beats every heuristic value,
// and a larger margin beats a smaller one.
int terminal_score(const Board& board) noexcept {
    const Side me = board.to_move();
    const int margin = board.store(me) - board.store(opponent(me));
    if (margin > 0) return kWinScore + margin;
    if (margin < 0) return -kWinScore + margin;
    return 0;
}

// A store holding more than half of the seeds has won, whatever happens
// next; scores it as a win by the margin the game is sure to reach at least.
// Returns false when the game is still open.
bool decided_score(const Board& board, int total_seeds, int& score) noexcept {
    const Side me = board.to_move();
    const int mine = board.store(me);
    const int theirs = board.store(opponent(me));
    if (2 * mine > total_seeds) {
        score = kWinScore + 2 * mine - total_seeds;
        return true;
    }
    if (2 * theirs > total_seeds) {
        score = -kWinScore - (2 * theirs - total_seeds);
        return true;
    }
    return false;
}

// Orders the legal moves: the table's move first, then extra turns (the pit
// nearest the store first, which keeps the others playable), then captures
// by size, then the rest from the store outwards. Good moves first is what
// makes alpha-beta cut; the moves are previewed, not sown, since a cut
// usually comes before most of them are searched.
void order_moves(const Board& board, int first_pit, Children& children) {
    std::array<std::uint8_t, kMaxPits> legal{};
    const int count = board.legal_moves(legal);
    std::array<int, kMaxPits> priority{};
    for (int i = 0; i < count; ++i) {
        const int pit = legal[static_cast<std::size_t>(i)];
        const MovePreview preview = board.preview(pit);
        int rank = pit;  // later pits are nearer the store
        if (preview.extra_turn) rank += 4000;
        if (preview.captured > 0) rank += 1000 + 10 * preview.captured;
        if (pit == first_pit) rank += 100000;
        // Insertion sort by falling rank: at most 12 moves.
        int at = i;
        while (at > 0 && priority[static_cast<std::size_t>(at - 1)] < rank) {
            const auto to = static_cast<std::size_t>(at);
            priority[to] = priority[to - 1];
            children.pits[to] = children.pits[to - 1];
            --at;
        }
        priority[static_cast<std::size_t>(at)] = rank;
        children.pits[static_cast<std::size_t>(at)] = static_cast<std::uint8_t>(pit);
    }
    children.count = count;
}

/// One alpha-beta search: its evaluation, its table (possibly none), its
/// clock (possibly none) and what it counted.
class Searcher {
public:
    /// table may be empty (no transposition table); clock may be null (no time limit).
    Searcher(Evaluation evaluation, std::span<TableEntry> table, Clock* clock, std::uint64_t deadline_ms,
             std::uint32_t nodes_between_clock_reads, int total_seeds)
        : evaluation_(evaluation),
          table_(table),
          clock_(clock),
          deadline_ms_(deadline_ms),
          clock_interval_(std::max<std::uint32_t>(1, nodes_between_clock_reads)),
          until_clock_read_(clock_interval_),
          total_seeds_(total_seeds) {
        assert(table_.empty() || (table_.size() & (table_.size() - 1)) == 0);
    }

    /// Turns the budget check on or off (off while depth 1 runs, so that a
    /// move is always found).
    void watch_clock(bool on) noexcept { watching_ = on && clock_ != nullptr; }

    // The value of `child` for the side to move in its parent: the same when
    // the move gave an extra turn (or ended the game, see terminal_score),
    // negated when the turn passed.
    int child_value(const Board& parent, const Board& child, int depth, int alpha, int beta) {
        if (child.to_move() == parent.to_move()) return search(child, depth, alpha, beta);
        return -search(child, depth, -beta, -alpha);
    }

    // Principal variation search over `children` of `parent` within
    // (alpha, beta): the first child with the full window, the others with a
    // null window first and again in full only when they might be better.
    // Returns the best score (fail-soft) and its pit in best_pit. When the
    // clock stops the search, best_pit is the best of the moves searched in
    // full so far, or 0 if none was.
    int search_children(const Board& parent, const Children& children, int depth, int alpha, int beta,
                        int& best_pit) {
        int best = -kInfinity;
        best_pit = 0;
        for (int i = 0; i < children.count; ++i) {
            const auto index = static_cast<std::size_t>(i);
            Board child = parent;
            child.sow(children.pits[index]);
            int score = 0;
            if (i == 0) {
                score = child_value(parent, child, depth - 1, alpha, beta);
            } else {
                score = child_value(parent, child, depth - 1, alpha, alpha + 1);
                if (score > alpha && score < beta) score = child_value(parent, child, depth - 1, alpha, beta);
            }
            if (aborted_) return 0;
            if (score > best) {
                best = score;
                best_pit = children.pits[index];
            }
            alpha = std::max(alpha, score);
            if (alpha >= beta) break;
        }
        return best;
    }

    // The value of `board` searched `depth` plies deep within (alpha, beta).
    // Returns 0 once aborted; callers check aborted() before using a score.
    int search(const Board& board, int depth, int alpha, int beta) {
        if (!visit()) return 0;
        if (board.over()) return terminal_score(board);
        if (int decided = 0; evaluation_ == Evaluation::dealer && decided_score(board, total_seeds_, decided)) {
            return decided;
        }
        if (depth <= 0) return evaluate(board, evaluation_);
        if (depth == 1) return frontier(board, beta);

        // Nodes just above the leaves are too cheap to be worth a table probe
        // (a cache miss, most likely).
        TableEntry* entry = nullptr;
        std::uint64_t key = 0;
        int table_pit = 0;
        if (!table_.empty() && depth >= kMinTableDepth) {
            key = board.key() | 1;  // never 0, the empty mark
            entry = &table_[key & (table_.size() - 1)];
            if (entry->key == key) {
                table_pit = entry->pit;
                if (entry->depth >= depth) {
                    const int stored = entry->score;
                    if (entry->bound == Bound::exact) return stored;
                    if (entry->bound == Bound::lower) alpha = std::max(alpha, stored);
                    if (entry->bound == Bound::upper) beta = std::min(beta, stored);
                    if (alpha >= beta) return stored;
                }
            }
        }

        Children children;
        order_moves(board, table_pit, children);
        const int alpha_before = alpha;
        int best_pit = 0;
        const int best = search_children(board, children, depth, alpha, beta, best_pit);
        if (aborted_) return 0;

        if (entry != nullptr) {
            entry->key = key;
            entry->score = best;
            entry->depth = static_cast<std::uint8_t>(std::min(depth, 255));
            entry->bound = best <= alpha_before ? Bound::upper : best >= beta ? Bound::lower : Bound::exact;
            entry->pit = static_cast<std::uint8_t>(best_pit);
        }
        return best;
    }

    // Counts a position and reads the clock when it is due; false once the
    // budget is spent.
    bool visit() {
        ++nodes_;
        if (watching_ && --until_clock_read_ == 0) {
            until_clock_read_ = clock_interval_;
            if (clock_->now_ms() >= deadline_ms_) aborted_ = true;
        }
        return !aborted_;
    }

    // A node one ply above the leaves, which are most of the tree: each move's
    // value is the store difference after it, worked out by Board::preview
    // without sowing. Only moves that might end the game (a capture, or the
    // mover's last seeds) are sown and scored in full. Same values as
    // search_children over evaluate(), at a fraction of the cost.
    int frontier(const Board& board, int beta) {
        const Side me = board.to_move();
        const int mine = board.store(me);
        const int theirs = board.store(opponent(me));
        const int seeds_left = board.seeds_on_side(me);
        std::array<std::uint8_t, kMaxPits> legal{};
        const int count = board.legal_moves(legal);
        int best = -kInfinity;
        for (int i = count - 1; i >= 0; --i) {  // nearest the store first: extra turns live there
            const int pit = legal[static_cast<std::size_t>(i)];
            const MovePreview preview = board.preview(pit);
            int score = 0;
            if (preview.captured > 0 || board.seeds(me, pit) == seeds_left) {
                Board child = board;
                child.sow(pit);
                score = child_value(board, child, 0, -kInfinity, kInfinity);
                if (aborted_) return 0;
            } else {
                if (!visit()) return 0;
                const int after = mine + preview.sown_to_store;
                // The opponent's store did not change: the parent found it short of half.
                if (evaluation_ == Evaluation::dealer && 2 * after > total_seeds_) {
                    score = kWinScore + 2 * after - total_seeds_;
                } else {
                    score = after - theirs;
                }
            }
            best = std::max(best, score);
            if (best >= beta) break;
        }
        return best;
    }

    /// True once the clock passed the deadline; every score since is void.
    [[nodiscard]] bool aborted() const noexcept { return aborted_; }
    /// Positions visited so far.
    [[nodiscard]] std::uint64_t nodes() const noexcept { return nodes_; }

private:
    Evaluation evaluation_;           ///< what the leaves are scored by
    std::span<TableEntry> table_;     ///< the transposition table, possibly empty
    Clock* clock_;                    ///< the budget's clock, possibly null
    std::uint64_t deadline_ms_;       ///< the clock reading at which the search stops
    std::uint32_t clock_interval_;    ///< positions between clock reads
    std::uint32_t until_clock_read_;  ///< positions left before the next read
    int total_seeds_;                 ///< seeds on the board: more than half in a store wins
    bool watching_ = false;           ///< whether the clock is read at all (not at depth 1)
    bool aborted_ = false;            ///< the budget ran out: scores since are void
    std::uint64_t nodes_ = 0;         ///< positions visited
};

}  // namespace

// The benchmark's clock; the plugin uses the host's instead.
std::uint64_t SteadyClock::now_ms() {
    const auto since = std::chrono::steady_clock::now().time_since_epoch();
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(since).count());
}

// The store difference: seeds in a store are safe. Counting the seeds on
// each side as well (they are swept to their side's owner at the end, but
// can be captured until then) made the hard dealer weaker in the benchmark,
// at either sign: see docs/games/mancala.md.
int evaluate(const Board& board, Evaluation evaluation) noexcept {
    (void)evaluation;  // the dealers' evaluation differs in decided_score, not here
    const Side me = board.to_move();
    return board.store(me) - board.store(opponent(me));
}

// Each root move gets its own full-window search, so that the caller can
// tell real ties apart and break them at random.
ScoredMoves score_moves(const Board& board, int depth, Evaluation evaluation) {
    assert(!board.over() && depth >= 1);
    ScoredMoves scored;
    Searcher searcher(evaluation, {}, nullptr, 0, 1, board.total_seeds());
    scored.count = board.legal_moves(scored.pits);
    for (int i = 0; i < scored.count; ++i) {
        const auto index = static_cast<std::size_t>(i);
        Board child = board;
        child.sow(scored.pits[index]);
        scored.scores[index] = searcher.child_value(board, child, depth - 1, -kInfinity, kInfinity);
    }
    return scored;
}

// Iterative deepening: each depth starts with the best move of the one
// before, whose table entries also order the moves below. When the clock
// stops an iteration, its best move is still used if the previous best was
// already searched in full and another move beat it.
SearchResult search_best_move(const Board& board, const SearchLimits& limits, Clock& clock) {
    assert(!board.over());
    SearchResult result;
    Children root;
    order_moves(board, 0, root);
    result.pit = root.pits[0];
    if (root.count == 1) return result;  // nothing to think about

    const std::uint64_t deadline = clock.now_ms() + limits.think_ms;
    std::vector<TableEntry> table(limits.table_entries);
    Searcher searcher(Evaluation::dealer, table, &clock, deadline, limits.nodes_between_clock_reads,
                      board.total_seeds());
    for (int depth = 1; depth <= limits.max_depth; ++depth) {
        searcher.watch_clock(depth > 1);
        int best_pit = 0;
        const int score = searcher.search_children(board, root, depth, -kInfinity, kInfinity, best_pit);
        if (searcher.aborted()) {
            // The first move searched was the previous best: a different
            // best_pit beat it at this greater depth.
            if (best_pit != 0) result.pit = best_pit;
            break;
        }
        result.pit = best_pit;
        result.score = score;
        result.depth = depth;
        // Search the new best first next time.
        const auto found = static_cast<std::size_t>(
            std::find(root.pits.begin(), root.pits.begin() + root.count, best_pit) - root.pits.begin());
        std::rotate(root.pits.begin(), root.pits.begin() + static_cast<std::ptrdiff_t>(found),
                    root.pits.begin() + static_cast<std::ptrdiff_t>(found) + 1);
        if (score >= kWinScore || score <= -kWinScore) {
            result.proven = true;
            break;
        }
    }
    result.nodes = searcher.nodes();
    return result;
}

}  // namespace dealer::mancala
