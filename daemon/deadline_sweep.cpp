#include "daemon/deadline_sweep.hpp"

#include "daemon/server_context.hpp"

namespace dealer {

DeadlineSweep::DeadlineSweep(const asio::any_io_executor& executor, StopRegistry& live)
    : timer_(executor), live_(live) {}

void DeadlineSweep::start() { arm(); }

void DeadlineSweep::stop() {
    stopped_ = true;
    timer_.cancel();
}

// The next sweep is due kSweepInterval after this one was, not after it
// ended, so that a slow walk does not make every deadline later still.
void DeadlineSweep::arm() {
    if (stopped_) return;
    const auto now = std::chrono::steady_clock::now();
    timer_.expires_at(timer_.expiry() < now - kSweepInterval ? now + kSweepInterval
                                                                       : timer_.expiry() + kSweepInterval);
    timer_.async_wait([this](const asio::error_code& ec) {
        if (ec || stopped_) return;  // operation_aborted: stop()
        live_.fire_due(std::chrono::steady_clock::now());
        arm();
    });
}

}  // namespace dealer
