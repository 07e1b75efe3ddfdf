// The bundled rps game (SPEC §5), played through the real plugin file with
// the host's loader, as the daemon does: commitments and reveals, scoring,
// best-of, illegal throws, options, text mode, and learning across the games
// of one connection.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/fairness.hpp"

#include "plugin_harness.hpp"

using dealer::PluginCall;
using dealer::test::ConfiguredGame;
using dealer::test::parsed;
using dealer::test::PlayerSession;
using dealer::test::PlayerSlot;
using nlohmann::json;

namespace {

bool is_hex(const std::string& s, std::size_t size) {
    return s.size() == size && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// {"type":"move","throw":word}
json throw_move(const std::string& word) { return json{{"type", "move"}, {"throw", word}}; }

// What a careful client does: checks every state against the commitment it
// holds (from the start, then from the previous state) and the score it
// counts itself. Plays `throws` in turn until the match ends; returns the states.
std::vector<json> play_checked(const PlayerSession& s, const std::vector<std::string>& throws, int to_win,
                               std::size_t limit = 200) {
    std::vector<json> states;
    std::string commit = s.start.at("commit").get<std::string>();
    int you = 0, dealer = 0, ties = 0;
    for (std::size_t i = 0; i < limit; ++i) {
        const std::string mine = throws[i % throws.size()];
        const json st = s.move(throw_move(mine));
        states.push_back(st);
        CAPTURE(st.dump());
        CHECK(st["round"] == static_cast<int>(i) + 1);
        CHECK(st["you"] == mine);
        const std::string theirs = st["dealer"].get<std::string>();
        REQUIRE(st["reveal"]["throw"] == theirs);
        const std::string nonce = st["reveal"]["nonce"].get<std::string>();
        CHECK(is_hex(nonce, 32));
        CHECK(dealer::protocol::verify_commitment(commit, theirs, nonce));
        const auto outcome = st["outcome"].get<std::string>();
        if (mine == theirs) CHECK(outcome == "tie");
        else if ((mine == "rock" && theirs == "scissors") || (mine == "paper" && theirs == "rock") ||
                 (mine == "scissors" && theirs == "paper")) CHECK(outcome == "win");
        else CHECK(outcome == "lose");
        (outcome == "win" ? you : outcome == "lose" ? dealer : ties) += 1;
        CHECK(st["score"] == json{{"you", you}, {"dealer", dealer}, {"ties", ties}});
        CHECK(st["text"].is_string());
        const bool over = you == to_win || dealer == to_win;
        REQUIRE(st["over"] == over);
        if (over) {
            CHECK(st["result"] == (you == to_win ? "win" : "lose"));
            CHECK_FALSE(st.contains("commit"));
            return states;
        }
        CHECK_FALSE(st.contains("result"));
        REQUIRE(st.contains("commit"));
        CHECK(st["commit"] != commit);
        commit = st["commit"].get<std::string>();
        CHECK(is_hex(commit, 64));
    }
    FAIL("the match did not end");
    return states;
}

// A game's complete options with a player's choices on top, as `play` makes them.
std::string with_player_options(const ConfiguredGame& g, const json& choices) {
    json result;
    const std::string bad = g.lib->options().apply_player(choices, json::parse(g.options), result);
    REQUIRE(bad.empty());
    return result.dump();
}

}  // namespace

TEST_CASE("rps: the opening state") {
    const ConfiguredGame game("rps", json::object());
    const PlayerSession s(game);
    CHECK(s.start["rounds"] == 3);
    CHECK(s.start["to_win"] == 2);
    CHECK(s.start["strategy"] == "adaptive");
    CHECK(s.start["round"] == 1);
    CHECK(s.start["over"] == false);
    CHECK(s.start["text"].is_string());
    REQUIRE(s.start["commit"].is_string());
    CHECK(is_hex(s.start["commit"].get<std::string>(), 64));
    CHECK_FALSE(s.start.contains("reveal"));
    CHECK_FALSE(s.start.contains("dealer"));
    const PlayerSession other(game);
    CHECK(other.start["commit"] != s.start["commit"]);
}

TEST_CASE("rps: every reveal matches its commitment; best of 3 ends at two wins") {
    const ConfiguredGame game("rps", json::object());
    for (int rep = 0; rep < 20; ++rep) {
        const PlayerSession s(game);
        const auto states = play_checked(s, {"rock", "paper", "scissors", "paper"}, 2);
        CHECK(states.size() >= 2);
        // A finished match takes no more throws.
        CHECK(s.illegal(throw_move("rock").dump()) == "the game is over");
    }
}

TEST_CASE("rps: best of 5 with the random strategy, chosen by the player") {
    const ConfiguredGame game("rps", json::object());
    PlayerSlot slot(game.lib);
    const std::string options = with_player_options(game, json{{"rounds", 5}, {"strategy", "random"}});
    for (int rep = 0; rep < 10; ++rep) {
        const PlayerSession s(game, slot, options);
        CHECK(s.start["rounds"] == 5);
        CHECK(s.start["to_win"] == 3);
        CHECK(s.start["strategy"] == "random");
        play_checked(s, {"scissors"}, 3);
    }
    CHECK(slot.data == nullptr);  // the random strategy keeps nothing per connection
}

TEST_CASE("rps: illegal throws are refused, do not count and keep the commitment") {
    const ConfiguredGame game("rps", json{{"rounds", 1}});
    const PlayerSession s(game);
    const std::vector<std::string> bad = {
        R"({"type":"move"})",
        R"({"type":"move","throw":"lizard"})",
        R"({"type":"move","throw":"Rock"})",
        R"({"type":"move","throw":"r"})",
        R"({"type":"move","throw":""})",
        R"({"type":"move","throw":1})",
        R"({"type":"move","throw":null})",
        R"({"type":"move","throw":["rock"]})",
        R"({"type":"move","throw":{"rock":1}})",
        R"({"type":"move","move":"rock"})",
    };
    for (const auto& request : bad) {
        CAPTURE(request);
        CHECK(s.illegal(request) == "a throw is \"rock\", \"paper\" or \"scissors\"");
    }
    // None of that counted: this is round 1, revealed against the start's commitment.
    play_checked(s, {"paper"}, 1);
}

TEST_CASE("rps: options out of bounds are refused") {
    const auto lib = dealer::test::load_plugin("rps");
    json complete;
    for (const json& given : {json{{"rounds", 0}}, json{{"rounds", 100}}, json{{"rounds", "3"}},
                              json{{"strategy", "nonsense"}}, json{{"strategy", 1}}, json{{"level", "hard"}}}) {
        CAPTURE(given.dump());
        CHECK_FALSE(lib->options().complete(given, complete).empty());
    }
    const ConfiguredGame game("rps", json{{"rounds", 99}, {"strategy", "random"}});
    json result;
    for (const json& choice : {json{{"rounds", 0}}, json{{"rounds", 100}}, json{{"strategy", "nonsense"}}}) {
        CAPTURE(choice.dump());
        CHECK_FALSE(game.lib->options().apply_player(choice, json::parse(game.options), result).empty());
    }
    // Both options are the player's to set.
    CHECK(game.lib->options().apply_player(json{{"rounds", 1}, {"strategy", "adaptive"}}, json::parse(game.options),
                                           result)
              .empty());
}

TEST_CASE("rps: the adaptive dealer learns across the games of one connection") {
    const ConfiguredGame game("rps", json{{"rounds", 5}});
    PlayerSlot connection(game.lib);
    { const PlayerSession warmup(game, connection); play_checked(warmup, {"rock"}, 3); }
    REQUIRE(connection.data != nullptr);
    int paper = 0, rounds = 0;
    for (int g = 0; g < 3; ++g) {
        const PlayerSession s(game, connection);
        for (const json& st : play_checked(s, {"rock"}, 3)) {
            ++rounds;
            paper += st["dealer"] == "paper" ? 1 : 0;
        }
    }
    CHECK(rounds == 9);  // the dealer wins every round: three games of 3-0
    CHECK(paper == rounds);

    // Another connection starts from nothing: its first throw is random, so
    // over many fresh connections not every first throw is paper.
    int fresh_paper = 0;
    for (int c = 0; c < 30; ++c) {
        const PlayerSession s(game);
        fresh_paper += s.move(throw_move("rock"))["dealer"] == "paper" ? 1 : 0;
    }
    CHECK(fresh_paper < 30);  // all 30 paper by chance: p = 3^-30
}

TEST_CASE("rps: text_to_move") {
    const ConfiguredGame game("rps", json::object());
    const PlayerSession s(game);
    const auto& lib = game.lib;
    const std::vector<std::pair<std::string, std::string>> typed = {
        {"r", "rock"}, {"p", "paper"}, {"s", "scissors"}, {"R", "rock"}, {"Rock", "rock"},
        {"PAPER", "paper"}, {"scissors", "scissors"}, {" s ", "scissors"},
    };
    for (const auto& [line, word] : typed) {
        CAPTURE(line);
        const PluginCall r = lib->text_to_move(s.session, line);
        CHECK(r.status == DEALER_OK);
        CHECK(parsed(r.output) == json{{"throw", word}});
    }
    for (const std::string garbage : {"", "x", "lizard", "rocks", "rp", "1", "rock paper", "r o c k", "pa per"}) {
        CAPTURE(garbage);
        const PluginCall r = lib->text_to_move(s.session, garbage);
        CHECK(r.status == DEALER_ILLEGAL_MOVE);
        CHECK(parsed(r.output)["text"] == "type rock, paper or scissors (or r, p, s)");
    }
}

TEST_CASE("rps: render_text shows throws, score, round and the check") {
    const ConfiguredGame game("rps", json{{"rounds", 1}});
    const PlayerSession s(game);
    const auto& lib = game.lib;
    PluginCall r = lib->render_text(s.session, DEALER_REPLY_START, s.start.dump());
    REQUIRE(r.status == DEALER_OK);
    CHECK(r.output.find("best of 1 against the adaptive dealer") != std::string::npos);
    CHECK(r.output.find(s.start["commit"].get<std::string>()) != std::string::npos);

    std::string commit = s.start["commit"].get<std::string>();
    for (int round = 1; round < 100; ++round) {
        const json st = s.move(throw_move("rock"));
        r = lib->render_text(s.session, DEALER_REPLY_STATE, st.dump());
        REQUIRE(r.status == DEALER_OK);
        CAPTURE(r.output);
        const std::string check = "sha256(\"" + st["dealer"].get<std::string>() + ":" +
                                  st["reveal"]["nonce"].get<std::string>() + "\") = " + commit;
        CHECK(r.output.rfind("round " + std::to_string(round) + ": you rock, dealer " + st["dealer"].get<std::string>(),
                             0) == 0);
        CHECK(r.output.find("score: you ") != std::string::npos);
        CHECK(r.output.find(check) != std::string::npos);
        if (st["over"] == true) {
            CHECK(r.output.find(st["result"] == "win" ? "you win the match 1-0." : "the dealer wins the match 0-1.") !=
                  std::string::npos);
            CHECK(r.output.find("the dealer's throws were committed in advance; reveal: " + check) !=
                  std::string::npos);
            return;
        }
        CHECK(r.output.find("a tie, replayed") != std::string::npos);
        commit = st["commit"].get<std::string>();
        CHECK(r.output.find("round " + std::to_string(round + 1) + ": your throw? (the dealer's throw is committed: " +
                            commit + ")") != std::string::npos);
    }
    FAIL("a hundred ties in a row");
}
