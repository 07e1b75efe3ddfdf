// The `journal` log sink: each line as a structured journal entry, with
// the session fields of the current LogScope (log_context.hpp).
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include <spdlog/sinks/base_sink.h>

#include "daemon/log_context.hpp"

namespace dealer {

/// The journal entry for one line: MESSAGE, PRIORITY (syslog level),
/// SYSLOG_IDENTIFIER=dealerd and, when fields is set, DEALER_SESSION,
/// DEALER_PEER and (in a game) DEALER_GAME. "KEY=value" strings.
std::vector<std::string> journal_entry(std::string_view message, spdlog::level::level_enum level,
                                       const LogFields* fields);

/// Sends every line to journald (sd_journal_sendv). Thread-safe.
class JournalSink final : public spdlog::sinks::base_sink<std::mutex> {
private:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override {}
};

}  // namespace dealer
