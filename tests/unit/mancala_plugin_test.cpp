// The mancala plugin as the daemon sees it (SPEC §5): the real plugin file
// loaded with the host's loader, options checked by the host's schema and
// the plugin, whole games played through open_session and move, the JSON
// shapes, every refused move, and text mode.

#include <doctest/doctest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/plugin_library.hpp"

#include "plugin_harness.hpp"

using dealer::PluginCall;
using nlohmann::json;

namespace {

using dealer::test::parsed;

/// One configured mancala game.
struct MancalaGame : dealer::test::ConfiguredGame {
    explicit MancalaGame(const json& given = json::object()) : ConfiguredGame("mancala", given) {}
};

/// One game in play.
struct Round : dealer::test::PlayerSession {
    explicit Round(const MancalaGame& game, const json& choices = json::object())
        : PlayerSession(game, dealer::test::PlayChoices{choices}) {}

    /// Sows `pit`, which must be accepted; returns the state.
    json sow(int pit) const { return move(json{{"type", "move"}, {"pit", pit}}); }

    /// render_text of `reply`, which must succeed.
    std::string render(dealer_reply_kind kind, const json& reply) const {
        const PluginCall r = g.lib->render_text(session, kind, reply.dump());
        REQUIRE(r.status == DEALER_OK);
        return r.output;
    }
};

/// Checks the board of a start or state: its shape, the seeds it holds.
void check_board(const json& reply, std::size_t pits, int total) {
    REQUIRE(reply.contains("board"));
    const json& board = reply["board"];
    REQUIRE(board["pits"].is_array());
    REQUIRE(board["pits"].size() == 2);
    REQUIRE(board["stores"].is_array());
    REQUIRE(board["stores"].size() == 2);
    int sum = board["stores"][0].get<int>() + board["stores"][1].get<int>();
    for (const json& side : board["pits"]) {
        REQUIRE(side.size() == pits);
        for (const json& seeds : side) {
            REQUIRE(seeds.is_number_unsigned());
            sum += seeds.get<int>();
        }
    }
    CHECK(sum == total);
}

/// The player's non-empty pits in a reply's board.
std::vector<int> playable(const json& reply) {
    std::vector<int> pits;
    const json& mine = reply["board"]["pits"][0];
    for (std::size_t i = 0; i < mine.size(); ++i) {
        if (mine[i].get<int>() > 0) pits.push_back(static_cast<int>(i) + 1);
    }
    return pits;
}

/// Plays random legal moves to the end, checking every state; returns the last.
json play_out(const Round& round, std::size_t pits, int total, unsigned seed) {
    std::mt19937 random(seed);
    json state = round.start;
    for (int moves = 0; !state["over"].get<bool>(); ++moves) {
        REQUIRE(moves < 500);
        const std::vector<int> choices = playable(state);
        REQUIRE_FALSE(choices.empty());
        state = round.sow(choices[random() % choices.size()]);
        check_board(state, pits, total);
        REQUIRE(state["dealer_moves"].is_array());
        for (const json& pit : state["dealer_moves"]) {
            CHECK(pit.get<int>() >= 1);
            CHECK(pit.get<int>() <= static_cast<int>(pits));
        }
        REQUIRE(state["text"].is_string());
        if (!state["over"].get<bool>()) CHECK(state["turn"] == "player");
    }
    CHECK_FALSE(state.contains("turn"));
    const json& stores = state["board"]["stores"];
    const int mine = stores[0].get<int>();
    const int theirs = stores[1].get<int>();
    CHECK(state["result"] == (mine > theirs ? "win" : mine < theirs ? "lose" : "draw"));
    CHECK(mine + theirs == total);
    return state;
}

}  // namespace

