// Unit tests for the protocol state of one player (daemon/session.hpp),
// without a network: a catalog built from a Config offering the real guess
// plugin and the failure fixtures, then lines in and reply bytes out. Covers
// the lobby replies, every error code a session can produce on its own, seq
// de-duplication, text mode, and the form of unsolicited notices.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include "build_info.hpp"
#include "daemon/config.hpp"
#include "daemon/game_catalog.hpp"
#include "daemon/session.hpp"

#include "test_support.hpp"

using dealer::Session;
using After = Session::After;
using ordered = nlohmann::ordered_json;
using nlohmann::json;

namespace {

using dealer::test::QuietLog;

using dealer::test::game_config;

using dealer::test::fixture_file;

// A catalog of: guess (the real plugin, 0..9), throws, bad_reply, rate_limit,
// slow (DEALER_PLUGIN_SLOW, no gate) and optionally coin.
struct Catalog {
    dealer::CatalogRef ref;

    explicit Catalog(bool with_coin = false) {
            dealer::Config config;
        config.games.push_back(game_config("guess", dealer::test::plugin_file("guess")));
        config.games.push_back(game_config("throws", fixture_file("throws")));
        config.games.push_back(game_config("bad_reply", fixture_file("bad_reply")));
        config.games.push_back(game_config("rate_limit", fixture_file("rate_limit")));
        config.games.push_back(game_config("slow", fixture_file("slow")));
        if (with_coin) config.games.push_back(game_config("coin", fixture_file("coin")));
        auto catalog = dealer::test::require_catalog(dealer::build_catalog(config));
        REQUIRE(catalog->games().size() == (with_coin ? 6u : 5u));
        ref.set(catalog);
    }
};

// A session on a fresh catalog, with helpers to talk to it.
struct Player {
    QuietLog quiet;
    Catalog catalog;
    Session session;

    explicit Player(bool with_coin = false)
        : catalog(with_coin), session(catalog.ref, dealer::PeerInfo{"127.0.0.1", 40000, DEALER_TRANSPORT_TCP}) {}

    // Sends a line; returns every byte of the reply.
    std::string send(std::string_view line, After* after = nullptr) {
        std::string out;
        const After a = session.handle_line(line, out);
        if (after != nullptr) *after = a;
        return out;
    }

    // Sends a JSON line that must get exactly one JSON line back, and stay open.
    ordered ask(std::string_view line) {
        After after = After::close;
        const std::string out = send(line, &after);
        INFO("request: ", line, "\nreply: ", out);
        CHECK(after == After::keep_open);
        REQUIRE_FALSE(out.empty());
        CHECK(out.back() == '\n');
        CHECK(out.find('\n') == out.size() - 1);
        auto reply = ordered::parse(out, nullptr, false);
        REQUIRE(reply.is_object());
        return reply;
    }

    ordered ask_json(const json& request) { return ask(request.dump()); }

    // An error reply with the given code.
    ordered expect_error(std::string_view line, std::string_view code) {
        ordered reply = ask(line);
        INFO("request: ", line, "\nreply: ", reply.dump());
        CHECK(reply["type"] == "error");
        CHECK(reply["code"] == code);
        CHECK(reply["text"].is_string());
        CHECK_FALSE(reply["text"].get<std::string>().empty());
        return reply;
    }

    // Starts a game that must start.
    ordered play(std::string_view game) {
        ordered start = ask_json(json{{"type", "play"}, {"game", std::string(game)}});
        INFO("start: ", start.dump());
        REQUIRE(start["type"] == "start");
        REQUIRE(start["game"] == std::string(game));
        REQUIRE(session.in_game());
        return start;
    }
};

// The keys of an object in order.
std::vector<std::string> keys(const ordered& o) {
    std::vector<std::string> k;
    for (const auto& item : o.items()) k.push_back(item.key());
    return k;
}

}  // namespace

// --- lobby -------------------------------------------------------------------

