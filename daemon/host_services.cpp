#include "daemon/host_services.hpp"

#include <chrono>

#include <sodium.h>
#include <spdlog/spdlog.h>

namespace dealer {

namespace {

// Each function below is called from plugin code, possibly on several
// threads at once, and must never throw back into it.

void random_bytes(const dealer_host*, void* buf, size_t len) { randombytes_buf(buf, len); }

template <class Clock>
std::uint64_t millis() {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count());
}

uint64_t monotonic_ms(const dealer_host*) { return millis<std::chrono::steady_clock>(); }

uint64_t wall_ms(const dealer_host*) { return millis<std::chrono::system_clock>(); }

void log(const dealer_host* host, dealer_log_level level, const char* msg, size_t len) {
    const auto* self = static_cast<const HostServices*>(host->host_data);
    auto spd_level = spdlog::level::info;
    switch (level) {
        case DEALER_LOG_TRACE: spd_level = spdlog::level::trace; break;
        case DEALER_LOG_DEBUG: spd_level = spdlog::level::debug; break;
        case DEALER_LOG_INFO: spd_level = spdlog::level::info; break;
        case DEALER_LOG_WARN: spd_level = spdlog::level::warn; break;
        case DEALER_LOG_ERROR: spd_level = spdlog::level::err; break;
    }
    try {
        spdlog::log(spd_level, "plugin {}: {}", self->plugin_name(), std::string_view(msg, len));
    } catch (...) {
        // A log line is never worth unwinding into plugin code.
    }
}

void sha256(const dealer_host*, const void* data, size_t len, uint8_t out[32]) {
    crypto_hash_sha256(out, static_cast<const unsigned char*>(data), len);
}

}  // namespace

HostServices::HostServices(std::string plugin_name) : plugin_name_(std::move(plugin_name)) {
    table_.struct_size = sizeof(dealer_host);
    table_.abi_version = DEALER_ABI_VERSION;
    table_.host_data = this;
    table_.random_bytes = &random_bytes;
    table_.monotonic_ms = &monotonic_ms;
    table_.wall_ms = &wall_ms;
    table_.log = &log;
    table_.sha256 = &sha256;
}

}  // namespace dealer
