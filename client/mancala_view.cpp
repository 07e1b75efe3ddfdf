#include "client/mancala_view.hpp"

#include "mancala_text.hpp"
#include "protocol/text_words.hpp"

namespace dealer::client {

using nlohmann::json;
using mancala::Board;
using mancala::Side;

namespace {

// The largest seed count one cell of the engine's board holds.
constexpr long long kMaxCell = 255;

// A row of pits, when every entry is a count a cell holds.
std::optional<std::vector<int>> read_row(const json& row) {
    if (!row.is_array() || row.empty() || row.size() > static_cast<std::size_t>(mancala::kMaxPits)) return std::nullopt;
    std::vector<int> pits;
    for (const json& cell : row) {
        if (!cell.is_number_integer() || cell.get<long long>() < 0 || cell.get<long long>() > kMaxCell) {
            return std::nullopt;
        }
        pits.push_back(cell.get<int>());
    }
    return pits;
}

// The "board" of a start or state as the engine's Board, with `to_move`;
// nullopt for anything the engine cannot hold (checked here, because the
// engine asserts its preconditions instead of checking them).
std::optional<Board> read_board(const json& message, Side to_move) {
    const auto board = message.find("board");
    if (board == message.end() || !board->is_object()) return std::nullopt;
    const auto pits = board->find("pits");
    const auto stores = board->find("stores");
    if (pits == board->end() || stores == board->end() || !pits->is_array() || pits->size() != 2 ||
        !stores->is_array() || stores->size() != 2) {
        return std::nullopt;
    }
    const auto player = read_row((*pits)[0]);
    const auto dealer = read_row((*pits)[1]);
    if (!player || !dealer || player->size() != dealer->size()) return std::nullopt;
    long long total = 0;
    for (const json& store : *stores) {
        if (!store.is_number_integer() || store.get<long long>() < 0 || store.get<long long>() > kMaxCell) {
            return std::nullopt;
        }
        total += store.get<long long>();
    }
    for (const int seeds : *player) total += seeds;
    for (const int seeds : *dealer) total += seeds;
    if (total > mancala::kMaxTotalSeeds) return std::nullopt;
    return Board::custom(*player, *dealer, (*stores)[0].get<int>(), (*stores)[1].get<int>(), to_move);
}

// The pits the dealer played, in order; non-integers are dropped (the
// replay then fails and the server's board is shown).
std::vector<int> dealer_moves(const json& message) {
    std::vector<int> pits;
    const auto moves = message.find("dealer_moves");
    if (moves == message.end() || !moves->is_array()) return pits;
    for (const json& pit : *moves) {
        if (pit.is_number_integer() && pit.get<long long>() >= 0 && pit.get<long long>() <= mancala::kMaxPits) {
            pits.push_back(pit.get<int>());
        } else {
            pits.push_back(0);
        }
    }
    return pits;
}

// The position before a dealer-first opening: every pit holds the same
// number of seeds, so that number is the board's total over its pits.
std::optional<Board> opening_before(const Board& after) {
    const int pits = after.pits();
    const int total = after.total_seeds();
    if (total % (2 * pits) != 0 || total == 0) return std::nullopt;
    return Board::start(pits, total / (2 * pits), Side::dealer);
}

// Cells and side to move aside, two boards show the same seeds.
bool same_seeds(const Board& a, const Board& b) {
    if (a.pits() != b.pits()) return false;
    for (const Side side : {Side::player, Side::dealer}) {
        if (a.store(side) != b.store(side)) return false;
        for (int pit = 1; pit <= a.pits(); ++pit) {
            if (a.seeds(side, pit) != b.seeds(side, pit)) return false;
        }
    }
    return true;
}

// "you sow pit 3: last seed in your store, move again"
std::string caption(bool dealer, int pit, const mancala::SowResult& result) {
    std::string text = dealer ? "the dealer sows pit " : "you sow pit ";
    text += std::to_string(pit);
    if (result.captured > 0) text += ", capturing " + std::to_string(result.captured) + " seeds";
    if (result.extra_turn) text += dealer ? ": last seed in its store, it moves again" : ": last seed in your store, move again";
    return text;
}

}  // namespace

bool MancalaView::fits(const json& start) { return read_board(start, Side::player).has_value(); }

std::string MancalaView::show_start(const json& start) {
    const auto after = read_board(start, Side::player);
    if (!after) return text_line(start, style_);
    // As after every turn: the boards, then the sentence that ends "your turn".
    const auto dealer_pits = dealer_moves(start);
    std::string out = show_turn(dealer_pits.empty() ? std::nullopt : opening_before(*after), 0, dealer_pits, *after);
    board_ = after;
    return out + text_line(start, style_);
}

// The board before this turn is the one the last start or state carried.
std::string MancalaView::show_state(const json& state) {
    const auto after = read_board(state, Side::player);
    std::string out;
    if (after) {
        out = show_turn(board_, pit_sent_, dealer_moves(state), *after);
        board_ = after;
    }
    pit_sent_ = 0;
    return out + text_line(state, style_);
}

// Each sowing is replayed with the engine's rules and drawn; a replay that
// goes wrong at any step (an illegal pit, the wrong side to move) or ends
// elsewhere than the server's board is abandoned for the server's board.
std::string MancalaView::show_turn(const std::optional<Board>& before, int player_pit,
                                   const std::vector<int>& dealer_pits, const Board& after) {
    std::string steps;
    bool replayed = before.has_value() && (player_pit > 0 || !dealer_pits.empty());
    if (replayed) {
        Board board = *before;
        std::vector<std::pair<bool, int>> sowings;
        if (player_pit > 0) sowings.emplace_back(false, player_pit);
        for (const int pit : dealer_pits) sowings.emplace_back(true, pit);
        for (const auto& [dealer, pit] : sowings) {
            const Side mover = dealer ? Side::dealer : Side::player;
            if (board.over() || board.to_move() != mover || !board.is_legal(pit)) {
                replayed = false;
                break;
            }
            const auto result = board.sow(pit);
            steps += style_.paint(dealer ? Role::bad : Role::good, caption(dealer, pit, result)) + "\n" + draw(board);
        }
        replayed = replayed && same_seeds(board, after);
    }
    if (replayed) return steps;
    std::string out;
    if (before.has_value() && (player_pit > 0 || !dealer_pits.empty())) {
        out += style_.paint(Role::note, "(the turn could not be replayed here; the server's board:)") + "\n";
    }
    return out + draw(after);
}

// The engine draws the board as dealerd's text mode does, so nc players and
// dealer users see one layout; colour marks the rows.
std::string MancalaView::draw(const Board& board) const {
    const std::string text = mancala::draw_board(board);
    std::string out;
    std::size_t row = 0;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find('\n', begin);
        if (end == std::string::npos) end = text.size();
        const std::string_view line(text.data() + begin, end - begin);
        const bool numbers = row == 0 || row == 4;
        const bool player = row == 3;
        out += numbers ? style_.paint(Role::note, line) : player ? style_.paint(Role::accent, line) : std::string(line);
        out += "\n";
        ++row;
        begin = end + 1;
    }
    return out;
}

std::string MancalaView::prompt() const {
    const int pits = board_ ? board_->pits() : 6;
    return "pit 1-" + std::to_string(pits) + "> ";
}

// Any whole number goes to the server, which names the playable pits when
// it refuses one.
MoveInput MancalaView::read_move(std::string_view line) const {
    const auto pit = protocol::parse_integer(protocol::trim_blanks(line));
    const int pits = board_ ? board_->pits() : 6;
    if (!pit) return {std::nullopt, "type the number of one of your pits, 1 to " + std::to_string(pits)};
    return {json{{"pit", *pit}}, {}};
}

// The pit in flight, for the replay of the turn its state will show.
void MancalaView::move_sent(const json& fields) {
    const auto pit = int_field(fields, "pit");
    pit_sent_ = pit && *pit > 0 && *pit <= mancala::kMaxPits ? static_cast<int>(*pit) : 0;
}

std::string MancalaView::move_help() const {
    return "type the number of one of your pits (the bottom row, numbered below it) to sow its seeds\n"
           "counter-clockwise; your store is on the right, the dealer's on the left\n";
}

std::string MancalaView::redraw() const { return board_ ? draw(*board_) : std::string(); }

}  // namespace dealer::client
