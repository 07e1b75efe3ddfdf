// Unit tests for the JSON messages of SPEC §4 (protocol/message.hpp),
// error codes (protocol/error_code.hpp) and text words
// (protocol/text_words.hpp): every bad_json/bad_message case, the id and seq
// rules, reply key order, invalid UTF-8 in replies, and line classification.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/error_code.hpp"
#include "protocol/message.hpp"
#include "protocol/text_words.hpp"
#include "tests/unit/damaged_json.hpp"

namespace protocol = dealer::protocol;
using protocol::ErrorCode;
using protocol::LineKind;

namespace {

// Decodes a line that must be refused; returns the error.
protocol::DecodeError refused(std::string_view line, std::size_t max_depth = protocol::kDefaultMaxJsonDepth) {
    protocol::Request req;
    protocol::DecodeError err;
    CHECK_FALSE(protocol::decode_request(line, req, err, max_depth));
    CHECK_FALSE(err.text.empty());
    return err;
}

// Decodes a line that must be accepted.
protocol::Request accepted(std::string_view line, std::size_t max_depth = protocol::kDefaultMaxJsonDepth) {
    protocol::Request req;
    protocol::DecodeError err;
    CHECK(protocol::decode_request(line, req, err, max_depth));
    return req;
}

}  // namespace

TEST_CASE("decode_request: bad_json") {
    for (std::string_view line : {"{", "{\"type\":\"ping\"", "{\"type\":ping}", "{\"type\":\"ping\"} x",
                                  "{\"type\":\"ping\",}", "{'type':'ping'}", "{\"type\":\"\xff\"}"}) {
        CAPTURE(line);
        const auto err = refused(line);
        CHECK(err.code == ErrorCode::bad_json);
        CHECK_FALSE(err.envelope.id.has_value());
        CHECK_FALSE(err.envelope.seq.has_value());
    }
}

TEST_CASE("decode_request: bad_message for a wrong envelope") {
    SUBCASE("not an object") {
        for (std::string_view line : {"[1,2]", "\"ping\"", "42", "null"}) {
            CAPTURE(line);
            CHECK(refused(line).code == ErrorCode::bad_message);
        }
    }
    SUBCASE("no type") {
        const auto err = refused(R"({"game":"guess"})");
        CHECK(err.code == ErrorCode::bad_message);
        CHECK(err.text.find("type") != std::string::npos);
    }
    SUBCASE("type not a string") {
        for (std::string_view line : {R"({"type":5})", R"({"type":null})", R"({"type":["ping"]})",
                                      R"({"type":{"a":1}})", R"({"type":true})"}) {
            CAPTURE(line);
            CHECK(refused(line).code == ErrorCode::bad_message);
        }
    }
    SUBCASE("structured id is refused and not echoed") {
        for (std::string_view line : {R"({"type":"ping","id":[1]})", R"({"type":"ping","id":{"a":1}})"}) {
            CAPTURE(line);
            const auto err = refused(line);
            CHECK(err.code == ErrorCode::bad_message);
            CHECK(err.text.find("id") != std::string::npos);
            CHECK_FALSE(err.envelope.id.has_value());
        }
    }
    SUBCASE("a bad seq is refused; a valid id is still echoed") {
        for (std::string_view line : {R"({"type":"ping","id":"r1","seq":-1})", R"({"type":"ping","id":"r1","seq":1.5})",
                                      R"({"type":"ping","id":"r1","seq":"1"})", R"({"type":"ping","id":"r1","seq":null})",
                                      R"({"type":"ping","id":"r1","seq":[1]})", R"({"type":"ping","id":"r1","seq":1.0})"}) {
            CAPTURE(line);
            const auto err = refused(line);
            CHECK(err.code == ErrorCode::bad_message);
            CHECK(err.text.find("seq") != std::string::npos);
            REQUIRE(err.envelope.id.has_value());
            CHECK(*err.envelope.id == "r1");
            CHECK_FALSE(err.envelope.seq.has_value());
        }
    }
    SUBCASE("a missing type still echoes id and seq") {
        const auto err = refused(R"({"id":7,"seq":3})");
        CHECK(err.code == ErrorCode::bad_message);
        REQUIRE(err.envelope.id.has_value());
        CHECK(*err.envelope.id == 7);
        REQUIRE(err.envelope.seq.has_value());
        CHECK(*err.envelope.seq == 3);
    }
    SUBCASE("a structured id keeps a valid seq") {
        const auto err = refused(R"({"type":"ping","id":[1],"seq":9})");
        REQUIRE(err.envelope.seq.has_value());
        CHECK(*err.envelope.seq == 9);
    }
}

