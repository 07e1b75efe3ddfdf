#include "mancala_text.hpp"

#include <algorithm>
#include <cassert>

namespace dealer::mancala {

namespace {

/// Dealer moves named one by one in a sentence; more are counted, so that
/// the sentence (and the UDP reply carrying it) stays short.
constexpr std::size_t kNamedDealerMoves = 8;

// "4", "4 then 2", "4, 2 then 6", and past kNamedDealerMoves
// "4, 2, ..., 1 and 5 more".
std::string list_pits(const std::vector<int>& pits) {
    std::string text;
    const std::size_t named = std::min(pits.size(), kNamedDealerMoves);
    for (std::size_t i = 0; i < named; ++i) {
        if (i > 0) text += (i + 1 == named && named == pits.size()) ? " then " : ", ";
        text += std::to_string(pits[i]);
    }
    if (named < pits.size()) text += " and " + std::to_string(pits.size() - named) + " more";
    return text;
}

// A number right-aligned in `width` characters.
std::string padded(int value, int width) {
    std::string text = std::to_string(value);
    if (static_cast<int>(text.size()) < width) text.insert(0, static_cast<std::size_t>(width) - text.size(), ' ');
    return text;
}

}  // namespace

// The last clause of a finished game's sentence; the player's store first.
std::string describe_result(const Board& board) {
    assert(board.over());
    const std::string score = std::to_string(board.store(Side::player)) + " to " + std::to_string(board.store(Side::dealer));
    switch (board.outcome_for(Side::player)) {
        case Outcome::win: return "game over: you win " + score;
        case Outcome::lose: return "game over: you lose " + score;
        case Outcome::draw: return "game over: a draw, " + score;
    }
    return "game over";
}

// One clause per event, joined by "; ", so that a person can follow the
// turn without comparing boards.
std::string describe_turn(const TurnReport& report, const Board& after) {
    std::vector<std::string> clauses;
    if (report.player_pit > 0) {
        std::string clause = "you sowed pit " + std::to_string(report.player_pit);
        if (report.player_sowing.captured > 0) {
            clause += " and captured " + std::to_string(report.player_sowing.captured) + " seeds";
        }
        if (report.player_sowing.extra_turn) clause += " into your store: move again";
        clauses.push_back(std::move(clause));
    }
    if (!report.dealer_pits.empty()) {
        std::string clause = "the dealer played " + list_pits(report.dealer_pits);
        if (report.dealer_captured > 0) clause += " and captured " + std::to_string(report.dealer_captured) + " seeds";
        clauses.push_back(std::move(clause));
    }
    if (after.over()) {
        clauses.push_back(describe_result(after));
    } else if (report.player_pit == 0) {
        clauses.push_back("your turn: sow a pit from 1 to " + std::to_string(after.pits()));
    } else if (!report.player_sowing.extra_turn) {
        clauses.emplace_back("your turn");
    }
    std::string text;
    for (const std::string& clause : clauses) text += (text.empty() ? "" : "; ") + clause;
    return text;
}

// Each pit is drawn as "(  4)", five characters; the pit numbers stand
// above (dealer, right to left) and below (player, left to right) their
// pits, and each store sits at the end its owner sows into: the dealer's
// on the left, the player's on the right.
std::string draw_board(const Board& board) {
    const int pits = board.pits();
    const std::string indent(9, ' ');
    std::string dealer_numbers = indent;
    std::string dealer_row = indent;
    std::string player_row = indent;
    std::string player_numbers = indent;
    for (int column = 0; column < pits; ++column) {
        const int dealer_pit = pits - column;
        const int player_pit = column + 1;
        dealer_numbers += "  " + padded(dealer_pit, 2) + " ";
        dealer_row += "(" + padded(board.seeds(Side::dealer, dealer_pit), 3) + ")";
        player_row += "(" + padded(board.seeds(Side::player, player_pit), 3) + ")";
        player_numbers += "  " + padded(player_pit, 2) + " ";
    }
    dealer_row += "   dealer";
    player_row += "   you";
    const std::string stores = "   [" + padded(board.store(Side::dealer), 3) + "]" +
                               std::string(static_cast<std::size_t>(5 * pits + 1), ' ') + "[" +
                               padded(board.store(Side::player), 3) + "]";
    while (!dealer_numbers.empty() && dealer_numbers.back() == ' ') dealer_numbers.pop_back();
    while (!player_numbers.empty() && player_numbers.back() == ' ') player_numbers.pop_back();
    return dealer_numbers + "\n" + dealer_row + "\n" + stores + "\n" + player_row + "\n" + player_numbers;
}

}  // namespace dealer::mancala
