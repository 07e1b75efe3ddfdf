// When an unanswered UDP datagram is sent again, and when the client gives
// up on the server: the wait after each send doubles from `initial` up to
// `cap`, and `deadline` after the first send the server is declared not
// answering. Pure arithmetic on time points, so tests need no clock.
#pragma once

#include <chrono>
#include <cstddef>

namespace dealer::client {

/// The retransmission timer of one request.
class RetransmitSchedule {
public:
    using Clock = std::chrono::steady_clock;   ///< the clock time points come from
    using Duration = std::chrono::milliseconds; ///< the unit of the settings

    /// The schedule's settings.
    struct Settings {
        Duration initial{250};    ///< the wait after the first send
        Duration cap{2000};       ///< the longest wait between two sends
        Duration deadline{20000}; ///< from the first send to giving up
    };

    /// What the caller is to do when its timer fires.
    enum class Action {
        wait,     ///< nothing yet: sleep until next_wakeup()
        resend,   ///< send the same datagram again (counted by this call)
        give_up,  ///< the deadline passed: the server is not answering
    };

    explicit RetransmitSchedule(Settings settings) noexcept : settings_(settings) {}

    /// Starts timing a request that was just sent for the first time.
    void start(Clock::time_point now) noexcept;

    /// Stops timing: the answer came.
    void stop() noexcept { active_ = false; }

    /// True between start() and stop() or give_up.
    [[nodiscard]] bool active() const noexcept { return active_; }

    /// The earlier of the next resend and the deadline (only when active()).
    [[nodiscard]] Clock::time_point next_wakeup() const noexcept;

    /// What to do at `now`; a resend is counted and the next wait doubled.
    Action on_timer(Clock::time_point now) noexcept;

    /// Sends so far, the first included.
    [[nodiscard]] std::size_t sends() const noexcept { return sends_; }

    /// The wait that follows the n-th send (n from 1): initial * 2^(n-1), at most cap.
    [[nodiscard]] Duration wait_after(std::size_t n) const noexcept;

    /// The settings in force.
    [[nodiscard]] const Settings& settings() const noexcept { return settings_; }

private:
    Settings settings_;
    bool active_ = false;
    std::size_t sends_ = 0;
    Clock::time_point started_{};
    Clock::time_point next_send_{};
};

}  // namespace dealer::client
