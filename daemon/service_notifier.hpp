// Tells systemd's service manager how the daemon is doing, through
// sd_notify(3) from libsystemd: READY=1, STOPPING=1, RELOADING=1, STATUS=
// and WATCHDOG=1. Without NOTIFY_SOCKET (not run by systemd, or not as
// Type=notify) every call does nothing, so dealerd needs no mode of its own.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

namespace dealer {

/// The daemon's side of the sd_notify protocol. Thread-safe: each call is
/// one datagram, and sd_notify keeps no state between calls.
class ServiceNotifier {
public:
    /// Reads NOTIFY_SOCKET and the watchdog settings (WATCHDOG_USEC,
    /// WATCHDOG_PID) once; the environment is left as it is, so that a
    /// reload can notify too.
    ServiceNotifier();

    /// True when a service manager listens (NOTIFY_SOCKET is set).
    [[nodiscard]] bool enabled() const noexcept { return enabled_; }

    /// READY=1 with a STATUS= line: the listeners are bound and the plugins
    /// loaded, so systemd may start the units that wait for dealerd.
    void ready(std::string_view status) const;

    /// RELOADING=1 with MONOTONIC_USEC=now (which later systemd versions
    /// require) and a STATUS= line; ready() ends the reload.
    void reloading(std::string_view status) const;

    /// STOPPING=1 with a STATUS= line: a graceful stop has begun. Also
    /// EXTEND_TIMEOUT_USEC= for `time_needed` (the grace period and the time
    /// connections take to close), so that a shutdown_grace longer than the
    /// unit's TimeoutStopSec= is not cut short by SIGKILL; systemd never
    /// shortens its own timeout for it.
    void stopping(std::string_view status, std::chrono::microseconds time_needed) const;

    /// STATUS=text, what `systemctl status dealerd` shows.
    void status(std::string_view text) const;

    /// WATCHDOG=1: the event loop is alive.
    void watchdog() const;

    /// How often systemd wants WATCHDOG=1 (WatchdogSec=), or zero when its
    /// watchdog is off for this process.
    [[nodiscard]] std::chrono::microseconds watchdog_interval() const noexcept { return watchdog_; }

private:
    void send(const std::string& message) const;

    bool enabled_ = false;
    std::chrono::microseconds watchdog_{0};
    mutable std::atomic<bool> warned_{false};  // a failure was logged
};

}  // namespace dealer