TEST_CASE("mancala plugin: descriptor and options") {
    const auto lib = dealer::test::load_plugin("mancala");
    CHECK(lib->name() == "mancala");
    CHECK(lib->slow());  // the dealer thinks: called on worker threads
    for (const char* name : {"first", "level"}) {
        CAPTURE(name);
        REQUIRE(lib->options().find(name) != nullptr);
        CHECK(lib->options().find(name)->player_settable());
    }
    for (const char* name : {"pits", "seeds", "think_ms"}) {
        CAPTURE(name);
        REQUIRE(lib->options().find(name) != nullptr);
        CHECK_FALSE(lib->options().find(name)->player_settable());
    }

    // Nonsense the host's schema refuses.
    for (const json& bad : {json{{"pits", 0}}, json{{"pits", 13}}, json{{"seeds", 0}}, json{{"level", "genius"}},
                            json{{"first", "nobody"}}, json{{"think_ms", 0}}, json{{"think_ms", 10001}},
                            json{{"pits", "six"}}}) {
        CAPTURE(bad.dump());
        json complete;
        CHECK_FALSE(lib->options().complete(bad, complete).empty());
    }
    // A board too large for a reply to fit a UDP datagram: refused by the plugin.
    json complete;
    REQUIRE(lib->options().complete(json{{"pits", 12}, {"seeds", 7}}, complete).empty());
    std::string why;
    dealer_game* game = lib->create_game(complete.dump(), why);
    CHECK(game == nullptr);
    CHECK(why.find("pits x seeds must be at most 72") != std::string::npos);
    if (game != nullptr) lib->destroy_game(game);

    // Players may choose first and level, and only sensible values.
    const MancalaGame fine(json{{"pits", 12}, {"seeds", 6}});
    std::string bad;
    CHECK(fine.player_options(json{{"level", "genius"}}, &bad).empty());
    CHECK_FALSE(bad.empty());
    CHECK(fine.player_options(json{{"pits", 4}}, &bad).empty());
    CHECK_FALSE(bad.empty());
    CHECK(fine.player_options(json{{"think_ms", 1}}, &bad).empty());
    CHECK_FALSE(bad.empty());
    CHECK_FALSE(fine.player_options(json{{"level", "hard"}, {"first", "dealer"}}).empty());
}

TEST_CASE("mancala plugin: the opening state") {
    const MancalaGame game;
    const Round round(game);
    const json expected = json::parse(R"({"board":{"pits":[[4,4,4,4,4,4],[4,4,4,4,4,4]],"stores":[0,0]},
        "turn":"player","over":false,"text":"your turn: sow a pit from 1 to 6"})");
    CHECK(round.start == expected);

    const MancalaGame small(json{{"pits", 3}, {"seeds", 2}});
    const Round other(small, json{{"level", "easy"}});
    CHECK(other.start["board"] == json::parse(R"({"pits":[[2,2,2],[2,2,2]],"stores":[0,0]})"));
}

TEST_CASE("mancala plugin: the dealer moving first") {
    const MancalaGame game(json{{"think_ms", 5}});
    for (const char* level : {"easy", "medium", "hard"}) {
        CAPTURE(level);
        const Round round(game, json{{"first", "dealer"}, {"level", level}});
        REQUIRE(round.start["dealer_moves"].is_array());
        REQUIRE_FALSE(round.start["dealer_moves"].empty());
        check_board(round.start, 6, 48);
        CHECK(round.start["turn"] == "player");
        CHECK(round.start["over"] == false);
        // The dealer's seeds moved; the player's side only gained.
        CHECK(round.start["board"]["pits"][1] != json::array({4, 4, 4, 4, 4, 4}));
        for (const json& seeds : round.start["board"]["pits"][0]) CHECK(seeds.get<int>() >= 4);
        const std::string text = round.start["text"].get<std::string>();
        CHECK(text.rfind("the dealer played ", 0) == 0);
    }
    // A board the dealer's first move finishes: the start is already over.
    const MancalaGame tiny(json{{"pits", 1}, {"seeds", 1}});
    const Round over(tiny, json{{"first", "dealer"}});
    CHECK(over.start["dealer_moves"] == json::array({1}));
    CHECK(over.start["over"] == true);
    CHECK(over.start["result"] == "draw");  // 1 seed each, swept
    CHECK(over.start["board"] == json::parse(R"({"pits":[[0],[0]],"stores":[1,1]})"));
}

TEST_CASE("mancala plugin: whole games to the end with legal moves, at every level") {
    const MancalaGame game(json{{"think_ms", 2}});
    unsigned seed = 1;
    for (const char* level : {"easy", "medium", "hard"}) {
        for (const char* first : {"player", "dealer"}) {
            CAPTURE(level);
            CAPTURE(first);
            const Round round(game, json{{"level", level}, {"first", first}});
            const json last = play_out(round, 6, 48, seed++);
            CHECK(last["text"].get<std::string>().find("game over: ") != std::string::npos);
            // A finished game takes no more moves.
            CHECK(round.illegal(R"({"type":"move","pit":1})") == "the game is over");
        }
    }
    const MancalaGame odd(json{{"pits", 12}, {"seeds", 6}, {"level", "easy"}});
    const Round big(odd);
    play_out(big, 12, 144, 99);
}

