// JSON messages of SPEC §4: decoding a request's envelope (type, id, seq)
// and encoding replies with the request's id and seq echoed. Shared by the
// daemon and the client.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "protocol/error_code.hpp"

namespace dealer::protocol {

/// Replies keep their keys in insertion order ("type" first) for people reading them.
using Reply = nlohmann::ordered_json;

/// How a line is to be read (SPEC §3).
enum class LineKind {
    blank,  ///< empty or only blanks: ignored
    json,   ///< first non-blank character is '{'
    text,   ///< anything else: a text command
};

/// Classifies a line by its first non-blank character.
LineKind classify(std::string_view line) noexcept;

/// The envelope fields every reply echoes.
struct Envelope {
    std::optional<nlohmann::json> id;   ///< the request's id, if it had a valid one
    std::optional<std::uint64_t> seq;   ///< the request's seq, if it had a valid one
};

/// A decoded JSON request: a JSON object with a string "type".
///
/// decode_request() reads the line without building a tree (simdjson, or
/// nlohmann's SAX parser for what simdjson leaves undecided): most requests (ping, a game's move) need only their type and
/// envelope, and a move is handed to its game as the player's own text.
/// The tree is parsed from `text` the first time object() is called.
struct Request {
    std::string type;       ///< the "type" member
    Envelope envelope;      ///< id and seq to echo
    /// The object's text, blanks around it trimmed. OWNERSHIP: points into
    /// the line given to decode_request(), valid only while that line is.
    std::string_view text;
    /// True when `text` may stand for the object as it is: no member holds
    /// an object or array, and no key is there twice (where a tree keeps
    /// the last value and another JSON reader might keep the first).
    bool flat = false;
    /// For a `play` that names its game with a string and has no "options"
    /// member, as the fast reading saw it: the game, so that the commonest
    /// `play` needs no tree. Empty otherwise, and the tree decides.
    std::optional<std::string> game_without_options;

    /// The whole object as a tree, parsed from `text` on first use.
    const nlohmann::json& object() const;

private:
    mutable std::optional<nlohmann::json> tree_;  ///< object(), once parsed
};

/// Why a line is not a valid request, with what can still be echoed.
struct DecodeError {
    ErrorCode code = ErrorCode::bad_json;  ///< bad_json or bad_message
    std::string text;                      ///< a human sentence
    Envelope envelope;                     ///< id/seq when they were readable
};

/// The deepest nesting of objects and arrays any JSON text dealerd reads
/// may have: the most `[limits] max_json_depth` allows, and the bound for
/// texts that are not a player's request (a plugin's output, a reply read
/// by a client). Deeper input is refused before it is parsed, so nothing
/// recursive ever walks it.
inline constexpr std::size_t kJsonDepthCeiling = 128;

/// The deepest nesting a player's request may have unless the config says
/// otherwise (`[limits] max_json_depth`).
inline constexpr std::size_t kDefaultMaxJsonDepth = 32;

/// True when the JSON text nests objects/arrays deeper than max_depth
/// (a linear scan that skips strings; it does not validate).
bool nests_deeper_than(std::string_view json_text, std::size_t max_depth) noexcept;

/// Parses untrusted JSON text (a client's line, a plugin's output) into
/// Json (nlohmann::json or Reply). The result is_discarded() when the text
/// is not valid JSON or nests deeper than kJsonDepthCeiling: deeper values
/// would make the recursive copy and dump() overflow the stack. A raw NUL
/// (never valid JSON) is refused first: nlohmann's lexer would take it for
/// the end of the text. Never throws.
template <class Json = nlohmann::json>
Json parse_untrusted(std::string_view text) {
    if (text.find('\0') != std::string_view::npos || nests_deeper_than(text, kJsonDepthCeiling)) {
        return Json(Json::value_t::discarded);
    }
    return Json::parse(text, nullptr, /*allow_exceptions=*/false);
}

/// Decodes a JSON line into req. Returns false and fills err on failure.
/// Nesting deeper than max_depth (at most kJsonDepthCeiling) is refused as
/// bad_json before anything copies or prints the line. req.text points into
/// line. Never throws.
bool decode_request(std::string_view line, Request& req, DecodeError& err,
                    std::size_t max_depth = kDefaultMaxJsonDepth);

/// decode_request()'s two paths, for the tests that hold them to one verdict.
/// The fast one (simdjson) returns false without a word for anything it
/// does not decide itself; the exact one (nlohmann's SAX parser) decides
/// everything.
bool decode_request_fast(std::string_view line, Request& req, std::size_t max_depth = kDefaultMaxJsonDepth);
bool decode_request_exact(std::string_view line, Request& req, DecodeError& err,
                          std::size_t max_depth = kDefaultMaxJsonDepth);

/// A reply object {"type": type}.
inline Reply make_reply(std::string_view type) {
    Reply r = Reply::object();
    r["type"] = type;
    return r;
}

/// An error reply {"type":"error","code":...,"text":...}.
Reply make_error(ErrorCode code, std::string_view text);

/// A rate_limited error reply with "retry_after": whole seconds to wait.
Reply make_rate_limited(std::string_view text, std::uint64_t retry_after);

/// Adds id and seq from env, serialises and appends "\n". Never throws:
/// invalid UTF-8 in strings is replaced.
std::string finish(Reply reply, const Envelope& env);

/// Serialises a reply that answers no request, with "\n".
std::string finish(const Reply& reply);

/// Appends s to out as a JSON string: printable ASCII without a quote or
/// backslash (a type, a game's usual name, a short id) between quotes as
/// it is; anything else escaped by nlohmann, invalid UTF-8 replaced.
void append_json_string(std::string& out, std::string_view s);

/// Closes a reply already serialised but for its closing brace (an
/// object's text up to its last member): appends env's id and seq, "}" and
/// "\n". Never throws (an id's invalid UTF-8 is replaced).
std::string finish_open(std::string open_object, const Envelope& env);

/// An error line in the form of the request it answers: a JSON error object
/// with env's id/seq when as_json, else the text line "error: <text>".
std::string error_line(ErrorCode code, std::string_view text, bool as_json, const Envelope& env = {});

/// The text-form error line of SPEC §6: "error: <text>\n", made valid UTF-8
/// (the text may echo what a player typed).
std::string text_error_line(std::string_view text);

}  // namespace dealer::protocol
