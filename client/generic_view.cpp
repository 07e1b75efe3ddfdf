#include "client/generic_view.hpp"

#include <algorithm>
#include <array>

#include "client/game_menu.hpp"
#include "protocol/message.hpp"
#include "protocol/text_words.hpp"

namespace dealer::client {

using nlohmann::json;

namespace {

// The envelope, and what the client shows in its own lines (the text, the
// result banner, the commitment checks).
constexpr std::array<std::string_view, 9> kShownElsewhere = {"type", "game", "text", "over", "result",
                                                             "commit", "reveal", "id", "seq"};

bool shown_elsewhere(std::string_view key) {
    for (const std::string_view k : kShownElsewhere) {
        if (k == key) return true;
    }
    return false;
}

}  // namespace

std::string GenericView::show(const json& message) {
    last_ = message.is_object() ? message : json::object();
    return text_line(message, style_) + fields(message);
}

// One field a line, in the object's (sorted) order, indented under the text.
std::string GenericView::fields(const json& message) const {
    std::string out;
    if (!message.is_object()) return out;
    for (auto it = message.begin(); it != message.end(); ++it) {
        if (shown_elsewhere(it.key())) continue;
        out += "  " + style_.paint(Role::note, printable(it.key()) + ":") + " " + plain_value(it.value()) + "\n";
    }
    return out;
}

// A JSON object, key=value words, or anything else as {"input": LINE}.
MoveInput GenericView::read_move(std::string_view line) const {
    const std::string_view trimmed = protocol::trim_blanks(line);
    if (protocol::classify(trimmed) == protocol::LineKind::json) {
        json object = protocol::parse_untrusted(trimmed);
        if (object.is_discarded() || !object.is_object()) return {std::nullopt, "that is not a JSON object"};
        object.erase("type");
        return {std::move(object), {}};
    }
    const auto words = protocol::split_words(trimmed);
    const bool all_pairs = !words.empty() && std::all_of(words.begin(), words.end(), [](std::string_view w) {
        const auto eq = w.find('=');
        return eq != std::string_view::npos && eq > 0;
    });
    if (!all_pairs) return {json{{"input", std::string(trimmed)}}, {}};
    std::string why;
    auto fields = GameMenu::read_options(nullptr, words, why);
    if (!fields) return {std::nullopt, why};
    fields->erase("type");
    return {std::move(fields), {}};
}

std::string GenericView::move_help() const {
    return "this client does not know this game; a move is sent as you type it:\n"
           "  WORDS             sent as {\"input\": \"WORDS\"}, as dealerd does for nc players\n"
           "  key=value ...     sent as those fields (numbers and true/false typed)\n"
           "  {\"key\": ...}      a JSON object sent as the move's fields\n";
}

}  // namespace dealer::client
