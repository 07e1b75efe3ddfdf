// mancala (Kalah) against the dealer, as SPEC §5 describes it: the player
// sows a pit with {"type":"move","pit":3}; the dealer answers with every
// move of its turn, chosen by its level (easy, medium or hard). Every start
// and state carries the whole board.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dealer/plugin.hpp"

#include "mancala_ai.hpp"
#include "mancala_board.hpp"
#include "mancala_text.hpp"

namespace dealer::mancala {

/// The effective options of one session (operator defaults plus the player's choices).
struct MancalaOptions {
    int pits = 6;                       ///< pits per side
    int seeds = 4;                      ///< seeds per pit at the start
    Side first = Side::player;          ///< who moves first
    DealerSettings dealer;              ///< level and think_ms
};

/// Reads the complete options (types and bounds already checked by the host)
/// and checks what the host cannot: that the board is small enough. Throws
/// sdk::BadOption.
MancalaOptions parse_options(const sdk::json& options);

/// The host's monotonic clock, for the hard dealer's time budget.
class HostClock final : public Clock {
public:
    /// Reads `host`, which outlives the game.
    explicit HostClock(const sdk::Host& host) noexcept : host_(host) {}
    /// The host's monotonic milliseconds.
    std::uint64_t now_ms() override { return host_.monotonic_ms(); }

private:
    const sdk::Host& host_;  ///< the host's services
};

/// The host's CSPRNG, for the dealer's random choices.
class HostRandom final : public RandomSource {
public:
    /// Draws from `host`, which outlives the game.
    explicit HostRandom(const sdk::Host& host) noexcept : host_(host) {}
    /// A uniform integer in [0, bound) from the CSPRNG.
    std::uint32_t below(std::uint32_t bound) override {
        return static_cast<std::uint32_t>(host_.uniform(0, static_cast<std::int64_t>(bound) - 1));
    }

private:
    const sdk::Host& host_;  ///< the host's services
};

/// One game: the board and how the dealer plays. About 100 bytes; the hard
/// dealer's transposition table exists only while it thinks.
class MancalaSession final : public sdk::Session {
public:
    /// Sets up the board; the dealer's clock and randomness outlive the session.
    MancalaSession(const MancalaOptions& options, Clock& clock, RandomSource& random);

    /// The opening state; when the dealer moves first, plays its first turn.
    [[nodiscard]] sdk::json start();
    /// Applies {"pit": N}, then the dealer's turn; throws sdk::IllegalMove
    /// for anything but a legal pit of the player.
    sdk::json move(const sdk::json& request) override;
    /// "3" -> {"pit": 3}; anything but a whole number is refused.
    sdk::json text_to_move(std::string_view line) override;
    /// The sentence, then the board drawn with pit numbers.
    std::string render_text(dealer_reply_kind kind, const sdk::json& reply) override;

    /// The current position (for tests).
    [[nodiscard]] const Board& board() const noexcept { return board_; }

private:
    /// Plays the dealer's moves until it is the player's turn or the game is over.
    void play_dealer_turn(TurnReport& report);
    /// The start or state object for the board as it is now.
    [[nodiscard]] sdk::json state_json(const TurnReport& report, bool with_dealer_moves) const;
    /// "choose a pit from 1 to 6 that holds seeds", for refusals.
    [[nodiscard]] std::string move_hint() const;

    Board board_;            ///< the position, always the player's turn between calls
    DealerSettings dealer_;  ///< how the dealer plays
    Clock& clock_;           ///< the game's HostClock
    RandomSource& random_;   ///< the game's HostRandom
};

/// The configured game: validated options and the host services its sessions share.
class MancalaGame final : public sdk::Game {
public:
    /// The dealer searches for milliseconds: the host calls sessions on worker threads.
    static constexpr std::uint32_t plugin_flags = DEALER_PLUGIN_SLOW;

    /// Validates the operator's options; throws sdk::BadOption.
    MancalaGame(const sdk::Host& host, const sdk::json& options);
    /// Starts a session with the effective options.
    std::unique_ptr<sdk::Session> open(const sdk::json& options, const sdk::SessionInfo& info,
                                       sdk::json& start) override;

private:
    HostClock clock_;    ///< stateless: safe to share between threads
    HostRandom random_;  ///< stateless: safe to share between threads
};

}  // namespace dealer::mancala