TEST_CASE("decode_request: a valid request") {
    const auto req = accepted(R"(  {"type":"move","guess":5,"id":"a","seq":12}  )");
    CHECK(req.type == "move");
    CHECK(req.object().at("guess") == 5);
    REQUIRE(req.envelope.id.has_value());
    CHECK(*req.envelope.id == "a");
    REQUIRE(req.envelope.seq.has_value());
    CHECK(*req.envelope.seq == 12);

    const auto bare = accepted(R"({"type":"ping"})");
    CHECK(bare.type == "ping");
    CHECK_FALSE(bare.envelope.id.has_value());
    CHECK_FALSE(bare.envelope.seq.has_value());

    // Any string is a type here; unknown types are the session's business.
    CHECK(accepted(R"({"type":""})").type.empty());
}

// A play that names its game and sets no options is dealt without a tree;
// whatever else the object holds, the session reads the tree instead.
TEST_CASE("decode_request: a play without options carries its game") {
    const auto plain = accepted(R"({"type":"play","game":"guess","id":4})");
    REQUIRE(plain.game_without_options.has_value());
    CHECK(*plain.game_without_options == "guess");
    const auto escaped = accepted(R"({"game":"gu\u00e9ss","type":"play"})");
    REQUIRE(escaped.game_without_options.has_value());
    CHECK(*escaped.game_without_options == "gu\xc3\xa9ss");

    CHECK_FALSE(accepted(R"({"type":"play","game":"guess","options":{"max":5}})").game_without_options);
    CHECK_FALSE(accepted(R"({"type":"play","game":"guess","options":3})").game_without_options);
    CHECK_FALSE(accepted(R"({"type":"play","game":7})").game_without_options);
    CHECK_FALSE(accepted(R"({"type":"play"})").game_without_options);
    CHECK_FALSE(accepted(R"({"type":"move","game":"guess"})").game_without_options);
    // A key given twice goes down the exact path, which leaves it to the tree.
    CHECK_FALSE(accepted(R"({"type":"play","game":"guess","game":"rps"})").game_without_options);
}

TEST_CASE("decode_request: the request's text, and whether it may stand for the object") {
    SUBCASE("a flat request keeps its own text, blanks around it trimmed") {
        const std::string line = " \t{\"type\":\"move\", \"guess\":5, \"seq\":2, \"note\":\"\\u00e9\"}\r";
        const auto req = accepted(line);
        CHECK(req.flat);
        CHECK(req.text == "{\"type\":\"move\", \"guess\":5, \"seq\":2, \"note\":\"\\u00e9\"}");
        CHECK(req.text.data() >= line.data());  // a view into the line, not a copy
        CHECK(req.object() == nlohmann::json::parse(req.text));
        CHECK(req.object().at("note") == "\xc3\xa9");
    }
    SUBCASE("a member holding an object or array is not flat") {
        for (std::string_view line : {R"({"type":"play","game":"guess","options":{"max":5}})",
                                      R"({"type":"move","pits":[1,2]})", R"({"type":"move","o":{}})"}) {
            CAPTURE(line);
            const auto req = accepted(line);
            CHECK_FALSE(req.flat);
            CHECK(req.object() == nlohmann::json::parse(line));
        }
    }
    SUBCASE("a key given twice is not flat, and its last value counts, as in the tree") {
        for (std::string_view line : {R"({"type":"move","guess":1,"guess":9})", R"({"type":"x","type":"move"})",
                                      R"({"type":"move","id":"a","id":"b","seq":1,"seq":3})"}) {
            CAPTURE(line);
            const auto req = accepted(line);
            CHECK_FALSE(req.flat);
            CHECK(req.type == "move");
            const auto tree = nlohmann::json::parse(line);
            CHECK(req.object() == tree);
            if (tree.contains("id")) {
                CHECK(*req.envelope.id == "b");
                CHECK(*req.envelope.seq == 3);
            }
        }
        // The last value decides the envelope's verdict too.
        CHECK(refused(R"({"type":"ping","seq":1,"seq":-1})").code == ErrorCode::bad_message);
        CHECK(*accepted(R"({"type":"ping","seq":-1,"seq":1})").envelope.seq == 1);
        CHECK(refused(R"({"type":"ping","id":1,"id":[1]})").code == ErrorCode::bad_message);
        CHECK(*accepted(R"({"type":"ping","id":[1],"id":2})").envelope.id == 2);
        CHECK(refused(R"({"type":"ping","type":5})").code == ErrorCode::bad_message);
    }
    SUBCASE("keys and values deeper down are not the envelope's") {
        const auto req = accepted(R"({"type":"move","o":{"type":1,"id":[2],"seq":-3}})");
        CHECK(req.type == "move");
        CHECK_FALSE(req.envelope.id.has_value());
        CHECK_FALSE(req.envelope.seq.has_value());
    }
    SUBCASE("more keys than the duplicate check holds: not flat, still decoded") {
        std::string line = R"({"type":"move")";
        for (int i = 0; i < 40; ++i) line += ",\"k" + std::to_string(i) + "\":" + std::to_string(i);
        line += "}";
        const auto req = accepted(line);
        CHECK_FALSE(req.flat);
        CHECK(req.object().size() == 41);
    }
}

