#include "rps_rules.hpp"

#include <cassert>

namespace dealer::rps {

// Strategies compute with throw numbers (counts, contexts); this is the way
// back, checked so that an arithmetic slip cannot make a fourth throw.
Throw throw_from_index(int i) {
    assert(i >= 0 && i < kThrows);
    return static_cast<Throw>(i);
}

// The words of SPEC §5, used in JSON, in text and in commitments.
std::string_view name(Throw t) {
    switch (t) {
        case Throw::rock: return "rock";
        case Throw::paper: return "paper";
        case Throw::scissors: return "scissors";
    }
    assert(false && "not a throw");
    return "rock";
}

// JSON moves must name the throw exactly (SPEC §5); the looser forms of text
// mode (r, P, Rock) are the game's business, not the rules'.
std::optional<Throw> parse_throw(std::string_view word) {
    for (int i = 0; i < kThrows; ++i) {
        if (word == name(throw_from_index(i))) return throw_from_index(i);
    }
    return std::nullopt;
}

// The difference of the throw numbers modulo 3 decides: 1 means the player's
// throw is the one that beats the dealer's.
Outcome judge(Throw player, Throw dealer) {
    switch ((index(player) - index(dealer) + kThrows) % kThrows) {
        case 0: return Outcome::tie;
        case 1: return Outcome::win;
        default: return Outcome::lose;
    }
}

// The words of the "outcome" field (SPEC §5).
std::string_view name(Outcome o) {
    switch (o) {
        case Outcome::win: return "win";
        case Outcome::lose: return "lose";
        case Outcome::tie: return "tie";
    }
    assert(false && "not an outcome");
    return "tie";
}

// The strategies score candidates from the dealer's side; one place to say
// what a round is worth keeps their books consistent with the match's.
int dealer_points(Throw player, Throw dealer) {
    switch (judge(player, dealer)) {
        case Outcome::win: return -1;
        case Outcome::lose: return 1;
        case Outcome::tie: return 0;
    }
    return 0;
}

// The plugin's option bounds keep rounds positive; a zero here would make a
// match that is over before it starts.
Match::Match(int rounds) : rounds_(rounds) { assert(rounds >= 1); }

// Called once per round the player actually threw; a refused move never
// reaches it, so it cannot count.
Outcome Match::play(Throw player, Throw dealer) {
    assert(!over());
    const Outcome o = judge(player, dealer);
    switch (o) {
        case Outcome::win: ++score_.you; break;
        case Outcome::lose: ++score_.dealer; break;
        case Outcome::tie: ++score_.ties; break;
    }
    return o;
}

// A side that reached the needed wins has taken the match; ties never end it.
bool Match::over() const { return score_.you >= wins_needed() || score_.dealer >= wins_needed(); }

// Only meaningful once over(): a match has no draw, so not won means lost.
bool Match::player_won() const { return score_.you >= wins_needed(); }

}  // namespace dealer::rps
