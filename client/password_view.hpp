// The password game (SPEC §5): the whole line is the password, typed
// without echo on a terminal and never kept in the history.
#pragma once

#include "client/game_view.hpp"

namespace dealer::client {

/// The view of a password dialogue.
class PasswordView final : public GameView {
public:
    explicit PasswordView(const Style& style) : style_(style) {}

    std::string show_start(const nlohmann::json& start) override;
    std::string show_state(const nlohmann::json& state) override;
    [[nodiscard]] std::string prompt() const override { return "password> "; }
    [[nodiscard]] MoveInput read_move(std::string_view line) const override;
    [[nodiscard]] std::string move_help() const override;
    [[nodiscard]] bool secret_input() const override { return true; }
    [[nodiscard]] std::string redraw() const override;

private:
    /// "(2 attempts left)" when the server said, else "".
    [[nodiscard]] std::string attempts() const;

    const Style& style_;
    std::optional<long long> attempts_left_;
};

}  // namespace dealer::client
