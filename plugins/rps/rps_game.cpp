#include "rps_game.hpp"

#include <cassert>

namespace dealer::rps {

namespace {

// The sentence for every refused throw, so that players learn the words.
constexpr const char* kThrowHint = "a throw is \"rock\", \"paper\" or \"scissors\"";
constexpr const char* kTypedHint = "type rock, paper or scissors (or r, p, s)";

// The option's word for a strategy, as the player chose it.
std::string_view strategy_word(StrategyKind kind) { return kind == StrategyKind::random ? "random" : "adaptive"; }

// "the dealer wins the round" and friends, shared by the JSON text and the
// text-mode rendering so that both say the same thing.
std::string outcome_phrase(std::string_view outcome) {
    if (outcome == "win") return "you win the round";
    if (outcome == "lose") return "the dealer wins the round";
    return "a tie, replayed";
}

// How a player checks a reveal: the commitment is the SHA-256 of this text.
std::string check_phrase(std::string_view throw_word, std::string_view nonce, std::string_view commit) {
    return "sha256(\"" + std::string(throw_word) + ":" + std::string(nonce) + "\") = " + std::string(commit);
}

}  // namespace

// The host has already checked types, bounds and choices against the
// descriptor; a word it let through that is neither strategy would mean the
// descriptor and this code disagree.
RpsOptions parse_options(const sdk::json& options) {
    RpsOptions o;
    o.rounds = options.at("rounds").get<int>();
    const std::string strategy = options.at("strategy").get<std::string>();
    if (strategy == "random") o.strategy = StrategyKind::random;
    else if (strategy == "adaptive") o.strategy = StrategyKind::adaptive;
    else throw sdk::BadOption("strategy must be random or adaptive, not '" + strategy + "'");
    if (o.rounds < 1) throw sdk::BadOption("rounds must be at least 1");
    return o;
}

// Every random throw of a real game, the adaptive dealer's fallback included,
// comes from the host's CSPRNG through here.
std::uint32_t HostRandom::below(std::uint32_t n) {
    assert(n >= 1);
    return static_cast<std::uint32_t>(host_.uniform(0, static_cast<std::int64_t>(n) - 1));
}

// The first throw is dealt at once: start() must carry its commitment.
RpsSession::RpsSession(const sdk::Host& host, const RpsOptions& options, AdaptiveStrategy* learned)
    : host_(host), random_(host), options_(options), learned_(learned), match_(options.rounds) {
    assert((learned != nullptr) == (options.strategy == StrategyKind::adaptive));
    deal();
}

// The adaptive dealer lives in the player data so that it outlasts this
// match; the random one needs no memory and lives here.
Strategy& RpsSession::strategy() {
    if (learned_ != nullptr) return *learned_;
    return random_strategy_;
}

// Called at the start and after every round that did not end the match: the
// throw is fixed and committed before the player's throw of that round exists.
void RpsSession::deal() {
    dealer_throw_ = strategy().choose(random_);
    nonce_ = host_.nonce_hex();
    commit_ = host_.commit(name(dealer_throw_), nonce_);
}

// The reply to `play`: the match's terms and round 1's commitment, so the
// player holds it before throwing.
// (Built member by member: a braced list costs nlohmann about three times
// as much; see docs/plugins.md.)
sdk::json RpsSession::start() const {
    sdk::json start;
    start["rounds"] = options_.rounds;
    start["to_win"] = match_.wins_needed();
    start["strategy"] = strategy_word(options_.strategy);
    start["round"] = 1;
    start["commit"] = commit_;
    start["over"] = false;
    start["text"] = "best of " + std::to_string(options_.rounds) + ": rock, paper or scissors?";
    return start;
}

// The throw must be one of the three words exactly; anything else is refused
// before it touches the match, the strategy or the commitment (SPEC §4: an
// illegal move does not count).
sdk::json RpsSession::move(const sdk::json& request) {
    if (match_.over()) throw sdk::IllegalMove("the game is over");
    const auto it = request.find("throw");
    if (it == request.end() || !it->is_string()) throw sdk::IllegalMove(kThrowHint);
    const std::optional<Throw> player = parse_throw(it->get_ref<const std::string&>());
    if (!player) throw sdk::IllegalMove(kThrowHint);

    const Throw dealer = dealer_throw_;
    const Outcome outcome = match_.play(*player, dealer);
    strategy().observe(*player, dealer);
    const Score& score = match_.score();
    const bool over = match_.over();

    sdk::json state;
    state["round"] = match_.played();
    state["you"] = name(*player);
    state["dealer"] = name(dealer);
    state["outcome"] = name(outcome);
    {  // each reference dies before the next member may move state's storage
        sdk::json& tally = state["score"];
        tally["you"] = score.you;
        tally["dealer"] = score.dealer;
        tally["ties"] = score.ties;
    }
    {
        sdk::json& reveal = state["reveal"];
        reveal["throw"] = name(dealer);
        reveal["nonce"] = nonce_;
    }
    revealed_commit_ = commit_;
    if (!over) {
        deal();
        state["commit"] = commit_;
    }
    state["over"] = over;
    std::string text = std::string(name(*player)) + " vs " + std::string(name(dealer)) + ": " +
                       outcome_phrase(name(outcome)) + " (you " + std::to_string(score.you) + ", dealer " +
                       std::to_string(score.dealer) + ")";
    if (over) {
        state["result"] = match_.player_won() ? "win" : "lose";
        text += match_.player_won() ? "; you win the match" : "; the dealer wins the match";
    }
    state["text"] = text;
    return state;
}

// Text mode is for people: any case, and the one-letter forms of SPEC §6.
// Blanks around the word are dropped (the host trims too); blanks inside
// make it no throw.
sdk::json RpsSession::text_to_move(std::string_view line) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    std::string word;
    for (const char c : line) word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (word == "r") word = "rock";
    else if (word == "p") word = "paper";
    else if (word == "s") word = "scissors";
    if (!parse_throw(word)) throw sdk::IllegalMove(kTypedHint);
    return {{"throw", word}};
}

