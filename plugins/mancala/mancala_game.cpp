#include "mancala_game.hpp"

#include <array>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <stdexcept>

namespace dealer::mancala {

namespace {

// The board as SPEC §5 shows it: index 0 the player's side, 1 the dealer's,
// each side's pits in sowing order.
sdk::json board_json(const Board& board) {
    sdk::json sides = sdk::json::array();
    for (const Side side : {Side::player, Side::dealer}) {
        sdk::json pits = sdk::json::array();
        for (int pit = 1; pit <= board.pits(); ++pit) pits.push_back(board.seeds(side, pit));
        sides.push_back(std::move(pits));
    }
    return {{"pits", std::move(sides)}, {"stores", {board.store(Side::player), board.store(Side::dealer)}}};
}

// Reads back a board this plugin wrote (render_text gets the reply it made);
// anything else is a broken reply and fails the game.
Board board_from_json(const sdk::json& reply) {
    const auto fail = [] { throw std::runtime_error("render_text: the reply has no valid board"); };
    const auto board = reply.find("board");
    if (board == reply.end() || !board->is_object()) fail();
    const auto pits = board->find("pits");
    const auto stores = board->find("stores");
    if (pits == board->end() || stores == board->end() || !pits->is_array() || pits->size() != 2 ||
        !stores->is_array() || stores->size() != 2) {
        fail();
    }
    std::array<std::array<int, kMaxPits>, 2> seeds{};
    std::array<int, 2> store{};
    const std::size_t count = (*pits)[0].is_array() ? (*pits)[0].size() : 0;
    int total = 0;
    for (std::size_t side = 0; side < 2; ++side) {
        const sdk::json& row = (*pits)[side];
        if (!row.is_array() || row.size() != count || count == 0 || count > static_cast<std::size_t>(kMaxPits)) fail();
        for (std::size_t pit = 0; pit < count; ++pit) {
            if (!row[pit].is_number_unsigned() || row[pit].get<std::uint64_t>() > kMaxTotalSeeds) fail();
            seeds[side][pit] = row[pit].get<int>();
            total += seeds[side][pit];
        }
        if (!(*stores)[side].is_number_unsigned() || (*stores)[side].get<std::uint64_t>() > kMaxTotalSeeds) fail();
        store[side] = (*stores)[side].get<int>();
        total += store[side];
    }
    if (total > kMaxTotalSeeds) fail();
    return Board::custom(std::span<const int>(seeds[0].data(), count), std::span<const int>(seeds[1].data(), count),
                         store[0], store[1], Side::player);
}

}  // namespace

// The host checked each option against its declared bounds and choices;
// the size of the whole board is a relation between two of them.
MancalaOptions parse_options(const sdk::json& options) {
    MancalaOptions parsed;
    parsed.pits = options.at("pits").get<int>();
    parsed.seeds = options.at("seeds").get<int>();
    if (2 * parsed.pits * parsed.seeds > kMaxTotalSeeds) {
        throw sdk::BadOption("pits x seeds must be at most " + std::to_string(kMaxTotalSeeds / 2) + " (" +
                             std::to_string(parsed.pits) + " x " + std::to_string(parsed.seeds) +
                             " is too many seeds for a reply to fit a UDP datagram)");
    }
    const auto first = options.at("first").get<std::string>();
    if (first != "player" && first != "dealer") throw sdk::BadOption("first must be player or dealer");
    parsed.first = first == "dealer" ? Side::dealer : Side::player;
    const auto level = level_from_name(options.at("level").get<std::string>());
    if (!level) throw sdk::BadOption("level must be easy, medium or hard");
    parsed.dealer.level = *level;
    parsed.dealer.think_ms = options.at("think_ms").get<std::uint32_t>();
    return parsed;
}

MancalaSession::MancalaSession(const MancalaOptions& options, Clock& clock, RandomSource& random)
    : board_(Board::start(options.pits, options.seeds, options.first)),
      dealer_(options.dealer),
      clock_(clock),
      random_(random) {}

// When the dealer moves first its whole first turn is played here, so the
// player's first state already shows it (SPEC §5: "dealer_moves" in start).
sdk::json MancalaSession::start() {
    TurnReport report;
    const bool dealer_first = board_.to_move() == Side::dealer;
    if (dealer_first) play_dealer_turn(report);
    return state_json(report, dealer_first);
}

// After the player's move (and at the start when the dealer opens): the
// dealer keeps moving while its extra turns last.
void MancalaSession::play_dealer_turn(TurnReport& report) {
    while (!board_.over() && board_.to_move() == Side::dealer) {
        const int pit = choose_move(board_, dealer_, clock_, random_);
        const SowResult sown = board_.sow(pit);
        report.dealer_pits.push_back(pit);
        report.dealer_captured += sown.captured;
    }
}

// The same fields for start and state (SPEC §5); "turn" only while the game
// goes on, "result" only once it is over.
sdk::json MancalaSession::state_json(const TurnReport& report, bool with_dealer_moves) const {
    sdk::json state;
    state["board"] = board_json(board_);
    if (with_dealer_moves) state["dealer_moves"] = report.dealer_pits;
    if (!board_.over()) state["turn"] = "player";
    state["over"] = board_.over();
    if (board_.over()) {
        const Outcome outcome = board_.outcome_for(Side::player);
        state["result"] = outcome == Outcome::win ? "win" : outcome == Outcome::lose ? "lose" : "draw";
    }
    state["text"] = describe_turn(report, board_);
    return state;
}

// Refusals name the pits that can be played, so a person can recover.
std::string MancalaSession::move_hint() const {
    std::array<std::uint8_t, kMaxPits> legal{};
    const int count = board_.legal_moves(legal);
    std::string pits;
    for (int i = 0; i < count; ++i) pits += (i == 0 ? "" : ", ") + std::to_string(legal[static_cast<std::size_t>(i)]);
    return "choose one of your pits that holds seeds: " + pits;
}

// A move must name one of the player's non-empty pits as a JSON integer;
// anything else is refused without changing the game (SPEC §4 illegal_move).
sdk::json MancalaSession::move(const sdk::json& request) {
    if (board_.over()) throw sdk::IllegalMove("the game is over");
    assert(board_.to_move() == Side::player);  // every state hands the turn back to the player
    const auto it = request.find("pit");
    if (it == request.end() || !it->is_number_integer()) {
        throw sdk::IllegalMove("a move names a pit by its number, e.g. {\"type\":\"move\",\"pit\":3}; " + move_hint());
    }
    // Integers above INT64_MAX arrive as unsigned; they are out of range anyway.
    const bool huge = it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX);
    const std::int64_t requested = huge ? INT64_MAX : it->get<std::int64_t>();
    if (requested < 1 || requested > board_.pits()) {
        throw sdk::IllegalMove("there is no pit " + it->dump() + ": your pits are 1 to " + std::to_string(board_.pits()));
    }
    const int pit = static_cast<int>(requested);
    if (!board_.is_legal(pit)) throw sdk::IllegalMove("pit " + std::to_string(pit) + " is empty; " + move_hint());

