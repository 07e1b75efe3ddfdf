#include "rps_sparring.hpp"

#include <cassert>

namespace dealer::rps {

// Steps 1 and 2 are the only cycles through all three throws.
void CyclePlayer::observe(Throw, Throw) {
    assert(step_ == 1 || step_ == 2);
    next_ = throw_from_index((index(next_) + step_) % kThrows);
}

// Before any round there is nothing to react to.
Throw ReactivePlayer::choose(Random& random) { return started_ ? next_ : random_throw(random); }

// The rule sees the round just played and nothing older.
void ReactivePlayer::observe(Throw dealer, Throw own) {
    started_ = true;
    next_ = rule_(own, dealer);
}

// A tie is not a win, so it shifts too: the player does not stay put while
// nothing works.
ReactivePlayer win_stay_lose_shift() {
    return ReactivePlayer([](Throw own, Throw dealer) { return judge(own, dealer) == Outcome::win ? own : beats(dealer); });
}

// The naive human reading "it threw rock, so it will again".
ReactivePlayer beat_last() {
    return ReactivePlayer([](Throw, Throw dealer) { return beats(dealer); });
}

// The dealer's throw is drawn before the player's, exactly as in a game, so a
// strategy can never peek at the throw it is scored against.
DuelResult duel(Strategy& dealer, Strategy& player, std::int64_t rounds, Random& dealer_random,
                Random& player_random, std::int64_t skip) {
    DuelResult result;
    for (std::int64_t round = 0; round < rounds; ++round) {
        const Throw d = dealer.choose(dealer_random);
        const Throw p = player.choose(player_random);
        dealer.observe(p, d);
        player.observe(d, p);
        if (round < skip) continue;
        switch (judge(p, d)) {
            case Outcome::win: ++result.player_wins; break;
            case Outcome::lose: ++result.dealer_wins; break;
            case Outcome::tie: ++result.ties; break;
        }
    }
    return result;
}

}  // namespace dealer::rps
