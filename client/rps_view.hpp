// Rock, paper, scissors (SPEC §5): both throws of each round, the round's
// number and outcome, and the score against the wins the match needs.
#pragma once

#include "client/game_view.hpp"

namespace dealer::client {

/// The view of an rps match.
class RpsView final : public GameView {
public:
    /// True when start looks like an rps match (it has "rounds" or "to_win").
    static bool fits(const nlohmann::json& start);

    explicit RpsView(const Style& style) : style_(style) {}

    std::string show_start(const nlohmann::json& start) override;
    std::string show_state(const nlohmann::json& state) override;
    [[nodiscard]] std::string footer() const override;
    [[nodiscard]] std::string prompt() const override { return "rock, paper or scissors> "; }
    [[nodiscard]] MoveInput read_move(std::string_view line) const override;
    [[nodiscard]] std::string move_help() const override;
    [[nodiscard]] std::string redraw() const override;

private:
    /// "score: you 1, dealer 0, ties 2 (first to 2 wins the match)"
    [[nodiscard]] std::string score_line() const;

    const Style& style_;
    long long to_win_ = 0;         ///< round wins the match needs; 0 = not said
    long long next_round_ = 1;     ///< the round the next throw plays
    long long you_ = 0, dealer_ = 0, ties_ = 0;
};

}  // namespace dealer::client
