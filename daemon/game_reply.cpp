#include "daemon/game_reply.hpp"

#include <cstddef>

#include "protocol/json_scan.hpp"
#include "protocol/key_set.hpp"
#include "protocol/sax_reader.hpp"

namespace dealer {

namespace {

// The keys dealerd sets in every reply: a plugin's own are dropped.
bool is_host_key(std::string_view key) noexcept {
    return key == "type" || key == "game" || key == "id" || key == "seq";
}

bool is_result(std::string_view word) noexcept { return word == "win" || word == "lose" || word == "draw"; }

// The messages of both checks, so that they cannot drift apart.
constexpr const char* kNotAnObject = "reply is not a JSON object";
constexpr const char* kOverNotBoolean = "\"over\" is not a boolean";
constexpr const char* kStateWithoutOver = "state has no \"over\"";
constexpr const char* kTextNotString = "\"text\" is not a string";
constexpr const char* kNoResult = "a finished game has no valid \"result\"";

// A SAX handler for nlohmann::json::sax_parse that notes what check_game_text
// needs of the top-level members and builds nothing. As in the parsed tree,
// a key given twice counts with its last value.
class GameObjectReader : public protocol::SaxReader {
public:
    using json = nlohmann::json;

    bool null() { return value(Kind::other); }
    bool boolean(bool b) {
        if (depth_ == 1 && member_ == Member::over) over_value_ = b;
        return value(Kind::boolean);
    }
    bool number_integer(json::number_integer_t) { return value(Kind::other); }
    bool number_unsigned(json::number_unsigned_t) { return value(Kind::other); }
    bool number_float(json::number_float_t, const json::string_t&) { return value(Kind::other); }
    bool string(json::string_t& s) {
        if (depth_ == 1 && member_ == Member::result) result_ = s;
        return value(Kind::string);
    }
    bool start_object(std::size_t) {
        if (depth_ == 0) is_object_ = true;
        else if (!value(Kind::other)) return false;
        ++depth_;
        return true;
    }
    bool start_array(std::size_t) {
        if (depth_ == 0) return false;  // an array is not an object: stop here
        if (!value(Kind::other)) return false;
        ++depth_;
        return true;
    }
    bool key(json::string_t& k) {
        if (depth_ != 1) return true;
        member_ = k == "over" ? Member::over : k == "text" ? Member::text : k == "result" ? Member::result : Member::other;
        if (is_host_key(k)) host_key_ = true;
        if (!keys_.insert(k)) duplicate_ = true;  // maybe a false alarm: the tree is right either way
        return true;
    }

    /// The verdict, once sax_parse() returned true.
    void conclude(bool is_state, GameTextCheck& check) const {
        if (!is_object_) {
            check.why = kNotAnObject;
        } else if (over_ != Kind::none && over_ != Kind::boolean) {
            check.why = kOverNotBoolean;
        } else if (is_state && over_ == Kind::none) {
            check.why = kStateWithoutOver;
        } else if (text_ != Kind::none && text_ != Kind::string) {
            check.why = kTextNotString;
        } else if (over_ == Kind::boolean && over_value_ && (result_kind_ != Kind::string || !is_result(result_))) {
            check.why = kNoResult;
        } else {
            check.valid = true;
            check.over = over_ == Kind::boolean && over_value_;
            if (check.over) check.result = result_;
            check.spliceable = !host_key_ && !duplicate_;
        }
    }

private:
    /// What a member's value is.
    enum class Kind { none, boolean, string, other };
    /// Which top-level member a value belongs to.
    enum class Member { other, over, text, result };

    // A value began at the current depth: at depth 0 the top-level value
    // (must be the object), at depth 1 a member's.
    bool value(Kind kind) {
        if (depth_ == 0) return false;  // a scalar at the top: not an object
        if (depth_ != 1) return true;
        switch (member_) {
            case Member::over: over_ = kind; break;
            case Member::text: text_ = kind; break;
            case Member::result: result_kind_ = kind; break;
            case Member::other: break;
        }
        return true;
    }

