// The adaptive dealer: a meta-strategy in the manner of Iocaine Powder (Dan
// Egnor, first RoShamBo programming competition, 1999).
//
// Every predictor of rps_predictors guesses the player's next throw x, and the
// dealer's next throw y as the player would guess it. Each guess is played in
// three ways ("sicilian reasoning"): against x, the dealer can beat x (P0),
// assume the player expects that and beat their answer (P1), or go one level
// further (P2); against y, the player is expected to beat y, and the dealer
// beats that, or second- or triple-guesses again. That makes six candidate
// throws per predictor. After every round each candidate is scored as if it
// had been played (+1 win, -1 loss), with exponential decay over two horizons
// (short: the player changed habits; long: a steady but noisy habit). For
// each horizon the best candidate is its pick; the picks are themselves scored
// as if played, and the dealer plays the pick of the better horizon, provided
// it is ahead by kLead. Otherwise, in the first rounds, or while the dealer's
// real results show that it is being out-guessed, it plays a uniformly
// random throw, against which no player can do better than even.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "rps_predictors.hpp"
#include "rps_strategy.hpp"

namespace dealer::rps {

/// The learning dealer; one per player connection, kept across games.
class AdaptiveStrategy final : public Strategy {
public:
    /// Sicilian variants per predictor: P0..P2 on x, then P0..P2 on y.
    static constexpr std::size_t kVariants = 6;
    /// Candidate throws: one per predictor and variant.
    static constexpr std::size_t kCandidates = Predictors::kCount * kVariants;
    /// Per-round decay of the candidates' scores, one per horizon.
    static constexpr std::array<float, 2> kHorizons = {0.8f, 0.98f};
    /// Per-round decay of each horizon's own score, and of the real results.
    static constexpr float kMetaDecay = 0.95f;
    /// A pick is trusted when its decayed score exceeds this (net rounds won).
    static constexpr float kLead = 1.0f;
    /// Rounds observed before any pick is trusted: at first every score is luck.
    static constexpr std::uint64_t kWarmup = 3;
    /// Real decayed result below which the dealer turns to random throws.
    static constexpr float kGuardEnter = -5.0f;
    /// Real decayed result at which it trusts its picks again.
    static constexpr float kGuardLeave = 2.0f;

    /// How a choose() decided.
    enum class Choice : std::uint8_t {
        early,     ///< random: fewer than kWarmup rounds observed
        no_lead,   ///< random: no candidate ahead by kLead
        guard,     ///< random: the dealer is losing, so it may be out-guessed
        candidate, ///< the pick of the better horizon
    };

    /// The throw of the better horizon's pick when it is ahead, else random.
    Throw choose(Random& random) override;
    /// Scores every candidate against the player's throw, then learns the round.
    void observe(Throw player, Throw dealer) override;

    /// How the last choose() decided.
    [[nodiscard]] Choice last_choice() const { return last_choice_; }
    /// The candidate the last choose() played, when last_choice() is candidate.
    [[nodiscard]] std::size_t last_candidate() const { return last_candidate_; }
    /// Rounds observed, over every game of the connection.
    [[nodiscard]] std::uint64_t rounds() const { return predictors_.history().total(); }
    /// "match/pair/1 P0", "frequency/20 P1'": predictor and variant of candidate c.
    static std::string candidate_name(std::size_t c);

private:
    /// Rebuilds the candidates' throws from fresh predictions.
    void build_candidates();
    /// Picks, for each horizon, its best candidate for the coming round.
    void pick();

    Predictors predictors_;                                           ///< the models of the player
    std::array<Throw, kCandidates> candidates_{};                     ///< each candidate's throw for the coming round
    std::bitset<kCandidates> valid_;                                  ///< candidates whose predictor has a prediction
    std::array<std::array<float, kCandidates>, kHorizons.size()> scores_{};  ///< decayed as-if results
    std::array<std::optional<std::size_t>, kHorizons.size()> picks_{};     ///< each horizon's best valid candidate
    std::array<float, kHorizons.size()> horizon_scores_{};            ///< decayed as-if results of the picks
    float real_ = 0.0f;                                               ///< decayed real results of the dealer
    bool guarded_ = false;                                            ///< playing random until real_ recovers
    Choice last_choice_ = Choice::early;                              ///< see last_choice()
    std::size_t last_candidate_ = 0;                                  ///< see last_candidate()
};

}  // namespace dealer::rps
