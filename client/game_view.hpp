// A game as the player sees it: what to print for the game's start and
// each state, the prompt for the next move, and how a typed line becomes a
// move. One view per bundled game, and a generic one for any other.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "client/style.hpp"

namespace dealer::client {

/// A typed line read as a move: the move's fields, or why it is not one.
struct MoveInput {
    std::optional<nlohmann::json> fields;  ///< e.g. {"guess":5}; "type" is added by the caller
    std::string error;                     ///< a sentence for the player when fields is empty
};

/// The view of one running game. Views never throw on what a server sends:
/// a missing or mistyped field is shown as missing, not trusted.
class GameView {
public:
    virtual ~GameView() = default;

    /// Lines to print for the game's opening state (the `start` reply).
    virtual std::string show_start(const nlohmann::json& start) = 0;

    /// Lines to print for the state after a move.
    virtual std::string show_state(const nlohmann::json& state) = 0;

    /// Lines shown last before the next move, after the commitment lines
    /// (rps: "round 2"); "" for most games.
    [[nodiscard]] virtual std::string footer() const { return {}; }

    /// The prompt for the next move, e.g. "guess [3-7]> " (without colour).
    [[nodiscard]] virtual std::string prompt() const = 0;

    /// The typed line as a move (a line that is not a /command).
    [[nodiscard]] virtual MoveInput read_move(std::string_view line) const = 0;

    /// One or two lines for /help: what to type as a move.
    [[nodiscard]] virtual std::string move_help() const = 0;

    /// Called with a move's fields when the move is sent, for views that
    /// need to know what was played (the server's state does not say).
    virtual void move_sent(const nlohmann::json& fields) { (void)fields; }

    /// True when what the player types must not be echoed or remembered.
    [[nodiscard]] virtual bool secret_input() const { return false; }

    /// Lines that show the game as it stands, for /show.
    [[nodiscard]] virtual std::string redraw() const = 0;
};

/// The view for a game made by `plugin` whose opening state is `start`:
/// the bundled games' own views when the start has their fields, else the
/// generic view (a third-party game, or a game that is not what its name says).
std::unique_ptr<GameView> make_game_view(std::string_view plugin, const nlohmann::json& start, const Style& style);

// --- helpers the views share ------------------------------------------------

/// json[key] as an integer, when it is one.
std::optional<long long> int_field(const nlohmann::json& object, std::string_view key);

/// json[key] as a string, when it is one.
std::optional<std::string> string_field(const nlohmann::json& object, std::string_view key);

/// True when the message says "over": true (the game ended).
bool is_over(const nlohmann::json& message);

/// json["text"] followed by a newline, or "" when there is none.
std::string text_line(const nlohmann::json& object, const Style& style, Role role = Role::heading);

/// A value as a person reads it: a string without quotes, anything else
/// as compact JSON.
std::string plain_value(const nlohmann::json& value);

}  // namespace dealer::client
