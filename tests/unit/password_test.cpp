// The password game (SPEC §5): the per-source penalty table with a clock
// the test controls, the secret check (argon2id and plain), and the plugin
// itself through the daemon's loader: attempts, byte-identical denials,
// penalties across sessions and addresses, illegal moves, bad options.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "password_check.hpp"
#include "penalty_table.hpp"
#include "plugin_harness.hpp"

using dealer::PluginCall;
using dealer::password::PasswordCheck;
using dealer::password::PenaltyPolicy;
using dealer::password::PenaltyTable;
using dealer::password::source_key;
using nlohmann::json;

namespace {

constexpr std::uint64_t kMinute = 60'000;

// An argon2id string made with libsodium's smallest limits: as valid as the
// real thing, but quick enough for a unit test.
std::string quick_hash(const std::string& password) {
    char out[crypto_pwhash_STRBYTES];
    REQUIRE(crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_MIN,
                                  crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13) == 0);
    return out;
}

// Fails `source` n times at time now; returns the last penalty started.
std::uint64_t fail(PenaltyTable& table, const std::string& source, int n, std::uint64_t now) {
    std::uint64_t penalty = 0;
    for (int i = 0; i < n; ++i) penalty = table.record_failure(source, now);
    return penalty;
}

// One password game session with helpers for attempts.
struct Login : dealer::test::PlayerSession {
    using PlayerSession::PlayerSession;

    PluginCall attempt(const std::string& password) const {
        return raw_move(json{{"type", "move"}, {"password", password}}.dump());
    }
    json state(const std::string& password) const { return move(json{{"type", "move"}, {"password", password}}); }
};

}  // namespace

// --- source keys ---------------------------------------------------------------

