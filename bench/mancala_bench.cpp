// mancala_bench: how strong the hard dealer is (issue #3 targets).
//
// Plays the hard dealer (search_best_move with --think-ms per move) against
//   greedy           a one-ply player: the move that leaves its own store
//                    fullest (extra turns taken the same way), ties at random;
//                    from the standard start, sides alternating;
//   greedy-openings  the same, but each side's first move is set by the game:
//                    the games deal every pair of first moves in turn (below);
//   minimax8         a fixed depth-8 alpha-beta on the store difference (ties
//                    at random), every pair of first moves, sides alternating,
//                    20 × --games games (4032);
//   minimax8-start   the same from the standard start (measured only: no target,
//                    see docs/games/mancala.md);
// and prints wins, draws and losses with the target and PASS or FAIL. Exits 1
// if a match misses its target. Games run on --threads threads.
//
// The openings. The issue asks for "each side's first move random". Kalah(6,4)
// has only 36 pairs of first moves, and once the pair is dealt a game against
// a fixed opponent is nearly decided (about a quarter of the pairs lose for
// the side hard is on), so drawing the pairs at random made the result hang on
// how many bad pairs a run happened to draw: blocks of 200 games ranged from
// 60.5% to 80.5% against depth 8. Instead game g deals pair (g / 2) mod 36 with
// hard moving first when g is even: every pair, each side, equally often, the
// same expectation as random first moves without the sampling noise. Such a
// match rounds its games up to whole rounds of 72 (200 become 216).
//
// The depth-8 match plays 4032 games and, like the other matches, passes when
// hard wins at least the target's share of them, which is what the issue asks.
// It also prints the 95% interval of the win rate (±1.4 points at 4032 games)
// and says when the interval reaches below the target: hard's rate sits only
// about two points above 70%, so a single run cannot always tell the two apart.
// Until 2026-12-06 the match passed only when the whole interval was above the
// target; docs/games/mancala.md gives the runs under that rule and why it was
// replaced.
//
// usage: mancala_bench [--games N] [--threads T] [--think-ms MS] [--seed S]
//                      [--match all|greedy|greedy-openings|minimax8|minimax8-start] [--nodes-per-ms N]
//
// --nodes-per-ms N replaces the clock by a count of positions (N a
// millisecond), which makes a run repeatable on a busy machine.
//
// Each match also counts the games whose opening hard's own first search
// already judged lost by kBadOpening seeds or more, and how many of those it
// won: with the first moves dealt these decide most losses, so a change to hard
// is best judged by the games outside them.

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <utility>
#include <string_view>
#include <thread>
#include <vector>

#include "mancala_ai.hpp"
#include "mancala_board.hpp"
#include "mancala_search.hpp"