TEST_CASE("Session: hello gets welcome") {
    Player p;
    const ordered w = p.ask(R"({"type":"hello"})");
    CHECK(keys(w) == std::vector<std::string>{"type", "server", "version", "protocol", "games", "text"});
    CHECK(w["type"] == "welcome");
    CHECK(w["server"] == "dealerd");
    CHECK(w["version"] == DEALER_VERSION);
    CHECK(w["protocol"] == 1);
    CHECK(w["games"].dump() == R"(["bad_reply","guess","rate_limit","slow","throws"])");
    CHECK(w["text"].is_string());
    CHECK(p.send(R"({"type":"hello"})") == p.session.welcome());

    const ordered with_id = p.ask(R"({"type":"hello","id":"h1"})");
    CHECK(keys(with_id).back() == "id");
    CHECK(with_id["id"] == "h1");
}

TEST_CASE("Session: games lists every game with its plugin's descriptor") {
    Player p;
    const ordered r = p.ask(R"({"type":"games","id":2})");
    CHECK(keys(r) == std::vector<std::string>{"type", "games", "id"});
    REQUIRE(r["games"].is_array());
    REQUIRE(r["games"].size() == 5);
    std::vector<std::string> names;
    for (const auto& g : r["games"]) names.push_back(g["name"].get<std::string>());
    CHECK(names == std::vector<std::string>{"bad_reply", "guess", "rate_limit", "slow", "throws"});
    const ordered& guess = r["games"][1];
    CHECK(keys(guess) == std::vector<std::string>{"name", "plugin", "title", "description", "players"});
    CHECK(guess["plugin"] == "guess");
    CHECK(guess["title"] == "Guess the number");
    CHECK(guess["players"] == 1);
    CHECK(r["games"][4]["plugin"] == "throws");
    // A player-settable duration is listed as a player writes it, and taken back as listed.
    CHECK(r["games"][3]["options"] == ordered{{"patience", "2s"}});
    std::string out;
    CHECK(p.session.handle_line(R"({"type":"play","game":"slow","options":{"patience":"2s"}})", out) ==
          After::pending);
}

TEST_CASE("Session: ping, play, move, quit, bye") {
    Player p;
    CHECK(p.send(R"({"type":"ping"})") == "{\"type\":\"pong\"}\n");
    CHECK(p.send(R"({"type":"ping","id":"x","seq":1})") == "{\"type\":\"pong\",\"id\":\"x\",\"seq\":1}\n");
    CHECK_FALSE(p.session.in_game());

    const ordered start = p.play("guess");
    CHECK(keys(start).at(0) == "type");
    CHECK(keys(start).at(1) == "game");
    CHECK(start["min"] == 0);
    CHECK(start["max"] == 9);
    CHECK(start["commit"].is_string());

    const ordered state = p.ask(R"({"type":"move","guess":4,"id":7})");
    CHECK(state["type"] == "state");
    CHECK(state["game"] == "guess");
    CHECK(state["guesses"] == 1);
    CHECK(state["over"].is_boolean());
    CHECK(keys(state).back() == "id");
    const bool won = state["over"] == true;
    if (won) {
        CHECK(state["result"] == "win");
        CHECK_FALSE(p.session.in_game());
        p.play("guess");
    }

    CHECK(p.send(R"({"type":"quit"})") == "{\"type\":\"left\",\"game\":\"guess\"}\n");
    CHECK_FALSE(p.session.in_game());

    After after = After::keep_open;
    CHECK(p.send(R"({"type":"bye","id":1})", &after) == "{\"type\":\"bye\",\"id\":1}\n");
    CHECK(after == After::close);
}

TEST_CASE("Session: play with an empty options object is fine") {
    Player p;
    const ordered start = p.ask(R"({"type":"play","game":"guess","options":{}})");
    CHECK(start["type"] == "start");
    CHECK(p.session.in_game());
}

TEST_CASE("Session: blank lines get no reply") {
    Player p;
    After after = After::close;
    CHECK(p.send("", &after).empty());
    CHECK(after == After::keep_open);
    CHECK(p.send("  \t ").empty());
}

TEST_CASE("Session: a game is played to the end and the lobby is back") {
    Player p;
    const ordered start = p.play("guess");
    std::int64_t lo = 0;
    std::int64_t hi = 9;
    ordered state;
    for (int i = 0; i < 10; ++i) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        state = p.ask_json(json{{"type", "move"}, {"guess", mid}});
        REQUIRE(state["type"] == "state");
        if (state["over"] == true) break;
        if (state["text"] == "too low") lo = mid + 1;
        else hi = mid - 1;
    }
    REQUIRE(state["over"] == true);
    CHECK(state["result"] == "win");
    CHECK(state["reveal"].is_object());
    CHECK_FALSE(p.session.in_game());
    p.expect_error(R"({"type":"move","guess":1})", "not_in_game");
    p.play("guess");
}

