#include "protocol/message.hpp"

#include <algorithm>
#include <charconv>

#include "protocol/json_scan.hpp"
#include "protocol/key_set.hpp"
#include "protocol/sax_reader.hpp"
#include "protocol/text_words.hpp"
#include "protocol/utf8.hpp"

namespace dealer::protocol {

LineKind classify(std::string_view line) noexcept {
    const std::string_view t = trim_blanks(line);
    if (t.empty()) return LineKind::blank;
    return t.front() == '{' ? LineKind::json : LineKind::text;
}

bool nests_deeper_than(std::string_view text, std::size_t max_depth) noexcept {
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth) return true;
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return false;
}

namespace {

// A SAX handler for nlohmann::json::sax_parse that reads what
// decode_request() needs of a request — its type, id and seq, whether it is
// flat — and builds nothing else. As in a parsed tree, a key given twice
// counts with its last value. It refuses nesting deeper than its max_depth
// as soon as it meets it, so no later step walks a deep value.
class RequestReader : public SaxReader {
public:
    using json = nlohmann::json;

    /// max_depth: the deepest nesting to accept (at most kJsonDepthCeiling).
    explicit RequestReader(std::size_t max_depth) noexcept : max_depth_(max_depth) {}

    bool null() { return scalar(nullptr); }
    bool boolean(bool b) { return scalar(b); }
    bool number_integer(json::number_integer_t n) { return scalar(n); }
    bool number_unsigned(json::number_unsigned_t n) {
        if (depth_ == 1 && member_ == Member::seq) seq_ = n;
        return scalar(n);
    }
    // An integer too large for 64 bits arrives here too, as the nearest
    // double: as an id it could not be echoed as sent, so it is refused.
    bool number_float(json::number_float_t x, const json::string_t& raw) {
        if (depth_ == 1 && member_ == Member::id && raw.find_first_of(".eE") == json::string_t::npos) {
            id_too_big_ = true;
            return true;
        }
        return scalar(x);
    }
    bool string(json::string_t& s) {
        if (depth_ == 1 && member_ == Member::type) {
            type_ = std::move(s);
            type_is_string_ = true;
            return true;
        }
        return scalar(s);
    }
    bool start_object(std::size_t) {
        if (depth_ == 0) is_object_ = true;
        return open();
    }
    bool start_array(std::size_t) { return open(); }
    bool key(json::string_t& k) {
        if (depth_ != 1) return true;
        if (!keys_.insert(k)) flat_ = false;
        // A key given again starts its member afresh: the last value counts.
        if (k == "type") {
            member_ = Member::type;
            has_type_ = true;
            type_is_string_ = false;
        } else if (k == "id") {
            member_ = Member::id;
            id_structured_ = false;
            id_too_big_ = false;
            id_.reset();
        } else if (k == "seq") {
            member_ = Member::seq;
            has_seq_ = true;
            seq_.reset();
        } else {
            member_ = Member::other;
        }
        return true;
    }

    /// Fills req or err once sax_parse() has returned `parsed`.
    bool conclude(bool parsed, std::string_view text, Request& req, DecodeError& err) {
        if (too_deep_) {
            err = {ErrorCode::bad_json, "JSON nested deeper than " + std::to_string(max_depth_) + " levels", {}};
            return false;
        }
        if (!parsed) {
            err = {ErrorCode::bad_json, "that line is not valid JSON", {}};
            return false;
        }
        if (!is_object_) {
            err = {ErrorCode::bad_message, "a message is a JSON object", {}};
            return false;
        }
        // The envelope is checked field by field so that an error reply can
        // still echo whatever part of it was valid: a bad seq does not lose
        // the id.
        Envelope env{std::move(id_), seq_};
        const char* problem = nullptr;
        if (id_structured_) problem = "\"id\" must be a string, number, boolean or null";
        else if (id_too_big_) problem = "\"id\" is an integer beyond 64 bits; send it as a string";
        else if (has_seq_ && !seq_) problem = "\"seq\" must be a non-negative integer";
        else if (!has_type_) problem = "a message needs a \"type\"";
        else if (!type_is_string_) problem = "\"type\" must be a string";
        if (problem != nullptr) {
            err = {ErrorCode::bad_message, problem, std::move(env)};
            return false;
        }
        req.type = std::move(type_);
        req.envelope = std::move(env);
        req.text = text;
        req.flat = flat_;
        return true;
    }

private:
    /// The top-level members a request's envelope is made of.
    enum class Member { other, type, id, seq };