namespace {

/// Seeds behind, by hard's first search of a game, that count as a bad opening.
constexpr int kBadOpening = 7;

using dealer::mancala::Board;
using dealer::mancala::SeededRandom;
using dealer::mancala::Side;

/// The opponents hard is measured against.
enum class Opponent { greedy, minimax8 };

/// One match: its opponent, its opening and its target win rate.
struct Match {
    std::string name;         ///< as given to --match
    std::string title;        ///< printed
    Opponent opponent;        ///< who hard plays
    bool every_opening;       ///< the games deal every pair of first moves in turn
    double target_percent;    ///< hard must win at least this share; negative: no target
    int games_factor = 1;     ///< the match plays games_factor × --games games
};

/// Command-line settings.
struct Settings {
    int games = 200;               ///< games per match
    int threads = 2;               ///< games played at once
    std::uint32_t think_ms = 50;   ///< hard's budget per move
    std::uint64_t seed = 20240601; ///< base seed of every game's generator
    std::string match = "all";     ///< which matches to play
    std::uint32_t nodes_per_ms = 0;  ///< 0: the real clock; else a simulated machine this fast
};

/// A clock for reproducible runs: each read is one millisecond later, and
/// the search reads it every nodes_per_ms positions, so think_ms buys
/// think_ms * nodes_per_ms positions whatever else the machine is doing.
class NodeClock final : public dealer::mancala::Clock {
public:
    std::uint64_t now_ms() override { return ++reads_; }

private:
    std::uint64_t reads_ = 0;
};

/// What a match counted, shared by its threads.
struct Tally {
    std::atomic<int> wins{0};             ///< games hard won
    std::atomic<int> draws{0};            ///< drawn games
    std::atomic<int> losses{0};           ///< games hard lost
    std::atomic<std::uint64_t> hard_moves{0};    ///< hard moves searched
    std::atomic<std::uint64_t> depth_sum{0};     ///< their completed depths, added
    std::atomic<std::uint64_t> nodes{0};         ///< their positions, added
    std::atomic<int> margin_sum{0};              ///< hard's final store minus the opponent's, added
    std::atomic<int> first_wins{0};              ///< wins in the games where hard moved first
    std::atomic<int> bad_openings{0};            ///< games whose first hard search scored -kBadOpening or less
    std::atomic<int> bad_opening_wins{0};        ///< wins among those
};

// The greedy one-ply move: the fullest own store after the move, ties at random.
int greedy_move(const Board& board, SeededRandom& random) {
    std::array<std::uint8_t, dealer::mancala::kMaxPits> legal{};
    const int count = board.legal_moves(legal);
    dealer::mancala::ScoredMoves scored;
    scored.count = count;
    for (int i = 0; i < count; ++i) {
        const auto index = static_cast<std::size_t>(i);
        Board after = board;
        after.sow(legal[index]);
        scored.pits[index] = legal[index];
        scored.scores[index] = after.store(board.to_move());
    }
    return dealer::mancala::best_scored_move(scored, random);
}

/// The pairs of first moves on the benchmark's board, Kalah(6,4): the first
/// mover's pit, times the second mover's choice among its (usually six) moves.
constexpr int kOpeningPairs = 6 * 6;

// The first move of `mover` in game `game` of a match that deals every
// opening: pair (game / 2) mod kOpeningPairs names the first mover's pit and
// which of the second mover's legal pits it sows (modulo their number, in
// the rare case a capture in the first turn emptied one).
int opening_move(const Board& board, Side mover, int game) {
    const int pair = (game / 2) % kOpeningPairs;
    std::array<std::uint8_t, dealer::mancala::kMaxPits> legal{};
    const int count = board.legal_moves(legal);
    const int choice = mover == Side::player ? pair / 6 : pair % 6;
    return legal[static_cast<std::size_t>(choice % count)];
}

// Plays game number `game` of `match` and adds it to `tally`. Even games
// give hard the first move.
void play_game(const Match& match, const Settings& settings, int game, Tally& tally) {
    SeededRandom random(settings.seed * 1000003ULL + static_cast<std::uint64_t>(game));
    dealer::mancala::SteadyClock steady_clock;
    NodeClock node_clock;
    dealer::mancala::Clock& clock =
        settings.nodes_per_ms > 0 ? static_cast<dealer::mancala::Clock&>(node_clock) : steady_clock;
    const Side hard = game % 2 == 0 ? Side::player : Side::dealer;
    Board board = Board::start(6, 4, Side::player);
    std::array<bool, 2> has_moved{false, false};
    bool searched = false;  // hard's first search of the game is behind us
    bool bad_opening = false;
    dealer::mancala::SearchLimits limits;
    limits.think_ms = settings.think_ms;
    if (settings.nodes_per_ms > 0) limits.nodes_between_clock_reads = settings.nodes_per_ms;
    while (!board.over()) {
        const Side mover = board.to_move();
        auto& moved = has_moved[static_cast<std::size_t>(mover)];
        int pit = 0;
        if (match.every_opening && !moved) {
            pit = opening_move(board, mover, game);
        } else if (mover == hard) {
            const auto found = dealer::mancala::search_best_move(board, limits, clock);
            pit = found.pit;
            if (found.depth > 0 && !searched) {
                searched = true;
                bad_opening = found.score <= -kBadOpening;
            }
            if (found.depth > 0) {
                tally.hard_moves += 1;
                tally.depth_sum += static_cast<std::uint64_t>(found.depth);
                tally.nodes += found.nodes;
            }
        } else if (match.opponent == Opponent::greedy) {
            pit = greedy_move(board, random);
        } else {
            pit = dealer::mancala::best_scored_move(
                dealer::mancala::score_moves(board, 8, dealer::mancala::Evaluation::store_difference), random);
        }
        moved = true;
        board.sow(pit);
    }
    tally.margin_sum += board.store(hard) - board.store(dealer::mancala::opponent(hard));
    if (bad_opening) ++tally.bad_openings;
    switch (board.outcome_for(hard)) {
        case dealer::mancala::Outcome::win:
            ++tally.wins;
            if (bad_opening) ++tally.bad_opening_wins;
            if (hard == Side::player) ++tally.first_wins;
            break;
        case dealer::mancala::Outcome::draw: ++tally.draws; break;
        case dealer::mancala::Outcome::lose: ++tally.losses; break;
    }
}

// The 95% Wilson score interval of a win rate of `wins` in `games`, in
// percent: unlike the normal approximation it stays inside 0..100 near the ends.
std::pair<double, double> wilson_interval(int wins, int games) {
    constexpr double z = 1.96;
    const double n = games;
    const double p = wins / n;
    const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    const double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    return {100.0 * (centre - half), 100.0 * (centre + half)};
}

// Runs every game of a match on the threads; prints its lines; returns true on PASS.
bool run_match(const Match& match, const Settings& settings) {
    Tally tally;
    int games = settings.games * match.games_factor;
    // Whole rounds of every opening from each side, so that none is dealt more often.
    if (match.every_opening) games = (games + 2 * kOpeningPairs - 1) / (2 * kOpeningPairs) * (2 * kOpeningPairs);
    std::atomic<int> next{0};
    const auto began = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < settings.threads; ++t) {
        workers.emplace_back([&] {
            for (int game = next++; game < games; game = next++) play_game(match, settings, game, tally);
        });
    }
    for (auto& worker : workers) worker.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    const double percent = 100.0 * tally.wins / games;
    const bool informational = match.target_percent < 0;
    const auto [low, high] = wilson_interval(tally.wins, games);
    const bool pass = informational || percent >= match.target_percent;
    const double moves = static_cast<double>(std::max<std::uint64_t>(1, tally.hard_moves));
    const std::string verdict = informational ? "no target (measured only)"
                                              : "target " + std::to_string(static_cast<int>(match.target_percent)) +
                                                    "%  " + (pass ? "PASS" : "FAIL");
    std::printf("%-40s games %d  win %d  draw %d  loss %d  win %.1f%%  %s\n", match.title.c_str(), games,
                tally.wins.load(), tally.draws.load(), tally.losses.load(), percent, verdict.c_str());
    if (match.games_factor > 1) {
        const bool straddles = !informational && low < match.target_percent;
        std::printf("%-40s 95%% interval of the win rate: %.1f%% to %.1f%%%s\n", "", low, high,
                    straddles ? " (reaches below the target: this run alone cannot tell the rate from it)" : "");
    }
    std::printf("%-40s wins moving first %d of %d, second %d of %d; mean margin %+.1f seeds\n", "",
                tally.first_wins.load(), (games + 1) / 2, tally.wins.load() - tally.first_wins.load(), games / 2,
                static_cast<double>(tally.margin_sum) / games);
    std::printf("%-40s openings hard judged %d or more seeds behind: %d, of which won %d; won %d of the other %d\n", "",
                kBadOpening, tally.bad_openings.load(), tally.bad_opening_wins.load(),
                tally.wins.load() - tally.bad_opening_wins.load(), games - tally.bad_openings.load());
    std::printf("%-40s hard: mean depth %.1f, %.0f positions a move; %.0f s\n", "",
                static_cast<double>(tally.depth_sum) / moves, static_cast<double>(tally.nodes) / moves, seconds);
    std::fflush(stdout);
    return pass;
}