// {"type":"move","v": then levels-1 arrays: the object is level 1.
std::string nested_request(std::size_t levels) {
    std::string line = R"({"type":"move","v":)";
    line += std::string(levels - 1, '[') + std::string(levels - 1, ']') + "}";
    return line;
}

TEST_CASE("decode_request: nesting deeper than the default limit is bad_json, up to it is fine") {
    const std::string deepest = nested_request(protocol::kDefaultMaxJsonDepth);
    const auto req = accepted(deepest);  // req.text points into deepest
    CHECK(req.object().at("v").is_array());
    const auto err = refused(nested_request(protocol::kDefaultMaxJsonDepth + 1));
    CHECK(err.code == ErrorCode::bad_json);
    CHECK(err.text == "JSON nested deeper than 32 levels");
    // Refused as soon as the depth is passed, even with the rest unfinished.
    CHECK(refused(std::string(100000, '[')).text.find("deeper") != std::string::npos);
}

TEST_CASE("decode_request: the depth limit is the caller's, both paths agree, and the ceiling holds") {
    for (const std::size_t limit : {std::size_t{2}, std::size_t{5}, std::size_t{64}, protocol::kJsonDepthCeiling}) {
        CAPTURE(limit);
        const std::string deepest = nested_request(limit);
        const auto req = accepted(deepest, limit);
        CHECK(req.object().at("v").is_array());
        const std::string deeper = nested_request(limit + 1);
        const auto err = refused(deeper, limit);
        CHECK(err.code == ErrorCode::bad_json);
        CHECK(err.text == "JSON nested deeper than " + std::to_string(limit) + " levels");
        protocol::Request fast;
        CHECK_FALSE(protocol::decode_request_fast(deeper, fast, limit));
        CHECK(protocol::decode_request_fast(deepest, fast, limit));
    }
    // A flat request is one level deep: accepted under the lowest limit.
    CHECK(accepted(R"({"type":"ping","id":"[[["})", 1).type == "ping");
    CHECK(refused(R"({"type":"play","game":"guess","options":{}})", 1).code == ErrorCode::bad_json);
    // A limit above the ceiling is held to the ceiling.
    CHECK(refused(nested_request(protocol::kJsonDepthCeiling + 1), 1000).text ==
          "JSON nested deeper than " + std::to_string(protocol::kJsonDepthCeiling) + " levels");
}

TEST_CASE("decode_request: a raw NUL makes a line bad_json, on both paths, whatever came before it") {
    using namespace std::string_literals;
    for (const std::string& line : {R"({"type":"ping"})"s + '\0' + R"({"type":"games"})"s,
                                   R"({"type":"ping","id":1})"s + '\0' + "\xff\xfe"s,
                                   R"({"type":"move","call":"heads"})"s + '\0',
                                   R"({"type":"pi)"s + '\0' + R"(ng"})"s}) {
        CAPTURE(line);
        CHECK(refused(line).code == ErrorCode::bad_json);
        protocol::Request fast;
        CHECK_FALSE(protocol::decode_request_fast(line, fast));
    }
}

TEST_CASE("decode_request: an integer id beyond 64 bits is refused, not rounded") {
    for (const char* id : {"18446744073709551616", "99999999999999999999999", "-9223372036854775809"}) {
        CAPTURE(id);
        const auto err = refused(std::string(R"({"type":"ping","id":)") + id + "}");
        CHECK(err.code == ErrorCode::bad_message);
        CHECK(err.text == "\"id\" is an integer beyond 64 bits; send it as a string");
        CHECK_FALSE(err.envelope.id.has_value());
    }
    // The largest 64-bit integers, a decimal and an exponent are ids as before.
    CHECK(accepted(R"({"type":"ping","id":18446744073709551615})").envelope.id == 18446744073709551615ULL);
    CHECK(accepted(R"({"type":"ping","id":-9223372036854775808})").envelope.id == INT64_MIN);
    CHECK(accepted(R"({"type":"ping","id":1e30})").envelope.id == 1e30);
    // A refused id given again counts with its last value.
    CHECK(accepted(R"({"type":"ping","id":18446744073709551616,"id":"x"})").envelope.id == "x");
}

TEST_CASE("decode_request: seq bounds") {
    CHECK(*accepted(R"({"type":"ping","seq":0})").envelope.seq == 0);
    CHECK(*accepted(R"({"type":"ping","seq":18446744073709551615})").envelope.seq == UINT64_MAX);
}

TEST_CASE("ids of every scalar type are echoed unchanged") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"("abc")", R"("abc")"}, {"17", "17"},      {"-4", "-4"},     {"2.5", "2.5"},
        {"true", "true"},         {"false", "false"}, {"null", "null"}, {R"("")", R"("")"},
    };
    for (const auto& [id, echoed] : cases) {
        CAPTURE(id);
        const auto req = accepted(R"({"type":"ping","id":)" + id + "}");
        REQUIRE(req.envelope.id.has_value());
        const std::string line = protocol::finish(protocol::make_reply("pong"), req.envelope);
        CHECK(line == R"({"type":"pong","id":)" + echoed + "}\n");
    }
}

