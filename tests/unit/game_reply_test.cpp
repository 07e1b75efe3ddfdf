// A game's start/state object: the SAX check and the tree check give one
// verdict, and the spliced reply says what the tree-built one says.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "daemon/game_reply.hpp"
#include "tests/unit/damaged_json.hpp"

namespace {

using dealer::protocol::Reply;

// The reply the tree path builds for a JSON player (Session::finish_call
// and protocol::finish), for comparison with the spliced one.
std::string tree_reply(const std::string& type, const std::string& game, const std::string& output,
                       const dealer::protocol::Envelope& env) {
    Reply fields;
    bool over = false;
    std::string why;
    REQUIRE(dealer::check_game_object(output, true, fields, over, why));
    Reply reply = dealer::protocol::make_reply(type);
    reply["game"] = game;
    for (auto it = fields.begin(); it != fields.end(); ++it) reply[it.key()] = it.value();
    return dealer::protocol::finish(std::move(reply), env);
}

}  // namespace

TEST_SUITE("game_reply") {

TEST_CASE("both checks give the same verdict and message") {
    const std::vector<std::string> outputs = {
        R"({"over":false,"text":"too low"})",
        R"({"over":true,"result":"win","text":"found the secret"})",
        R"({"over":true,"result":"tie"})",
        R"({"over":true})",
        R"({"over":true,"result":7})",
        R"({"over":"no"})",
        R"({"over":null})",
        R"({"text":"no over"})",
        R"({"over":false,"text":5})",
        R"({"over":false,"text":{"a":1}})",
        R"([1,2])",
        R"("a string")",
        R"(42)",
        R"({"over":false)",
        R"({"over":false} trailing)",
        "",
        R"({"over":false,"over":"late"})",        // a key twice: the last counts
        R"({"over":"early","over":false})",
        R"({"over":true,"result":"win","result":"bogus"})",
        R"({"over":false,"type":"hijack","id":9,"seq":1})",  // keys dealerd owns
        R"({"over":false,"nested":{"over":"x","text":1,"result":[]}})",
        "{\"over\":false,\"text\":\"caf\xc3\xa9\"}",
        "{\"over\":false,\"text\":\"bad \xff utf-8\"}",
        R"({"over":false,"deep":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})",
    };
    for (const auto& output : outputs) {
        for (const bool is_state : {true, false}) {
            CAPTURE(output);
            CAPTURE(is_state);
            const dealer::GameTextCheck text = dealer::check_game_text(output, is_state);
            Reply fields;
            bool over = false;
            std::string why;
            const bool tree = dealer::check_game_object(output, is_state, fields, over, why);
            CHECK(text.valid == tree);
            CHECK(text.why == why);
            if (tree) {
                CHECK(text.over == over);
                if (over) CHECK(text.result == fields.value("result", ""));
            }
        }
    }
}

TEST_CASE("the fast check (simdjson) decides what it can, as the exact one does") {
    const auto agrees = [](const std::string& output, bool is_state) {
        dealer::GameTextCheck fast;
        const dealer::GameTextCheck exact = dealer::check_game_text_exact(output, is_state);
        if (!dealer::check_game_text_fast(output, is_state, fast)) return false;
        CAPTURE(output);
        CAPTURE(is_state);
        CHECK(exact.valid);
        CHECK(fast.valid);
        CHECK(fast.spliceable == exact.spliceable);
        CHECK(fast.over == exact.over);
        CHECK(fast.result == exact.result);
        return true;
    };
    // The bundled games' usual states are decided fast.
    for (const std::string output : {R"({"guess":5,"guesses":1,"text":"too low","over":false})",
                                     R"({"over":true,"result":"win","text":"found the secret","secret":5})",
                                     R"({"board":[4,4,4,4,4,4,0,4,4,4,4,4,4,0],"over":false,"text":"your move"})"}) {
        CHECK(agrees(output, true));
    }
    const std::vector<std::string> seeds = {
        R"({"over":false,"text":"too low","guess":5,"hint":{"low":1,"high":9}})",
        R"({"over":true,"result":"draw","text":"caf\u00e9","board":[1,2,3]})",
        R"({"over":false,"type":"x","text":"a\nb","n":-0.5e-3})",
    };
    std::size_t decided = 0;
    for (const auto& output : dealer::test::damaged_json(seeds, 60000, 7)) {
        decided += agrees(output, true);
        decided += agrees(output, false);
    }
    MESSAGE("the fast check decided ", decided, " of 120000");
    CHECK(decided > 1000);
}

TEST_CASE("only a one-line object without dealerd's keys or a repeated key is spliced") {
    CHECK(dealer::check_game_text(R"({"over":false,"text":"hi"})", true).spliceable);
    CHECK(dealer::check_game_text(R"( { } )", false).spliceable);
    CHECK_FALSE(dealer::check_game_text(R"({"over":false,"game":"other"})", true).spliceable);
    CHECK_FALSE(dealer::check_game_text(R"({"over":false,"id":1})", true).spliceable);
    CHECK_FALSE(dealer::check_game_text(R"({"over":false,"over":false})", true).spliceable);
    CHECK_FALSE(dealer::check_game_text("{\"over\":false,\n\"text\":\"hi\"}", true).spliceable);
    CHECK_FALSE(dealer::check_game_text("{\"over\":false,\r\"text\":\"hi\"}", true).spliceable);
    // Keys dealerd owns deeper down are the game's business.
    CHECK(dealer::check_game_text(R"({"over":false,"board":{"type":1,"id":2}})", true).spliceable);
}

TEST_CASE("the spliced reply parses to the tree-built reply, member for member and in order") {
    const std::vector<std::string> outputs = {
        R"({"over":false,"text":"too low","hint":"higher","guesses":[1,2,3]})",
        R"(  {  "over" : true , "result":"lose", "text":"caf\u00e9 \"quoted\"", "n": 1.5e3 }  )",
        R"({"over":false})",
        "{\"over\":false,\t\"text\":\"tab\"\t}",
    };
    dealer::protocol::Envelope env;
    env.id = nlohmann::json("req-1");
    env.seq = 42;
    // Game names as the config may give them: plain, or needing escapes
    // (a quote, a backslash, a tab, UTF-8, and a byte that is not UTF-8).
    const std::vector<std::string> games = {"guess", "my \"game\"", "back\\slash", "tab\there", "caf\xc3\xa9",
                                            "bad\xff"};
    for (const auto& output : outputs) {
        for (const auto& game : games) {
            CAPTURE(output);
            CAPTURE(game);
            REQUIRE(dealer::check_game_text(output, true).spliceable);
            const std::string spliced =
                dealer::protocol::finish_open(dealer::splice_game_reply("state", game, output), env);
            const std::string built = tree_reply("state", game, output, env);
            CHECK(spliced.back() == '\n');
            CHECK(spliced.find('\n') == spliced.size() - 1);
            CHECK(Reply::parse(spliced) == Reply::parse(built));  // ordered_json: order counts
        }
    }
}

