#include "client/game_view.hpp"

#include <climits>

#include "client/generic_view.hpp"
#include "client/guess_view.hpp"
#include "client/mancala_view.hpp"
#include "client/password_view.hpp"
#include "client/rps_view.hpp"

namespace dealer::client {

using nlohmann::json;

// The plugin's name picks the view, and the start's fields confirm it: a
// bundled name on a game that does not look the part gets the generic view
// rather than a view that would show nonsense.
std::unique_ptr<GameView> make_game_view(std::string_view plugin, const json& start, const Style& style) {
    if (plugin == "guess" && GuessView::fits(start)) return std::make_unique<GuessView>(style);
    if (plugin == "rps" && RpsView::fits(start)) return std::make_unique<RpsView>(style);
    if (plugin == "mancala" && MancalaView::fits(start)) return std::make_unique<MancalaView>(style);
    if (plugin == "password") return std::make_unique<PasswordView>(style);
    return std::make_unique<GenericView>(string_field(start, "game").value_or(std::string(plugin)), style);
}

// An unsigned value beyond long long is treated as missing, not wrapped.
std::optional<long long> int_field(const json& object, std::string_view key) {
    if (!object.is_object()) return std::nullopt;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer()) return std::nullopt;
    if (it->is_number_unsigned() && it->get<unsigned long long>() > static_cast<unsigned long long>(LLONG_MAX)) {
        return std::nullopt;
    }
    return it->get<long long>();
}

std::optional<std::string> string_field(const json& object, std::string_view key) {
    if (!object.is_object()) return std::nullopt;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

bool is_over(const json& message) {
    if (!message.is_object()) return false;
    const auto over = message.find("over");
    return over != message.end() && over->is_boolean() && over->get<bool>();
}

std::string text_line(const json& object, const Style& style, Role role) {
    const auto text = string_field(object, "text");
    if (!text || text->empty()) return {};
    return style.paint(role, printable(*text)) + "\n";
}

// Strings unquoted, anything else compact; invalid UTF-8 replaced.
std::string plain_value(const json& value) {
    if (value.is_string()) return printable(value.get<std::string>());
    return printable(value.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace dealer::client