// render_text runs right after start() or move() made `reply`, so the
// session's revealed_commit_ belongs to the reveal in it. Each round's text
// shows its own check, so the final one need only show the last round's.
std::string RpsSession::render_text(dealer_reply_kind kind, const sdk::json& reply) {
    if (kind == DEALER_REPLY_START) {
        return "best of " + std::to_string(options_.rounds) + " against the " + std::string(strategy_word(options_.strategy)) +
               " dealer: first to " + std::to_string(match_.wins_needed()) +
               " round wins, ties replayed\nround 1: rock, paper or scissors? (r, p, s)\n(the dealer's throw is committed: " +
               commit_ + ")";
    }
    const sdk::json& score = reply.at("score");
    const std::string you = reply.at("you").get<std::string>();
    const std::string dealer = reply.at("dealer").get<std::string>();
    const std::string check = check_phrase(reply.at("reveal").at("throw").get<std::string>(),
                                           reply.at("reveal").at("nonce").get<std::string>(), revealed_commit_);
    std::string text = "round " + std::to_string(reply.at("round").get<int>()) + ": you " + you + ", dealer " +
                       dealer + ": " + outcome_phrase(reply.at("outcome").get<std::string>()) +
                       ". score: you " + std::to_string(score.at("you").get<int>()) + ", dealer " +
                       std::to_string(score.at("dealer").get<int>()) + ", ties " +
                       std::to_string(score.at("ties").get<int>());
    if (!reply.at("over").get<bool>()) {
        return text + "\n(reveal: " + check + ")\nround " + std::to_string(match_.played() + 1) +
               ": your throw? (the dealer's throw is committed: " + reply.at("commit").get<std::string>() + ")";
    }
    const bool won = reply.at("result") == "win";
    text += won ? "\nyou win the match " : "\nthe dealer wins the match ";
    text += std::to_string(score.at("you").get<int>()) + "-" + std::to_string(score.at("dealer").get<int>()) + ".";
    return text + "\nthe dealer's throws were committed in advance; reveal: " + check;
}

// Checked once at load, so a bad [games.NAME] table is a config error rather
// than a failure at every play.
RpsGame::RpsGame(const sdk::Host& host, const sdk::json& options) : host_(host) { (void)parse_options(options); }

// The random strategy keeps nothing, so only an adaptive match touches (and
// on the first one creates) the connection's player data.
std::unique_ptr<sdk::Session> RpsGame::open(const sdk::json& options, const sdk::SessionInfo& info,
                                            sdk::json& start) {
    const RpsOptions o = parse_options(options);
    AdaptiveStrategy* learned =
        o.strategy == StrategyKind::adaptive ? &info.player_data<RpsPlayerData>().adaptive : nullptr;
    auto session = std::make_unique<RpsSession>(host_, o, learned);
    start = session->start();
    return session;
}

}  // namespace dealer::rps
