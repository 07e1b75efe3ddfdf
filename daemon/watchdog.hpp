// systemd's watchdog (WatchdogSec=): WATCHDOG=1 sent from a timer on the
// io_context, at half the interval systemd asks for. The ping is a handler
// like any other, so an event loop that stops running handlers (every
// network thread stuck) stops pinging, and systemd restarts the service.
#pragma once

#include <asio.hpp>

#include "daemon/service_notifier.hpp"

namespace dealer {

/// Periodic WATCHDOG=1 on an executor of the io_context.
class Watchdog {
public:
    /// executor: where the pings run (a strand of the serving io_context).
    Watchdog(const asio::any_io_executor& executor, const ServiceNotifier& notifier);

    /// Starts pinging, when systemd's watchdog is on for this process; logs
    /// the interval. Does nothing otherwise.
    void start();
    /// Stops pinging (the daemon stops). Call on the timer's executor.
    void stop();

private:
    void arm();

    asio::steady_timer timer_;
    const ServiceNotifier& notifier_;
    bool stopped_ = false;
};

}  // namespace dealer
