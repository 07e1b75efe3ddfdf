#include "daemon/journal_sink.hpp"

#include <sys/uio.h>
#include <syslog.h>

#include <systemd/sd-journal.h>

namespace dealer {

namespace {

int syslog_priority(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::trace:
        case spdlog::level::debug: return LOG_DEBUG;
        case spdlog::level::warn: return LOG_WARNING;
        case spdlog::level::err: return LOG_ERR;
        case spdlog::level::critical: return LOG_CRIT;
        default: return LOG_INFO;
    }
}

}  // namespace

// journald stamps the time, the pid and the unit itself; the level is
// PRIORITY, so `journalctl -p warning` works.
std::vector<std::string> journal_entry(std::string_view message, spdlog::level::level_enum level,
                                       const LogFields* fields) {
    std::vector<std::string> entry;
    entry.push_back("MESSAGE=" + std::string(message));
    entry.push_back("PRIORITY=" + std::to_string(syslog_priority(level)));
    entry.emplace_back("SYSLOG_IDENTIFIER=dealerd");
    if (fields != nullptr) {
        entry.push_back("DEALER_SESSION=" + fields->session);
        entry.push_back("DEALER_PEER=" + fields->peer);
        if (!fields->game.empty()) entry.push_back("DEALER_GAME=" + fields->game);
    }
    return entry;
}

// sd_journal_sendv() copies the fields before it returns; a failure
// (no journald) loses the line, as journald's own clients do.
void JournalSink::sink_it_(const spdlog::details::log_msg& msg) {
    const auto entry =
        journal_entry(std::string_view(msg.payload.data(), msg.payload.size()), msg.level, LogScope::current());
    std::vector<iovec> iov;
    iov.reserve(entry.size());
    for (const auto& field : entry) iov.push_back({const_cast<char*>(field.data()), field.size()});
    sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
}

}  // namespace dealer
