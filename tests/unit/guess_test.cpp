// The rules of the bundled guess game (SPEC §5), played through the real
// plugin file with the host's loader: PluginLibrary + create_game +
// open_session + move, as the daemon does.

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "daemon/plugin_library.hpp"
#include "protocol/fairness.hpp"

#include "plugin_fixture.hpp"

using dealer::PluginCall;
using nlohmann::json;

namespace {

using dealer::test::parsed;

// One configured guess game.
struct GuessGame : dealer::test::ConfiguredGame {
    explicit GuessGame(const json& given) : ConfiguredGame("guess", given) {}
};

// One session of a game, played over UDP.
struct Round : dealer::test::PlayingSession {
    explicit Round(const GuessGame& game) : PlayingSession(game, json::object(), DEALER_TRANSPORT_UDP) {}

    // A guess that must be accepted; returns the state.
    json guess(std::int64_t n) const { return accepted(json{{"type", "move"}, {"guess", n}}); }
};

// Checks an over state's reveal against the start's commitment; returns the secret.
std::int64_t check_reveal(const json& start, const json& state) {
    REQUIRE(state.contains("reveal"));
    const json& reveal = state["reveal"];
    REQUIRE(reveal["secret"].is_number_integer());
    REQUIRE(reveal["nonce"].is_string());
    const std::string nonce = reveal["nonce"].get<std::string>();
    CHECK(nonce.size() == 32);
    CHECK(nonce.find_first_not_of("0123456789abcdef") == std::string::npos);
    const std::int64_t secret = reveal["secret"].get<std::int64_t>();
    CHECK(dealer::protocol::verify_commitment(start["commit"].get<std::string>(), std::to_string(secret), nonce));
    CHECK(secret >= start["min"].get<std::int64_t>());
    CHECK(secret <= start["max"].get<std::int64_t>());
    return secret;
}

}  // namespace

