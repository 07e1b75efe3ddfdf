// rps strategies (plugins/rps/rps_strategy, rps_adaptive, rps_predictors,
// rps_history) against the scripted players of rps_sparring. Every source of
// chance is a seeded PRNG, and each threshold leaves a wide margin below what
// the benchmark measures (docs/games/rps.md), so these tests do not flake.

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <string>

#include "rps_adaptive.hpp"
#include "rps_history.hpp"
#include "rps_predictors.hpp"
#include "rps_sparring.hpp"

using namespace dealer::rps;

namespace {

// The dealer's share of the rounds counted, in percent.
double won_percent(const DuelResult& r) {
    const auto all = r.dealer_wins + r.player_wins + r.ties;
    return all == 0 ? 0.0 : 100.0 * static_cast<double>(r.dealer_wins) / static_cast<double>(all);
}

// A fresh adaptive dealer against `player` for 300 rounds, counting those
// after the first 20.
template <class P>
double adaptive_vs(P player, std::uint64_t seed) {
    AdaptiveStrategy dealer;
    SeededRandom dealer_random(seed);
    SeededRandom player_random(seed + 1000);
    return won_percent(duel(dealer, player, 300, dealer_random, player_random, 20));
}

}  // namespace

TEST_CASE("rps history: keeps the last 1000 rounds in order") {
    History h;
    CHECK(h.size() == 0);
    for (int i = 0; i < 2500; ++i) h.push(throw_from_index(i % 3), throw_from_index((i / 3) % 3));
    CHECK(h.total() == 2500);
    CHECK(h.size() == History::kCapacity);
    for (std::size_t age = 0; age < h.size(); age += 37) {
        const int i = 2499 - static_cast<int>(age);
        CAPTURE(age);
        CHECK(h.player(age) == throw_from_index(i % 3));
        CHECK(h.dealer(age) == throw_from_index((i / 3) % 3));
    }
}

TEST_CASE("rps predictors: frequency windows forget what left them") {
    Predictors p;
    for (const auto& prediction : p.predictions()) CHECK_FALSE(prediction.valid);
    for (int i = 0; i < 1000; ++i) p.observe(Throw::rock, Throw::scissors);
    for (int i = 0; i < 30; ++i) p.observe(Throw::paper, Throw::scissors);
    // Windows 5, 20, 100, 1000 are predictors 0..3.
    CHECK(p.predictions()[0].player == Throw::paper);
    CHECK(p.predictions()[1].player == Throw::paper);
    CHECK(p.predictions()[2].player == Throw::rock);  // 70 rock, 30 paper
    CHECK(p.predictions()[3].player == Throw::rock);
    CHECK(p.predictions()[3].dealer == Throw::scissors);
    for (int i = 0; i < 600; ++i) p.observe(Throw::paper, Throw::scissors);
    CHECK(p.predictions()[2].player == Throw::paper);
    CHECK(p.predictions()[3].player == Throw::paper);  // 370 rock, 630 paper in the last 1000
    CHECK(std::string(Predictors::name(3)) == "frequency/1000");
}

TEST_CASE("rps predictors: contexts predict what followed them") {
    Predictors p;
    // The player alternates rock, paper; the dealer always throws scissors.
    for (int i = 0; i < 10; ++i) p.observe(i % 2 == 0 ? Throw::rock : Throw::paper, Throw::scissors);
    // The last throw was paper: after paper came rock, in every model that
    // looks at the player's throws (the dealer's own throws tell nothing here).
    for (std::size_t i = Predictors::kWindows.size(); i < Predictors::kCount; ++i) {
        const std::string name = Predictors::name(i);
        CAPTURE(name);
        REQUIRE(p.predictions()[i].valid);
        CHECK(p.predictions()[i].dealer == Throw::scissors);
        const ContextModel& model = Predictors::kModels[(i - Predictors::kWindows.size()) / 2];
        if (model.source != ContextSource::dealer) CHECK(p.predictions()[i].player == Throw::rock);
    }
}

