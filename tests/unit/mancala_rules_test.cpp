// The Kalah rules of SPEC §5 on hand-checked positions: sowing, skipping the
// opponent's store, the extra turn, captures (also after a sowing that went
// round the board), the end of the game in the middle of an extra turn, the
// final sweep, draws, and every move the rules refuse.

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "mancala_ai.hpp"
#include "mancala_board.hpp"
#include "mancala_text.hpp"

using dealer::mancala::Board;
using dealer::mancala::Outcome;
using dealer::mancala::Side;
using dealer::mancala::SowResult;

namespace {

/// Both sides' pits and the stores of a board, for comparing with expectations.
struct Cells {
    std::vector<int> player;  ///< the player's pits, pit 1 first
    std::vector<int> dealer;  ///< the dealer's pits, pit 1 first
    int player_store = 0;     ///< the player's store
    int dealer_store = 0;     ///< the dealer's store

    friend bool operator==(const Cells&, const Cells&) = default;
};

Cells cells_of(const Board& board) {
    Cells cells;
    for (int pit = 1; pit <= board.pits(); ++pit) {
        cells.player.push_back(board.seeds(Side::player, pit));
        cells.dealer.push_back(board.seeds(Side::dealer, pit));
    }
    cells.player_store = board.store(Side::player);
    cells.dealer_store = board.store(Side::dealer);
    return cells;
}

Board make(const Cells& cells, Side to_move) {
    return Board::custom(cells.player, cells.dealer, cells.player_store, cells.dealer_store, to_move);
}

}  // namespace

namespace doctest {
template <>
struct StringMaker<Cells> {
    static String convert(const Cells& cells) {
        std::string text = "player [";
        for (const int seeds : cells.player) text += std::to_string(seeds) + " ";
        text += "] store " + std::to_string(cells.player_store) + ", dealer [";
        for (const int seeds : cells.dealer) text += std::to_string(seeds) + " ";
        text += "] store " + std::to_string(cells.dealer_store);
        return text.c_str();
    }
};
}  // namespace doctest

TEST_CASE("mancala rules: the opening position") {
    const Board board = Board::start(6, 4, Side::player);
    CHECK(cells_of(board) == Cells{{4, 4, 4, 4, 4, 4}, {4, 4, 4, 4, 4, 4}, 0, 0});
    CHECK(board.total_seeds() == 48);
    CHECK(board.to_move() == Side::player);
    CHECK_FALSE(board.over());
    std::array<std::uint8_t, dealer::mancala::kMaxPits> moves{};
    REQUIRE(board.legal_moves(moves) == 6);
    for (int i = 0; i < 6; ++i) CHECK(moves[static_cast<std::size_t>(i)] == i + 1);
    CHECK(Board::start(3, 5, Side::dealer).to_move() == Side::dealer);
    CHECK(Board::start(12, 6, Side::player).total_seeds() == 144);
}

TEST_CASE("mancala rules: sowing one seed a pit, counter-clockwise") {
    Board board = Board::start(6, 4, Side::player);
    const SowResult sown = board.sow(1);
    CHECK(cells_of(board) == Cells{{0, 5, 5, 5, 5, 4}, {4, 4, 4, 4, 4, 4}, 0, 0});
    CHECK_FALSE(sown.extra_turn);
    CHECK(sown.captured == 0);
    CHECK_FALSE(sown.game_over);
    CHECK(board.to_move() == Side::dealer);

    // The dealer sows its own pits towards its own store, then the player's side.
    const SowResult reply = board.sow(5);
    CHECK(cells_of(board) == Cells{{1, 6, 5, 5, 5, 4}, {4, 4, 4, 4, 0, 5}, 0, 1});
    CHECK_FALSE(reply.extra_turn);
    CHECK(board.to_move() == Side::player);
}

TEST_CASE("mancala rules: the last seed in your own store gives another move") {
    Board board = Board::start(6, 4, Side::player);
    const SowResult sown = board.sow(3);  // 4 seeds: pits 4, 5, 6 and the store
    CHECK(cells_of(board) == Cells{{4, 4, 0, 5, 5, 5}, {4, 4, 4, 4, 4, 4}, 1, 0});
    CHECK(sown.extra_turn);
    CHECK(board.to_move() == Side::player);

    Board dealer_turn = Board::start(6, 4, Side::dealer);
    CHECK(dealer_turn.sow(3).extra_turn);
    CHECK(cells_of(dealer_turn) == Cells{{4, 4, 4, 4, 4, 4}, {4, 4, 0, 5, 5, 5}, 0, 1});
    CHECK(dealer_turn.to_move() == Side::dealer);
}

