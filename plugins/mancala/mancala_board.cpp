#include "mancala_board.hpp"

#include <cassert>
#include <cstring>

namespace dealer::mancala {

namespace {

// splitmix64's finaliser: a cheap, well-spread mix of one word.
constexpr std::uint64_t mix(std::uint64_t x) noexcept {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

}  // namespace

// The opening position of a game; the options were validated by the game,
// so a bad size here is a programming error.
Board Board::start(int pits, int seeds, Side first) {
    assert(pits >= 1 && pits <= kMaxPits);
    assert(seeds >= 1 && 2 * pits * seeds <= kMaxTotalSeeds);
    Board board;
    board.pits_ = static_cast<std::uint8_t>(pits);
    board.to_move_ = first;
    for (const Side side : {Side::player, Side::dealer}) {
        for (int pit = 1; pit <= pits; ++pit) board.cells_[board.pit_cell(side, pit)] = static_cast<std::uint8_t>(seeds);
    }
    return board;
}

// Tests and the benchmark set up positions by hand; a position with an
// empty side is finished at once, as the rules would have after the sowing
// that emptied it.
Board Board::custom(std::span<const int> player_pits, std::span<const int> dealer_pits, int player_store,
                    int dealer_store, Side to_move) {
    assert(player_pits.size() == dealer_pits.size());
    assert(!player_pits.empty() && player_pits.size() <= static_cast<std::size_t>(kMaxPits));
    Board board;
    board.pits_ = static_cast<std::uint8_t>(player_pits.size());
    board.to_move_ = to_move;
    int total = player_store + dealer_store;
    for (int pit = 1; pit <= board.pits_; ++pit) {
        const auto index = static_cast<std::size_t>(pit - 1);
        assert(player_pits[index] >= 0 && dealer_pits[index] >= 0);
        board.cells_[board.pit_cell(Side::player, pit)] = static_cast<std::uint8_t>(player_pits[index]);
        board.cells_[board.pit_cell(Side::dealer, pit)] = static_cast<std::uint8_t>(dealer_pits[index]);
        total += player_pits[index] + dealer_pits[index];
    }
    assert(player_store >= 0 && dealer_store >= 0 && total <= kMaxTotalSeeds);
    (void)total;
    board.cells_[board.store_cell(Side::player)] = static_cast<std::uint8_t>(player_store);
    board.cells_[board.store_cell(Side::dealer)] = static_cast<std::uint8_t>(dealer_store);
    board.finish_if_a_side_is_empty();
    return board;
}

// Twelve bytes at most: a loop is as fast as keeping a running count.
int Board::seeds_on_side(Side side) const noexcept {
    int sum = 0;
    const int first = pit_cell(side, 1);
    for (int cell = first; cell < first + pits_; ++cell) sum += cells_[cell];
    return sum;
}

// Constant through a game; the search reads it once to know what half is.
int Board::total_seeds() const noexcept {
    int sum = 0;
    for (const std::uint8_t seeds : cells_) sum += seeds;
    return sum;
}

// The game checks a player's pit with this before sowing it; sow() asserts it.
bool Board::is_legal(int pit) const noexcept {
    return !over_ && pit >= 1 && pit <= pits_ && cells_[pit_cell(to_move_, pit)] > 0;
}

// Into a fixed array, so that the search allocates nothing per position.
int Board::legal_moves(std::array<std::uint8_t, kMaxPits>& moves) const noexcept {
    if (over_) return 0;
    int count = 0;
    for (int pit = 1; pit <= pits_; ++pit) {
        if (cells_[pit_cell(to_move_, pit)] > 0) moves[static_cast<std::size_t>(count++)] = static_cast<std::uint8_t>(pit);
    }
    return count;
}

// Sowing `pit` by arithmetic alone: the mover's seeds travel a cycle of
// 2*pits+1 cells (every cell but the opponent's store), so the last seed
// lands `count` steps along it; a pit receives one seed per full lap.
MovePreview Board::preview(int pit) const noexcept {
    assert(is_legal(pit));
    const int count = cells_[pit_cell(to_move_, pit)];
    const int cycle = 2 * pits_ + 1;
    const int start = pit - 1;  // along the mover's cycle: own pits 0..pits-1, own store pits,
    const int laps = count < cycle ? 0 : count / cycle;  // no division, mostly
    int landing = start + count - laps * cycle;           // the opponent's pits after it
    if (landing >= cycle) landing -= cycle;
    MovePreview preview;
    preview.extra_turn = landing == pits_;
    // Each lap passes the store once; the rest does if it reaches it.
    preview.sown_to_store = laps + (start + count - laps * cycle >= pits_ ? 1 : 0);
    // A capture needs the landing pit to hold only the last seed: no full
    // lap (which would sow it too) unless the lap ends in the emptied pit itself.
    if (landing < pits_ && count <= cycle) {
        const bool wrapped = start + count >= cycle;  // the opponent's pits got a seed each
        const int before = count == cycle ? 0 : cells_[pit_cell(to_move_, landing + 1)];
        const int facing = cells_[pit_cell(opponent(to_move_), pits_ - landing)] + (wrapped ? 1 : 0);
        if (before == 0 && facing > 0) preview.captured = 1 + facing;
    }
    return preview;
}

// One move, in the order of SPEC §5: sow (whole laps at once, then the
// rest seed by seed), then the extra turn or the capture, then the end of
// the game, which may cut an extra turn short.
SowResult Board::sow(int pit) noexcept {
    assert(is_legal(pit));
    const Side mover = to_move_;
    const int from = pit_cell(mover, pit);
    int count = cells_[from];
    const int skipped = store_cell(opponent(mover));
    const int ring = 2 * pits_ + 2;
    const int cycle = ring - 1;
    cells_[from] = 0;

    if (count >= cycle) {
        const int laps = count / cycle;
        count -= laps * cycle;
        for (int cell = 0; cell < ring; ++cell) {
            if (cell != skipped) cells_[cell] = static_cast<std::uint8_t>(cells_[cell] + laps);
        }
    }
    // After whole laps alone the last seed fell in the emptied pit itself.
    int last = from;
    while (count-- > 0) {
        if (++last == ring) last = 0;
        if (last == skipped && ++last == ring) last = 0;
        ++cells_[last];
    }

    SowResult result;
    const int own_first = pit_cell(mover, 1);
    if (last == store_cell(mover)) {
        result.extra_turn = true;
    } else if (last >= own_first && last < own_first + pits_ && cells_[last] == 1) {
        // The pit holds only the last seed: it was empty when it landed.
        const int facing = 2 * pits_ - last;
        if (cells_[facing] > 0) {
            result.captured = 1 + cells_[facing];
            cells_[store_cell(mover)] = static_cast<std::uint8_t>(cells_[store_cell(mover)] + result.captured);
            cells_[last] = 0;
            cells_[facing] = 0;
        }
    }
    // Sowing only adds to the opponent's pits; only a capture can empty them.
    const bool ends = seeds_on_side(mover) == 0 || (result.captured > 0 && seeds_on_side(opponent(mover)) == 0);
    if (ends) {
        finish_if_a_side_is_empty();
        result.extra_turn = false;
        result.game_over = true;
        return result;
    }
    if (!result.extra_turn) to_move_ = opponent(mover);
    return result;
}

// Called after a sowing that may have emptied a side, and when a position
// is set up by hand.
bool Board::finish_if_a_side_is_empty() noexcept {
    if (seeds_on_side(Side::player) != 0 && seeds_on_side(Side::dealer) != 0) return false;
    for (const Side side : {Side::player, Side::dealer}) {
        int swept = 0;
        for (int pit = 1; pit <= pits_; ++pit) {
            swept += cells_[pit_cell(side, pit)];
            cells_[pit_cell(side, pit)] = 0;
        }
        cells_[store_cell(side)] = static_cast<std::uint8_t>(cells_[store_cell(side)] + swept);
    }
    over_ = true;
    return true;
}

// The game's "result" (the player's view) and the benchmark's tally.
Outcome Board::outcome_for(Side side) const noexcept {
    assert(over_);
    const int mine = store(side);
    const int theirs = store(opponent(side));
    return mine > theirs ? Outcome::win : mine < theirs ? Outcome::lose : Outcome::draw;
}

// Hashes the padded cells as four words: cheaper than incremental Zobrist
// keys here, since a sowing changes most cells anyway.
std::uint64_t Board::key() const noexcept {
    std::array<std::uint64_t, kCells / 8> words{};
    std::memcpy(words.data(), cells_.data(), kCells);
    std::uint64_t h = mix(static_cast<std::uint64_t>(to_move_) | (std::uint64_t{pits_} << 8) |
                          (std::uint64_t{over_} << 16));
    for (const std::uint64_t word : words) h = mix(h ^ word);
    return h;
}

}  // namespace dealer::mancala
