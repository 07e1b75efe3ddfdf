// rps: best of `rounds` rounds of rock, paper, scissors against the dealer
// (SPEC §5). Before each round the dealer chooses its throw and commits to it
// (SHA-256 of "<throw>:<nonce>"); the state after the player's throw reveals
// it, so the player can check that the dealer did not change its mind.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dealer/plugin.hpp"
#include "rps_adaptive.hpp"
#include "rps_random.hpp"
#include "rps_rules.hpp"
#include "rps_strategy.hpp"

namespace dealer::rps {

/// Which strategy the dealer plays.
enum class StrategyKind : std::uint8_t {
    random,    ///< uniform throws from the CSPRNG
    adaptive,  ///< learns the player's habits across the connection's games
};

/// The options of one game, with the player's choices applied.
struct RpsOptions {
    int rounds = 3;                                 ///< best of this many: first to rounds/2 + 1 wins
    StrategyKind strategy = StrategyKind::adaptive; ///< the dealer's strategy
};

/// Reads the options the host validated; throws sdk::BadOption for a value
/// the schema should have refused.
RpsOptions parse_options(const sdk::json& options);

/// The Random of the strategies, drawing from the host's CSPRNG.
class HostRandom final : public Random {
public:
    /// Draws from host, which outlives every session.
    explicit HostRandom(const sdk::Host& host) : host_(host) {}
    /// sdk::Host::uniform(0, n - 1): no modulo bias.
    std::uint32_t below(std::uint32_t n) override;

private:
    const sdk::Host& host_;  ///< the CSPRNG; outlives every session
};

/// What the plugin keeps per player connection: the adaptive dealer's memory,
/// shared by every rps game of that connection (about 29 KB).
struct RpsPlayerData final : sdk::PlayerData {
    AdaptiveStrategy adaptive;  ///< learns across the connection's games
};

/// One match.
class RpsSession final : public sdk::Session {
public:
    /// Starts a match and commits to the dealer's first throw. `learned` is the
    /// connection's adaptive dealer, or nullptr for the random strategy.
    RpsSession(const sdk::Host& host, const RpsOptions& options, AdaptiveStrategy* learned);

    /// The opening state: rounds, wins needed, strategy, round 1's commitment.
    [[nodiscard]] sdk::json start() const;
    /// Plays {"throw": "rock"}; throws sdk::IllegalMove for anything else.
    sdk::json move(const sdk::json& request) override;
    /// "r", "Rock", ... -> {"throw": "rock"}.
    sdk::json text_to_move(std::string_view line) override;
    /// Both throws, outcome, round and score; at the end the result and the check.
    std::string render_text(dealer_reply_kind kind, const sdk::json& reply) override;

private:
    /// Chooses and commits to the dealer's throw for the coming round.
    void deal();
    /// The strategy this match plays: the connection's, or the session's random one.
    Strategy& strategy();

    const sdk::Host& host_;            ///< CSPRNG and SHA-256 for the commitments
    HostRandom random_;                ///< the strategies' randomness, from host_
    RpsOptions options_;               ///< this match's options
    RandomStrategy random_strategy_;   ///< played when learned_ is nullptr
    AdaptiveStrategy* learned_;        ///< in the player data; nullptr for random
    Match match_;                      ///< the score so far
    Throw dealer_throw_ = Throw::rock;  ///< committed for the coming round
    std::string nonce_;                 ///< of the coming round's commitment
    std::string commit_;                ///< the coming round's commitment
    std::string revealed_commit_;       ///< the commitment the last state revealed
};

/// The configured game: validated options, read-only after construction.
class RpsGame final : public sdk::Game {
public:
    /// Validates the operator's options; throws sdk::BadOption.
    RpsGame(const sdk::Host& host, const sdk::json& options);
    /// Starts a match with the effective options.
    std::unique_ptr<sdk::Session> open(const sdk::json& options, const sdk::SessionInfo& info,
                                       sdk::json& start) override;

private:
    const sdk::Host& host_;  ///< handed to each session
};

}  // namespace dealer::rps
