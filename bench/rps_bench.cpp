// rps strength benchmark: the adaptive dealer against scripted players, with
// the targets of issue #3. Prints a table and exits 1 if a target is missed.
//
//   build/bench/rps_bench [--seed N]
//
// Each match or run starts a fresh dealer (a new connection knows nothing),
// so these numbers include the learning rounds. Randomness is a seeded PRNG
// for both sides, so a run repeats exactly for a given seed.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "rps_adaptive.hpp"
#include "rps_sparring.hpp"

using namespace dealer::rps;

namespace {

// One line of the report.
struct Row {
    std::string test;
    double measured;
    std::string target;
    bool pass;
};

// A percentage of two counts, 0 when there is nothing to divide.
double percent(std::int64_t part, std::int64_t whole) {
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

// (a) Matches of 300 rounds against win-stay/lose-shift: the dealer takes a
// match when it wins more of its rounds than the player.
Row wsls_matches(SeededRandom& seeds, int matches) {
    int won = 0;
    for (int m = 0; m < matches; ++m) {
        AdaptiveStrategy dealer;
        ReactivePlayer player = win_stay_lose_shift();
        SeededRandom dealer_random(seeds.below(UINT32_MAX));
        SeededRandom player_random(seeds.below(UINT32_MAX));
        const DuelResult r = duel(dealer, player, 300, dealer_random, player_random);
        if (r.dealer_wins > r.player_wins) ++won;
    }
    const double p = percent(won, matches);
    return {"win-stay/lose-shift: 300-round matches won (" + std::to_string(matches) + ")", p, ">= 90%", p >= 90.0};
}

// Fresh dealers against fresh players from `make`, `runs` times, the rounds
// after `skip` of each run added up.
DuelResult runs_against(SeededRandom& seeds, const std::function<std::unique_ptr<Strategy>()>& make, int runs,
                        std::int64_t rounds, std::int64_t skip) {
    DuelResult total;
    for (int run = 0; run < runs; ++run) {
        AdaptiveStrategy dealer;
        auto player = make();
        SeededRandom dealer_random(seeds.below(UINT32_MAX));
        SeededRandom player_random(seeds.below(UINT32_MAX));
        const DuelResult r = duel(dealer, *player, rounds, dealer_random, player_random, skip);
        total.dealer_wins += r.dealer_wins;
        total.player_wins += r.player_wins;
        total.ties += r.ties;
    }
    return total;
}

// (b) Habitual players: the share of rounds the dealer wins once it has had
// `skip` rounds to learn.
Row habit_rounds(SeededRandom& seeds, const std::string& label, const std::function<std::unique_ptr<Strategy>()>& make,
                 int runs, std::int64_t rounds, std::int64_t skip) {
    const DuelResult total = runs_against(seeds, make, runs, rounds, skip);
    const double p = percent(total.dealer_wins, total.dealer_wins + total.player_wins + total.ties);
    return {label + ": rounds won after the first " + std::to_string(skip), p, ">= 99%", p >= 99.0};
}

// (c) A uniformly random player cannot be read: the dealer must neither win
// nor lose more than half of the decisive rounds beyond chance.
// Also measures the time a round takes (both sides' choose and observe).
Row uniform_rounds(SeededRandom& seeds, std::int64_t rounds, double& micros_per_round) {
    AdaptiveStrategy dealer;
    RandomStrategy player;
    SeededRandom dealer_random(seeds.below(UINT32_MAX));
    SeededRandom player_random(seeds.below(UINT32_MAX));
    const auto started = std::chrono::steady_clock::now();
    const DuelResult r = duel(dealer, player, rounds, dealer_random, player_random);
    micros_per_round = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started).count() /
                       static_cast<double>(rounds);
    const double p = percent(r.dealer_wins, r.dealer_wins + r.player_wins);
    return {"uniform random: dealer's share of decisive rounds (" + std::to_string(rounds) + ")", p, "50 +- 2%",
            p >= 48.0 && p <= 52.0};
}

// (d) No target: how far a player who runs a copy of the dealer gets, which
// shows what the random guard is worth.
Row copycat_rounds(SeededRandom& seeds, int runs, std::int64_t rounds) {
    const DuelResult total = runs_against(seeds, [] { return std::make_unique<CopycatPlayer>(); }, runs, rounds, 0);
    const double p = percent(total.player_wins, total.dealer_wins + total.player_wins);
    return {"copycat (runs the dealer's code): its share of decisive rounds", p, "(none)", true};
}

}  // namespace

// Runs every test with one seed (--seed N, default 1), prints the table and
// fails when a target is missed, so the benchmark can gate a change.
int main(int argc, char** argv) {
    std::uint64_t seed = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            seed = std::strtoull(argv[++i], nullptr, 10);
        } else {
            std::fprintf(stderr, "usage: %s [--seed N]\n", argv[0]);
            return 2;
        }
    }
    SeededRandom seeds(seed);
    const auto started = std::chrono::steady_clock::now();

    std::vector<Row> rows;
    rows.push_back(wsls_matches(seeds, 1000));
    const std::int64_t kRounds = 1000;
    const std::int64_t kSkip = 20;
    const int kRuns = 100;
    for (const Throw t : {Throw::rock, Throw::paper, Throw::scissors}) {
        rows.push_back(habit_rounds(seeds, "constant " + std::string(name(t)),
                                    [t] { return std::make_unique<ConstantPlayer>(t); }, kRuns, kRounds, kSkip));
    }
    rows.push_back(habit_rounds(seeds, "cycle rock-paper-scissors",
                                [] { return std::make_unique<CyclePlayer>(Throw::rock, 1); }, kRuns, kRounds, kSkip));
    rows.push_back(habit_rounds(seeds, "cycle rock-scissors-paper",
                                [] { return std::make_unique<CyclePlayer>(Throw::rock, 2); }, kRuns, kRounds, kSkip));
    rows.push_back(habit_rounds(seeds, "beat the dealer's last throw",
                                [] { return std::make_unique<ReactivePlayer>(beat_last()); }, kRuns, kRounds, kSkip));
    double micros_per_round = 0;
    rows.push_back(uniform_rounds(seeds, 100000, micros_per_round));
    rows.push_back(copycat_rounds(seeds, kRuns, kRounds));

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    bool all = true;
    std::printf("rps adaptive dealer, seed %llu\n\n", static_cast<unsigned long long>(seed));
    std::printf("| %-72s | %8s | %-8s | %-6s |\n", "test", "measured", "target", "result");
    std::printf("|%s|%s|%s|%s|\n", std::string(74, '-').c_str(), std::string(10, '-').c_str(),
                std::string(10, '-').c_str(), std::string(8, '-').c_str());
    for (const Row& r : rows) {
        const char* verdict = r.target == "(none)" ? "-" : (r.pass ? "PASS" : "FAIL");
        all = all && r.pass;
        std::printf("| %-72s | %7.2f%% | %-8s | %-6s |\n", r.test.c_str(), r.measured, r.target.c_str(), verdict);
    }
    std::printf("\ndealer state per connection: %zu bytes; %.2f us per round; %.1f s in all\n",
                sizeof(AdaptiveStrategy), micros_per_round, seconds);
    std::printf("%s\n", all ? "all targets met" : "TARGET MISSED");
    return all ? 0 : 1;
}
