// Unit tests for the client's game views (client/*_view.hpp), fed the JSON
// dealerd sends (captured in docs/).

#include <doctest/doctest.h>

#include <climits>
#include <string>

#include "client/game_view.hpp"
#include "client/generic_view.hpp"
#include "client/guess_view.hpp"
#include "client/mancala_view.hpp"
#include "client/password_view.hpp"
#include "client/rps_view.hpp"

namespace client = dealer::client;
using nlohmann::json;

namespace {

const client::Style kPlain(false);

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("make_game_view picks by plugin and checks the start's fields") {
    const json guess_start = json::parse(R"({"type":"start","game":"guess-hard","min":1,"max":100,"over":false})");
    CHECK(dynamic_cast<client::GuessView*>(client::make_game_view("guess", guess_start, kPlain).get()) != nullptr);
    CHECK(dynamic_cast<client::GenericView*>(client::make_game_view("coin", guess_start, kPlain).get()) != nullptr);
    // A game called guess that does not look like one is shown generically.
    const json odd = json::parse(R"({"type":"start","game":"guess","min":"low","over":false})");
    CHECK(dynamic_cast<client::GenericView*>(client::make_game_view("guess", odd, kPlain).get()) != nullptr);
    const json board = json::parse(R"({"board":{"pits":[[4,4],[4,4]],"stores":[0,0]}})");
    CHECK(dynamic_cast<client::MancalaView*>(client::make_game_view("mancala", board, kPlain).get()) != nullptr);
    const json huge = json::parse(R"({"board":{"pits":[[999],[4]],"stores":[0,0]}})");
    CHECK(dynamic_cast<client::GenericView*>(client::make_game_view("mancala", huge, kPlain).get()) != nullptr);
    CHECK(dynamic_cast<client::RpsView*>(client::make_game_view("rps", json{{"rounds", 3}}, kPlain).get()) != nullptr);
    CHECK(client::make_game_view("password", json::object(), kPlain)->secret_input());
}

TEST_CASE("guess view: the range narrows with each hint") {
    client::GuessView view(kPlain);
    std::string out = view.show_start(json::parse(
        R"({"type":"start","game":"guess","min":0,"max":9,"max_guesses":0,"commit":"c","over":false,"text":"guess a number between 0 and 9"})"));
    CHECK(contains(out, "guess a number between 0 and 9"));
    CHECK(contains(out, "the secret is between 0 and 9 (10 numbers)"));
    CHECK(view.prompt() == "guess [0-9]> ");

    out = view.show_state(json::parse(R"({"type":"state","guess":4,"guesses":1,"text":"too low","over":false})"));
    CHECK(contains(out, "4: too low"));
    CHECK(contains(out, "between 5 and 9 (5 numbers); 1 guess so far"));
    CHECK(view.prompt() == "guess [5-9]> ");
    view.show_state(json::parse(R"({"guess":7,"guesses":2,"text":"too high","over":false})"));
    CHECK((view.low() == 5 && view.high() == 6));
    out = view.show_state(json::parse(R"({"guess":6,"guesses":3,"text":"too high","over":false})"));
    CHECK(contains(out, "the secret must be 5"));
    out = view.show_state(json::parse(R"({"guess":5,"guesses":4,"text":"found the secret","over":true,"result":"win"})"));
    CHECK(contains(out, "5: found the secret"));
    CHECK(contains(out, "found in 4 guesses"));
    CHECK_FALSE(contains(out, "contradict"));

    client::GuessView liar(kPlain);
    liar.show_start(json{{"min", 0}, {"max", 9}});
    liar.show_state(json{{"guess", 5}, {"guesses", 1}, {"text", "too low"}});
    CHECK(contains(liar.show_state(json{{"guess", 2}, {"guesses", 2}, {"text", "found the secret"}, {"over", true}}),
                   "contradict"));
}

TEST_CASE("guess view: guesses left, contradictions and what a move is") {
    client::GuessView view(kPlain);
    const std::string out = view.show_start(json{{"min", 1}, {"max", 1000000}, {"max_guesses", 20}});
    CHECK(contains(out, "1000000 numbers); 20 guesses left"));
    CHECK(contains(view.show_state(json{{"guess", 500000}, {"guesses", 1}, {"text", "too high"}}), "19 guesses left"));
    CHECK(contains(view.show_state(json{{"guess", 10}, {"guesses", 2}, {"text", "too low"}}), "between 11 and 499999"));
    CHECK(contains(view.show_state(json{{"guess", 5}, {"guesses", 3}, {"text", "too high"}}), "contradict"));
    const std::string lost = view.show_state(json::parse(
        R"({"guess":6,"guesses":20,"text":"too low","over":true,"result":"lose","reveal":{"secret":77,"nonce":"n"}})"));
    CHECK(contains(lost, "6: too low"));
    CHECK(contains(lost, "the secret was 77"));
    CHECK_FALSE(contains(lost, "between"));

    CHECK(*view.read_move(" 42 ").fields == json{{"guess", 42}});
    CHECK(*view.read_move("+7").fields == json{{"guess", 7}});
    CHECK(*view.read_move("-3").fields == json{{"guess", -3}});
    CHECK_FALSE(view.read_move("+-3").fields);
    CHECK_FALSE(view.read_move("+").fields);
    CHECK_FALSE(view.read_move("++3").fields);
    const auto bad = view.read_move("seven");
    CHECK_FALSE(bad.fields);
    CHECK(bad.error == "type a whole number between 1 and 1000000");
    CHECK_FALSE(view.read_move("4.5").fields);
    CHECK_FALSE(view.read_move("").fields);
    CHECK_FALSE(view.read_move("99999999999999999999999").fields);
}

TEST_CASE("guess view: hints at the ends of the integers leave nothing, without overflowing") {
    client::GuessView high(kPlain);
    high.show_start(json{{"min", LLONG_MAX - 1}, {"max", LLONG_MAX}});
    // Nothing is above the largest integer: the hint leaves no number.
    CHECK(contains(high.show_state(json{{"guess", LLONG_MAX}, {"guesses", 1}, {"text", "too low"}}), "contradict"));
    CHECK(high.low() == LLONG_MAX - 1);
    client::GuessView low(kPlain);
    low.show_start(json{{"min", LLONG_MIN}, {"max", LLONG_MIN + 1}});
    CHECK(contains(low.show_state(json{{"guess", LLONG_MIN}, {"guesses", 1}, {"text", "too high"}}), "contradict"));
    CHECK(low.high() == LLONG_MIN + 1);
    // Counts out of all reason are clamped, not wrapped.
    client::GuessView counts(kPlain);
    counts.show_start(json{{"min", 0}, {"max", 9}, {"max_guesses", LLONG_MAX}});
    CHECK(contains(counts.show_state(json{{"guess", 3}, {"guesses", LLONG_MIN}, {"text", "too low"}}),
                   "; 9007199254740992 guesses left"));
}

TEST_CASE("rps view: both throws, the round, the score") {
    client::RpsView view(kPlain);
    std::string out = view.show_start(json::parse(
        R"({"type":"start","game":"rps","rounds":3,"to_win":2,"strategy":"adaptive","round":1,"commit":"c","over":false,"text":"best of 3: rock, paper or scissors?"})"));
    CHECK(contains(out, "best of 3"));
    CHECK(contains(out, "the first to win 2 rounds takes the match"));
    CHECK(view.footer() == "round 1\n");
    out = view.show_state(json::parse(
        R"({"type":"state","game":"rps","round":1,"you":"rock","dealer":"paper","outcome":"lose","score":{"you":0,"dealer":1,"ties":0},"commit":"d","over":false,"text":"rock vs paper"})"));
    CHECK(contains(out, "round 1: you rock, dealer paper - the dealer wins the round"));
    CHECK(contains(out, "score: you 0, dealer 1, ties 0 (first to 2 wins the match)"));
    CHECK(view.footer() == "round 2\n");  // shown after the commitment lines, before the prompt
    out = view.show_state(json::parse(
        R"({"round":2,"you":"rock","dealer":"rock","outcome":"tie","score":{"you":0,"dealer":1,"ties":1},"over":false})"));
    CHECK(contains(out, "round 2: you rock, dealer rock - a tie, replayed"));
    CHECK(contains(out, "ties 1"));
    out = view.show_state(json::parse(
        R"({"round":3,"you":"paper","dealer":"rock","outcome":"win","score":{"you":1,"dealer":1,"ties":1},"over":false})"));
    CHECK(contains(out, "you win the round"));
    CHECK(contains(out, "score: you 1, dealer 1, ties 1"));
    // The end: no next round announced.
    out = view.show_state(json::parse(
        R"({"round":4,"you":"scissors","dealer":"paper","outcome":"win","score":{"you":2,"dealer":1,"ties":1},"over":true,"result":"win"})"));
    CHECK_FALSE(contains(out, "round 5"));
    // Missing fields are shown as missing, never trusted.
    CHECK(contains(view.show_state(json::object()), "you ?, dealer ?"));

    CHECK(view.prompt() == "rock, paper or scissors> ");
    CHECK(*view.read_move("r").fields == json{{"throw", "rock"}});
    CHECK(*view.read_move(" Paper ").fields == json{{"throw", "paper"}});
    CHECK(*view.read_move("s").fields == json{{"throw", "scissors"}});
    CHECK_FALSE(view.read_move("lizard").fields);
    CHECK_FALSE(view.read_move("").fields);
}

TEST_CASE("mancala view: the board with pit numbers and stores, the player at the bottom") {
    client::MancalaView view(kPlain);
    const std::string out = view.show_start(json::parse(
        R"({"type":"start","game":"mancala","board":{"pits":[[4,4,4,4,4,4],[4,4,4,4,4,4]],"stores":[0,0]},"turn":"player","over":false,"text":"your turn: sow a pit from 1 to 6"})"));
    CHECK(contains(out, "your turn"));
    CHECK(contains(out, "            6    5    4    3    2    1\n"));
    CHECK(contains(out, "(  4)(  4)(  4)(  4)(  4)(  4)   dealer\n"));
    CHECK(contains(out, "   [  0]                               [  0]\n"));
    CHECK(contains(out, "   you\n            1    2    3    4    5    6\n"));
    CHECK(out.find("dealer\n") < out.find("you\n"));
    CHECK(view.prompt() == "pit 1-6> ");
    CHECK(*view.read_move("3").fields == json{{"pit", 3}});
    CHECK_FALSE(view.read_move("three").fields);
    CHECK(contains(view.redraw(), "[  0]"));
}

TEST_CASE("mancala view: the dealer's moves are replayed one by one") {
    client::MancalaView view(kPlain);
    // Captured from dealerd: the dealer moved first, playing 3 then 6.
    std::string out = view.show_start(json::parse(
        R"({"type":"start","game":"mancala","board":{"pits":[[5,5,5,5,4,4],[4,4,0,5,5,0]],"stores":[0,2]},"dealer_moves":[3,6],"turn":"player","over":false,"text":"the dealer played 3 then 6"})"));
    CHECK(contains(out, "the dealer sows pit 3: last seed in its store, it moves again"));
    CHECK(contains(out, "the dealer sows pit 6\n"));
    CHECK(count(out, "   dealer\n") == 2);  // a board after each sowing
    CHECK(out.find("sows pit 3") < out.find("sows pit 6"));
    CHECK_FALSE(contains(out, "could not be replayed"));

    view.move_sent(json{{"pit", 3}});
    out = view.show_state(json::parse(
        R"({"type":"state","game":"mancala","board":{"pits":[[0,5,0,6,5,5],[5,0,1,6,6,0]],"stores":[1,8]},"dealer_moves":[2],"turn":"player","over":false,"text":"you sowed pit 3; the dealer played 2 and captured 6 seeds; your turn"})"));
    CHECK(contains(out, "you sow pit 3"));
    CHECK(contains(out, "the dealer sows pit 2, capturing 6 seeds"));
    CHECK(count(out, "   dealer\n") == 2);
    CHECK(contains(out, "   [  8]                               [  1]\n"));
    CHECK_FALSE(contains(out, "could not be replayed"));
    CHECK(contains(out, "your turn"));
}

TEST_CASE("mancala view: a turn that does not replay shows the server's board") {
    client::MancalaView view(kPlain);
    view.show_start(json::parse(R"({"board":{"pits":[[4,4,4,4,4,4],[4,4,4,4,4,4]],"stores":[0,0]},"over":false})"));
    view.move_sent(json{{"pit", 1}});
    const std::string out = view.show_state(json::parse(
        R"({"board":{"pits":[[0,5,5,5,5,4],[4,4,4,4,4,4]],"stores":[7,0]},"dealer_moves":[9],"over":false})"));
    CHECK(contains(out, "could not be replayed"));
    CHECK(count(out, "   dealer\n") == 1);
    CHECK(contains(out, "[  0]                               [  7]"));
    // A state without a board is no crash.
    CHECK_NOTHROW(view.show_state(json{{"text", "odd"}}));
}

TEST_CASE("password view: secret input, attempts left") {
    client::PasswordView view(kPlain);
    CHECK(view.secret_input());
    CHECK(view.prompt() == "password> ");
    CHECK(view.show_start(json::parse(R"({"attempts_left":3,"over":false,"text":"password required"})")) ==
          "password required (3 attempts left)\n");
    CHECK(view.show_state(json::parse(R"({"attempts_left":1,"over":false,"text":"access denied"})")) ==
          "access denied (1 attempt left)\n");
    CHECK(view.show_state(json::parse(R"({"attempts_left":1,"over":true,"result":"win","text":"access granted"})")) ==
          "access granted\n");
    CHECK(*view.read_move(" open sesame ").fields == json{{"password", " open sesame "}});
}

TEST_CASE("generic view: the text and the other fields, moves as typed") {
    client::GenericView view("coin", kPlain);
    CHECK(view.show_start(json::parse(R"({"type":"start","game":"coin","text":"call heads or tails","over":false})")) ==
          "call heads or tails\n");
    const std::string out = view.show_state(json::parse(
        R"({"type":"state","game":"coin","over":true,"toss":"heads","text":"heads","result":"win","n":3,"list":[1,"a"],"id":4,"seq":4})"));
    // Fields in name order (the client keeps JSON objects sorted).
    CHECK(out == "heads\n  list: [1,\"a\"]\n  n: 3\n  toss: heads\n");
    CHECK(view.redraw() == "  list: [1,\"a\"]\n  n: 3\n  toss: heads\n");
    CHECK(view.prompt() == "coin move> ");
    CHECK(*view.read_move("heads").fields == json{{"input", "heads"}});
    CHECK(*view.read_move(" two words ").fields == json{{"input", "two words"}});
    CHECK(*view.read_move("call=tails n=3 sure=true").fields == json{{"call", "tails"}, {"n", 3}, {"sure", true}});
    CHECK(*view.read_move(R"({"call":"heads","type":"sneaky"})").fields == json{{"call", "heads"}});
    CHECK_FALSE(view.read_move("{not json").fields);
    // Control characters from the server never reach the terminal.
    CHECK(view.show_state(json{{"text", "\033[2Jboo"}}) == "?[2Jboo\n");
}
