#include "hilo_game.hpp"

#include <cctype>

namespace hilo {

namespace {

using dealer::sdk::json;

constexpr const char* kHowToCall = "call higher or lower (h or l)";

// "h", "hi", "higher" and "l", "lo", "lower", any case, blanks around
// allowed; "" when the word is none of them.
std::string call_word(std::string_view word) {
    while (!word.empty() && std::isspace(static_cast<unsigned char>(word.front()))) word.remove_prefix(1);
    while (!word.empty() && std::isspace(static_cast<unsigned char>(word.back()))) word.remove_suffix(1);
    std::string lower;
    for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "h" || lower == "hi" || lower == "higher") return "higher";
    if (lower == "l" || lower == "lo" || lower == "lower") return "lower";
    return "";
}

// The call a move makes: {"call": "higher"} from a program, or
// {"input": "h"}, what clients that know nothing of hilo send for a typed
// line (the bundled client dealer does); "" when it makes none.
std::string call_of(const json& request) {
    if (auto it = request.find("call"); it != request.end())
        return it->is_string() && (*it == "higher" || *it == "lower") ? it->get<std::string>() : "";
    if (auto it = request.find("input"); it != request.end() && it->is_string())
        return call_word(it->get<std::string>());
    return "";
}

}  // namespace

// The whole run is dealt and committed to before the player sees a card:
// nothing the player calls can change what comes next.
HiloSession::HiloSession(const dealer::sdk::Host& host, std::int64_t rounds)
    : rounds_(rounds),
      run_(deal_run(host, static_cast<int>(rounds) + 1)),
      nonce_(host.nonce_hex()),
      commit_(host.commit(run_text(run_), nonce_)) {}

// The opening state the host sends as the reply to `play`.
json HiloSession::start() const {
    return {{"card", card_name(run_.front())},
            {"rounds", rounds_},
            {"streak", 0},
            {"commit", commit_},
            {"over", false},
            {"text", "the first card is " + card_name(run_.front()) + ": higher or lower?"}};
}

// A call is judged against the next card of the committed run. Aces are
// low; a card of the same rank loses, so the dealer's edge is the ties.
json HiloSession::move(const json& request) {
    if (over_) throw dealer::sdk::IllegalMove("the game is over");
    const std::string call = call_of(request);
    if (call.empty()) throw dealer::sdk::IllegalMove(kHowToCall);
    const Card& shown = run_[static_cast<std::size_t>(streak_)];
    const Card& next = run_[static_cast<std::size_t>(streak_ + 1)];
    const bool right = call == "higher" ? next.rank > shown.rank : next.rank < shown.rank;

    if (right) ++streak_;
    over_ = !right || streak_ == rounds_;

    json state{{"call", call},
               {"previous", card_name(shown)},
               {"card", card_name(next)},
               {"streak", streak_},
               {"rounds", rounds_},
               {"over", over_}};
    if (!right) {
        state["text"] = card_name(next) + (next.rank == shown.rank ? ": a tie, the dealer wins ties" : ": wrong");
        state["result"] = "lose";
    } else {
        state["text"] = card_name(next) + ": right (" + std::to_string(streak_) + " of " + std::to_string(rounds_) +
                        ")" + (over_ ? "" : ", higher or lower?");
        if (over_) state["result"] = "win";
    }
    if (over_) state["reveal"] = {{"cards", run_text(run_)}, {"nonce", nonce_}};
    return state;
}

// A line typed on netcat becomes {"call": ...}; any other line is refused
// with the sentence a bad JSON call gets, and the game goes on.
json HiloSession::text_to_move(std::string_view line) {
    const std::string call = call_word(line);
    if (call.empty()) throw dealer::sdk::IllegalMove(kHowToCall);
    return {{"call", call}};
}

// Text for netcat players: the state's sentence, and at the end the run and
// the exact string to hash, so the check needs nothing but sha256sum.
std::string HiloSession::render_text(dealer_reply_kind kind, const json& reply) {
    std::string text = reply.value("text", "");
    if (kind == DEALER_REPLY_START) {
        return text + " (" + std::to_string(rounds_) + " right calls in a row win)\n(commitment to the cards: " +
               commit_ + ")";
    }
    if (!reply.value("over", false)) return text;
    text += reply.value("result", "") == "win" ? "\nyou win: " + std::to_string(rounds_) + " right calls in a row."
                                               : "\nyou lose after " + std::to_string(streak_) + " right calls.";
    const std::string cards = run_text(run_);
    text += " the cards were " + cards + "; check: sha256(\"" + cards + ":" + nonce_ + "\") = " + commit_;
    return text;
}

// `rounds` is the only option, and the host has checked its bounds.
HiloGame::HiloGame(const dealer::sdk::Host& host, const json& /*options*/) : host_(host) {}

// Called for each `play`, with the player's options merged over the table's.
std::unique_ptr<dealer::sdk::Session> HiloGame::open(const json& options, const dealer::sdk::SessionInfo&,
                                                     json& start) {
    auto session = std::make_unique<HiloSession>(host_, options.at("rounds").get<std::int64_t>());
    start = session->start();
    return session;
}

}  // namespace hilo
