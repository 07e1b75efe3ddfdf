// password: a login dialogue. The player types passwords; the dealer says
// "access granted" (win) or "access denied", and after max_attempts denials
// the game is lost. Failed logins from one source address, across sessions
// and transports, lead to penalties (see penalty_table.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "dealer/plugin.hpp"
#include "password_check.hpp"
#include "penalty_table.hpp"

namespace dealer::password {

/// The configured game: the secret, the attempt limit and the penalty
/// table its sessions share.
class PasswordGame final : public sdk::Game {
public:
    /// Checking an argon2id hash takes milliseconds and 64 MiB: run on workers.
    static constexpr std::uint32_t plugin_flags = DEALER_PLUGIN_SLOW;

    /// Reads hash / password, max_attempts and the penalty options; throws
    /// sdk::BadOption.
    PasswordGame(const sdk::Host& host, const sdk::json& options);
    /// Starts a login with every attempt left.
    std::unique_ptr<sdk::Session> open(const sdk::json& options, const sdk::SessionInfo& info,
                                       sdk::json& start) override;

    /// The secret.
    [[nodiscard]] const PasswordCheck& check() const noexcept { return check_; }
    /// Failures per source; shared by every session of this game.
    [[nodiscard]] PenaltyTable& penalties() noexcept { return penalties_; }
    /// Denials a session may have before it is lost.
    [[nodiscard]] std::int64_t max_attempts() const noexcept { return max_attempts_; }
    /// The host's clock and log.
    [[nodiscard]] const sdk::Host& host() const noexcept { return host_; }

private:
    const sdk::Host& host_;
    PasswordCheck check_;
    std::int64_t max_attempts_;
    PenaltyTable penalties_;
};

/// One login dialogue.
class PasswordSession final : public sdk::Session {
public:
    /// game outlives the session (the host closes sessions before the game).
    PasswordSession(PasswordGame& game, std::string source);

    /// The opening state.
    [[nodiscard]] sdk::json start() const;
    /// Applies {"password": "..."}: granted, denied, or rate_limited.
    sdk::json move(const sdk::json& request) override;
    /// The whole typed line is the password.
    sdk::json text_to_move(std::string_view line) override;
    /// "access denied (2 attempts left)".
    std::string render_text(dealer_reply_kind kind, const sdk::json& reply) override;

private:
    PasswordGame& game_;
    std::string source_;
    std::int64_t attempts_left_;
    bool over_ = false;
};

}  // namespace dealer::password
