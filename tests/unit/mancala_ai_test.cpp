// The mancala dealers: easy plays legal moves at random, medium and hard
// only legal moves, hard finds forced wins and plays perfectly in endgames
// small enough to solve by brute force, and hard keeps its time budget,
// checked with a fake clock rather than by timing.

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <set>
#include <unordered_map>
#include <vector>

#include "mancala_ai.hpp"
#include "mancala_board.hpp"
#include "mancala_search.hpp"

using dealer::mancala::Board;
using dealer::mancala::Clock;
using dealer::mancala::DealerSettings;
using dealer::mancala::kMaxPits;
using dealer::mancala::kWinScore;
using dealer::mancala::Level;
using dealer::mancala::SearchLimits;
using dealer::mancala::SearchResult;
using dealer::mancala::SeededRandom;
using dealer::mancala::Side;

namespace {

/// A clock that moves `step` milliseconds each time it is read: the search's
/// budget is then a count of clock reads, the same on any machine.
class FakeClock final : public Clock {
public:
    explicit FakeClock(std::uint64_t step) : step_(step) {}
    std::uint64_t now_ms() override {
        ++reads;
        now_ += step_;
        return now_;
    }
    std::uint64_t reads = 0;  ///< how often the search read the clock

private:
    std::uint64_t step_;
    std::uint64_t now_ = 1000;
};

std::vector<int> legal_pits(const Board& board) {
    std::array<std::uint8_t, kMaxPits> moves{};
    const int count = board.legal_moves(moves);
    return {moves.begin(), moves.begin() + count};
}

/// The exact final margin (mover's store minus the opponent's) with perfect
/// play from `board`, by plain minimax over the whole tree with a memo: an
/// oracle independent of the engine's search.
class Oracle {
public:
    int margin(const Board& board) {
        if (board.over()) return board.store(board.to_move()) - board.store(dealer::mancala::opponent(board.to_move()));
        if (const auto found = memo_.find(board.key()); found != memo_.end()) return found->second;
        int best = -1000;
        for (const int pit : legal_pits(board)) best = std::max(best, after(board, pit));
        memo_.emplace(board.key(), best);
        return best;
    }
    /// The margin for the side to move on `board` after it sows `pit`.
    int after(const Board& board, int pit) {
        Board child = board;
        child.sow(pit);
        const int value = margin(child);
        return child.to_move() == board.to_move() ? value : -value;
    }

private:
    std::unordered_map<std::uint64_t, int> memo_;
};

int sign(int value) { return (value > 0) - (value < 0); }

/// The dealers' value of `board` searched `depth` plies by plain minimax,
/// no pruning, no table, no shortcuts: what the engine's alpha-beta, table,
/// move ordering and frontier previews must reproduce exactly.
int plain_minimax(const Board& board, int depth) {
    const Side me = board.to_move();
    const int mine = board.store(me);
    const int theirs = board.store(dealer::mancala::opponent(me));
    if (board.over()) return mine > theirs ? kWinScore + mine - theirs : mine < theirs ? -kWinScore + mine - theirs : 0;
    const int total = board.total_seeds();
    if (2 * mine > total) return kWinScore + 2 * mine - total;
    if (2 * theirs > total) return -kWinScore - (2 * theirs - total);
    if (depth == 0) return mine - theirs;
    int best = -1000000;
    for (const int pit : legal_pits(board)) {
        Board child = board;
        child.sow(pit);
        const int value = plain_minimax(child, depth - 1);
        best = std::max(best, child.to_move() == me ? value : -value);
    }
    return best;
}

}  // namespace

TEST_CASE("mancala ai: easy plays every legal move, and only legal moves") {
    SeededRandom random(1);
    FakeClock clock(1);
    const Board board = Board::custom(std::vector<int>{0, 3, 0, 2, 1, 0}, std::vector<int>{4, 4, 4, 4, 4, 4}, 0, 0,
                                      Side::player);
    std::set<int> seen;
    for (int i = 0; i < 300; ++i) {
        const int pit = choose_move(board, DealerSettings{Level::easy, 50}, clock, random);
        REQUIRE(board.is_legal(pit));
        seen.insert(pit);
    }
    CHECK(seen == std::set<int>{2, 4, 5});
    CHECK(clock.reads == 0);  // easy does not think
}

