// Any game the client does not know (a third-party plugin): the state's
// `text`, then its other fields one a line. A move is what the player
// types: a word goes as {"input": WORD} (what dealerd itself sends a game
// without text_to_move), key=value words set fields, and a JSON object is
// sent as the move's fields.
#pragma once

#include "client/game_view.hpp"

namespace dealer::client {

/// The view of a game without a view of its own.
class GenericView final : public GameView {
public:
    /// name: the game's name, for the prompt.
    GenericView(std::string name, const Style& style) : name_(std::move(name)), style_(style) {}

    std::string show_start(const nlohmann::json& start) override { return show(start); }
    std::string show_state(const nlohmann::json& state) override { return show(state); }
    [[nodiscard]] std::string prompt() const override { return printable(name_) + " move> "; }
    [[nodiscard]] MoveInput read_move(std::string_view line) const override;
    [[nodiscard]] std::string move_help() const override;
    [[nodiscard]] std::string redraw() const override { return fields(last_); }

private:
    /// Remembers and shows a start or state.
    std::string show(const nlohmann::json& message);
    /// The fields other than the envelope and those shown elsewhere.
    [[nodiscard]] std::string fields(const nlohmann::json& message) const;

    std::string name_;
    const Style& style_;
    nlohmann::json last_ = nlohmann::json::object();
};

}  // namespace dealer::client
