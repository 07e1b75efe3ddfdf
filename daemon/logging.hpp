// spdlog set-up: the [log] level and sink of the config. Log lines go
// through one logger whose sink can be switched while other threads log,
// so that a reload may change [log] sink.
#pragma once

#include <memory>
#include <string>

#include "daemon/config.hpp"

namespace spdlog::sinks {
class sink;
}

namespace dealer {

class ReopenableFileSink;

/// The sink a config's [log] sink names, opened but not yet in use: a
/// reload opens it before it decides to go ahead.
struct OpenedLogSink {
    std::shared_ptr<spdlog::sinks::sink> sink;   ///< where lines will go
    std::shared_ptr<ReopenableFileSink> file;    ///< the same sink, for file:PATH (SIGUSR1 reopens it)
};

/// Logs to stderr at info until the config is read.
void init_default_logging();

/// Switches to the config's level and sink. Returns false and why when the
/// sink cannot be opened (the previous sink and level stay).
bool apply_logging(const Config& config, std::string& why);

/// Opens the sink config names. Returns false and why when it cannot.
bool open_log_sink(const Config& config, OpenedLogSink& out, std::string& why);

/// From now on log lines go to `opened` (the sink before is closed once
/// no line is being written to it), at `level` (trace ... error).
/// Thread-safe.
void use_log_sink(OpenedLogSink opened, const std::string& level);

/// Sets the level (trace ... error) only. Thread-safe.
void set_log_level(const std::string& level);

/// SIGUSR1: reopens the `file:PATH` sink, so that a file logrotate moved
/// away is created afresh. Sets path ("" when the sink is not a file) and
/// returns false and why when the file cannot be reopened.
bool reopen_log_file(std::string& path, std::string& why);

}  // namespace dealer
