// The games on offer, from the server's `games` reply (or, when that is
// not to be had, the names in `welcome`): shown as a numbered menu, looked
// up by name or number, and the source of each option's type when the
// player writes `play rps rounds=5`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "client/style.hpp"

namespace dealer::client {

/// One game of the menu.
struct GameEntry {
    std::string name;         ///< what `play` takes
    std::string plugin;       ///< the plugin that makes it; picks the view
    std::string title;        ///< e.g. "Guess the number" ("" when unknown)
    std::string description;  ///< one sentence ("" when unknown)
    nlohmann::json options = nlohmann::json::object();  ///< player-settable options and their defaults
};

/// The numbered list of games.
class GameMenu {
public:
    /// Fills the menu from welcome's `games` names (no titles yet).
    void from_welcome(const nlohmann::json& welcome);

    /// Fills the menu from a `games` reply; false (menu unchanged) when the
    /// reply has no usable list.
    bool from_games(const nlohmann::json& reply);

    /// The game called `word`, or numbered `word` (from 1); nullptr if none.
    [[nodiscard]] const GameEntry* find(std::string_view word) const;

    /// The games, in the server's order.
    [[nodiscard]] const std::vector<GameEntry>& entries() const noexcept { return entries_; }

    /// The menu as lines for a person.
    [[nodiscard]] std::string render(const Style& style) const;

    /// "guess, mancala, password and rps"
    [[nodiscard]] std::string names() const;

    /// `key=value` words as a play request's options (or a generic move's
    /// fields), each value typed like the option's default (a number,
    /// true/false, or a string); an option the menu does not list (or no
    /// game) is typed by its look and left for the server to judge.
    /// nullopt and `why` for a word that is not key=value.
    static std::optional<nlohmann::json> read_options(const GameEntry* game, const std::vector<std::string_view>& words,
                                                      std::string& why);

private:
    std::vector<GameEntry> entries_;
};

}  // namespace dealer::client