TEST_CASE("guess: the opening state") {
    const GuessGame game(json{{"min", 3}, {"max", 17}, {"max_guesses", 4}});
    const Round round(game);
    CHECK(round.start["min"] == 3);
    CHECK(round.start["max"] == 17);
    CHECK(round.start["max_guesses"] == 4);
    CHECK(round.start["over"] == false);
    CHECK(round.start["text"].is_string());
    REQUIRE(round.start["commit"].is_string());
    const std::string commit = round.start["commit"].get<std::string>();
    CHECK(commit.size() == 64);
    CHECK(commit.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK_FALSE(round.start.contains("reveal"));
    CHECK_FALSE(round.start.contains("secret"));

    // Every session commits to its own secret and nonce.
    const Round other(game);
    CHECK(other.start["commit"] != round.start["commit"]);
}

TEST_CASE("guess: hints are consistent with the revealed secret, and finding it wins") {
    const GuessGame game(json{{"min", 0}, {"max", 1000}});
    for (int rep = 0; rep < 5; ++rep) {
        const Round round(game);
        std::int64_t lo = 0;
        std::int64_t hi = 1000;
        std::vector<std::pair<std::int64_t, std::string>> hints;
        json last;
        for (int count = 1; count <= 20; ++count) {
            const std::int64_t mid = lo + (hi - lo) / 2;
            last = round.guess(mid);
            CHECK(last["guess"] == mid);
            CHECK(last["guesses"] == count);
            const std::string text = last["text"].get<std::string>();
            hints.emplace_back(mid, text);
            if (last["over"] == true) break;
            CHECK_FALSE(last.contains("reveal"));
            CHECK_FALSE(last.contains("result"));
            if (text == "too low") lo = mid + 1;
            else if (text == "too high") hi = mid - 1;
            else {
                FAIL("unexpected text: " << text);
            }
        }
        REQUIRE(last["over"] == true);
        CHECK(last["result"] == "win");
        CHECK(last["text"] == "found the secret");
        const std::int64_t secret = check_reveal(round.start, last);
        for (const auto& [g, text] : hints) {
            CAPTURE(g);
            CHECK(text == (g < secret ? "too low" : g > secret ? "too high" : "found the secret"));
        }
        CHECK(hints.back().first == secret);
        // A finished game takes no more moves.
        CHECK_FALSE(round.illegal(json{{"type", "move"}, {"guess", secret}}.dump()).empty());
    }
}

TEST_CASE("guess: a one-value range is won at once") {
    const GuessGame game(json{{"min", 5}, {"max", 5}});
    const Round round(game);
    const json state = round.guess(5);
    CHECK(state["over"] == true);
    CHECK(state["result"] == "win");
    CHECK(check_reveal(round.start, state) == 5);
}

TEST_CASE("guess: illegal moves are refused and do not count") {
    const GuessGame game(json{{"min", 0}, {"max", 1000}, {"max_guesses", 1}});
    for (int attempt = 0; attempt < 100; ++attempt) {
        const Round round(game);
        const std::vector<std::string> bad = {
            R"({"type":"move"})",
            R"({"type":"move","guess":"5"})",
            R"({"type":"move","guess":5.5})",
            R"({"type":"move","guess":5.0})",
            R"({"type":"move","guess":true})",
            R"({"type":"move","guess":null})",
            R"({"type":"move","guess":[5]})",
            R"({"type":"move","guess":-1})",
            R"({"type":"move","guess":1001})",
            R"({"type":"move","guess":18446744073709551615})",
            R"({"type":"move","guess":-9223372036854775808})",
            R"({"type":"move","number":5})",
        };
        for (const auto& request : bad) {
            CAPTURE(request);
            CHECK(round.illegal(request) == "a guess is a whole number between 0 and 1000");
        }
        // Only one guess is allowed, and it is still available.
        const json state = round.guess(500);
        CHECK(state["guesses"] == 1);
        CHECK(state["over"] == true);
        if (state["result"] == "win") continue;  // found at once (p = 1/1001): try again for the lose path
        CHECK(state["result"] == "lose");
        CHECK(state["text"] != "found the secret");
        const std::int64_t secret = check_reveal(round.start, state);
        CHECK(secret != 500);
        CHECK(state["text"] == (500 < secret ? "too low" : "too high"));
        return;
    }
    FAIL("every first guess found the secret");
}

TEST_CASE("guess: running out of guesses loses and reveals") {
    const GuessGame game(json{{"min", 0}, {"max", 9}, {"max_guesses", 3}});
    int lost = 0;
    for (int rep = 0; rep < 200 && lost < 3; ++rep) {
        const Round round(game);
        json state;
        for (std::int64_t g = 0; g < 3; ++g) {
            state = round.guess(g);
            CHECK(state["guesses"] == g + 1);
            if (state["over"] == true) break;
            CHECK(state["text"] == "too low");  // guessing upwards from min
        }
        REQUIRE(state["over"] == true);
        const std::int64_t secret = check_reveal(round.start, state);
        if (state["result"] == "win") {
            CHECK(state["guess"] == secret);
            continue;
        }
        ++lost;
        CHECK(state["result"] == "lose");
        CHECK(state["guesses"] == 3);
        CHECK(secret > 2);
        CHECK(state["text"] == "too low");
    }
    CHECK(lost == 3);
}

TEST_CASE("guess: min greater than max is refused at create_game") {
    const auto lib = dealer::test::load_plugin("guess");
    json complete;
    REQUIRE(lib->options().complete(json{{"min", 8}, {"max", 3}}, complete).empty());
    std::string why;
    dealer_game* game = lib->create_game(complete.dump(), why);
    CHECK(game == nullptr);
    CHECK(why.find("min (8) must not be greater than max (3)") != std::string::npos);
    if (game != nullptr) lib->destroy_game(game);
}

TEST_CASE("guess: text_to_move") {
    const GuessGame game(json{{"min", -10}, {"max", 10}});
    const Round round(game);
    const auto& lib = game.lib;

    PluginCall r = lib->text_to_move(round.session, "5");
    CHECK(r.status == DEALER_OK);
    CHECK(parsed(r.output) == json{{"guess", 5}});
    r = lib->text_to_move(round.session, "  -7 ");
    CHECK(r.status == DEALER_OK);
    CHECK(parsed(r.output) == json{{"guess", -7}});
    // Out of range is still a number: the move itself is refused later.
    r = lib->text_to_move(round.session, "99");
    CHECK(r.status == DEALER_OK);
    CHECK(parsed(r.output) == json{{"guess", 99}});

    for (const std::string garbage : {"", "five", "5x", "x5", "5.5", "5 6", "+"}) {
        CAPTURE(garbage);
        r = lib->text_to_move(round.session, garbage);
        CHECK(r.status == DEALER_ILLEGAL_MOVE);
        CHECK(parsed(r.output)["text"] == "a guess is a whole number between -10 and 10");
    }
    // None of that counted.
    CHECK(round.guess(0)["guesses"] == 1);
}
