#include "daemon/watchdog.hpp"

#include <spdlog/spdlog.h>

namespace dealer {

Watchdog::Watchdog(const asio::any_io_executor& executor, const ServiceNotifier& notifier)
    : timer_(executor), notifier_(notifier) {}

// The first ping goes out at once: READY=1 has just been sent, and systemd
// counts the interval from then.
void Watchdog::start() {
    const auto interval = notifier_.watchdog_interval();
    if (interval.count() == 0) return;
    spdlog::info("systemd watchdog on: pinging every {} ms",
                 std::chrono::duration_cast<std::chrono::milliseconds>(interval / 2).count());
    notifier_.watchdog();
    arm();
}

void Watchdog::stop() {
    stopped_ = true;
    timer_.cancel();
}

// Half the interval, as sd_watchdog_enabled(3) recommends: one late ping
// still arrives in time.
void Watchdog::arm() {
    timer_.expires_after(notifier_.watchdog_interval() / 2);
    timer_.async_wait([this](const asio::error_code& ec) {
        if (ec || stopped_) return;
        notifier_.watchdog();
        arm();
    });
}

}  // namespace dealer