TEST_CASE("mancala rules: sowing skips the opponent's store") {
    // The player's pit 6 holds 10: own store, the dealer's six pits, past the
    // dealer's store (skipped) into the player's pits 1 to 3.
    Board board = make({{1, 1, 1, 1, 1, 10}, {1, 1, 1, 1, 1, 1}, 0, 0}, Side::player);
    const SowResult sown = board.sow(6);
    CHECK(cells_of(board) == Cells{{2, 2, 2, 1, 1, 0}, {2, 2, 2, 2, 2, 2}, 1, 0});
    CHECK_FALSE(sown.extra_turn);
    CHECK(sown.captured == 0);  // pit 3 was not empty
    CHECK(board.to_move() == Side::dealer);

    // The same for the dealer, past the player's store.
    Board mirrored = make({{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 10}, 0, 0}, Side::dealer);
    mirrored.sow(6);
    CHECK(cells_of(mirrored) == Cells{{2, 2, 2, 2, 2, 2}, {2, 2, 2, 1, 1, 0}, 0, 1});
    CHECK(mirrored.to_move() == Side::player);
}

TEST_CASE("mancala rules: a sowing of 2*pits+1 seeds or more goes round the board") {
    // 27 seeds from pit 1 with 6 pits: two laps of 13 (every cell but the
    // dealer's store gets 2, the emptied pit 1 included) and one seed more, in pit 2.
    Board board = make({{27, 0, 0, 0, 0, 1}, {1, 1, 1, 1, 1, 1}, 0, 0}, Side::player);
    const SowResult sown = board.sow(1);
    CHECK(cells_of(board) == Cells{{2, 3, 2, 2, 2, 3}, {3, 3, 3, 3, 3, 3}, 2, 0});
    CHECK(sown.captured == 0);
    CHECK(board.total_seeds() == 34);
}

TEST_CASE("mancala rules: capture") {
    SUBCASE("last seed in an empty pit of your own side, the opposite pit holding seeds") {
        // Pit 3's seed lands in the empty pit 4, which faces the dealer's pit 3.
        Board board = make({{1, 0, 1, 0, 0, 0}, {2, 2, 5, 2, 2, 2}, 0, 0}, Side::player);
        const SowResult sown = board.sow(3);
        CHECK(sown.captured == 6);
        CHECK(cells_of(board) == Cells{{1, 0, 0, 0, 0, 0}, {2, 2, 0, 2, 2, 2}, 6, 0});
        CHECK(board.to_move() == Side::dealer);
    }
    SUBCASE("the dealer captures too") {
        Board board = make({{2, 2, 5, 2, 2, 2}, {1, 0, 1, 0, 0, 0}, 0, 0}, Side::dealer);
        CHECK(board.sow(3).captured == 6);
        CHECK(cells_of(board) == Cells{{2, 2, 0, 2, 2, 2}, {1, 0, 0, 0, 0, 0}, 0, 6});
    }
    SUBCASE("no capture when the opposite pit is empty") {
        Board board = make({{1, 0, 1, 0, 0, 0}, {2, 2, 0, 2, 2, 2}, 0, 0}, Side::player);
        CHECK(board.sow(3).captured == 0);
        CHECK(cells_of(board) == Cells{{1, 0, 0, 1, 0, 0}, {2, 2, 0, 2, 2, 2}, 0, 0});
    }
    SUBCASE("no capture when the last seed lands in a pit that held seeds") {
        Board board = make({{1, 0, 1, 1, 0, 0}, {2, 2, 5, 2, 2, 2}, 0, 0}, Side::player);
        CHECK(board.sow(3).captured == 0);
        CHECK(cells_of(board) == Cells{{1, 0, 0, 2, 0, 0}, {2, 2, 5, 2, 2, 2}, 0, 0});
    }
    SUBCASE("no capture on the opponent's side") {
        Board board = make({{0, 0, 0, 0, 0, 3}, {0, 0, 4, 4, 4, 4}, 0, 0}, Side::player);
        const SowResult sown = board.sow(6);  // store, dealer pits 1 and 2 (both empty)
        CHECK(sown.captured == 0);
        CHECK(sown.game_over);  // the player's side is now empty
    }
    SUBCASE("after a sowing that went round the board, into the emptied pit itself") {
        // 13 seeds from pit 2 (6 pits): pits 3-6, the store, the dealer's six
        // pits, skip the dealer's store, pit 1, and the last seed in pit 2,
        // empty since the sowing began. It faces the dealer's pit 5.
        Board board = make({{0, 13, 0, 0, 0, 0}, {1, 1, 1, 1, 3, 1}, 0, 0}, Side::player);
        const SowResult sown = board.sow(2);
        CHECK(sown.captured == 5);  // the last seed and the dealer's 4
        CHECK(cells_of(board) == Cells{{1, 0, 1, 1, 1, 1}, {2, 2, 2, 2, 0, 2}, 6, 0});
    }
    SUBCASE("after a sowing past the opponent's store into an empty pit") {
        // 9 seeds from pit 6: the store, the dealer's six pits, pits 1 and 2.
        Board board = make({{3, 0, 1, 1, 1, 9}, {1, 1, 1, 1, 1, 1}, 0, 0}, Side::player);
        const SowResult sown = board.sow(6);
        CHECK(sown.captured == 3);
        CHECK(cells_of(board) == Cells{{4, 0, 1, 1, 1, 0}, {2, 2, 2, 2, 0, 2}, 4, 0});
    }
    SUBCASE("the test counts the last seed only: a pit sown earlier in the same move is not empty") {
        // 14 seeds from pit 2: one lap of 13 ends in pit 2, the 14th seed
        // falls in pit 3, empty before the move but sown on the first lap.
        Board board = make({{0, 14, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1}, 0, 0}, Side::player);
        const SowResult sown = board.sow(2);
        CHECK(sown.captured == 0);
        CHECK(cells_of(board) == Cells{{1, 1, 2, 1, 1, 1}, {2, 2, 2, 2, 2, 2}, 1, 0});
    }
}

