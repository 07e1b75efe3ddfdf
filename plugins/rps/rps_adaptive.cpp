#include "rps_adaptive.hpp"

#include <cassert>

namespace dealer::rps {

namespace {

// The throw `steps` places after t in the cycle rock -> paper -> scissors,
// in which each throw beats the one before it.
Throw rotate(Throw t, int steps) { return throw_from_index((index(t) + steps) % kThrows); }

// Against x, the player's predicted throw: P0 beats x; P1 assumes the player
// expects P0 and beats their answer (beats(beats(beats(x))) = x); P2 goes one
// level further (beats(beats(x))). Against y, the dealer's throw as the player
// predicts it: the player should throw beats(y), so P0' is beats(beats(y)),
// and P1', P2' second- and triple-guess that in the same way.
constexpr std::array<int, AdaptiveStrategy::kVariants> kVariantSteps = {1, 0, 2, 2, 1, 0};

}  // namespace

// choose() only reads what observe() prepared, so calling it twice for one
// round (a game left and started again) does not disturb the learning.
Throw AdaptiveStrategy::choose(Random& random) {
    if (rounds() < kWarmup) {
        last_choice_ = Choice::early;
        return random_throw(random);
    }
    if (guarded_) {
        last_choice_ = Choice::guard;
        return random_throw(random);
    }
    std::size_t h = 0;
    for (std::size_t i = 1; i < kHorizons.size(); ++i) {
        if (horizon_scores_[i] > horizon_scores_[h]) h = i;
    }
    if (!picks_[h] || scores_[h][*picks_[h]] <= kLead) {
        last_choice_ = Choice::no_lead;
        return random_throw(random);
    }
    last_choice_ = Choice::candidate;
    last_candidate_ = *picks_[h];
    return candidates_[last_candidate_];
}

// Everything is scored against the throw the player really made, as if each
// candidate (and each horizon's pick) had been the dealer's throw: that is
// how the dealer finds out which way of reading the player works, without
// having to play the bad ones.
void AdaptiveStrategy::observe(Throw player, Throw dealer) {
    for (std::size_t h = 0; h < kHorizons.size(); ++h) {
        const int picked = picks_[h] && scores_[h][*picks_[h]] > kLead
                               ? dealer_points(player, candidates_[*picks_[h]])
                               : 0;  // it would have played random: even on average
        horizon_scores_[h] = horizon_scores_[h] * kMetaDecay + static_cast<float>(picked);
        for (std::size_t c = 0; c < kCandidates; ++c) {
            const float points = valid_[c] ? static_cast<float>(dealer_points(player, candidates_[c])) : 0.0f;
            scores_[h][c] = scores_[h][c] * kHorizons[h] + points;
        }
    }
    // The guard has hysteresis: a player who reads the dealer's picks would
    // otherwise win until the guard trips, and again as soon as it lets go.
    real_ = real_ * kMetaDecay + static_cast<float>(dealer_points(player, dealer));
    if (real_ < kGuardEnter) guarded_ = true;
    else if (real_ >= kGuardLeave) guarded_ = false;

    predictors_.observe(player, dealer);
    build_candidates();
    pick();
}

// After every round: each prediction becomes six throws, one per variant; a
// predictor with nothing to say makes six candidates that are not scored.
void AdaptiveStrategy::build_candidates() {
    const auto& predictions = predictors_.predictions();
    for (std::size_t p = 0; p < predictions.size(); ++p) {
        const Prediction& prediction = predictions[p];
        for (std::size_t v = 0; v < kVariants; ++v) {
            const std::size_t c = p * kVariants + v;
            valid_[c] = prediction.valid;
            candidates_[c] = rotate(v < 3 ? prediction.player : prediction.dealer, kVariantSteps[v]);
        }
    }
}

// The first best wins a tie: candidates are in a fixed order, so the dealer's
// choice is a function of what it has seen.
void AdaptiveStrategy::pick() {
    for (std::size_t h = 0; h < kHorizons.size(); ++h) {
        picks_[h].reset();
        for (std::size_t c = 0; c < kCandidates; ++c) {
            if (valid_[c] && (!picks_[h] || scores_[h][c] > scores_[h][*picks_[h]])) picks_[h] = c;
        }
    }
}

// For diagnostics: which predictor and way of second-guessing carried a match.
std::string AdaptiveStrategy::candidate_name(std::size_t c) {
    assert(c < kCandidates);
    static constexpr const char* kVariantNames[kVariants] = {"P0", "P1", "P2", "P0'", "P1'", "P2'"};
    return std::string(Predictors::name(c / kVariants)) + " " + kVariantNames[c % kVariants];
}

}  // namespace dealer::rps
