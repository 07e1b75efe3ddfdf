#include "client/guess_view.hpp"

#include <algorithm>
#include <climits>

#include "protocol/text_words.hpp"

namespace dealer::client {

using nlohmann::json;

bool GuessView::fits(const json& start) {
    const auto lo = int_field(start, "min");
    const auto hi = int_field(start, "max");
    return lo && hi && *lo <= *hi;
}

namespace {

// Counts are kept within what a person can mean (and what JSON numbers
// hold exactly), so that no arithmetic on a server's value can overflow.
constexpr long long kMaxCount = 1LL << 53;

long long count_field(const json& object, std::string_view key, long long fallback) {
    const auto value = int_field(object, key);
    return value ? std::clamp(*value, 0LL, kMaxCount) : fallback;
}

}  // namespace

// The range starts as the game's bounds.
std::string GuessView::show_start(const json& start) {
    min_ = low_ = int_field(start, "min").value_or(0);
    max_ = high_ = int_field(start, "max").value_or(0);
    max_guesses_ = count_field(start, "max_guesses", 0);
    guesses_ = 0;
    return text_line(start, style_) + range_line();
}

// The hint narrows the range; a hint that contradicts the earlier ones is
// said out loud (the commitment check at the end will confirm it). A hint
// at the very end of the integers leaves nothing beyond it, without
// stepping past the end.
std::string GuessView::show_state(const json& state) {
    const auto guess = int_field(state, "guess");
    const auto text = string_field(state, "text").value_or("");
    guesses_ = count_field(state, "guesses", std::min(guesses_ + 1, kMaxCount));
    std::string out;
    const std::string said = printable(text);
    const Role role = text == "found the secret" ? Role::good : Role::accent;
    out += guess ? style_.paint(Role::heading, std::to_string(*guess)) + ": " + style_.paint(role, said) + "\n"
                 : style_.paint(role, said) + "\n";
    bool exhausted = false;  // the hint leaves no number at all
    if (guess && text == "too low" && *guess >= low_) {
        if (*guess == LLONG_MAX) exhausted = true;
        else low_ = *guess + 1;
    }
    if (guess && text == "too high" && *guess <= high_) {
        if (*guess == LLONG_MIN) exhausted = true;
        else high_ = *guess - 1;
    }
    // Hints that leave no number, or a "found" outside what the hints left.
    const bool contradiction =
        exhausted || low_ > high_ || (guess && text == "found the secret" && (*guess < low_ || *guess > high_));
    if (contradiction) out += style_.paint(Role::warning, "the dealer's hints contradict each other") + "\n";
    if (is_over(state)) {
        if (guess && text == "found the secret") {
            out += "found in " + std::to_string(guesses_) + (guesses_ == 1 ? " guess\n" : " guesses\n");
        } else if (const auto reveal = state.find("reveal"); reveal != state.end()) {
            // Out of guesses: the reveal tells what the secret was (and is checked).
            if (const auto secret = int_field(*reveal, "secret")) {
                out += "the secret was " + style_.paint(Role::accent, std::to_string(*secret)) + "\n";
            }
        }
        return out;
    }
    return contradiction ? out : out + range_line();
}

std::string GuessView::range_line() const {
    std::string line;
    if (low_ == high_) {
        line = "the secret must be " + style_.paint(Role::accent, std::to_string(low_));
    } else {
        // high_ - low_ can exceed long long only beyond the protocol's bounds (±2^53).
        const auto count = static_cast<unsigned long long>(high_) - static_cast<unsigned long long>(low_) + 1;
        line = "the secret is between " + style_.paint(Role::accent, std::to_string(low_)) + " and " +
               style_.paint(Role::accent, std::to_string(high_)) + " (" + std::to_string(count) + " numbers)";
    }
    if (max_guesses_ > 0) {
        const long long left = std::max(0LL, max_guesses_ - guesses_);
        line += "; " + std::to_string(left) + (left == 1 ? " guess left" : " guesses left");
    } else if (guesses_ > 0) {
        line += "; " + std::to_string(guesses_) + (guesses_ == 1 ? " guess so far" : " guesses so far");
    }
    return line + "\n";
}

std::string GuessView::prompt() const {
    return "guess [" + std::to_string(low_) + "-" + std::to_string(high_) + "]> ";
}

// The server judges the range; the client only refuses what is not a
// whole number (a leading "+" allowed, but not "+-5").
MoveInput GuessView::read_move(std::string_view line) const {
    std::string_view word = protocol::trim_blanks(line);
    if (word.starts_with('+') && word.size() > 1 && word[1] != '-') word.remove_prefix(1);
    const auto value = protocol::parse_integer(word);
    if (!value) {
        return {std::nullopt, "type a whole number between " + std::to_string(min_) + " and " + std::to_string(max_)};
    }
    return {json{{"guess", *value}}, {}};
}

std::string GuessView::move_help() const {
    return "type a whole number: your guess at the dealer's secret (the range it can still be in is shown)\n";
}

std::string GuessView::redraw() const { return range_line(); }

}  // namespace dealer::client
