// Keeps systemd's STATUS= line current ("3 players: guess 2, rps 1; 4
// connected"), without a message per connection: a change schedules one
// update, sent at most once per interval and only when the text changed.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include <asio.hpp>

#include "daemon/service_notifier.hpp"

namespace dealer {

/// Rate-limited STATUS= updates.
class StatusReporter {
public:
    /// executor: a strand of the serving io_context, where updates are made;
    /// compose: the status text now; interval: the least time between two
    /// updates.
    StatusReporter(const asio::any_io_executor& executor, const ServiceNotifier& notifier,
                   std::function<std::string()> compose,
                   std::chrono::milliseconds interval = std::chrono::seconds(1));

    /// Something the status shows has changed. Thread-safe, cheap: it posts
    /// at most one update at a time, and nothing without NOTIFY_SOCKET.
    void changed();

    /// Sends the status now (unless unchanged), e.g. with a new prefix
    /// ("stopping: "). Call on the executor.
    void update_now();

    /// No more updates (the daemon stops). Call on the executor.
    void stop();

private:
    void send_if_changed();

    asio::any_io_executor executor_;
    asio::steady_timer timer_;
    const ServiceNotifier& notifier_;
    std::function<std::string()> compose_;
    std::chrono::milliseconds interval_;
    std::atomic<bool> scheduled_{false};  // an update is posted or waiting for its timer
    std::chrono::steady_clock::time_point last_sent_{};
    std::string last_text_;
    bool stopped_ = false;
};

}  // namespace dealer