TEST_CASE("password: failures are counted per IPv4 address and per IPv6 /64") {
    CHECK(source_key("203.0.113.7") == "203.0.113.7");
    CHECK(source_key("::ffff:203.0.113.7") == "203.0.113.7");  // the same host seen over a dual-stack socket
    CHECK(source_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64");
    CHECK(source_key("2001:db8:1:2::1") == source_key("2001:db8:1:2:ffff::9"));
    CHECK(source_key("2001:db8:1:3::1") != source_key("2001:db8:1:2::1"));
    CHECK(source_key("::1") == "::/64");
    CHECK(source_key("not an address") == "not an address");
}

// --- the penalty table ---------------------------------------------------------

TEST_CASE("PenaltyTable: max_failures within the window start a penalty, which then ends") {
    PenaltyTable table(PenaltyPolicy{});  // 5 in 10 minutes, 1 minute first
    const std::uint64_t t0 = 1'000'000;
    CHECK(fail(table, "a", 4, t0) == 0);
    CHECK(table.wait_ms("a", t0) == 0);
    CHECK(table.record_failure("a", t0 + 1000) == kMinute);
    CHECK(table.wait_ms("a", t0 + 1000) == kMinute);
    CHECK(table.wait_ms("a", t0 + 31'000) == 30'000);
    CHECK(table.wait_ms("a", t0 + 1000 + kMinute) == 0);
    CHECK(table.wait_ms("b", t0 + 1000) == 0);  // another source is not affected
}

TEST_CASE("PenaltyTable: failures older than the window do not add up") {
    PenaltyTable table(PenaltyPolicy{});
    std::uint64_t now = 0;
    for (int i = 0; i < 50; ++i) {
        CHECK(table.record_failure("slow", now) == 0);  // one failure every 151 s: 4 per 10-minute window
        now += 151'000;
    }
    CHECK(table.wait_ms("slow", now) == 0);
}

TEST_CASE("PenaltyTable: each repeat doubles the penalty up to max_penalty; a clean window forgives") {
    PenaltyPolicy policy;
    policy.max_failures = 2;
    policy.penalty_ms = kMinute;
    policy.max_penalty_ms = 5 * kMinute;
    PenaltyTable table(policy);
    std::uint64_t now = 0;
    const std::vector<std::uint64_t> expected = {kMinute, 2 * kMinute, 4 * kMinute, 5 * kMinute, 5 * kMinute};
    for (const std::uint64_t penalty : expected) {
        CHECK(fail(table, "x", 2, now) == penalty);
        CHECK(table.record_failure("x", now + 1) == 0);  // failures while refused start nothing more
        now += penalty;                                  // the penalty is over
        CHECK(table.wait_ms("x", now) == 0);
    }
    // Clean for longer than a window after the last penalty: back to the first penalty.
    now += policy.window_ms + 1;
    CHECK(fail(table, "x", 2, now) == kMinute);
}

TEST_CASE("PenaltyTable: a full table forgets a source serving no penalty before a penalised one") {
    PenaltyPolicy policy;
    policy.max_failures = 1;
    policy.max_sources = 2;
    PenaltyTable table(policy);
    CHECK(table.record_failure("attacker", 0) == kMinute);
    CHECK(table.record_failure("attacker", kMinute) == 2 * kMinute);  // refused until 3 minutes
    CHECK(table.record_failure("idle", kMinute + 1) == kMinute);      // refused until 2 minutes
    // At 2m10s idle's penalty is over, the attacker's is not. The attacker
    // is the least recently seen, yet idle is the one forgotten.
    const std::uint64_t now = 130'000;
    table.record_failure("newcomer", now);
    CHECK(table.size() == 2);
    CHECK(table.wait_ms("attacker", now) == 180'000 - now);
    // idle starts over with a first penalty: its strike was forgotten with it.
    CHECK(table.record_failure("idle", now) == kMinute);
    CHECK(table.size() == 2);
}

TEST_CASE("PenaltyTable: a penalised source that keeps knocking is evicted after quieter penalised ones") {
    PenaltyPolicy policy;
    policy.max_failures = 1;
    policy.max_sources = 11;
    PenaltyTable table(policy);
    CHECK(table.record_failure("attacker", 0) == kMinute);
    // Ten more penalised sources, all seen after the attacker: more than the
    // eviction scan looks at, so eviction must fall back to the oldest.
    for (int i = 0; i < 10; ++i) CHECK(table.record_failure("p-" + std::to_string(i), 1) == kMinute);
    CHECK(table.wait_ms("attacker", 2) > 0);  // knocking again makes it the most recently seen
    table.record_failure("newcomer", 3);      // the table is full: the oldest goes, which is p-0
    CHECK(table.size() == 11);
    CHECK(table.wait_ms("attacker", 3) > 0);
    CHECK(table.record_failure("p-0", 4) == kMinute);  // p-0 was forgotten: a first penalty again
}

TEST_CASE("PenaltyTable: concurrent attempts cannot check more guesses than max_failures") {
    PenaltyPolicy policy;
    policy.max_failures = 3;
    PenaltyTable table(policy);
    // Three logins from one address are checked at once (three workers).
    for (int i = 0; i < 3; ++i) CHECK(table.begin_attempt("a", 10) == 0);
    // A fourth would exceed the budget if all three fail: refused for now.
    CHECK(table.begin_attempt("a", 10) == 1000);
    CHECK(table.begin_attempt("b", 10) == 0);  // another source is not affected
    CHECK(table.end_attempt("b", 11, false) == 0);
    CHECK(table.end_attempt("a", 20, true) == 0);
    CHECK(table.end_attempt("a", 20, true) == 0);
    CHECK(table.end_attempt("a", 20, true) == kMinute);  // the third failure starts the penalty
    CHECK(table.begin_attempt("a", 30) == kMinute - 10);

    // A success frees its place without counting as a failure.
    CHECK(table.begin_attempt("c", 0) == 0);
    CHECK(table.end_attempt("c", 1, false) == 0);
    for (int i = 0; i < 3; ++i) CHECK(table.begin_attempt("c", 2) == 0);
}

// --- the secret ----------------------------------------------------------------

TEST_CASE("PasswordCheck: an argon2id hash and a plain password") {
    std::string why;
    auto hashed = PasswordCheck::from_hash(quick_hash("open sesame"), why);
    REQUIRE(hashed);
    CHECK(hashed->hashed());
    CHECK(hashed->matches("open sesame"));
    CHECK_FALSE(hashed->matches("open sesame "));
    CHECK_FALSE(hashed->matches(""));

    const PasswordCheck plain = PasswordCheck::from_plain("hunter2");
    CHECK_FALSE(plain.hashed());
    CHECK(plain.matches("hunter2"));
    CHECK_FALSE(plain.matches("hunter"));
    CHECK_FALSE(plain.matches(std::string("hunter2\0", 8)));
}

TEST_CASE("PasswordCheck: strings that are not argon2id PHC strings are refused") {
    char argon2i[crypto_pwhash_STRBYTES];
    REQUIRE(crypto_pwhash_str_alg(argon2i, "x", 1, crypto_pwhash_argon2i_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
                                  crypto_pwhash_ALG_ARGON2I13) == 0);
    for (const std::string& bad : {std::string("hunter2"), std::string(argon2i), std::string("$argon2id$v=19$"),
                                  std::string("$argon2id$v=19$m=65536,t=2,p=1$!!!!$????"), std::string("$argon2id$v=19$m=65536,t=2,p=1$$")}) {
        std::string why;
        INFO("hash: ", bad);
        CHECK_FALSE(PasswordCheck::from_hash(bad, why));
        CHECK(why.find("dealerd --hash-password") != std::string::npos);
    }
}

// --- the plugin ----------------------------------------------------------------

TEST_CASE("password: granted with the right password, lost after max_attempts denials") {
    dealer::test::QuietLog quiet;  // plain passwords and penalties are logged
    const dealer::test::ConfiguredGame game("password", json{{"hash", quick_hash("letmein")}, {"max_attempts", 2}});
    {
        const Login login(game, "192.0.2.1");
        CHECK(login.start == json{{"attempts_left", 2}, {"over", false}, {"text", "password required"}});
        const json won = login.state("letmein");
        CHECK(won == json{{"attempts_left", 2}, {"over", true}, {"result", "win"}, {"text", "access granted"}});
        CHECK(login.illegal(R"({"password":"letmein"})") == "the game is over");
    }
    {
        const Login login(game, "192.0.2.2");
        CHECK(login.state("nope") == json{{"attempts_left", 1}, {"over", false}, {"text", "access denied"}});
        CHECK(login.state("letmeout") ==
              json{{"attempts_left", 0}, {"over", true}, {"result", "lose"}, {"text", "access denied"}});
    }
}

TEST_CASE("password: denials are byte-identical whatever was sent") {
    dealer::test::QuietLog quiet;  // plain passwords and penalties are logged
    const dealer::test::ConfiguredGame game("password", json{{"password", "correct horse"}});
    const std::vector<std::string> attempts = {"", "c", "correct hors", "correct horse ", std::string(3000, 'x'),
                                               "\xc3\xa9t\xc3\xa9", "correct horsf"};
    std::string first_denial;
    for (std::size_t i = 0; i < attempts.size(); ++i) {
        // A fresh address each time, so that no penalty starts.
        const std::string address = "198.51.100." + std::to_string(i + 1);
        const Login login(game, address);
        const PluginCall r = login.attempt(attempts[i]);
        REQUIRE(r.status == DEALER_OK);
        if (i == 0) first_denial = r.output;
        CHECK(r.output == first_denial);
    }
}

TEST_CASE("password: failures from one address are penalised across sessions; others are not") {
    dealer::test::QuietLog quiet;  // plain passwords and penalties are logged
    const dealer::test::ConfiguredGame game("password", json{{"password", "pw"}, {"max_failures", 3}});
    {
        const Login a(game, "203.0.113.9");
        CHECK(a.state("1")["attempts_left"] == 2);
        CHECK(a.state("2")["attempts_left"] == 1);
    }
    const Login b(game, "::ffff:203.0.113.9", DEALER_TRANSPORT_TCP);  // the same host, another transport
    CHECK(b.state("3")["text"] == "access denied");                   // the third failure starts the penalty
    for (int i = 0; i < 3; ++i) {
        const PluginCall refused = b.attempt("pw");  // even the right password waits
        CHECK(refused.status == DEALER_RATE_LIMITED);
        const json error = dealer::test::parsed(refused.output);
        CHECK(error["retry_after"] == 60);
        CHECK(error["text"] == "too many failed logins from your address");
    }
    const Login other(game, "203.0.113.10");
    CHECK(other.state("pw")["result"] == "win");

    // IPv6 hosts are counted by /64.
    {
        const Login v6(game, "2001:db8::1");
        v6.state("a");
        v6.state("b");
        v6.state("c");
    }
    const Login neighbour(game, "2001:db8::2");
    CHECK(neighbour.attempt("pw").status == DEALER_RATE_LIMITED);
    const Login elsewhere(game, "2001:db8:0:1::2");
    CHECK(elsewhere.state("pw")["result"] == "win");
}

TEST_CASE("password: rate-limited attempts do not count against max_attempts") {
    dealer::test::QuietLog quiet;  // plain passwords and penalties are logged
    const dealer::test::ConfiguredGame game("password",
                                            json{{"password", "pw"}, {"max_failures", 1}, {"max_attempts", 2}});
    const Login login(game, "192.0.2.50");
    CHECK(login.state("x")["attempts_left"] == 1);
    CHECK(login.attempt("y").status == DEALER_RATE_LIMITED);
    CHECK(login.attempt("z").status == DEALER_RATE_LIMITED);
}

TEST_CASE("password: a move must carry the password as a string") {
    dealer::test::QuietLog quiet;  // plain passwords and penalties are logged
    const dealer::test::ConfiguredGame game("password", json{{"password", "pw"}});
    const Login login(game);
    for (const char* bad : {R"({"type":"move"})", R"({"type":"move","password":1234})",
                            R"({"type":"move","password":null})", R"({"type":"move","password":["pw"]})",
                            R"({"type":"move","pass":"pw"})"}) {
        CHECK(login.illegal(bad) == "a move is {\"password\": \"...\"}: the password as a string");
    }
    CHECK(login.state("pw")["attempts_left"] == 3);  // the refused moves did not count
}

TEST_CASE("password: a typed line is the whole password") {
    dealer::test::QuietLog quiet;  // plain passwords and penalties are logged
    const dealer::test::ConfiguredGame game("password", json{{"password", "two words"}});
    const Login login(game);
    const PluginCall typed = game.lib->text_to_move(login.session, "two words");
    REQUIRE(typed.status == DEALER_OK);
    CHECK(dealer::test::parsed(typed.output) == json{{"password", "two words"}});
    const PluginCall start = game.lib->render_text(login.session, DEALER_REPLY_START, login.start.dump());
    CHECK(start.output == "password required (3 attempts): type it");
    const PluginCall denied = game.lib->render_text(
        login.session, DEALER_REPLY_STATE, json{{"attempts_left", 1}, {"over", false}, {"text", "access denied"}}.dump());
    CHECK(denied.output == "access denied (1 attempt left)");
}

TEST_CASE("password: options the game refuses") {
    using dealer::test::refused_game;
    CHECK(refused_game("password", json{{"hash", quick_hash("a")}, {"password", "a"}}) ==
          "set either hash or password, not both");
    CHECK(refused_game("password", json{{"hash", "$2y$10$bcrypt..."}}).find("not an argon2id PHC string") !=
          std::string::npos);
    CHECK(refused_game("password", json{{"password", "a"}, {"penalty", "2h"}, {"max_penalty", "1h"}}) ==
          "penalty must not be longer than max_penalty");
}

TEST_CASE("password: with neither hash nor password the game still runs, on a password nobody can guess") {
    dealer::test::QuietLog quiet;  // the made-up password is logged as a warning
    const dealer::test::ConfiguredGame game("password", json::object());
    const Login login(game);
    for (const char* guess : {"", "password", "dealer"}) CHECK(login.state(guess)["text"] == "access denied");
}
