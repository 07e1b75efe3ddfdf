#include "guess_game.hpp"

#include <charconv>

namespace dealer::guess {

namespace {

// The sentence used for every refused guess, so that players learn the range.
std::string range_hint(const GuessOptions& o) {
    return "a guess is a whole number between " + std::to_string(o.min) + " and " + std::to_string(o.max);
}

}  // namespace

// The host has already checked types and per-option bounds against the
// descriptor; what is left is the relation between options.
GuessOptions parse_options(const sdk::json& options) {
    GuessOptions o;
    o.min = options.at("min").get<std::int64_t>();
    o.max = options.at("max").get<std::int64_t>();
    o.max_guesses = options.at("max_guesses").get<std::int64_t>();
    if (o.min > o.max) {
        throw sdk::BadOption("min (" + std::to_string(o.min) + ") must not be greater than max (" +
                             std::to_string(o.max) + ")");
    }
    return o;
}

GuessSession::GuessSession(const sdk::Host& host, const GuessOptions& options)
    : options_(options),
      secret_(host.uniform(options.min, options.max)),
      nonce_(host.nonce_hex()),
      commit_(host.commit(std::to_string(secret_), nonce_)) {}

sdk::json GuessSession::start() const {
    sdk::json start;
    start["min"] = options_.min;
    start["max"] = options_.max;
    start["max_guesses"] = options_.max_guesses;
    start["commit"] = commit_;
    start["over"] = false;
    start["text"] = "guess a number between " + std::to_string(options_.min) + " and " + std::to_string(options_.max);
    return start;
}

// A guess must be a JSON integer inside the range: anything else is refused
// without counting, as SPEC §4 says of illegal_move.
sdk::json GuessSession::move(const sdk::json& request) {
    if (over_) throw sdk::IllegalMove("the game is over");
    auto it = request.find("guess");
    if (it == request.end() || !it->is_number_integer()) throw sdk::IllegalMove(range_hint(options_));
    // Integers above INT64_MAX arrive as unsigned; they are out of range anyway.
    if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
        throw sdk::IllegalMove(range_hint(options_));
    }
    const auto guess = it->get<std::int64_t>();
    if (guess < options_.min || guess > options_.max) throw sdk::IllegalMove(range_hint(options_));

    ++guesses_;
    sdk::json state;
    state["guess"] = guess;
    state["guesses"] = guesses_;
    if (guess == secret_) {
        state["text"] = "found the secret";
        state["over"] = true;
        state["result"] = "win";
    } else {
        state["text"] = guess < secret_ ? "too low" : "too high";
        const bool out_of_guesses = options_.max_guesses > 0 && guesses_ >= options_.max_guesses;
        state["over"] = out_of_guesses;
        if (out_of_guesses) state["result"] = "lose";
    }
    over_ = state["over"].get<bool>();
    if (over_) state["reveal"] = {{"secret", secret_}, {"nonce", nonce_}};
    return state;
}

sdk::json GuessSession::text_to_move(std::string_view line) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    std::int64_t value = 0;
    const char* end = line.data() + line.size();
    auto [ptr, ec] = std::from_chars(line.data(), end, value);
    if (line.empty() || ec != std::errc() || ptr != end) throw sdk::IllegalMove(range_hint(options_));
    return {{"guess", value}};
}

std::string GuessSession::render_text(dealer_reply_kind kind, const sdk::json& reply) {
    std::string text = reply.value("text", "");
    if (kind == DEALER_REPLY_START) {
        if (options_.max_guesses > 0) text += " in at most " + std::to_string(options_.max_guesses) + " guesses";
        return text + "\n(commitment to the secret: " + commit_ + ")";
    }
    if (!reply.value("over", false)) return text;
    const std::string result = reply.value("result", "");
    text += result == "win" ? "\nyou win in " + std::to_string(guesses_) + " guesses."
                            : "\nno guesses left: you lose.";
    text += " the secret was " + std::to_string(secret_) + "; check: sha256(\"" + std::to_string(secret_) + ":" +
            nonce_ + "\") = " + commit_;
    return text;
}

GuessGame::GuessGame(const sdk::Host& host, const sdk::json& options) : host_(host) {
    (void)parse_options(options);
}

std::unique_ptr<sdk::Session> GuessGame::open(const sdk::json& options, const sdk::SessionInfo&, sdk::json& start) {
    auto session = std::make_unique<GuessSession>(host_, parse_options(options));
    start = session->start();
    return session;
}

}  // namespace dealer::guess
