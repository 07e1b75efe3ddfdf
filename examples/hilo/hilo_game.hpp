// hilo, "higher or lower": the dealer deals a run of cards face down and
// commits to it; the player sees the first card and calls whether the next
// is higher or lower, and wins after `rounds` right calls in a row. A wrong
// call, or a card of the same rank (the dealer wins ties), loses. At the end
// the run and the nonce are revealed, so the player can check that the
// dealer did not change the cards after hearing the calls.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <dealer/plugin.hpp>

#include "cards.hpp"

namespace hilo {

/// One player's run of cards.
class HiloSession final : public dealer::sdk::Session {
public:
    /// Deals rounds + 1 cards from the host's CSPRNG and commits to them.
    HiloSession(const dealer::sdk::Host& host, std::int64_t rounds);

    /// The opening state: the first card, the rounds to win and the commitment.
    [[nodiscard]] dealer::sdk::json start() const;
    /// Applies {"call": "higher"} or {"call": "lower"}; throws IllegalMove otherwise.
    dealer::sdk::json move(const dealer::sdk::json& request) override;
    /// "h", "hi", "higher" (any case) and the same for lower -> {"call": ...}.
    dealer::sdk::json text_to_move(std::string_view line) override;
    /// The card, the call's outcome, and at the end how to check the run.
    std::string render_text(dealer_reply_kind kind, const dealer::sdk::json& reply) override;

private:
    std::int64_t rounds_;      ///< right calls in a row that win
    std::vector<Card> run_;    ///< the rounds_ + 1 cards dealt, in order
    std::string nonce_;        ///< revealed with the run at the end
    std::string commit_;       ///< sha256("<run_text(run_)>:<nonce_>"), shown at the start
    std::int64_t streak_ = 0;  ///< right calls so far; the card shown is run_[streak_]
    bool over_ = false;        ///< a wrong call or the last right one ended the game
};

/// A configured hilo game; it keeps nothing but the host.
class HiloGame final : public dealer::sdk::Game {
public:
    /// The host checks `rounds` against its declared bounds; nothing else to check.
    HiloGame(const dealer::sdk::Host& host, const dealer::sdk::json& options);
    /// Starts a session with the effective `rounds`.
    std::unique_ptr<dealer::sdk::Session> open(const dealer::sdk::json& options,
                                               const dealer::sdk::SessionInfo& info,
                                               dealer::sdk::json& start) override;

private:
    const dealer::sdk::Host& host_;  ///< the host's services, valid as long as the plugin is loaded
};

}  // namespace hilo