TEST_CASE("rps adaptive: beats a constant player almost always after a few rounds") {
    for (const Throw t : {Throw::rock, Throw::paper, Throw::scissors}) {
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            CAPTURE(name(t));
            CAPTURE(seed);
            CHECK(adaptive_vs(ConstantPlayer(t), seed) >= 95.0);
        }
    }
}

TEST_CASE("rps adaptive: beats cycling players almost always after a few rounds") {
    for (const int step : {1, 2}) {
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            CAPTURE(step);
            CAPTURE(seed);
            CHECK(adaptive_vs(CyclePlayer(throw_from_index(static_cast<int>(seed % 3)), step), seed) >= 95.0);
        }
    }
}

TEST_CASE("rps adaptive: beats win-stay/lose-shift and beat-the-last-throw") {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        CAPTURE(seed);
        CHECK(adaptive_vs(win_stay_lose_shift(), seed) >= 90.0);
        CHECK(adaptive_vs(beat_last(), seed) >= 90.0);
    }
}

TEST_CASE("rps adaptive: even against a uniformly random player") {
    AdaptiveStrategy dealer;
    RandomStrategy player;
    SeededRandom dealer_random(7);
    SeededRandom player_random(8);
    const DuelResult r = duel(dealer, player, 30000, dealer_random, player_random);
    const double share = 100.0 * static_cast<double>(r.dealer_wins) / static_cast<double>(r.dealer_wins + r.player_wins);
    CHECK(share > 46.0);  // about 20,000 decisive rounds: one standard deviation is 0.35%
    CHECK(share < 54.0);
}

TEST_CASE("rps adaptive: the random guard limits a player who runs the dealer's own code") {
    AdaptiveStrategy dealer;
    CopycatPlayer player;
    SeededRandom dealer_random(11);
    SeededRandom player_random(12);
    const DuelResult r = duel(dealer, player, 3000, dealer_random, player_random);
    // Without the guard the copycat wins every decisive round after the first few.
    CHECK(r.player_wins < 3 * r.dealer_wins);
}

TEST_CASE("rps adaptive: learning carries over to the next game of the same state") {
    AdaptiveStrategy learned;
    SeededRandom random(3);
    ConstantPlayer rock(Throw::rock);
    // "Game 1": ten rounds of rock.
    duel(learned, rock, 10, random, random);
    CHECK(learned.rounds() == 10);
    // "Game 2" with the same state: paper from its first round on.
    for (int round = 0; round < 10; ++round) {
        CHECK(learned.choose(random) == Throw::paper);
        CHECK(learned.last_choice() == AdaptiveStrategy::Choice::candidate);
        learned.observe(Throw::rock, Throw::paper);
    }
    // A fresh state knows nothing: its first throws are random.
    AdaptiveStrategy fresh;
    fresh.choose(random);
    CHECK(fresh.last_choice() == AdaptiveStrategy::Choice::early);
}

TEST_CASE("rps adaptive: choosing twice for one round changes nothing") {
    AdaptiveStrategy dealer;
    SeededRandom random(5);
    CyclePlayer cycle(Throw::rock, 1);
    duel(dealer, cycle, 30, random, random);
    const Throw first = dealer.choose(random);
    REQUIRE(dealer.last_choice() == AdaptiveStrategy::Choice::candidate);
    const std::size_t candidate = dealer.last_candidate();
    CHECK(dealer.choose(random) == first);  // an abandoned game's throw is chosen again
    CHECK(dealer.last_candidate() == candidate);
    CHECK(first == Throw::paper);            // 30 rounds of the cycle end on scissors: rock is next
    CHECK_FALSE(AdaptiveStrategy::candidate_name(candidate).empty());
}

TEST_CASE("rps random strategy: uniform, and the same whatever the player does") {
    RandomStrategy dealer;
    SeededRandom random(9);
    std::array<int, kThrows> counts{};
    for (int i = 0; i < 30000; ++i) {
        const Throw t = dealer.choose(random);
        ++counts[static_cast<std::size_t>(index(t))];
        dealer.observe(Throw::rock, t);  // a constant player teaches it nothing
    }
    for (const int c : counts) {
        CHECK(c > 9000);  // 10,000 expected; one standard deviation is about 82
        CHECK(c < 11000);
    }
}
