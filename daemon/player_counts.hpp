// Who is on the server right now: sessions connected (TCP and UDP) and
// players per game, for the STATUS= line systemd shows. Sessions report
// their own comings and goings; one change callback tells the reporter.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace dealer {

/// Live counts of sessions and of players per game. Thread-safe.
class PlayerCounts {
public:
    /// A session opened (a TCP connection, a proven UDP peer).
    void session_opened() { change([this] { ++sessions_; }); }
    /// A session closed.
    void session_closed() { change([this] { --sessions_; }); }
    /// A session started playing `game` (the name players ask for).
    void game_started(const std::string& game) { change([&] { ++games_[game]; }); }
    /// A session's game ended, however it ended.
    void game_ended(const std::string& game);

    /// "3 players: guess 2, rps 1; 4 connected" (games by name, only those
    /// with players), "0 players; 0 connected" when nobody is there.
    [[nodiscard]] std::string summary() const;

    /// Runs `callback` after every change, on the thread that made it and
    /// outside the lock. Set it before sessions start, or never.
    void on_change(std::function<void()> callback) { on_change_ = std::move(callback); }

private:
    template <class Change>
    void change(Change&& apply) {
        {
            std::lock_guard lock(mutex_);
            apply();
        }
        if (on_change_) on_change_();
    }

    mutable std::mutex mutex_;
    std::size_t sessions_ = 0;
    std::map<std::string, std::size_t> games_;  // sorted: a stable status line
    std::function<void()> on_change_;
};

}  // namespace dealer
