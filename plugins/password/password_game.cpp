#include "password_game.hpp"

#include <string_view>

namespace dealer::password {

namespace {

// The sentence for a move that is not a login attempt.
constexpr const char* kHowToMove = "a move is {\"password\": \"...\"}: the password as a string";

// A password nobody knows yet, for a game configured without one (the
// built-in defaults offer every bundled game): 12 characters without
// look-alikes, told to the operator in the log.
std::string random_password(const sdk::Host& host) {
    static constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    std::string out;
    for (int i = 0; i < 12; ++i) out += kAlphabet[static_cast<std::size_t>(host.uniform(0, kAlphabet.size() - 1))];
    return out;
}

// Exactly one of `hash` and `password` decides the secret.
PasswordCheck read_secret(const sdk::Host& host, const sdk::json& options) {
    const std::string hash = options.value("hash", "");
    const std::string plain = options.value("password", "");
    if (!hash.empty() && !plain.empty()) throw sdk::BadOption("set either hash or password, not both");
    if (!hash.empty()) {
        std::string why;
        auto check = PasswordCheck::from_hash(hash, why);
        if (!check) throw sdk::BadOption(why);
        return std::move(*check);
    }
    if (!plain.empty()) {
        host.log(DEALER_LOG_WARN,
                 "a password game has a plain-text password in the config; put a hash there instead "
                 "(hash = \"...\" from dealerd --hash-password)");
        return PasswordCheck::from_plain(plain);
    }
    const std::string made_up = random_password(host);
    host.log(DEALER_LOG_WARN, "a password game has neither hash nor password set; its password for this run is '" +
                                  made_up + "' (set hash = \"...\" from dealerd --hash-password)");
    return PasswordCheck::from_plain(made_up);
}

PenaltyPolicy read_policy(const sdk::json& options) {
    PenaltyPolicy p;
    p.max_failures = options.at("max_failures").get<std::uint32_t>();
    p.window_ms = options.at("failure_window").get<std::uint64_t>();
    p.penalty_ms = options.at("penalty").get<std::uint64_t>();
    p.max_penalty_ms = options.at("max_penalty").get<std::uint64_t>();
    p.max_sources = options.at("max_sources").get<std::size_t>();
    if (p.penalty_ms > p.max_penalty_ms) throw sdk::BadOption("penalty must not be longer than max_penalty");
    return p;
}

// Whole seconds, rounded up, so a client that waits retry_after seconds is
// never early.
std::uint64_t seconds_up(std::uint64_t ms) { return (ms + 999) / 1000; }

}  // namespace

PasswordGame::PasswordGame(const sdk::Host& host, const sdk::json& options)
    : host_(host),
      check_(read_secret(host, options)),
      max_attempts_(options.at("max_attempts").get<std::int64_t>()),
      penalties_(read_policy(options)) {}

std::unique_ptr<sdk::Session> PasswordGame::open(const sdk::json&, const sdk::SessionInfo& info, sdk::json& start) {
    auto session = std::make_unique<PasswordSession>(*this, source_key(info.peer_address));
    start = session->start();
    return session;
}

PasswordSession::PasswordSession(PasswordGame& game, std::string source)
    : game_(game), source_(std::move(source)), attempts_left_(game.max_attempts()) {}

sdk::json PasswordSession::start() const {
    return {{"attempts_left", attempts_left_}, {"over", false}, {"text", "password required"}};
}

// The reply to a denial depends on nothing but the number of attempts left:
// it is byte for byte the same whatever was typed. A source serving a
// penalty is refused before its attempt is checked, and the refusal does
// not count as an attempt.
sdk::json PasswordSession::move(const sdk::json& request) {
    if (over_) throw sdk::IllegalMove("the game is over");
    auto it = request.find("password");
    if (it == request.end() || !it->is_string()) throw sdk::IllegalMove(kHowToMove);

    PenaltyTable& penalties = game_.penalties();
    if (const std::uint64_t wait = penalties.begin_attempt(source_, game_.host().monotonic_ms()); wait > 0) {
        // The host adds retry_after (JSON) or "(try again in N s)" (text).
        throw sdk::RateLimited("too many failed logins from your address", seconds_up(wait));
    }
    // matches() does not throw: the attempt begun above always ends here.
    const bool granted = game_.check().matches(it->get_ref<const std::string&>());
    const std::uint64_t penalty = penalties.end_attempt(source_, game_.host().monotonic_ms(), !granted);
    if (granted) {
        over_ = true;
        return {{"attempts_left", attempts_left_}, {"over", true}, {"result", "win"}, {"text", "access granted"}};
    }
    if (penalty > 0) {
        game_.host().log(DEALER_LOG_INFO, "too many failed logins from " + source_ + ": refused for " +
                                              std::to_string(seconds_up(penalty)) + " s");
    }
    --attempts_left_;
    over_ = attempts_left_ <= 0;
    sdk::json state = {{"attempts_left", attempts_left_}, {"over", over_}};
    if (over_) state["result"] = "lose";
    state["text"] = "access denied";
    return state;
}

sdk::json PasswordSession::text_to_move(std::string_view line) { return {{"password", std::string(line)}}; }

std::string PasswordSession::render_text(dealer_reply_kind kind, const sdk::json& reply) {
    const auto left = reply.value("attempts_left", std::int64_t{0});
    const std::string attempts = std::to_string(left) + (left == 1 ? " attempt" : " attempts");
    if (kind == DEALER_REPLY_START) return "password required (" + attempts + "): type it";
    const std::string text = reply.value("text", "");
    if (text == "access granted") return "access granted";
    if (reply.value("over", false)) return "access denied: no attempts left";
    return "access denied (" + attempts + " left)";
}

}  // namespace dealer::password