// --- errors --------------------------------------------------------------------

TEST_CASE("Session: bad_json and bad_message") {
    Player p;
    p.expect_error("{", "bad_json");
    p.expect_error(R"({"type":"ping",})", "bad_json");
    p.expect_error(R"(  {"type":"ping"} trailing)", "bad_json");

    CHECK(p.expect_error(R"({"id":5})", "bad_message")["id"] == 5);
    p.expect_error(R"({"type":5})", "bad_message");
    p.expect_error(R"({"type":"ping","id":{"a":1}})", "bad_message");
    CHECK_FALSE(p.expect_error(R"({"type":"ping","id":[1]})", "bad_message").contains("id"));
    const ordered bad_seq = p.expect_error(R"({"type":"ping","id":"s","seq":-3})", "bad_message");
    CHECK(bad_seq["id"] == "s");
    CHECK_FALSE(bad_seq.contains("seq"));
    p.expect_error(R"({"type":"ping","seq":2.5})", "bad_message");
    p.expect_error(R"({"type":"ping","seq":"2"})", "bad_message");

    SUBCASE("play without a game") {
        p.expect_error(R"({"type":"play"})", "bad_message");
        p.expect_error(R"({"type":"play","game":5})", "bad_message");
        p.expect_error(R"({"type":"play","game":null})", "bad_message");
    }
    SUBCASE("options not an object") {
        for (std::string_view options : {"[]", "\"min=3\"", "3", "null", "true"}) {
            CAPTURE(options);
            p.expect_error(R"({"type":"play","game":"guess","options":)" + std::string(options) + "}",
                           "bad_message");
            CHECK_FALSE(p.session.in_game());
        }
    }
    // The session goes on after any of these.
    CHECK(p.send(R"({"type":"ping"})") == "{\"type\":\"pong\"}\n");
}

TEST_CASE("Session: unknown_type, unknown_game, bad_option") {
    Player p;
    const ordered unknown = p.expect_error(R"({"type":"dance","id":"d"})", "unknown_type");
    CHECK(keys(unknown) == std::vector<std::string>{"type", "code", "text", "id"});
    CHECK(unknown["id"] == "d");
    p.expect_error(R"({"type":"PING"})", "unknown_type");
    p.expect_error(R"({"type":"play","game":"chess"})", "unknown_game");
    p.expect_error(R"({"type":"play","game":"Guess"})", "unknown_game");
    CHECK(p.expect_error(R"({"type":"play","game":"guess","options":{"min":3}})", "bad_option")["text"] ==
          "players cannot set option 'min'");
    p.expect_error(R"({"type":"play","game":"guess","options":{"colour":"red"}})", "bad_option");
    CHECK_FALSE(p.session.in_game());
}

TEST_CASE("Session: not_in_game and in_game") {
    Player p;
    p.expect_error(R"({"type":"move","guess":1})", "not_in_game");
    p.expect_error(R"({"type":"quit"})", "not_in_game");
    p.play("guess");
    CHECK(p.expect_error(R"({"type":"play","game":"throws"})", "in_game")["text"].get<std::string>().find("guess") !=
          std::string::npos);
    p.expect_error(R"({"type":"play","game":"guess"})", "in_game");
    CHECK(p.session.in_game());
    CHECK(p.ask(R"({"type":"move","guess":3})")["type"] == "state");  // still the same game
}

TEST_CASE("Session: illegal_move does not end the game") {
    Player p;
    p.play("guess");
    for (std::string_view move : {R"({"type":"move"})", R"({"type":"move","guess":"5"})",
                                  R"({"type":"move","guess":10})", R"({"type":"move","guess":1.5})"}) {
        CAPTURE(move);
        CHECK(p.expect_error(move, "illegal_move")["text"] == "a guess is a whole number between 0 and 9");
        CHECK(p.session.in_game());
    }
    CHECK(p.ask(R"({"type":"move","guess":3})")["guesses"] == 1);  // none of them counted
}

