// Mancala (Kalah, SPEC §5): draws the board with pit numbers and both
// stores, the player's side at the bottom, and shows the dealer's moves one
// by one. The server sends only the board after a whole turn, so the view
// replays the turn from the board before it with the game's own rules
// (dealer_mancala_engine) and draws each sowing; when the replay does not
// arrive at the server's board, the server's board is shown and said to be
// the authority.
#pragma once

#include <optional>
#include <vector>

#include "client/game_view.hpp"
#include "mancala_board.hpp"

namespace dealer::client {

/// The view of a mancala game.
class MancalaView final : public GameView {
public:
    /// True when start carries a board this view can draw and replay:
    /// two rows of 1..12 pits, seed counts a byte holds, at most 144 seeds.
    static bool fits(const nlohmann::json& start);

    explicit MancalaView(const Style& style) : style_(style) {}

    std::string show_start(const nlohmann::json& start) override;
    std::string show_state(const nlohmann::json& state) override;
    [[nodiscard]] std::string prompt() const override;
    [[nodiscard]] MoveInput read_move(std::string_view line) const override;
    [[nodiscard]] std::string move_help() const override;
    void move_sent(const nlohmann::json& fields) override;
    [[nodiscard]] std::string redraw() const override;

private:
    /// The turn from `before` to the server's `after`: the player's sowing
    /// of `player_pit` (0 = none) and then each of dealer_pits, a caption
    /// and a board each; or only `after` when the replay disagrees.
    std::string show_turn(const std::optional<mancala::Board>& before, int player_pit,
                          const std::vector<int>& dealer_pits, const mancala::Board& after);
    /// The board in five lines, coloured by row.
    [[nodiscard]] std::string draw(const mancala::Board& board) const;

    const Style& style_;
    std::optional<mancala::Board> board_;  ///< the board as the server last sent it
    int pit_sent_ = 0;                     ///< the pit of the move in flight
};

}  // namespace dealer::client