TEST_CASE("mancala plugin: a capture and an extra turn, as the state tells them") {
    const MancalaGame game(json{{"level", "easy"}});
    const Round round(game);
    // Pit 3 of 4 seeds ends in the store: the player moves again, no dealer move.
    const json again = round.sow(3);
    CHECK(again["board"] == json::parse(R"({"pits":[[4,4,0,5,5,5],[4,4,4,4,4,4]],"stores":[1,0]})"));
    CHECK(again["dealer_moves"] == json::array());
    CHECK(again["turn"] == "player");
    CHECK(again["text"] == "you sowed pit 3 into your store: move again");
    // Then pit 6 (5 seeds) passes the turn; the dealer answers.
    const json answered = round.sow(6);
    CHECK_FALSE(answered["dealer_moves"].empty());
    CHECK(answered["text"].get<std::string>().rfind("you sowed pit 6; the dealer played ", 0) == 0);
}

TEST_CASE("mancala plugin: every refused move leaves the game as it was") {
    const MancalaGame game(json{{"pits", 4}, {"seeds", 1}, {"level", "easy"}});
    const Round round(game);
    const std::vector<std::string> bad = {
        R"({"type":"move"})",
        R"({"type":"move","pit":"3"})",
        R"({"type":"move","pit":2.5})",
        R"({"type":"move","pit":2.0})",
        R"({"type":"move","pit":true})",
        R"({"type":"move","pit":null})",
        R"({"type":"move","pit":[2]})",
        R"({"type":"move","pit":{"n":2}})",
        R"({"type":"move","pit":0})",
        R"({"type":"move","pit":-1})",
        R"({"type":"move","pit":5})",
        R"({"type":"move","pit":18446744073709551615})",
        R"({"type":"move","pit":-9223372036854775808})",
        R"({"type":"move","hole":2})",
    };
    for (const auto& request : bad) {
        CAPTURE(request);
        CHECK_FALSE(round.illegal(request).empty());
    }
    CHECK(round.illegal(R"({"type":"move","pit":5})") == "there is no pit 5: your pits are 1 to 4");
    // Pit 4's seed goes to the store (extra turn); pit 4 is then empty.
    const json state = round.sow(4);
    CHECK(state["board"]["pits"][0] == json::array({1, 1, 1, 0}));
    CHECK(round.illegal(R"({"type":"move","pit":4})") ==
          "pit 4 is empty; choose one of your pits that holds seeds: 1, 2, 3");
    // None of the refusals changed anything: pit 3 now sows into pit 4.
    const json next = round.sow(3);
    CHECK(next["text"].get<std::string>().rfind("you sowed pit 3", 0) == 0);
}

TEST_CASE("mancala plugin: text mode") {
    const MancalaGame game(json{{"level", "easy"}});
    const Round round(game);
    const auto& lib = game.lib;
    PluginCall r = lib->text_to_move(round.session, "3");
    CHECK(r.status == DEALER_OK);
    CHECK(parsed(r.output) == json{{"pit", 3}});
    r = lib->text_to_move(round.session, " 9 ");  // a number: the move itself is refused later
    CHECK(parsed(r.output) == json{{"pit", 9}});
    for (const std::string garbage : {"", "three", "3x", "3 4", "+", "3.0", "pit 3"}) {
        CAPTURE(garbage);
        r = lib->text_to_move(round.session, garbage);
        CHECK(r.status == DEALER_ILLEGAL_MOVE);
        CHECK(parsed(r.output)["text"] == "type the number of a pit to sow, 1 to 6");
    }

    const std::string start = round.render(DEALER_REPLY_START, round.start);
    CHECK(start ==
          "your turn: sow a pit from 1 to 6\n"
          "            6    5    4    3    2    1\n"
          "         (  4)(  4)(  4)(  4)(  4)(  4)   dealer\n"
          "   [  0]                               [  0]\n"
          "         (  4)(  4)(  4)(  4)(  4)(  4)   you\n"
          "            1    2    3    4    5    6");
    const json state = round.sow(3);
    const std::string text = round.render(DEALER_REPLY_STATE, state);
    CHECK(text.rfind("you sowed pit 3 into your store: move again\n", 0) == 0);
    CHECK(text.find("(  4)(  4)(  0)(  5)(  5)(  5)   you") != std::string::npos);
    CHECK(text.find("[  1]") != std::string::npos);

    // A reply without a board is not the plugin's: rendering it fails the game.
    const dealer::test::QuietLog quiet;
    const PluginCall broken = lib->render_text(round.session, DEALER_REPLY_STATE, R"({"over":false,"text":"x"})");
    CHECK(broken.status == DEALER_INTERNAL);
}