TEST_CASE("Session: rate_limited carries retry_after and keeps the game") {
    Player p;
    const ordered start = p.play("rate_limit");
    CHECK(start["text"] == "ready");
    CHECK(p.send(R"({"type":"move"})") ==
          "{\"type\":\"error\",\"code\":\"rate_limited\",\"text\":\"slow down\",\"retry_after\":7}\n");
    CHECK(p.session.in_game());
    const ordered again = p.ask(R"({"type":"move","id":"r","seq":4})");
    CHECK(keys(again) == std::vector<std::string>{"type", "code", "text", "retry_after", "id", "seq"});
    CHECK(again["retry_after"] == 7);
    CHECK(p.send("anything") == "error: slow down (try again in 7 s)\n");
    CHECK(p.session.in_game());
}

TEST_CASE("Session: internal from a throwing plugin ends the game, not the session") {
    Player p;
    const ordered start = p.play("throws");
    CHECK(start["text"] == "ready");
    CHECK(p.send(R"({"type":"move"})") == "{\"type\":\"state\",\"game\":\"throws\",\"over\":false,\"text\":\"ok\"}\n");
    const ordered failed = p.expect_error(R"({"type":"move","throw":true,"id":9})", "internal");
    CHECK(failed["id"] == 9);
    CHECK_FALSE(p.session.in_game());
    p.expect_error(R"({"type":"move"})", "not_in_game");
    p.play("throws");
    CHECK(p.ask(R"({"type":"move"})")["text"] == "ok");
    p.expect_error(R"({"type":"move","throw":1})", "internal");
    p.play("guess");  // any game
}

TEST_CASE("Session: internal from each kind of bad plugin reply") {
    Player p;
    for (std::string mode : {"not_json", "no_over", "bad_result", "deep"}) {
        CAPTURE(mode);
        p.play("bad_reply");
        CHECK(p.ask(R"({"type":"move","reply":"fine"})")["text"] == "ok");
        p.expect_error(R"({"type":"move","reply":")" + mode + "\"}", "internal");
        CHECK_FALSE(p.session.in_game());
        p.expect_error(R"({"type":"move","reply":"fine"})", "not_in_game");
        CHECK(p.send(R"({"type":"ping"})") == "{\"type\":\"pong\"}\n");
    }
    // A valid state in text mode ({"input":"fine"}) is shown by its "text".
    p.play("bad_reply");
    CHECK(p.send("fine") == "ok\n");
    CHECK(p.session.in_game());
}

// --- seq ---------------------------------------------------------------------

TEST_CASE("Session: a repeated seq gets the same reply and is not applied twice") {
    Player p;
    std::uint64_t seq = 0;
    for (int attempt = 0; attempt < 40; ++attempt) {
        const ordered start = p.ask_json(json{{"type", "play"}, {"game", "guess"}, {"seq", ++seq}});
        REQUIRE(start["type"] == "start");
        const std::string move = json{{"type", "move"}, {"guess", 0}, {"seq", ++seq}}.dump();
        const std::string first = p.send(move);
        const ordered state = ordered::parse(first);
        REQUIRE(state["type"] == "state");
        CHECK(state["seq"] == seq);
        if (state["over"] == true) continue;  // the secret was 0: try again

        // The same seq: byte-identical reply, and the guess is not counted again.
        CHECK(p.send(move) == first);
        CHECK(p.send(json{{"type", "move"}, {"guess", 1}, {"seq", seq}}.dump()) == first);
        const ordered next = p.ask_json(json{{"type", "move"}, {"guess", 0}, {"seq", ++seq}});
        CHECK(next["guesses"] == 2);

        // An older seq gets no reply at all and changes nothing.
        After after = After::close;
        CHECK(p.send(move, &after).empty());
        CHECK(after == After::keep_open);
        CHECK(p.send(json{{"type", "ping"}, {"seq", 1}}.dump()).empty());
        CHECK(p.ask_json(json{{"type", "move"}, {"guess", 0}, {"seq", ++seq}})["guesses"] == 3);
        return;
    }
    FAIL("the secret was 0 forty times in a row");
}

TEST_CASE("Session: a repeated play or bye is answered from the cache") {
    Player p;
    const std::string play = R"({"type":"play","game":"throws","seq":5})";
    const std::string first = p.send(play);
    CHECK(ordered::parse(first)["type"] == "start");
    CHECK(p.send(play) == first);  // not in_game: the play is not run again
    CHECK(p.session.in_game());

    After after = After::keep_open;
    const std::string bye = p.send(R"({"type":"bye","seq":6})", &after);
    CHECK(bye == "{\"type\":\"bye\",\"seq\":6}\n");
    CHECK(after == After::close);
    after = After::keep_open;
    CHECK(p.send(R"({"type":"bye","seq":6})", &after) == bye);
    CHECK(after == After::close);
}