// Reads "--name value" pairs; false (after a message) on anything else.
bool parse_arguments(int argc, char** argv, Settings& settings) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (i + 1 >= argc) {
            std::fprintf(stderr, "%s needs a value\n", argv[i]);
            return false;
        }
        const char* value = argv[++i];
        char* end = nullptr;
        const long long number = std::strtoll(value, &end, 10);
        const bool numeric = end != value && *end == '\0' && number > 0;
        if (flag == "--match") {
            settings.match = value;
        } else if (!numeric) {
            std::fprintf(stderr, "%s needs a positive whole number, not '%s'\n", argv[i - 1], value);
            return false;
        } else if (flag == "--games") {
            settings.games = static_cast<int>(number);
        } else if (flag == "--threads") {
            settings.threads = static_cast<int>(number);
        } else if (flag == "--think-ms") {
            settings.think_ms = static_cast<std::uint32_t>(number);
        } else if (flag == "--nodes-per-ms") {
            settings.nodes_per_ms = static_cast<std::uint32_t>(number);
        } else if (flag == "--seed") {
            settings.seed = static_cast<std::uint64_t>(number);
        } else {
            std::fprintf(stderr, "unknown flag %s\n", argv[i - 1]);
            return false;
        }
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    Settings settings;
    if (!parse_arguments(argc, argv, settings)) {
        std::fprintf(stderr,
                     "usage: mancala_bench [--games N] [--threads T] [--think-ms MS] [--seed S] "
                     "[--match all|greedy|greedy-openings|minimax8|minimax8-start] [--nodes-per-ms N]\n");
        return 2;
    }
    // The depth-8 match plays this many times --games (see the top of the file).
    constexpr int kMinimax8Factor = 20;
    const std::vector<Match> matches = {
        {"greedy", "hard vs greedy, standard start", Opponent::greedy, false, 97.0},
        {"greedy-openings", "hard vs greedy, every opening", Opponent::greedy, true, 90.0},
        {"minimax8", "hard vs depth-8 minimax, every opening", Opponent::minimax8, true, 70.0, kMinimax8Factor},
        // From the standard start two fixed players would repeat few games,
        // and moving second there is a lost game that depth 8 rarely spoils
        // (see docs/games/mancala.md): measured, with no target.
        {"minimax8-start", "hard vs depth-8 minimax, standard start", Opponent::minimax8, false, -1.0},
    };
    std::printf("mancala_bench: Kalah(6,4), hard at %u ms a move%s, %d games a match (depth 8: %d times as many), %d threads, seed %llu\n",
                settings.think_ms,
                settings.nodes_per_ms > 0
                    ? (" of " + std::to_string(settings.nodes_per_ms) + " positions (simulated clock)").c_str()
                    : "",
                settings.games, kMinimax8Factor, settings.threads, static_cast<unsigned long long>(settings.seed));
    bool all_pass = true;
    bool any = false;
    for (const Match& match : matches) {
        if (settings.match != "all" && settings.match != match.name) continue;
        any = true;
        all_pass = run_match(match, settings) && all_pass;
    }
    if (!any) {
        std::fprintf(stderr, "unknown match '%s'\n", settings.match.c_str());
        return 2;
    }
    std::printf("%s\n", all_pass ? "all targets met" : "a target was missed");
    return all_pass ? 0 : 1;
}