    TurnReport report;
    report.player_pit = pit;
    report.player_sowing = board_.sow(pit);
    play_dealer_turn(report);
    return state_json(report, true);
}

// Text mode: a whole number is a pit; whether it can be played is move()'s
// question, so that both forms get the same refusals.
sdk::json MancalaSession::text_to_move(std::string_view line) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    std::int64_t pit = 0;
    const char* end = line.data() + line.size();
    const auto [ptr, ec] = std::from_chars(line.data(), end, pit);
    if (line.empty() || ec != std::errc() || ptr != end) {
        throw sdk::IllegalMove("type the number of a pit to sow, 1 to " + std::to_string(board_.pits()));
    }
    return {{"pit", pit}};
}

// Draws the board the reply carries (not the session's), so that the text
// always shows what the JSON said.
std::string MancalaSession::render_text(dealer_reply_kind kind, const sdk::json& reply) {
    (void)kind;  // start and state read alike: the sentence, then the board
    const auto text = reply.find("text");
    std::string rendered = text != reply.end() && text->is_string() ? text->get<std::string>() : std::string();
    return rendered + "\n" + draw_board(board_from_json(reply));
}

// At load: the operator's options are checked once here, so that a bad
// table is a config error rather than a failure at every play.
MancalaGame::MancalaGame(const sdk::Host& host, const sdk::json& options) : clock_(host), random_(host) {
    (void)parse_options(options);
}

// Each play: the effective options include the player's first and level.
std::unique_ptr<sdk::Session> MancalaGame::open(const sdk::json& options, const sdk::SessionInfo&, sdk::json& start) {
    auto session = std::make_unique<MancalaSession>(parse_options(options), clock_, random_);
    start = session->start();
    return session;
}

}  // namespace dealer::mancala