TEST_CASE("Session: requests without seq are never de-duplicated") {
    Player p;
    CHECK(p.ask(R"({"type":"ping","seq":3})")["seq"] == 3);  // a seq'd request first
    for (int attempt = 0; attempt < 40; ++attempt) {
        p.play("guess");
        const std::string move = R"({"type":"move","guess":0})";
        const ordered first = p.ask(move);
        if (first["over"] == true) continue;  // the secret was 0: try again
        CHECK(first["guesses"] == 1);
        CHECK_FALSE(first.contains("seq"));
        CHECK(p.ask(move)["guesses"] == 2);
        CHECK(p.ask(move)["guesses"] == 3);
        return;
    }
    FAIL("the secret was 0 forty times in a row");
}

TEST_CASE("Session: errors are cached under their seq as well") {
    Player p;
    const std::string line = R"({"type":"move","seq":10})";
    const std::string first = p.send(line);
    CHECK(ordered::parse(first)["code"] == "not_in_game");
    p.play("throws");  // no seq
    CHECK(p.send(line) == first);  // still the cached not_in_game, not a move
}

// --- text mode -------------------------------------------------------------------

TEST_CASE("Session: text commands in the lobby") {
    Player p;
    const std::string help = p.send("help");
    CHECK(help.find("commands:") != std::string::npos);
    CHECK(help.find("play GAME") != std::string::npos);
    CHECK(help.back() == '\n');
    CHECK(p.send("/help") == help);
    CHECK(p.send("  help  ") == help);

    const std::string games = p.send("games");
    CHECK(games.find("guess: Guess the number") != std::string::npos);
    CHECK(games.find("throws: Throws fixture") != std::string::npos);
    CHECK(games.find('{') == std::string::npos);
    CHECK(games.back() == '\n');

    CHECK(p.send("ping") == "pong\n");
    CHECK(p.send("dance") == "error: unknown command 'dance'; type help\n");
    CHECK(p.send("play").rfind("error: ", 0) == 0);
    CHECK(p.send("play chess") == "error: no game called 'chess'; see games\n");
    CHECK(p.send("play guess min=3") == "error: players cannot set option 'min'\n");
    CHECK(p.send("play guess fast") == "error: options are key=value, not 'fast'\n");
    CHECK_FALSE(p.session.in_game());
}

TEST_CASE("Session: bye, quit and exit close from the lobby") {
    for (std::string_view word : {"bye", "quit", "exit", "/bye", "/quit", "/exit", "  bye \t"}) {
        CAPTURE(word);
        Player p;
        After after = After::keep_open;
        const std::string out = p.send(word, &after);
        CHECK(out == "bye\n");
        CHECK(after == After::close);
    }
}

TEST_CASE("Session: a text game of guess") {
    Player p;
    const std::string start = p.send("play guess");
    CHECK(start.rfind("guess: guess a number between 0 and 9", 0) == 0);
    CHECK(start.find("commitment") != std::string::npos);
    CHECK(start.back() == '\n');
    CHECK(p.session.in_game());

    CHECK(p.send("/help").find("you are playing guess") != std::string::npos);
    CHECK(p.send("five") == "error: a guess is a whole number between 0 and 9\n");
    CHECK(p.send("quit") == "error: a guess is a whole number between 0 and 9\n");  // a move, not a command
    CHECK(p.send("/dance").rfind("error: ", 0) == 0);
    CHECK(p.session.in_game());

    std::int64_t lo = 0;
    std::int64_t hi = 9;
    std::string reply;
    for (int i = 0; i < 10 && p.session.in_game(); ++i) {
        const std::int64_t mid = i == 0 ? 5 : lo + (hi - lo) / 2;
        reply = p.send(i == 0 ? " 5 " : std::to_string(mid));
        CAPTURE(reply);
        if (reply == "too low\n") lo = mid + 1;
        else if (reply == "too high\n") hi = mid - 1;
        else CHECK(reply.rfind("found the secret\nyou win in ", 0) == 0);
    }
    CHECK_FALSE(p.session.in_game());
    CHECK(reply.find("back in the lobby") != std::string::npos);
    CHECK(reply.find('{') == std::string::npos);

    p.send("play guess");
    CHECK(p.send("/quit") == "you left guess; back in the lobby\n");
    CHECK_FALSE(p.session.in_game());
}

