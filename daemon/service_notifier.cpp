#include "daemon/service_notifier.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

namespace dealer {

namespace {

// STATUS= ends at the first newline: keep a status line one line.
std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    return out;
}

}  // namespace

// sd_watchdog_enabled() checks WATCHDOG_PID against our pid, so a watchdog
// meant for a parent (a wrapper script) is not taken for ours.
ServiceNotifier::ServiceNotifier() {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    enabled_ = socket != nullptr && *socket != '\0';
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0) watchdog_ = std::chrono::microseconds(usec);
}

void ServiceNotifier::ready(std::string_view status) const { send("READY=1\nSTATUS=" + one_line(status)); }

void ServiceNotifier::reloading(std::string_view status) const {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const auto usec = static_cast<std::uint64_t>(now.tv_sec) * 1000000U + static_cast<std::uint64_t>(now.tv_nsec) / 1000U;
    send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec) + "\nSTATUS=" + one_line(status));
}

void ServiceNotifier::stopping(std::string_view status, std::chrono::microseconds time_needed) const {
    send("STOPPING=1\nEXTEND_TIMEOUT_USEC=" + std::to_string(time_needed.count()) + "\nSTATUS=" + one_line(status));
}

void ServiceNotifier::status(std::string_view text) const { send("STATUS=" + one_line(text)); }

void ServiceNotifier::watchdog() const { send("WATCHDOG=1"); }

// A failed notification is worth one log line but never worth stopping
// for: systemd then sees a missed READY or ping and acts on its own
// settings. Only the first failure is logged, or watchdog pings would
// repeat it twice per interval.
void ServiceNotifier::send(const std::string& message) const {
    if (!enabled_) return;
    const int r = sd_notify(0, message.c_str());
    if (r < 0 && !warned_.exchange(true)) {
        spdlog::warn("cannot notify systemd ({}): {}", message.substr(0, message.find('\n')), std::strerror(-r));
    }
}

}  // namespace dealer
