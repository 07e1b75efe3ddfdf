// guess: the dealer picks a secret in [min, max] from the CSPRNG and commits
// to it; the player guesses and hears "too low", "too high" or "found the
// secret". At the end the secret and nonce are revealed so the player can
// check the commitment (SPEC §5).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "dealer/plugin.hpp"

namespace dealer::guess {

/// Operator options of one [games.NAME] table backed by this plugin.
struct GuessOptions {
    std::int64_t min = 0;           ///< smallest possible secret
    std::int64_t max = 9;           ///< largest possible secret
    std::int64_t max_guesses = 0;   ///< accepted guesses allowed; 0 = unlimited
};

/// Reads and cross-checks options (min <= max); throws sdk::BadOption.
GuessOptions parse_options(const sdk::json& options);

/// One round of guessing: the secret, its commitment and the count so far.
class GuessSession final : public sdk::Session {
public:
    /// Draws the secret and nonce from the host's CSPRNG.
    GuessSession(const sdk::Host& host, const GuessOptions& options);

    /// The opening state: range, limit and commitment.
    [[nodiscard]] sdk::json start() const;
    /// Applies {"guess": N}; throws sdk::IllegalMove for anything else.
    sdk::json move(const sdk::json& request) override;
    /// "5" -> {"guess": 5}.
    sdk::json text_to_move(std::string_view line) override;
    /// "too low", and at the end the result and how to check the secret.
    std::string render_text(dealer_reply_kind kind, const sdk::json& reply) override;

private:
    GuessOptions options_;
    std::int64_t secret_;
    std::string nonce_;
    std::string commit_;
    std::int64_t guesses_ = 0;
    bool over_ = false;
};

/// The configured game: validated options, shared read-only by its sessions.
class GuessGame final : public sdk::Game {
public:
    /// Validates the operator's options; throws sdk::BadOption.
    GuessGame(const sdk::Host& host, const sdk::json& options);
    /// Starts a session with the effective options.
    std::unique_ptr<sdk::Session> open(const sdk::json& options, const sdk::SessionInfo& info,
                                       sdk::json& start) override;

private:
    const sdk::Host& host_;
};

}  // namespace dealer::guess
