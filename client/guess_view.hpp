// The guess game (SPEC §5): shows the range the secret can still be in,
// narrowed by each "too low" and "too high", and the guesses made.
#pragma once

#include "client/game_view.hpp"

namespace dealer::client {

/// The view of a guess game.
class GuessView final : public GameView {
public:
    /// True when start has what this view needs: integer min and max.
    static bool fits(const nlohmann::json& start);

    explicit GuessView(const Style& style) : style_(style) {}

    std::string show_start(const nlohmann::json& start) override;
    std::string show_state(const nlohmann::json& state) override;
    [[nodiscard]] std::string prompt() const override;
    [[nodiscard]] MoveInput read_move(std::string_view line) const override;
    [[nodiscard]] std::string move_help() const override;
    [[nodiscard]] std::string redraw() const override;

    /// The smallest value the secret can still be.
    [[nodiscard]] long long low() const noexcept { return low_; }
    /// The largest value the secret can still be.
    [[nodiscard]] long long high() const noexcept { return high_; }

private:
    /// "the secret is between 3 and 7 (5 numbers)", and the guesses left.
    [[nodiscard]] std::string range_line() const;

    const Style& style_;
    long long min_ = 0;          ///< the game's bounds, for read_move's sentence
    long long max_ = 0;
    long long low_ = 0;          ///< what the hints still allow
    long long high_ = 0;
    long long max_guesses_ = 0;  ///< 0 = unlimited
    long long guesses_ = 0;      ///< accepted guesses so far
};

}  // namespace dealer::client