TEST_CASE("mancala rules: the end of the game and the final sweep") {
    SUBCASE("in the middle of an extra turn: the mover's side is empty") {
        Board board = make({{0, 0, 0, 0, 0, 1}, {1, 2, 3, 0, 0, 0}, 20, 10}, Side::player);
        const SowResult sown = board.sow(6);
        CHECK(sown.game_over);
        CHECK_FALSE(sown.extra_turn);  // the store took the last seed, but the game is over
        CHECK(board.over());
        CHECK(cells_of(board) == Cells{{0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}, 21, 16});
        CHECK(board.outcome_for(Side::player) == Outcome::win);
        CHECK(board.outcome_for(Side::dealer) == Outcome::lose);
    }
    SUBCASE("a capture empties the opponent's side: the mover's seeds go to the mover") {
        Board board = make({{1, 0, 0, 0, 0, 2}, {0, 0, 0, 0, 4, 0}, 3, 4}, Side::player);
        const SowResult sown = board.sow(1);
        CHECK(sown.captured == 5);
        CHECK(sown.game_over);
        CHECK(cells_of(board) == Cells{{0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}, 10, 4});
    }
    SUBCASE("the mover empties its own side without an extra turn: the opponent sweeps its pits") {
        Board board = make({{0, 0, 0, 0, 0, 2}, {1, 1, 1, 1, 1, 1}, 10, 12}, Side::player);
        board.sow(6);  // the store and the dealer's pit 1
        CHECK(board.over());
        CHECK(cells_of(board) == Cells{{0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}, 11, 19});
        CHECK(board.outcome_for(Side::player) == Outcome::lose);
        CHECK(board.outcome_for(Side::dealer) == Outcome::win);
    }
    SUBCASE("the dealer's extra turn cut short") {
        Board board = make({{2, 2, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 1}, 5, 5}, Side::dealer);
        const SowResult sown = board.sow(6);
        CHECK(sown.game_over);
        CHECK_FALSE(sown.extra_turn);
        CHECK(cells_of(board) == Cells{{0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}, 9, 6});
    }
    SUBCASE("a draw") {
        Board board = make({{0, 0, 0, 0, 0, 1}, {1, 0, 0, 0, 0, 0}, 23, 23}, Side::player);
        board.sow(6);
        CHECK(board.over());
        CHECK(cells_of(board) == Cells{{0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}, 24, 24});
        CHECK(board.outcome_for(Side::player) == Outcome::draw);
        CHECK(board.outcome_for(Side::dealer) == Outcome::draw);
        CHECK(dealer::mancala::describe_result(board) == "game over: a draw, 24 to 24");
    }
    SUBCASE("a position set up with an empty side is already over and swept") {
        const Board board = make({{0, 0, 0}, {1, 2, 3}, 4, 2}, Side::player);
        CHECK(board.over());
        CHECK(cells_of(board) == Cells{{0, 0, 0}, {0, 0, 0}, 4, 8});
    }
}

TEST_CASE("mancala rules: every move the rules refuse") {
    const Board board = make({{0, 3, 1, 0}, {2, 0, 1, 5}, 0, 0}, Side::player);
    CHECK_FALSE(board.is_legal(0));   // pits are numbered from 1
    CHECK_FALSE(board.is_legal(-1));
    CHECK_FALSE(board.is_legal(5));   // beyond the last pit
    CHECK_FALSE(board.is_legal(1));   // empty
    CHECK_FALSE(board.is_legal(4));   // empty
    CHECK(board.is_legal(2));
    CHECK(board.is_legal(3));
    std::array<std::uint8_t, dealer::mancala::kMaxPits> moves{};
    REQUIRE(board.legal_moves(moves) == 2);
    CHECK(moves[0] == 2);
    CHECK(moves[1] == 3);

    // The dealer's pits are the ones that count on the dealer's turn.
    const Board dealer_turn = make({{0, 3, 1, 0}, {2, 0, 1, 5}, 0, 0}, Side::dealer);
    CHECK(dealer_turn.is_legal(1));
    CHECK_FALSE(dealer_turn.is_legal(2));
    CHECK(dealer_turn.is_legal(4));

    // Nothing is legal once the game is over.
    Board over = make({{0, 0, 0, 1}, {1, 0, 0, 0}, 3, 3}, Side::player);
    over.sow(4);
    REQUIRE(over.over());
    for (int pit = 0; pit <= 5; ++pit) CHECK_FALSE(over.is_legal(pit));
    CHECK(over.legal_moves(moves) == 0);
}

