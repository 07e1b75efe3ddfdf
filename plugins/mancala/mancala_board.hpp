// The Kalah position and its rules (SPEC §5): sowing counter-clockwise into
// your own store and past the opponent's, the extra turn, the capture, the
// end of the game with its final sweep, and the result.
//
// The board is a fixed-size value (no allocation) so that the search can
// copy it once per node: copy-make is simpler and, at 32 bytes, as fast as
// undoing a sowing.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace dealer::mancala {

/// The most pits a side may have: keeps every reply within a UDP datagram.
inline constexpr int kMaxPits = 12;
/// The most seeds a board may hold (both sides): each cell fits a byte and a
/// reply listing a whole turn of dealer moves fits a UDP datagram.
inline constexpr int kMaxTotalSeeds = 144;

/// The two sides: index 0 is the player's, 1 the dealer's, as in the JSON.
enum class Side : std::uint8_t {
    player = 0,  ///< the person playing
    dealer = 1,  ///< the daemon's AI
};

/// The other side.
constexpr Side opponent(Side side) noexcept { return side == Side::player ? Side::dealer : Side::player; }

/// What one sowing did, for the search's move ordering and the game's sentences.
struct SowResult {
    bool extra_turn = false;  ///< the last seed fell in the mover's store and the game goes on
    int captured = 0;         ///< seeds moved to the store by a capture (the last seed included), else 0
    bool game_over = false;   ///< a side's pits were left empty: the game ended and was swept
};

/// What sowing a pit would do, worked out without sowing (for move ordering).
struct MovePreview {
    bool extra_turn = false;  ///< the last seed would fall in the mover's store
    int captured = 0;         ///< seeds a capture would take, the last seed included
    int sown_to_store = 0;    ///< seeds the sowing itself would put in the mover's store
};

/// A finished game's outcome from one side's view.
enum class Outcome : std::uint8_t {
    win,   ///< more seeds in this side's store
    lose,  ///< fewer
    draw,  ///< as many
};

/// A Kalah position: both sides' pits and stores, whose turn it is, and
/// whether the game is over. Pits are numbered 1..pits() on each side in
/// sowing order; the player's pit p faces the dealer's pit pits()+1-p.
class Board {
public:
    /// Cells of the largest board: 2 sides × (12 pits + 1 store), padded to 32
    /// bytes so that key() reads whole words.
    static constexpr int kCells = 32;

    /// The opening position: `pits` pits of `seeds` seeds a side, `first` to move.
    /// Preconditions (asserted): 1 <= pits <= kMaxPits, seeds >= 1, total <= kMaxTotalSeeds.
    static Board start(int pits, int seeds, Side first);

    /// Any position, for tests and analysis: each side's pits in sowing order
    /// (equal lengths, 1..kMaxPits), the stores, and the side to move. When a
    /// side's pits are all empty the game is over and swept at once, as after a sowing.
    static Board custom(std::span<const int> player_pits, std::span<const int> dealer_pits, int player_store,
                        int dealer_store, Side to_move);

    /// Pits per side.
    [[nodiscard]] int pits() const noexcept { return pits_; }
    /// The side whose move it is; once over, the side that made the last move.
    [[nodiscard]] Side to_move() const noexcept { return to_move_; }
    /// True once a side's pits were left empty (the seeds are then all in the stores).
    [[nodiscard]] bool over() const noexcept { return over_; }
    /// Seeds in pit `pit` (1..pits()) of `side`.
    [[nodiscard]] int seeds(Side side, int pit) const noexcept { return cells_[pit_cell(side, pit)]; }
    /// Seeds in the store of `side`.
    [[nodiscard]] int store(Side side) const noexcept { return cells_[store_cell(side)]; }
    /// Seeds in the pits (not the store) of `side`.
    [[nodiscard]] int seeds_on_side(Side side) const noexcept;
    /// Seeds on the whole board; constant through a game.
    [[nodiscard]] int total_seeds() const noexcept;

    /// True when the side to move may sow `pit`: the game goes on, the pit
    /// exists and holds seeds.
    [[nodiscard]] bool is_legal(int pit) const noexcept;
    /// The legal pits of the side to move, ascending, into `moves`; returns their count (0 when over).
    int legal_moves(std::array<std::uint8_t, kMaxPits>& moves) const noexcept;

    /// Sows `pit` of the side to move (it must be legal: asserted) and applies
    /// the extra turn, the capture and the end of the game.
    SowResult sow(int pit) noexcept;

    /// What sowing `pit` (legal: asserted) would do, computed without sowing;
    /// agrees with sow() except that it ignores the end of the game.
    [[nodiscard]] MovePreview preview(int pit) const noexcept;

    /// The outcome for `side`; only meaningful once over() (asserted).
    [[nodiscard]] Outcome outcome_for(Side side) const noexcept;

    /// A 64-bit hash of the position (cells and side to move) for the
    /// transposition table.
    [[nodiscard]] std::uint64_t key() const noexcept;

    /// Positions are equal when every cell, the side to move and over() agree.
    friend bool operator==(const Board&, const Board&) = default;

private:
    /// Index of pit `pit` (1..pits_) of `side` in cells_.
    [[nodiscard]] int pit_cell(Side side, int pit) const noexcept {
        return static_cast<int>(side) * (pits_ + 1) + pit - 1;
    }
    /// Index of the store of `side` in cells_.
    [[nodiscard]] int store_cell(Side side) const noexcept { return static_cast<int>(side) * (pits_ + 1) + pits_; }
    /// Ends the game when a side's pits are empty: sweeps each side's pits
    /// into its own store. Returns true when it ended the game.
    bool finish_if_a_side_is_empty() noexcept;

    /// Counter-clockwise: player pits, player store, dealer pits, dealer store;
    /// then zero padding up to kCells.
    std::array<std::uint8_t, kCells> cells_{};
    std::uint8_t pits_ = 0;          ///< pits per side
    Side to_move_ = Side::player;    ///< see to_move()
    bool over_ = false;              ///< see over()
};

}  // namespace dealer::mancala