    // A scalar value: the id when it is the id's.
    template <class T>
    bool scalar(T&& value) {
        if (depth_ == 1 && member_ == Member::id) id_ = json(std::forward<T>(value));
        return true;
    }

    // An object or array begins; a member holding one is not flat, and an
    // id holding one is not an id.
    bool open() {
        if (depth_ >= 1) flat_ = false;
        if (depth_ == 1 && member_ == Member::id) id_structured_ = true;
        if (++depth_ > max_depth_) {
            too_deep_ = true;
            return false;
        }
        return true;
    }

    Member member_ = Member::other;      ///< the top-level key last read
    bool is_object_ = false;             ///< the top-level value is an object
    std::size_t max_depth_;              ///< the deepest nesting allowed
    bool too_deep_ = false;              ///< nesting passed max_depth_: parsing stopped
    bool flat_ = true;                   ///< no member holds a container, no key is there twice
    KeySet keys_;                        ///< the top-level keys seen
    bool has_type_ = false;              ///< "type" is there
    bool type_is_string_ = false;        ///< ... and holds a string
    std::string type_;                   ///< ... which is this
    std::optional<json> id_;             ///< "id", when there and a scalar
    bool id_structured_ = false;         ///< "id" holds an object or array
    bool id_too_big_ = false;            ///< "id" is an integer beyond 64 bits
    bool has_seq_ = false;               ///< "seq" is there
    std::optional<std::uint64_t> seq_;   ///< ... and holds this non-negative integer
};

// JSON's blanks around a value.
std::string_view trim_json_blanks(std::string_view text) noexcept {
    constexpr std::string_view kBlanks = " \t\r\n";
    const std::size_t first = text.find_first_not_of(kBlanks);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(kBlanks) - first + 1);
}

}  // namespace

// The fast path: simdjson's reading of a request whose envelope is plainly
// valid — an object with a string "type", a scalar "id" if any, a positive
// "seq" if any, no key twice. Anything else (an error to report, a key
// given twice, "seq":0, which could have been written -0) returns false
// and is left to decode_request_exact(), which gives the same verdict on
// everything this accepts.
bool decode_request_fast(std::string_view line, Request& req, std::size_t max_depth) {
    const auto root = scan_json(line);
    simdjson::dom::object object;
    if (!root || root->get_object().get(object) != simdjson::SUCCESS) return false;
    KeySet keys;
    bool flat = true;
    std::string_view type;
    bool has_type = false;
    std::string_view game;
    bool game_is_string = false;
    bool has_options = false;
    Envelope env;
    for (const auto [key, value] : object) {
        if (!keys.insert(key)) return false;
        const auto kind = value.type();
        if (kind == simdjson::dom::element_type::OBJECT || kind == simdjson::dom::element_type::ARRAY) flat = false;
        if (key == "type") {
            if (value.get_string().get(type) != simdjson::SUCCESS) return false;
            has_type = true;
        } else if (key == "id") {
            switch (kind) {
                case simdjson::dom::element_type::STRING: env.id = value.get_string().value_unsafe(); break;
                case simdjson::dom::element_type::INT64: env.id = value.get_int64().value_unsafe(); break;
                case simdjson::dom::element_type::UINT64: env.id = value.get_uint64().value_unsafe(); break;
                case simdjson::dom::element_type::DOUBLE: env.id = value.get_double().value_unsafe(); break;
                case simdjson::dom::element_type::BOOL: env.id = value.get_bool().value_unsafe(); break;
                case simdjson::dom::element_type::NULL_VALUE: env.id = nullptr; break;
                default: return false;
            }
        } else if (key == "seq") {
            if (kind == simdjson::dom::element_type::UINT64) env.seq = value.get_uint64().value_unsafe();
            else if (kind == simdjson::dom::element_type::INT64 && value.get_int64().value_unsafe() > 0)
                env.seq = static_cast<std::uint64_t>(value.get_int64().value_unsafe());
            else return false;
        } else if (key == "game") {
            game_is_string = value.get_string().get(game) == simdjson::SUCCESS;
        } else if (key == "options") {
            has_options = true;
        }
    }
    if (!has_type) return false;
    // simdjson holds texts to kJsonDepthCeiling; a lower limit is checked
    // here, only when some member holds a container (a flat object is one
    // level deep). Too deep: the exact path says so.
    if (!flat && nests_deeper_than(line, max_depth)) return false;
    if (type == "play" && game_is_string && !has_options) req.game_without_options.emplace(game);
    else req.game_without_options.reset();
    req.type.assign(type);
    req.envelope = std::move(env);
    req.text = trim_json_blanks(line);
    req.flat = flat;
    return true;
}