TEST_CASE("Session: /bye leaves the server from a game") {
    Player p;
    p.send("play guess");
    After after = After::keep_open;
    CHECK(p.send("/bye", &after) == "bye\n");
    CHECK(after == After::close);
}

TEST_CASE("Session: a plain-C plugin in text mode uses the host's defaults") {
    Player p(/*with_coin=*/true);
    const std::string start = p.send("play coin");
    CHECK(start.rfind("coin: call heads or tails\n", 0) == 0);
    CHECK(p.send("edge") == "error: call heads or tails\n");
    const std::string tossed = p.send("heads");
    CAPTURE(tossed);
    CHECK((tossed.rfind("heads\n", 0) == 0 || tossed.rfind("tails\n", 0) == 0));
    CHECK(tossed.find("game over") != std::string::npos);
    CHECK_FALSE(p.session.in_game());

    // And in JSON.
    p.play("coin");
    const ordered state = p.ask(R"({"type":"move","call":"tails"})");
    CHECK(state["over"] == true);
    CHECK(state["text"] == state["toss"]);
    CHECK(state["result"] == (state["toss"] == "tails" ? "win" : "lose"));
}

TEST_CASE("Session: JSON and text requests can be mixed; each reply takes its request's form") {
    Player p;
    CHECK(p.send("play throws").rfind("throws: ready", 0) == 0);
    CHECK(p.send(R"({"type":"move"})") == "{\"type\":\"state\",\"game\":\"throws\",\"over\":false,\"text\":\"ok\"}\n");
    CHECK(p.send("anything") == "ok\n");
    CHECK(p.send(R"({"type":"quit"})") == "{\"type\":\"left\",\"game\":\"throws\"}\n");
}

// --- notices -----------------------------------------------------------------------

TEST_CASE("Session: notice and error_notice follow the last request's form") {
    Player p;
    using dealer::protocol::ErrorCode;
    // Before any request: JSON.
    CHECK(p.session.notice("shutdown", "the server is stopping") ==
          "{\"type\":\"shutdown\",\"text\":\"the server is stopping\"}\n");
    CHECK(p.session.error_notice(ErrorCode::line_too_long, "line too long") ==
          "{\"type\":\"error\",\"code\":\"line_too_long\",\"text\":\"line too long\"}\n");

    p.send("ping");
    CHECK(p.session.notice("shutdown", "the server is stopping") == "the server is stopping\n");
    CHECK(p.session.error_notice(ErrorCode::line_too_long, "line too long") == "error: line too long\n");

    p.send("   ");  // blank lines do not change the form
    CHECK(p.session.notice("shutdown", "bye") == "bye\n");

    p.send(R"({"type":"ping","id":1})");
    CHECK(p.session.notice("shutdown", "bye") == "{\"type\":\"shutdown\",\"text\":\"bye\"}\n");  // no id

    p.send("ping");
    p.send("{oops");  // a JSON-looking line, even a bad one, switches back to JSON
    CHECK(p.session.error_notice(ErrorCode::server_busy, "full") ==
          "{\"type\":\"error\",\"code\":\"server_busy\",\"text\":\"full\"}\n");
}

// --- plugin failures outside moves, and replies too large --------------------

TEST_CASE("Session: a render_text that throws ends the game with internal") {
    Player p;
    CHECK(p.send("play throws").find("ready") != std::string::npos);
    REQUIRE(p.session.in_game());
    CHECK(p.send("fine") == "ok\n");
    CHECK(p.send("render") == "error: the game failed and was ended\n");
    CHECK_FALSE(p.session.in_game());
    CHECK(p.send("ping") == "pong\n");  // the session goes on, in the lobby
}