TEST_CASE("mancala rules: random games conserve seeds, fill stores monotonically, preview their moves and end") {
    dealer::mancala::SeededRandom random(7);
    for (const auto& [pits, seeds] : std::vector<std::pair<int, int>>{{6, 4}, {1, 1}, {1, 72}, {3, 3}, {12, 6}, {6, 12}}) {
        for (int game = 0; game < 50; ++game) {
            Board board = Board::start(pits, seeds, game % 2 == 0 ? Side::player : Side::dealer);
            const int total = board.total_seeds();
            int moves = 0;
            while (!board.over()) {
                const int before_player = board.store(Side::player);
                const int before_dealer = board.store(Side::dealer);
                const Side mover = board.to_move();
                const int pit = dealer::mancala::random_move(board, random);
                const dealer::mancala::MovePreview preview = board.preview(pit);
                const SowResult sown = board.sow(pit);
                // The preview agrees with the sowing, except where the game's end cut
                // an extra turn short or swept seeds into the store.
                CHECK(preview.captured == sown.captured);
                if (!sown.game_over) {
                    CHECK(preview.extra_turn == sown.extra_turn);
                    const int store_before = mover == Side::player ? before_player : before_dealer;
                    CHECK(board.store(mover) - store_before == preview.sown_to_store + sown.captured);
                }
                REQUIRE(board.total_seeds() == total);
                CHECK(board.store(Side::player) >= before_player);
                CHECK(board.store(Side::dealer) >= before_dealer);
                if (!board.over()) CHECK((board.to_move() == mover) == sown.extra_turn);
                REQUIRE(++moves < 10000);
            }
            CHECK(board.seeds_on_side(Side::player) == 0);
            CHECK(board.seeds_on_side(Side::dealer) == 0);
            CHECK(board.store(Side::player) + board.store(Side::dealer) == total);
        }
    }
}

TEST_CASE("mancala text: the board drawn with pit numbers, the player's side at the bottom") {
    const Board board = make({{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}, 13, 14}, Side::player);
    const std::string expected =
        "            6    5    4    3    2    1\n"
        "         ( 12)( 11)( 10)(  9)(  8)(  7)   dealer\n"
        "   [ 14]                               [ 13]\n"
        "         (  1)(  2)(  3)(  4)(  5)(  6)   you\n"
        "            1    2    3    4    5    6";
    CHECK(dealer::mancala::draw_board(board) == expected);
}

TEST_CASE("mancala text: the sentences") {
    using dealer::mancala::describe_turn;
    using dealer::mancala::TurnReport;
    const Board open = Board::start(6, 4, Side::player);
    CHECK(describe_turn(TurnReport{}, open) == "your turn: sow a pit from 1 to 6");

    TurnReport dealer_first;
    dealer_first.dealer_pits = {3, 6};
    CHECK(describe_turn(dealer_first, open) == "the dealer played 3 then 6; your turn: sow a pit from 1 to 6");

    TurnReport report;
    report.player_pit = 3;
    report.player_sowing.captured = 5;
    report.dealer_pits = {4, 2, 6};
    report.dealer_captured = 2;
    CHECK(describe_turn(report, open) ==
          "you sowed pit 3 and captured 5 seeds; the dealer played 4, 2 then 6 and captured 2 seeds; your turn");

    TurnReport again;
    again.player_pit = 3;
    again.player_sowing.extra_turn = true;
    CHECK(describe_turn(again, open) == "you sowed pit 3 into your store: move again");

    TurnReport many;
    many.player_pit = 1;
    many.dealer_pits = {6, 5, 6, 4, 6, 5, 6, 3, 6, 2};
    CHECK(describe_turn(many, open) == "you sowed pit 1; the dealer played 6, 5, 6, 4, 6, 5, 6, 3 and 2 more; your turn");

    Board over = make({{0, 0, 0, 0, 0, 1}, {1, 2, 3, 0, 0, 0}, 20, 10}, Side::player);
    over.sow(6);
    TurnReport last;
    last.player_pit = 6;
    CHECK(describe_turn(last, over) == "you sowed pit 6; game over: you win 21 to 16");
}