    Member member_ = Member::other;  ///< the top-level key last read
    bool is_object_ = false;         ///< the top-level value is an object
    Kind over_ = Kind::none;         ///< what "over" holds (none: absent)
    bool over_value_ = false;        ///< "over", when a boolean
    Kind text_ = Kind::none;         ///< what "text" holds
    Kind result_kind_ = Kind::none;  ///< what "result" holds
    std::string result_;             ///< "result", when a string
    bool host_key_ = false;          ///< a key dealerd sets itself is there
    bool duplicate_ = false;         ///< a top-level key is there twice
    protocol::KeySet keys_;          ///< the top-level keys seen
};

// A reply is one line: a newline between tokens (JSON allows it) would end
// it early, so such an object goes through the tree and dump().
// (Two find()s, each a memchr(): find_first_of() tests every byte against
// the set one by one, about ten times the instructions on a game's reply.)
bool has_newline(std::string_view text) noexcept {
    return text.find('\n') != std::string_view::npos || text.find('\r') != std::string_view::npos;
}

}  // namespace

// The fast path decides only a well-formed object with every key once; an
// object with something to refuse or a key given twice is left to the
// exact path, for its message and for the tree's last-value rule.
bool check_game_text_fast(std::string_view output, bool is_state, GameTextCheck& check) {
    const auto root = protocol::scan_json(output);
    simdjson::dom::object object;
    if (!root || root->get_object().get(object) != simdjson::SUCCESS) return false;
    protocol::KeySet keys;
    bool host_key = false;
    bool has_over = false;
    bool over = false;
    std::string_view result;
    bool result_is_string = false;
    for (const auto [key, value] : object) {
        if (!keys.insert(key)) return false;
        if (is_host_key(key)) host_key = true;
        if (key == "over") {
            if (value.get_bool().get(over) != simdjson::SUCCESS) return false;
            has_over = true;
        } else if (key == "text") {
            if (!value.is_string()) return false;
        } else if (key == "result") {
            result_is_string = value.get_string().get(result) == simdjson::SUCCESS;
        }
    }
    if (is_state && !has_over) return false;
    if (over && (!result_is_string || !is_result(result))) return false;
    check.valid = true;
    check.over = over;
    if (over) check.result.assign(result);
    check.spliceable = !host_key && !has_newline(output);
    return true;
}

// nests_deeper_than() first, as for every untrusted text: the parser
// itself would recurse no deeper, but the tree path's dump() would.
GameTextCheck check_game_text_exact(std::string_view output, bool is_state) {
    GameTextCheck check;
    GameObjectReader reader;
    if (output.find('\0') != std::string_view::npos ||  // nlohmann's lexer stops at a NUL
        protocol::nests_deeper_than(output, protocol::kJsonDepthCeiling) ||
        !nlohmann::json::sax_parse(output, &reader, nlohmann::json::input_format_t::json, /*strict=*/true)) {
        check.why = kNotAnObject;
        return check;
    }
    reader.conclude(is_state, check);
    if (has_newline(output)) check.spliceable = false;
    return check;
}

GameTextCheck check_game_text(std::string_view output, bool is_state) {
    GameTextCheck check;
    if (check_game_text_fast(output, is_state, check)) return check;
    return check_game_text_exact(output, is_state);
}

bool check_game_object(std::string_view output, bool is_state, protocol::Reply& fields, bool& over,
                       std::string& why) {
    protocol::Reply parsed = protocol::parse_untrusted<protocol::Reply>(output);
    if (parsed.is_discarded() || !parsed.is_object()) {
        why = kNotAnObject;
        return false;
    }
    auto over_it = parsed.find("over");
    if (over_it != parsed.end() && !over_it->is_boolean()) {
        why = kOverNotBoolean;
        return false;
    }
    if (is_state && over_it == parsed.end()) {
        why = kStateWithoutOver;
        return false;
    }
    over = over_it != parsed.end() && over_it->get<bool>();
    if (auto text = parsed.find("text"); text != parsed.end() && !text->is_string()) {
        why = kTextNotString;
        return false;
    }
    if (over) {
        auto result = parsed.find("result");
        if (result == parsed.end() || !result->is_string() || !is_result(result->get_ref<const std::string&>())) {
            why = kNoResult;
            return false;
        }
    }
    fields = protocol::Reply::object();
    for (auto& [key, value] : parsed.items()) {
        if (!is_host_key(key)) fields[key] = std::move(value);
    }
    return true;
}

std::string splice_game_reply(std::string_view type, std::string_view game, std::string_view object_text) {
    // The object is valid JSON: its text starts with '{' and ends with '}',
    // blanks aside.
    const std::size_t open = object_text.find('{');
    const std::size_t close = object_text.rfind('}');
    std::string_view members = object_text.substr(open + 1, close - open - 1);
    const std::size_t first = members.find_first_not_of(" \t");
    members = first == std::string_view::npos ? std::string_view() : members.substr(first);
    std::string reply;
    reply.reserve(members.size() + game.size() + type.size() + 48);
    reply += "{\"type\":";
    protocol::append_json_string(reply, type);
    reply += ",\"game\":";
    protocol::append_json_string(reply, game);
    if (!members.empty()) {
        reply += ',';
        reply += members;
        while (reply.back() == ' ' || reply.back() == '\t') reply.pop_back();
    }
    return reply;
}

}  // namespace dealer