TEST_CASE("mancala ai: medium and hard play only legal moves through whole games") {
    SeededRandom random(2);
    for (const Level level : {Level::medium, Level::hard}) {
        for (int game = 0; game < 6; ++game) {
            FakeClock clock(1);  // 5 reads of budget per hard move: fast and shallow
            Board board = Board::start(game % 3 == 0 ? 6 : 4, game % 2 == 0 ? 4 : 3, Side::player);
            while (!board.over()) {
                const DealerSettings settings{board.to_move() == Side::dealer ? level : Level::easy, 5};
                const int pit = choose_move(board, settings, clock, random);
                REQUIRE(board.is_legal(pit));
                board.sow(pit);
            }
        }
    }
}

TEST_CASE("mancala ai: medium breaks ties at random") {
    SeededRandom random(3);
    dealer::mancala::ScoredMoves scored;
    scored.count = 3;
    scored.pits = {1, 2, 3};
    scored.scores = {5, 2, 5};
    std::set<int> seen;
    for (int i = 0; i < 100; ++i) seen.insert(dealer::mancala::best_scored_move(scored, random));
    CHECK(seen == std::set<int>{1, 3});
}

TEST_CASE("mancala ai: hard and medium take the capture that wins") {
    // The dealer's pit 1 holds one seed; it falls into the empty pit 2,
    // which faces the player's pit 5 of 20 seeds: 31 of 52 seeds is a win.
    // No other move gives an extra turn or captures anything.
    const Board board = Board::custom(std::vector<int>{1, 1, 1, 1, 20, 1}, std::vector<int>{1, 0, 1, 1, 1, 3}, 10, 10,
                                      Side::dealer);
    FakeClock clock(0);  // a stopped clock: the search ends when it has proven the win
    const SearchResult found = dealer::mancala::search_best_move(board, SearchLimits{}, clock);
    CHECK(found.pit == 1);
    CHECK(found.proven);
    CHECK(found.score >= kWinScore);
    SeededRandom random(4);
    CHECK(choose_move(board, DealerSettings{Level::medium, 50}, clock, random) == 1);
}

TEST_CASE("mancala ai: hard chains its extra turns in the order that wins") {
    // Pit 6 (1 seed), then 5 (2 seeds), then 6 again all end in the store,
    // and the last empties the dealer's side: 24 to 23. Pit 5 first leaves
    // pit 6 with 2 seeds, one of which goes to the player: a 24-24 draw.
    const Board board = Board::custom(std::vector<int>{3, 0, 0, 0, 0, 0}, std::vector<int>{0, 0, 0, 0, 2, 1}, 20, 21,
                                      Side::dealer);
    FakeClock clock(0);
    const SearchResult found = dealer::mancala::search_best_move(board, SearchLimits{}, clock);
    CHECK(found.pit == 6);
    CHECK(found.proven);
    CHECK(found.score == kWinScore + 1);
    Board played = board;
    played.sow(found.pit);
    CHECK(played.to_move() == Side::dealer);
    CHECK(dealer::mancala::search_best_move(played, SearchLimits{}, clock).pit == 5);
}

TEST_CASE("mancala ai: hard plays perfectly in endgames small enough to solve") {
    // Positions from random play of a small board; hard, with a stopped clock,
    // searches until it proves the result (or to max_depth), and its move must
    // be as good as the best in win/draw/loss terms, per the brute-force oracle.
    SeededRandom random(5);
    Oracle oracle;
    int checked = 0;
    int winning = 0;
    for (int game = 0; game < 60; ++game) {
        Board board = Board::start(3, 2 + game % 2, game % 2 == 0 ? Side::player : Side::dealer);
        for (int ply = 0; ply < 2 + game % 5 && !board.over(); ++ply) board.sow(dealer::mancala::random_move(board, random));
        if (board.over() || legal_pits(board).size() < 2) continue;
        int best = -1000;
        for (const int pit : legal_pits(board)) best = std::max(best, oracle.after(board, pit));
        FakeClock clock(0);
        SearchLimits limits;
        limits.max_depth = 40;
        const SearchResult found = dealer::mancala::search_best_move(board, limits, clock);
        CAPTURE(game);
        REQUIRE(board.is_legal(found.pit));
        CHECK(sign(oracle.after(board, found.pit)) == sign(best));
        if (found.proven) CHECK(sign(found.score) == sign(best));
        ++checked;
        if (best > 0) ++winning;
    }
    CHECK(checked >= 30);
    CHECK(winning >= 5);
}

