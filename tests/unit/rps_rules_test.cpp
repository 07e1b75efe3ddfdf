// rps rules (plugins/rps/rps_rules): who beats whom, and best-of matches in
// which ties are replayed.

#include <doctest/doctest.h>

#include <string>

#include "rps_rules.hpp"

using namespace dealer::rps;

TEST_CASE("rps rules: all nine pairs") {
    struct Pair {
        Throw player, dealer;
        Outcome outcome;
    };
    const Pair pairs[] = {
        {Throw::rock, Throw::rock, Outcome::tie},         {Throw::rock, Throw::paper, Outcome::lose},
        {Throw::rock, Throw::scissors, Outcome::win},     {Throw::paper, Throw::rock, Outcome::win},
        {Throw::paper, Throw::paper, Outcome::tie},       {Throw::paper, Throw::scissors, Outcome::lose},
        {Throw::scissors, Throw::rock, Outcome::lose},    {Throw::scissors, Throw::paper, Outcome::win},
        {Throw::scissors, Throw::scissors, Outcome::tie},
    };
    for (const Pair& p : pairs) {
        CAPTURE(name(p.player));
        CAPTURE(name(p.dealer));
        CHECK(judge(p.player, p.dealer) == p.outcome);
        const int dealer_points_expected = p.outcome == Outcome::win ? -1 : p.outcome == Outcome::lose ? 1 : 0;
        CHECK(dealer_points(p.player, p.dealer) == dealer_points_expected);
    }
    for (const Throw t : {Throw::rock, Throw::paper, Throw::scissors}) {
        CHECK(judge(beats(t), t) == Outcome::win);
        CHECK(judge(beaten_by(t), t) == Outcome::lose);
        CHECK(beats(beaten_by(t)) == t);
    }
}

TEST_CASE("rps rules: throw and outcome words") {
    CHECK(name(Throw::rock) == "rock");
    CHECK(name(Throw::paper) == "paper");
    CHECK(name(Throw::scissors) == "scissors");
    CHECK(parse_throw("rock") == Throw::rock);
    CHECK(parse_throw("paper") == Throw::paper);
    CHECK(parse_throw("scissors") == Throw::scissors);
    for (const std::string bad : {"", "r", "Rock", "ROCK", "rock ", "lizard", "spock", "scissor"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_throw(bad).has_value());
    }
    CHECK(name(Outcome::win) == "win");
    CHECK(name(Outcome::lose) == "lose");
    CHECK(name(Outcome::tie) == "tie");
}

TEST_CASE("rps rules: best of 3 is two round wins; ties are replayed") {
    Match m(3);
    CHECK(m.wins_needed() == 2);
    CHECK_FALSE(m.over());
    CHECK(m.play(Throw::rock, Throw::rock) == Outcome::tie);
    CHECK(m.play(Throw::paper, Throw::paper) == Outcome::tie);
    CHECK(m.play(Throw::rock, Throw::scissors) == Outcome::win);
    CHECK_FALSE(m.over());
    CHECK(m.play(Throw::rock, Throw::paper) == Outcome::lose);
    CHECK_FALSE(m.over());
    CHECK(m.play(Throw::scissors, Throw::scissors) == Outcome::tie);
    CHECK_FALSE(m.over());  // ties never end a match
    CHECK(m.play(Throw::scissors, Throw::paper) == Outcome::win);
    CHECK(m.over());
    CHECK(m.player_won());
    CHECK(m.score().you == 2);
    CHECK(m.score().dealer == 1);
    CHECK(m.score().ties == 3);
    CHECK(m.played() == 6);
}

TEST_CASE("rps rules: best of 3 won by the dealer in two rounds") {
    Match m(3);
    m.play(Throw::rock, Throw::paper);
    CHECK_FALSE(m.over());
    m.play(Throw::scissors, Throw::rock);
    CHECK(m.over());
    CHECK_FALSE(m.player_won());
    CHECK(m.score().dealer == 2);
    CHECK(m.score().you == 0);
}

TEST_CASE("rps rules: best of 5 needs three round wins") {
    Match m(5);
    CHECK(m.rounds() == 5);
    CHECK(m.wins_needed() == 3);
    // 2-2, then the fifth decisive round settles it.
    m.play(Throw::paper, Throw::rock);
    m.play(Throw::rock, Throw::paper);
    m.play(Throw::scissors, Throw::paper);
    m.play(Throw::paper, Throw::scissors);
    CHECK_FALSE(m.over());
    m.play(Throw::rock, Throw::rock);
    CHECK_FALSE(m.over());
    m.play(Throw::rock, Throw::paper);
    CHECK(m.over());
    CHECK_FALSE(m.player_won());
    CHECK(m.score().you == 2);
    CHECK(m.score().dealer == 3);
    CHECK(m.score().ties == 1);
}

TEST_CASE("rps rules: best of 1 and of an even number") {
    Match one(1);
    CHECK(one.wins_needed() == 1);
    one.play(Throw::rock, Throw::rock);
    CHECK_FALSE(one.over());
    one.play(Throw::rock, Throw::scissors);
    CHECK(one.over());
    CHECK(one.player_won());

    Match four(4);
    CHECK(four.wins_needed() == 3);  // more than half of 4
    for (int i = 0; i < 2; ++i) {
        four.play(Throw::paper, Throw::rock);
        four.play(Throw::rock, Throw::paper);
    }
    CHECK_FALSE(four.over());  // 2-2 after four decisive rounds: no draw, play on
    four.play(Throw::paper, Throw::rock);
    CHECK(four.over());
    CHECK(four.player_won());
}

TEST_CASE("rps rules: a long run of ties never ends a match") {
    Match m(3);
    for (int i = 0; i < 1000; ++i) m.play(Throw::paper, Throw::paper);
    CHECK_FALSE(m.over());
    CHECK(m.score().ties == 1000);
    m.play(Throw::paper, Throw::rock);
    m.play(Throw::paper, Throw::rock);
    CHECK(m.over());
}
