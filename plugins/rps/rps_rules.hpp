// rps rules: the three throws, who beats whom, and the score of a best-of
// match in which ties are replayed. Pure logic, no I/O, no randomness: the
// game, the strategies, the unit tests and the benchmark all build on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace dealer::rps {

/// A throw. The numbering is chosen so that (t + 1) % 3 beats t.
enum class Throw : std::uint8_t {
    rock = 0,      ///< beats scissors
    paper = 1,     ///< beats rock
    scissors = 2,  ///< beats paper
};

/// How many throws there are.
inline constexpr int kThrows = 3;

/// The throw numbered i (0 rock, 1 paper, 2 scissors); i must be in [0, 3).
Throw throw_from_index(int i);

/// The number of a throw: 0 rock, 1 paper, 2 scissors.
constexpr int index(Throw t) { return static_cast<int>(t); }

/// The throw that beats t (paper for rock).
constexpr Throw beats(Throw t) { return static_cast<Throw>((index(t) + 1) % kThrows); }

/// The throw that t beats (scissors for rock).
constexpr Throw beaten_by(Throw t) { return static_cast<Throw>((index(t) + 2) % kThrows); }

/// "rock", "paper" or "scissors".
std::string_view name(Throw t);

/// The throw named exactly "rock", "paper" or "scissors"; nothing else.
std::optional<Throw> parse_throw(std::string_view word);

/// The outcome of a round, from the player's side.
enum class Outcome : std::uint8_t {
    win,   ///< the player's throw beats the dealer's
    lose,  ///< the dealer's throw beats the player's
    tie,   ///< both threw the same
};

/// The outcome of one round for the player.
Outcome judge(Throw player, Throw dealer);

/// "win", "lose" or "tie".
std::string_view name(Outcome o);

/// +1 when the dealer wins the round, -1 when it loses, 0 on a tie: the
/// dealer's point of view, which the strategies score themselves by.
int dealer_points(Throw player, Throw dealer);

/// Rounds won and tied so far in a match.
struct Score {
    int you = 0;     ///< rounds the player won
    int dealer = 0;  ///< rounds the dealer won
    int ties = 0;    ///< tied rounds (replayed: they decide nothing)
};

/// A best-of-N match: the first side to win N/2 + 1 rounds wins it (best of
/// 3: two wins; best of 4: three). Ties do not count and are replayed, so a
/// match always ends with a winner, never a draw.
class Match {
public:
    /// A match of best of `rounds` (at least 1).
    explicit Match(int rounds);

    /// Records one round; the match must not be over.
    Outcome play(Throw player, Throw dealer);

    /// True once one side has wins_needed() round wins.
    [[nodiscard]] bool over() const;
    /// True when the match is over and the player won it.
    [[nodiscard]] bool player_won() const;
    /// The "best of" number this match was made with.
    [[nodiscard]] int rounds() const { return rounds_; }
    /// Round wins needed to take the match: rounds / 2 + 1.
    [[nodiscard]] int wins_needed() const { return rounds_ / 2 + 1; }
    /// Rounds played so far, ties included.
    [[nodiscard]] int played() const { return score_.you + score_.dealer + score_.ties; }
    /// The score so far.
    [[nodiscard]] const Score& score() const { return score_; }

private:
    int rounds_;    ///< the "best of" number
    Score score_;   ///< rounds won and tied so far
};

}  // namespace dealer::rps
