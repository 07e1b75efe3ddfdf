#include "client/game_menu.hpp"

#include "client/game_view.hpp"
#include "protocol/text_words.hpp"

namespace dealer::client {

using nlohmann::json;

namespace {

std::string string_or_empty(const json& object, const char* key) { return string_field(object, key).value_or(""); }

}  // namespace

// The fallback menu: names only, each its own plugin.
void GameMenu::from_welcome(const json& welcome) {
    const auto games = welcome.find("games");
    if (games == welcome.end() || !games->is_array()) return;
    entries_.clear();
    for (const json& name : *games) {
        if (!name.is_string()) continue;
        GameEntry entry;
        entry.name = entry.plugin = name.get<std::string>();
        entries_.push_back(std::move(entry));
    }
}

// Entries without a name are skipped; a missing plugin is taken to be the
// game's name, as in dealerd's built-in defaults.
bool GameMenu::from_games(const json& reply) {
    const auto games = reply.find("games");
    if (games == reply.end() || !games->is_array()) return false;
    std::vector<GameEntry> entries;
    for (const json& game : *games) {
        if (!game.is_object()) continue;
        GameEntry entry;
        entry.name = string_or_empty(game, "name");
        if (entry.name.empty()) continue;
        entry.plugin = string_or_empty(game, "plugin");
        if (entry.plugin.empty()) entry.plugin = entry.name;
        entry.title = string_or_empty(game, "title");
        entry.description = string_or_empty(game, "description");
        if (const auto options = game.find("options"); options != game.end() && options->is_object()) {
            entry.options = *options;
        }
        entries.push_back(std::move(entry));
    }
    entries_ = std::move(entries);
    return true;
}

// A name wins over a number, so a game called "2" is still reachable.
const GameEntry* GameMenu::find(std::string_view word) const {
    for (const GameEntry& entry : entries_) {
        if (entry.name == word) return &entry;
    }
    const auto number = protocol::parse_integer(word);
    if (number && *number >= 1 && static_cast<std::uint64_t>(*number) <= entries_.size()) {
        return &entries_[static_cast<std::size_t>(*number - 1)];
    }
    return nullptr;
}

// Numbered, names in a column, the description and the player-settable
// options indented under each title.
std::string GameMenu::render(const Style& style) const {
    if (entries_.empty()) return "the server offers no games\n";
    std::size_t width = 0;
    for (const GameEntry& entry : entries_) width = std::max(width, entry.name.size());
    std::string out = style.paint(Role::heading, "games:") + "\n";
    const std::string indent(6 + width + 2, ' ');
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const GameEntry& entry = entries_[i];
        std::string number = std::to_string(i + 1);
        out += std::string(4 - std::min<std::size_t>(4, number.size()), ' ') + number + "  " +
               style.paint(Role::accent, printable(entry.name)) + std::string(width - entry.name.size(), ' ');
        if (!entry.title.empty()) out += "  " + style.paint(Role::heading, printable(entry.title));
        out += "\n";
        if (!entry.description.empty()) out += indent + printable(entry.description) + "\n";
        if (!entry.options.empty()) {
            std::string options;
            for (auto it = entry.options.begin(); it != entry.options.end(); ++it) {
                const std::string value = it->is_string() ? it->get<std::string>() : plain_value(*it);
                options += (options.empty() ? "" : " ") + it.key() + "=" + value;
            }
            out += indent + style.paint(Role::note, "options: " + printable(options)) + "\n";
        }
    }
    return out + "type a game's name or number to play it; play NAME key=value ... sets options\n";
}

// For sentences: "a, b and c".
std::string GameMenu::names() const {
    std::string out;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (i > 0) out += i + 1 == entries_.size() ? " and " : ", ";
        out += printable(entries_[i].name);
    }
    return out;
}

std::optional<json> GameMenu::read_options(const GameEntry* game, const std::vector<std::string_view>& words,
                                           std::string& why) {
    json options = json::object();
    for (const std::string_view word : words) {
        const auto eq = word.find('=');
        if (eq == std::string_view::npos || eq == 0) {
            why = "options are written key=value, not '" + printable(word) + "'";
            return std::nullopt;
        }
        const std::string key(word.substr(0, eq));
        const std::string_view text = word.substr(eq + 1);
        const json* declared = nullptr;
        if (game != nullptr) {
            if (const auto it = game->options.find(key); it != game->options.end()) declared = &*it;
        }
        const auto number = protocol::parse_integer(text);
        const auto flag = protocol::parse_boolean(text);
        if (declared != nullptr && declared->is_string()) options[key] = std::string(text);
        else if (number && (declared == nullptr || declared->is_number())) options[key] = *number;
        else if (flag && (declared == nullptr || declared->is_boolean())) options[key] = *flag;
        else options[key] = std::string(text);
    }
    return options;
}

}  // namespace dealer::client