TEST_CASE("finish_open closes an object with the envelope, or without one") {
    dealer::protocol::Envelope none;
    CHECK(dealer::protocol::finish_open(R"({"type":"state")", none) == "{\"type\":\"state\"}\n");
    CHECK(dealer::protocol::finish_open("{", none) == "{}\n");
    dealer::protocol::Envelope both;
    both.id = nlohmann::json(7);
    both.seq = 3;
    CHECK(dealer::protocol::finish_open("{", both) == "{\"id\":7,\"seq\":3}\n");
    dealer::protocol::Envelope seq_only;
    seq_only.seq = 9;
    CHECK(dealer::protocol::finish_open(R"({"a":1)", seq_only) == "{\"a\":1,\"seq\":9}\n");
}

}  // TEST_SUITE

TEST_CASE("a plugin's output with a raw NUL is not a reply, whatever came before it") {
    // nlohmann's lexer takes a NUL for the end of the text; both checks
    // must still refuse it, or a reply could carry the bytes after it.
    using namespace std::string_literals;
    for (const std::string& output : {R"({"over":false,"text":"hi"})"s + '\0' + "junk}"s,
                                     R"({"over":false,"text":"hi"})"s + '\0',
                                     R"({"over":false,"text":"h)"s + '\0' + R"(i"})"s}) {
        CAPTURE(output);
        CHECK_FALSE(dealer::check_game_text(output, true).valid);
        CHECK_FALSE(dealer::check_game_text_exact(output, true).valid);
        CHECK(dealer::protocol::parse_untrusted(output).is_discarded());
    }
}
