// Unit tests for the client's commit/reveal checks (client/commitment_tracker.hpp).

#include <doctest/doctest.h>

#include <string>

#include "client/commitment_tracker.hpp"
#include "protocol/fairness.hpp"

namespace client = dealer::client;
using client::CommitCheck;
using nlohmann::json;

namespace {

const std::string kNonce = "0123456789abcdef0123456789abcdef";

}  // namespace

TEST_CASE("commitment: a guess reveal that matches is verified") {
    client::CommitmentTracker tracker;
    const std::string commit = dealer::protocol::commitment("6", kNonce);
    CHECK(tracker.observe({{"type", "start"}, {"commit", commit}, {"over", false}}).empty());
    CHECK(tracker.holding());
    CHECK(tracker.observe({{"type", "state"}, {"text", "too low"}, {"over", false}}).empty());
    const auto checks =
        tracker.observe({{"type", "state"}, {"over", true}, {"reveal", {{"secret", 6}, {"nonce", kNonce}}}});
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].kind == CommitCheck::Kind::verified);
    CHECK(checks[0].what == "secret");
    CHECK(checks[0].value == "6");
    CHECK_FALSE(tracker.holding());
    CHECK_FALSE(tracker.ever_alarmed());
    const std::string line = client::render_check(checks[0], client::Style(false));
    CHECK(line.find("secret verified") == 0);
    CHECK(line.find("WARNING") == std::string::npos);
}

TEST_CASE("commitment: rps reveals each round and commits to the next in one state") {
    client::CommitmentTracker tracker;
    const std::string round1 = dealer::protocol::commitment("paper", kNonce);
    const std::string round2 = dealer::protocol::commitment("rock", kNonce);
    tracker.observe({{"commit", round1}, {"over", false}});
    auto checks = tracker.observe(
        {{"over", false}, {"reveal", {{"throw", "paper"}, {"nonce", kNonce}}}, {"commit", round2}});
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].kind == CommitCheck::Kind::verified);
    CHECK(checks[0].what == "throw");
    CHECK(tracker.holding());
    checks = tracker.observe({{"over", true}, {"reveal", {{"throw", "rock"}, {"nonce", kNonce}}}});
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].kind == CommitCheck::Kind::verified);
    CHECK(client::render_check(checks[0], client::Style(false)).find("throw verified") == 0);
}

TEST_CASE("commitment: a reveal that does not match is a loud warning") {
    client::CommitmentTracker tracker;
    const std::string commit = dealer::protocol::commitment("6", kNonce);
    tracker.observe({{"commit", commit}, {"over", false}});
    const auto checks = tracker.observe({{"over", true}, {"reveal", {{"secret", 7}, {"nonce", kNonce}}}});
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].kind == CommitCheck::Kind::mismatch);
    CHECK(checks[0].alarming());
    CHECK(checks[0].commit == commit);
    CHECK(checks[0].actual == dealer::protocol::commitment("7", kNonce));
    CHECK(tracker.ever_alarmed());
    const std::string text = client::render_check(checks[0], client::Style(false));
    CHECK(text.find("!!! WARNING") == 0);
    CHECK(text.find("does NOT match") != std::string::npos);
    CHECK(text.find(commit) != std::string::npos);
    // In colour the warning is painted (white on red).
    CHECK(client::render_check(checks[0], client::Style(true)).find("\033[1;37;41m") == 0);
}

TEST_CASE("commitment: a missing reveal at the end and a reveal without a commitment are warnings") {
    client::CommitmentTracker tracker;
    tracker.observe({{"commit", dealer::protocol::commitment("6", kNonce)}, {"over", false}});
    auto checks = tracker.observe({{"over", true}, {"result", "lose"}});
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].kind == CommitCheck::Kind::no_reveal);
    CHECK(client::render_check(checks[0], client::Style(false)).find("never revealed") != std::string::npos);

    client::CommitmentTracker fresh;
    checks = fresh.observe({{"over", true}, {"reveal", {{"secret", 6}, {"nonce", kNonce}}}});
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].kind == CommitCheck::Kind::no_commitment);
    CHECK(fresh.ever_alarmed());
}

TEST_CASE("commitment: unreadable reveals are warnings, games without commitments are quiet") {
    client::CommitmentTracker tracker;
    tracker.observe({{"commit", "ab"}});
    for (const json& reveal : {json("6"), json::object(), json{{"secret", 6}}, json{{"nonce", 5}, {"secret", 6}},
                               json{{"nonce", kNonce}, {"a", 1}, {"b", 2}}, json{{"nonce", kNonce}, {"s", 1.5}}}) {
        const auto checks = tracker.observe({{"reveal", reveal}});
        REQUIRE(checks.size() == 1);
        CHECK(checks[0].kind == CommitCheck::Kind::unreadable);
    }
    client::CommitmentTracker mancala;
    CHECK(mancala.observe({{"board", json::object()}, {"over", false}}).empty());
    CHECK(mancala.observe({{"over", true}, {"result", "win"}}).empty());
    CHECK_FALSE(mancala.ever_alarmed());
    // Leaving a game forgets its commitment: nothing is owed.
    tracker.observe({{"commit", "cd"}});
    tracker.reset();
    CHECK(tracker.observe({{"over", true}}).empty());
}

TEST_CASE("commitment: a commitment replaced before its reveal is a warning; restating it is not") {
    client::CommitmentTracker tracker;
    const std::string first = dealer::protocol::commitment("3", kNonce);
    const std::string second = dealer::protocol::commitment("8", kNonce);
    tracker.observe({{"commit", first}, {"over", false}});
    CHECK(tracker.observe({{"commit", first}, {"over", false}}).empty());  // the same promise again
    const auto checks = tracker.observe({{"commit", second}, {"over", false}});
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].kind == CommitCheck::Kind::replaced);
    CHECK(checks[0].commit == first);
    CHECK(checks[0].replacement == second);
    CHECK(tracker.ever_alarmed());
    const std::string text = client::render_check(checks[0], client::Style(false));
    CHECK(text.find("!!! WARNING: the dealer replaced its commitment without revealing it !!!") == 0);
    CHECK(text.find(second) != std::string::npos);
    // The swap matches its own reveal, which is still checked (and verifies):
    // the warning above is what tells the player.
    const auto end = tracker.observe({{"over", true}, {"reveal", {{"secret", 8}, {"nonce", kNonce}}}});
    REQUIRE(end.size() == 1);
    CHECK(end[0].kind == CommitCheck::Kind::verified);
}

TEST_CASE("commitment: what the server put in a reveal cannot drive the terminal") {
    client::CommitmentTracker tracker;
    tracker.observe({{"commit", "\033[2J\033[32mfake"}});
    const auto checks = tracker.observe({{"reveal", {{"secret\033[0m", "\033[8m6"}, {"nonce", "\033]0;title\007"}}}});
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].kind == CommitCheck::Kind::mismatch);
    for (const bool colour : {false, true}) {
        const std::string text = client::render_check(checks[0], client::Style(colour));
        // Only the client's own SGR codes may carry an escape character.
        CHECK(text.find("\033[2J") == std::string::npos);
        CHECK(text.find("\033[8m") == std::string::npos);
        CHECK(text.find("\033]") == std::string::npos);
        CHECK(text.find('\007') == std::string::npos);
        CHECK(text.find("?[2J?[32mfake") != std::string::npos);
    }
}
