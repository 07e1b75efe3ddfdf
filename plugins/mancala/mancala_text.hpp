// What a person reads: the short sentence every start and state carries in
// "text", and the board drawn for text mode (the dealer's side on top, its
// pits right to left so that sowing reads counter-clockwise, the player's
// side at the bottom, each store at the end its owner sows into).
#pragma once

#include <string>
#include <vector>

#include "mancala_board.hpp"

namespace dealer::mancala {

/// What happened since the player last had the turn.
struct TurnReport {
    int player_pit = 0;             ///< the pit the player sowed, 0 at the start
    SowResult player_sowing;        ///< what that sowing did
    std::vector<int> dealer_pits;   ///< the dealer's moves that followed, in order
    int dealer_captured = 0;        ///< seeds the dealer took by captures in those moves
};

/// The "text" sentence, e.g. "you sowed pit 3; the dealer played 4 then 2;
/// your turn", ending with the result when `after` is over.
[[nodiscard]] std::string describe_turn(const TurnReport& report, const Board& after);

/// "game over: you win 26 to 22" for a finished board (asserted).
[[nodiscard]] std::string describe_result(const Board& board);

/// The board as five lines of text with pit numbers above the dealer's side
/// and below the player's, no trailing newline.
[[nodiscard]] std::string draw_board(const Board& board);

}  // namespace dealer::mancala