TEST_CASE("mancala ai: hard stops at its budget") {
    const Board board = Board::start(6, 4, Side::player);
    SUBCASE("a budget of 20 clock ticks, the clock read every 64 positions") {
        FakeClock clock(1);
        SearchLimits limits;
        limits.think_ms = 20;
        limits.nodes_between_clock_reads = 64;
        const SearchResult found = dealer::mancala::search_best_move(board, limits, clock);
        CHECK(board.is_legal(found.pit));
        CHECK(found.depth >= 1);
        CHECK_FALSE(found.proven);
        // One read sets the deadline; the 20th read after it stops the search.
        CHECK(clock.reads <= 21);
        // Depth 1 (7 positions, the clock unread) plus 64 positions per read.
        CHECK(found.nodes <= 7 + 64 * 20);
    }
    SUBCASE("a larger budget goes deeper, still bounded") {
        FakeClock clock(1);
        SearchLimits limits;
        limits.think_ms = 400;
        limits.nodes_between_clock_reads = 256;
        const SearchResult found = dealer::mancala::search_best_move(board, limits, clock);
        CHECK(found.nodes <= 7 + 256 * 400);
        CHECK(found.depth >= 6);
    }
    SUBCASE("a budget already spent still gives a move, from depth 1") {
        FakeClock clock(1000);
        SearchLimits limits;
        limits.think_ms = 1;
        limits.nodes_between_clock_reads = 1;
        const SearchResult found = dealer::mancala::search_best_move(board, limits, clock);
        CHECK(board.is_legal(found.pit));
        CHECK(found.depth == 1);
        CHECK(found.nodes <= 7 + 1);
    }
    SUBCASE("max_depth bounds a search with a stopped clock") {
        FakeClock clock(0);
        SearchLimits limits;
        limits.max_depth = 5;
        const SearchResult found = dealer::mancala::search_best_move(board, limits, clock);
        CHECK(found.depth == 5);
        CHECK(board.is_legal(found.pit));
    }
    SUBCASE("a single legal move is played without searching") {
        const Board forced = Board::custom(std::vector<int>{0, 0, 5}, std::vector<int>{1, 1, 1}, 0, 0, Side::player);
        FakeClock clock(1);
        const SearchResult found = dealer::mancala::search_best_move(forced, SearchLimits{}, clock);
        CHECK(found.pit == 3);
        CHECK(found.nodes == 0);
        CHECK(clock.reads == 0);
    }
}

TEST_CASE("mancala ai: the searches find the plain minimax value") {
    // Positions from random play; at each depth the medium search scores
    // every move exactly, and hard without a table (whose entries from other
    // depths would legitimately change scores) reaches the same best value.
    SeededRandom random(6);
    int positions = 0;
    for (int game = 0; game < 40; ++game) {
        Board board = Board::start(game % 2 == 0 ? 6 : 4, game % 3 == 0 ? 3 : 4, Side::player);
        for (int ply = 0; ply < game % 25 && !board.over(); ++ply) board.sow(dealer::mancala::random_move(board, random));
        if (board.over() || legal_pits(board).size() < 2) continue;
        ++positions;
        for (int depth = 1; depth <= 5; ++depth) {
            CAPTURE(game);
            CAPTURE(depth);
            const auto scored = dealer::mancala::score_moves(board, depth, dealer::mancala::Evaluation::dealer);
            int best = -1000000;
            for (int i = 0; i < scored.count; ++i) {
                const auto index = static_cast<std::size_t>(i);
                Board child = board;
                child.sow(scored.pits[index]);
                const int expected = plain_minimax(child, depth - 1);
                CHECK(scored.scores[index] == (child.to_move() == board.to_move() ? expected : -expected));
                best = std::max(best, scored.scores[index]);
            }
            FakeClock clock(0);
            SearchLimits limits;
            limits.max_depth = depth;
            limits.table_entries = 0;
            const SearchResult found = dealer::mancala::search_best_move(board, limits, clock);
            if (found.proven) continue;  // stopped at a proven result before this depth
            CHECK(found.depth == depth);
            CHECK(found.score == best);
            Board child = board;
            child.sow(found.pit);
            const int chosen = plain_minimax(child, depth - 1);
            CHECK((child.to_move() == board.to_move() ? chosen : -chosen) == best);
        }
    }
    CHECK(positions >= 30);
}