TEST_CASE("Session: a game reply over the reply cap becomes internal and ends the game") {
    Player p;
    p.session.set_max_reply_bytes(200);  // a guess start (a 64-hex commit and more) is larger
    const ordered reply = p.ask(R"({"type":"play","game":"guess","id":"x","seq":1})");
    CHECK(reply["code"] == "internal");
    CHECK(reply["id"] == "x");
    CHECK(reply["seq"] == 1);
    CHECK_FALSE(p.session.in_game());  // what the client was told matches the server's state
    // A retransmission gets the same reply, and a new play works once it fits.
    CHECK(p.send(R"({"type":"play","game":"guess","id":"x","seq":1})") == reply.dump() + "\n");
    p.session.set_max_reply_bytes(1200);
    p.play("guess");
}

TEST_CASE("Session: a non-game reply over the cap leaves the game running") {
    Player p;
    p.play("guess");
    p.session.set_max_reply_bytes(200);  // the games listing is larger
    CHECK(p.ask(R"({"type":"games"})")["code"] == "internal");
    CHECK(p.session.in_game());
}

// --- slow plugins (DEALER_PLUGIN_SLOW) -----------------------------------------

TEST_CASE("Session: a slow plugin's play and move wait for run_pending and finish_pending") {
    Player p;
    std::string out;
    REQUIRE(p.session.handle_line(R"({"type":"play","game":"slow","id":1})", out) == After::pending);
    CHECK(out.empty());
    CHECK(p.session.pending());
    CHECK_FALSE(p.session.in_game());  // the game starts only when the open is finished
    p.session.run_pending();
    CHECK(p.session.finish_pending(out) == After::keep_open);
    CHECK_FALSE(p.session.pending());
    CHECK(p.session.in_game());
    auto start = ordered::parse(out);
    CHECK(start["type"] == "start");
    CHECK(start["id"] == 1);

    out.clear();
    REQUIRE(p.session.handle_line(R"({"type":"move","say":"x","seq":4})", out) == After::pending);
    p.session.run_pending();
    CHECK(p.session.finish_pending(out) == After::keep_open);
    auto state = ordered::parse(out);
    CHECK(state["type"] == "state");
    CHECK(state["seq"] == 4);
    CHECK(state["moves"] == 1);

    // The retransmitted seq is answered from the cache at once: no plugin call.
    std::string again;
    CHECK(p.session.handle_line(R"({"type":"move","say":"x","seq":4})", again) == After::keep_open);
    CHECK(again == out);
    // Requests that need no plugin are not pending either.
    CHECK(p.ask(R"({"type":"ping"})")["type"] == "pong");
}

TEST_CASE("Session: a pending call that never ran is answered server_busy and closes") {
    Player p;
    std::string out;
    REQUIRE(p.session.handle_line("play slow", out) == After::pending);
    CHECK(p.session.finish_pending(out) == After::close);  // the pool refused it
    CHECK(out.rfind("error: ", 0) == 0);
    CHECK_FALSE(p.session.in_game());
    CHECK_FALSE(p.session.pending());

    Player q;
    out.clear();
    REQUIRE(q.session.handle_line(R"({"type":"play","game":"slow"})", out) == After::pending);
    q.session.run_pending();
    REQUIRE(q.session.finish_pending(out) == After::keep_open);
    out.clear();
    REQUIRE(q.session.handle_line(R"({"type":"move","say":"y","id":"m"})", out) == After::pending);
    CHECK(q.session.finish_pending(out) == After::close);
    auto busy = ordered::parse(out);
    CHECK(busy["code"] == "server_busy");
    CHECK(busy["id"] == "m");
}

TEST_CASE("Session: a slow game in text mode renders after the worker's call") {
    Player p;
    std::string out;
    REQUIRE(p.session.handle_line("play slow", out) == After::pending);
    p.session.run_pending();
    REQUIRE(p.session.finish_pending(out) == After::keep_open);
    CHECK(out.rfind("slow: ready\n", 0) == 0);
    out.clear();
    REQUIRE(p.session.handle_line("end", out) == After::pending);
    p.session.run_pending();
    REQUIRE(p.session.finish_pending(out) == After::keep_open);
    CHECK(out.rfind("the end\n(game over", 0) == 0);
    CHECK_FALSE(p.session.in_game());
}

TEST_CASE("Session: a session destroyed with an open that ran but was not finished frees it") {
    // The plugin session made by the open belongs to nobody yet; the
    // destructor closes it (a leak here shows under the sanitizer build).
    Player p;
    std::string out;
    REQUIRE(p.session.handle_line("play slow", out) == After::pending);
    p.session.run_pending();
    CHECK(p.session.pending());
}
