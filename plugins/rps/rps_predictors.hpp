// The adaptive dealer's predictors: each looks at the rounds played so far
// and guesses the player's next throw, and the dealer's next throw as the
// player would guess it (for the second-guessing variants of rps_adaptive).
//
// - frequency: the most common throw over the last 5, 20, 100 and 1000 rounds;
// - Markov chains: decayed counts of what followed the current context;
// - history matching: what followed the context's most recent occurrence;
// where a context is the player's last 1..4 throws, the dealer's last 1..2,
// or the last 1..3 (player, dealer) pairs.
//
// All state is fixed-size: counts are updated incrementally, one table row per
// context model and round, so a round costs the same after a million rounds.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "rps_history.hpp"
#include "rps_rules.hpp"

namespace dealer::rps {

/// What one predictor expects of the coming round.
struct Prediction {
    bool valid = false;          ///< false: the predictor has nothing to say yet
    Throw player = Throw::rock;  ///< the player's next throw, as predicted
    Throw dealer = Throw::rock;  ///< the dealer's next throw, as the player would predict it
};

/// Whose throws make up a context.
enum class ContextSource : std::uint8_t {
    player,  ///< the player's last throws
    dealer,  ///< the dealer's last throws
    pair,    ///< the last (player, dealer) pairs
};

/// One context model: its source and how many rounds back it looks.
struct ContextModel {
    ContextSource source;  ///< whose throws
    std::uint32_t length;  ///< rounds in the context
};

/// Every predictor, refreshed after each round.
class Predictors {
public:
    /// Frequency windows, in rounds; the longest equals History::kCapacity.
    static constexpr std::array<std::size_t, 4> kWindows = {5, 20, 100, History::kCapacity};
    /// The context models; each gives a Markov and a history-matching predictor.
    static constexpr std::array<ContextModel, 9> kModels = {{
        {ContextSource::player, 1}, {ContextSource::player, 2}, {ContextSource::player, 3},
        {ContextSource::player, 4}, {ContextSource::dealer, 1}, {ContextSource::dealer, 2},
        {ContextSource::pair, 1},   {ContextSource::pair, 2},   {ContextSource::pair, 3},
    }};
    /// Number of predictors: one per window, two per context model.
    static constexpr std::size_t kCount = kWindows.size() + 2 * kModels.size();
    /// Weight of older observations in a Markov row, applied each time the
    /// row's context recurs: lets a row follow a player who changes habits.
    static constexpr float kMarkovDecay = 0.9f;

    /// Starts with no rounds and every prediction invalid.
    Predictors();

    /// Learns from one round and refreshes every prediction for the next.
    void observe(Throw player, Throw dealer);
    /// The predictions for the coming round.
    [[nodiscard]] const std::array<Prediction, kCount>& predictions() const { return predictions_; }
    /// The rounds remembered.
    [[nodiscard]] const History& history() const { return history_; }
    /// A short name for predictor i, e.g. "frequency/20" or "match/pair/2".
    static const char* name(std::size_t i);

private:
    /// What followed one context.
    struct Row {
        std::array<float, kThrows> player{};  ///< decayed counts of the player's next throw
        std::array<float, kThrows> dealer{};  ///< decayed counts of the dealer's next throw
        std::uint8_t last_player = kThrows;    ///< the player's throw after its last occurrence; kThrows: none yet
        std::uint8_t last_dealer = kThrows;    ///< the dealer's throw after its last occurrence
    };

    /// Rows of all context models, model after model.
    static constexpr std::size_t kRows = [] {
        std::size_t rows = 0;
        for (const auto& m : kModels) {
            std::size_t n = 1;
            for (std::uint32_t i = 0; i < m.length; ++i) n *= m.source == ContextSource::pair ? 9 : 3;
            rows += n;
        }
        return rows;
    }();

    /// The row of model m for the context that ends with the last round;
    /// nullptr while fewer rounds than the context's length were played.
    [[nodiscard]] Row* current_row(std::size_t m);
    /// Moves the frequency windows on by the round about to be pushed.
    void count_in_windows(Throw player, Throw dealer);
    /// Recomputes predictions_ from the counts and rows after a round.
    void refresh();

    History history_;                                                 ///< the rounds themselves
    std::array<std::array<std::array<std::uint16_t, kThrows>, 2>, kWindows.size()> window_counts_{};  ///< [window][0 player, 1 dealer][throw]
    std::array<Row, kRows> rows_{};                                   ///< Markov counts and last followers
    std::array<std::size_t, kModels.size()> row_offset_{};           ///< first row of each model in rows_
    std::array<Prediction, kCount> predictions_{};                    ///< for the coming round
};

}  // namespace dealer::rps
