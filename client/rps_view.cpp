#include "client/rps_view.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>

#include "protocol/text_words.hpp"

namespace dealer::client {

using nlohmann::json;

bool RpsView::fits(const json& start) {
    return int_field(start, "rounds").has_value() || int_field(start, "to_win").has_value();
}

// The match's rule in one line: how many round wins it takes.
std::string RpsView::show_start(const json& start) {
    to_win_ = int_field(start, "to_win").value_or(0);
    next_round_ = int_field(start, "round").value_or(1);
    you_ = dealer_ = ties_ = 0;
    std::string out = text_line(start, style_);
    if (to_win_ > 0) {
        out += "the first to win " + std::to_string(to_win_) + (to_win_ == 1 ? " round" : " rounds") +
               " takes the match; ties are replayed\n";
    }
    return out;
}

// The round line names both throws; the score comes from the server (the
// authority), not from counting here.
std::string RpsView::show_state(const json& state) {
    const auto round = int_field(state, "round");
    const auto you = string_field(state, "you").value_or("?");
    const auto dealer = string_field(state, "dealer").value_or("?");
    const auto outcome = string_field(state, "outcome").value_or("");
    std::string verdict = "a tie, replayed";
    Role role = Role::note;
    if (outcome == "win") {
        verdict = "you win the round";
        role = Role::good;
    } else if (outcome == "lose") {
        verdict = "the dealer wins the round";
        role = Role::bad;
    }
    std::string out = (round ? "round " + std::to_string(*round) + ": " : std::string()) + "you " +
                      style_.paint(Role::heading, printable(you)) + ", dealer " +
                      style_.paint(Role::heading, printable(dealer)) + " - " + style_.paint(role, verdict) + "\n";
    if (const auto score = state.find("score"); score != state.end() && score->is_object()) {
        you_ = int_field(*score, "you").value_or(you_);
        dealer_ = int_field(*score, "dealer").value_or(dealer_);
        ties_ = int_field(*score, "ties").value_or(ties_);
    }
    out += score_line();
    const long long played = round.value_or(next_round_);
    next_round_ = played < LLONG_MAX ? played + 1 : played;
    return out;
}

std::string RpsView::score_line() const {
    std::string line = "score: you " + style_.paint(Role::accent, std::to_string(you_)) + ", dealer " +
                       style_.paint(Role::accent, std::to_string(dealer_)) + ", ties " + std::to_string(ties_);
    if (to_win_ > 0) line += " (first to " + std::to_string(to_win_) + " wins the match)";
    return line + "\n";
}

// "r", "rock", "Rock" and " rock " are all rock.
MoveInput RpsView::read_move(std::string_view line) const {
    std::string word(protocol::trim_blanks(line));
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static constexpr std::array<std::string_view, 3> kThrows = {"rock", "paper", "scissors"};
    for (const std::string_view name : kThrows) {
        if (word == name || (word.size() == 1 && word[0] == name[0])) return {json{{"throw", name}}, {}};
    }
    return {std::nullopt, "type rock, paper or scissors (or r, p, s)"};
}

std::string RpsView::move_help() const {
    return "type rock, paper or scissors (or r, p, s); the dealer has already committed to its throw\n";
}

// The round the next throw plays, under the commitment made for it.
std::string RpsView::footer() const {
    return style_.paint(Role::heading, "round " + std::to_string(next_round_)) + "\n";
}

std::string RpsView::redraw() const { return score_line() + footer(); }

}  // namespace dealer::client