// A raw NUL is never valid JSON, but nlohmann's lexer takes it for the end
// of the text and would accept what came before it: refused first.
bool decode_request_exact(std::string_view line, Request& req, DecodeError& err, std::size_t max_depth) {
    if (line.find('\0') != std::string_view::npos) {
        err = {ErrorCode::bad_json, "that line is not valid JSON", {}};
        return false;
    }
    RequestReader reader(std::min(max_depth, kJsonDepthCeiling));
    const bool parsed =
        nlohmann::json::sax_parse(line, &reader, nlohmann::json::input_format_t::json, /*strict=*/true);
    return reader.conclude(parsed, trim_json_blanks(line), req, err);
}

bool decode_request(std::string_view line, Request& req, DecodeError& err, std::size_t max_depth) {
    return decode_request_fast(line, req, max_depth) || decode_request_exact(line, req, err, max_depth);
}

const nlohmann::json& Request::object() const {
    // text was read whole by decode_request(): valid, and no deeper than its
    // max_depth, so this parse succeeds and nothing recursive goes deep.
    if (!tree_) tree_ = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    return *tree_;
}

Reply make_error(ErrorCode code, std::string_view text) {
    Reply r = make_reply("error");
    r["code"] = to_string(code);
    r["text"] = text;
    return r;
}

Reply make_rate_limited(std::string_view text, std::uint64_t retry_after) {
    Reply r = make_error(ErrorCode::rate_limited, text);
    r["retry_after"] = retry_after;
    return r;
}

std::string finish(Reply reply, const Envelope& env) {
    if (env.id) reply["id"] = *env.id;
    if (env.seq) reply["seq"] = *env.seq;
    return finish(reply);
}

std::string finish(const Reply& reply) {
    std::string line = reply.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    line.push_back('\n');
    return line;
}

void append_json_string(std::string& out, std::string_view s) {
    const bool plain =
        std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
    if (!plain) {
        out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
    }
    out += '"';
    out += s;
    out += '"';
}

namespace {

// Appends an unsigned or signed integer in decimal, as dump() writes it.
template <class Integer>
void append_integer(std::string& out, Integer n) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    out.append(digits, end);
}

// Appends an id (a scalar: see decode_request) as JSON text. The common
// kinds are written directly; a float takes dump(), which picks the
// shortest form that reads back the same.
void append_id(std::string& out, const nlohmann::json& id) {
    switch (id.type()) {
        case nlohmann::json::value_t::string: append_json_string(out, id.get_ref<const std::string&>()); return;
        case nlohmann::json::value_t::number_unsigned: append_integer(out, id.get<std::uint64_t>()); return;
        case nlohmann::json::value_t::number_integer: append_integer(out, id.get<std::int64_t>()); return;
        case nlohmann::json::value_t::boolean: out += id.get<bool>() ? "true" : "false"; return;
        case nlohmann::json::value_t::null: out += "null"; return;
        default: out += id.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); return;
    }
}

}  // namespace

std::string finish_open(std::string open_object, const Envelope& env) {
    // One allocation at most for the members below (a long string id aside).
    open_object.reserve(open_object.size() + 40);
    // "{" alone has no member yet: the envelope's first one takes no comma.
    bool first = !open_object.empty() && open_object.back() == '{';
    const auto member = [&](std::string_view key) {
        if (!first) open_object += ',';
        first = false;
        open_object += key;
    };
    if (env.id) {
        member("\"id\":");
        append_id(open_object, *env.id);
    }
    if (env.seq) {
        member("\"seq\":");
        append_integer(open_object, *env.seq);
    }
    open_object += "}\n";
    return open_object;
}

std::string error_line(ErrorCode code, std::string_view text, bool as_json, const Envelope& env) {
    return as_json ? finish(make_error(code, text), env) : text_error_line(text);
}

std::string text_error_line(std::string_view text) {
    std::string line = "error: ";
    line.append(to_valid_utf8(text)).push_back('\n');
    return line;
}

}  // namespace dealer::protocol
