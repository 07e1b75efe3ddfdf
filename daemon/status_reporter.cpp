#include "daemon/status_reporter.hpp"

#include <algorithm>
#include <utility>

namespace dealer {

StatusReporter::StatusReporter(const asio::any_io_executor& executor, const ServiceNotifier& notifier,
                               std::function<std::string()> compose, std::chrono::milliseconds interval)
    : executor_(executor), timer_(executor), notifier_(notifier), compose_(std::move(compose)), interval_(interval) {}

// Called by sessions on any network thread. The flag makes a burst of
// connections cost one posted handler; the timer spaces updates by
// interval_. The flag drops before the text is composed, so a change made
// meanwhile schedules another update rather than being lost.
void StatusReporter::changed() {
    if (!notifier_.enabled() || scheduled_.exchange(true)) return;
    asio::post(executor_, [this] {
        if (stopped_) return;
        timer_.expires_at(std::max(std::chrono::steady_clock::now(), last_sent_ + interval_));
        timer_.async_wait([this](const asio::error_code& ec) {
            if (ec || stopped_) return;
            scheduled_.store(false);
            send_if_changed();
        });
    });
}

void StatusReporter::update_now() {
    if (!stopped_) send_if_changed();
}

void StatusReporter::stop() {
    stopped_ = true;
    timer_.cancel();
}

void StatusReporter::send_if_changed() {
    std::string text = compose_();
    if (text == last_text_) return;
    notifier_.status(text);
    last_text_ = std::move(text);
    last_sent_ = std::chrono::steady_clock::now();
}

}  // namespace dealer