TEST_CASE("finish_open writes the envelope as finish() does, for every kind of id") {
    const std::vector<nlohmann::json> ids = {
        "abc", "", "with \"quotes\" and \\", "tab\there", "caf\xc3\xa9", std::string("bad\xff"), 17, 0, -4,
        INT64_MIN, UINT64_MAX, 2.5, -0.0, 1e300, 0.1, true, false, nullptr,
    };
    for (const auto& id : ids) {
        CAPTURE(id.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        for (const bool with_seq : {false, true}) {
            protocol::Envelope env;
            env.id = id;
            if (with_seq) env.seq = 18446744073709551615ULL;
            CHECK(protocol::finish_open(R"({"type":"pong")", env) == protocol::finish(protocol::make_reply("pong"), env));
        }
    }
}

TEST_CASE("finish: type first, the reply's fields in order, id and seq last") {
    protocol::Reply r = protocol::make_reply("state");
    r["game"] = "guess";
    r["over"] = false;
    r["text"] = "too low";
    protocol::Envelope env;
    env.seq = 4;
    env.id = "x";
    CHECK(protocol::finish(r, env) == R"({"type":"state","game":"guess","over":false,"text":"too low","id":"x","seq":4})"
                                      "\n");
    CHECK(protocol::finish(r, {}) == R"({"type":"state","game":"guess","over":false,"text":"too low"})"
                                     "\n");
    CHECK(protocol::finish(r) == R"({"type":"state","game":"guess","over":false,"text":"too low"})"
                                 "\n");

    protocol::Envelope only_seq;
    only_seq.seq = 0;
    CHECK(protocol::finish(protocol::make_reply("pong"), only_seq) == "{\"type\":\"pong\",\"seq\":0}\n");
}

TEST_CASE("make_error and error codes") {
    CHECK(protocol::finish(protocol::make_error(ErrorCode::unknown_game, "no such game")) ==
          R"({"type":"error","code":"unknown_game","text":"no such game"})"
          "\n");
    const std::vector<std::pair<ErrorCode, std::string_view>> names = {
        {ErrorCode::bad_json, "bad_json"},         {ErrorCode::bad_message, "bad_message"},
        {ErrorCode::unknown_type, "unknown_type"}, {ErrorCode::unknown_game, "unknown_game"},
        {ErrorCode::bad_option, "bad_option"},     {ErrorCode::not_in_game, "not_in_game"},
        {ErrorCode::in_game, "in_game"},           {ErrorCode::illegal_move, "illegal_move"},
        {ErrorCode::line_too_long, "line_too_long"}, {ErrorCode::rate_limited, "rate_limited"},
        {ErrorCode::server_busy, "server_busy"},   {ErrorCode::internal, "internal"},
    };
    for (const auto& [code, name] : names) {
        CAPTURE(name);
        CHECK(protocol::to_string(code) == name);
        CHECK(protocol::closes_session(code) == (name == "line_too_long" || name == "server_busy"));
        CHECK(protocol::error_code_from_string(name) == code);
    }
    CHECK_FALSE(protocol::error_code_from_string("busy"));
    CHECK_FALSE(protocol::error_code_from_string(""));
}

TEST_CASE("parse_integer and parse_boolean read words as text commands do") {
    CHECK(protocol::parse_integer("42") == 42);
    CHECK(protocol::parse_integer("-7") == -7);
    CHECK(protocol::parse_integer("9223372036854775807") == INT64_MAX);
    for (const std::string_view bad : {"", "+5", " 5", "5 ", "4.5", "0x10", "--1", "9223372036854775808", "seven"}) {
        CAPTURE(bad);
        CHECK_FALSE(protocol::parse_integer(bad));
    }
    for (const std::string_view yes : {"true", "yes", "on"}) CHECK(protocol::parse_boolean(yes) == true);
    for (const std::string_view no : {"false", "no", "off"}) CHECK(protocol::parse_boolean(no) == false);
    CHECK_FALSE(protocol::parse_boolean("True"));
    CHECK_FALSE(protocol::parse_boolean("1"));
}

TEST_CASE("finish replaces invalid UTF-8 and still produces valid JSON") {
    protocol::Reply r = protocol::make_reply("state");
    r["text"] = std::string("bad \xff\xfe byte");
    protocol::Envelope env;
    env.id = std::string("id\xc3");  // a truncated two-byte sequence
    std::string line;
    CHECK_NOTHROW(line = protocol::finish(r, env));
    REQUIRE_FALSE(line.empty());
    CHECK(line.back() == '\n');
    const auto parsed = nlohmann::json::parse(line, nullptr, false);
    REQUIRE_FALSE(parsed.is_discarded());
    CHECK(parsed["type"] == "state");
    CHECK(parsed["text"].get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD
    CHECK(parsed["text"].get<std::string>().find('\xff') == std::string::npos);
    CHECK(parsed["id"].is_string());
}

TEST_CASE("text_error_line") {
    CHECK(protocol::text_error_line("no game called 'x'") == "error: no game called 'x'\n");
    CHECK(protocol::text_error_line("") == "error: \n");
}

TEST_CASE("classify") {
    CHECK(protocol::classify("") == LineKind::blank);
    CHECK(protocol::classify("   ") == LineKind::blank);
    CHECK(protocol::classify(" \t ") == LineKind::blank);
    CHECK(protocol::classify("{") == LineKind::json);
    CHECK(protocol::classify("  \t{\"type\":\"ping\"}") == LineKind::json);
    CHECK(protocol::classify("{not json") == LineKind::json);
    CHECK(protocol::classify("help") == LineKind::text);
    CHECK(protocol::classify("  play guess") == LineKind::text);
    CHECK(protocol::classify("[1]") == LineKind::text);
    CHECK(protocol::classify("x {") == LineKind::text);
}

TEST_CASE("split_words and trim_blanks") {
    using Words = std::vector<std::string_view>;
    CHECK(protocol::split_words("") == Words{});
    CHECK(protocol::split_words(" \t ") == Words{});
    CHECK(protocol::split_words("play") == Words{"play"});
    CHECK(protocol::split_words("  play\tguess   min=3 ") == Words{"play", "guess", "min=3"});
    CHECK(protocol::split_words("\"a b\"") == Words{"\"a", "b\""});  // no quoting

    CHECK(protocol::trim_blanks("") == "");
    CHECK(protocol::trim_blanks(" \t x y \t") == "x y");
    CHECK(protocol::trim_blanks("abc") == "abc");
    CHECK(protocol::trim_blanks("\nabc\n") == "\nabc\n");  // only spaces and tabs are blanks

    CHECK(protocol::is_blank(""));
    CHECK(protocol::is_blank(" \t"));
    CHECK_FALSE(protocol::is_blank(" x "));
}

namespace {

// The fast path's verdict on line, checked against the exact path's: where
// the fast one decides, the exact one must accept with the same request.
// Returns whether the fast path decided.
bool fast_agrees_with_exact(std::string_view line) {
    protocol::Request fast;
    protocol::Request exact;
    protocol::DecodeError err;
    const bool exact_ok = protocol::decode_request_exact(line, exact, err);
    if (!protocol::decode_request_fast(line, fast)) return false;
    CAPTURE(line);
    REQUIRE(exact_ok);
    CHECK(fast.type == exact.type);
    CHECK(fast.text == exact.text);
    CHECK(fast.flat == exact.flat);
    CHECK(fast.envelope.seq == exact.envelope.seq);
    REQUIRE(fast.envelope.id.has_value() == exact.envelope.id.has_value());
    if (fast.envelope.id) CHECK(fast.envelope.id->dump() == exact.envelope.id->dump());
    return true;
}

}  // namespace

TEST_CASE("decode_request: the fast path (simdjson) decides the common requests") {
    for (std::string_view line : {R"({"type":"ping"})", R"({"type":"ping","seq":17})", R"({"type":"move","guess":5,"id":3})",
                                  R"({"type":"move","pit":2,"id":"a","seq":9})", R"({"type":"play","game":"guess"})",
                                  R"( {"type":"play","game":"rps","options":{"rounds":5}} )"}) {
        CAPTURE(line);
        CHECK(fast_agrees_with_exact(line));
    }
}

TEST_CASE("decode_request: the fast path never disagrees with the exact one") {
    // Texts at the edges of what the two parsers read differently.
    const std::vector<std::string> edges = {
        R"({"type":"ping","seq":0})", R"({"type":"ping","seq":-0})", R"({"type":"ping","seq":-1})",
        R"({"type":"ping","seq":1.0})", R"({"type":"ping","seq":18446744073709551615})",
        R"({"type":"ping","seq":18446744073709551616})", R"({"type":"ping","seq":9223372036854775808})",
        R"({"type":"ping","id":-0})", R"({"type":"ping","id":-0.0})", R"({"type":"ping","id":1e-400})",
        R"({"type":"ping","id":1e400})", R"({"type":"ping","id":2.5})", R"({"type":"ping","id":0.1})",
        R"({"type":"ping","id":123456789012345678901234567890})", R"({"type":"ping","id":-9223372036854775809})",
        R"({"type":"ping","id":"\ud83d\ude00"})", R"({"type":"ping","id":"\ud800"})", R"({"type":"ping","id":"\udc00x"})",
        R"({"type":"ping","id":"\u0000"})", "{\"type\":\"ping\",\"id\":\"\xc3\xa9\"}", "{\"type\":\"ping\",\"id\":\"\xed\xa0\x80\"}",
        "{\"type\":\"ping\",\"id\":\"\xc0\xaf\"}", "{\"type\":\"ping\",\"id\":\"\xf4\x90\x80\x80\"}",
        R"({"\u0074ype":"ping"})", R"({"type":"ping","type":"move"})", R"({"type":"ping","id":[]})",
        R"({"type":"ping","x":{"type":1}})", "{\"type\":\"ping\"}\r", "\t{\"type\":\"ping\"} \n", "{\"type\":\"ping\"}\x0b",
        R"({"type":"ping"}{})", R"({"type":"ping",})", R"({"type":"ping","a":01})", R"({"type":"ping","a":.5})",
        R"({"type":"ping","a":1.})", R"({"type":"ping","a":-})", R"({"type":"ping","a":tru})", R"({"type":"ping","a":nul})",
        "{\"type\":\"ping\",\"a\":\"\t\"}", "\xef\xbb\xbf{\"type\":\"ping\"}", R"({"type":"ping","a":[1,2,]})",
        R"({"type":"ping","a":1E+2})", R"({"type":"ping","a":1e})", "{\"type\":\"ping\"\x00}",
    };
    int decided = 0;
    for (const auto& line : edges) decided += fast_agrees_with_exact(line);
    CHECK(decided > 10);

    // Random damage to valid requests.
    const auto damaged = dealer::test::damaged_json({R"({"type":"move","guess":500000,"id":"r1","seq":12})",
                                                     R"({"type":"play","game":"guess","options":{"max":10,"min":-3.5e2}})",
                                                     R"({"type":"ping","id":null,"note":"\u00e9\n\"","flag":true})"},
                                                    60000);
    for (const auto& line : damaged) decided += fast_agrees_with_exact(line);
    MESSAGE("the fast path decided ", decided, " of ", edges.size() + 60000, " texts");
}
