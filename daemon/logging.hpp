// spdlog set-up: the [log] level and sink of the config.
#pragma once

#include <string>

#include "daemon/config.hpp"

namespace dealer {

/// Logs to stderr at info until the config is read.
void init_default_logging();

/// Switches to the config's level and sink. Returns false and why when the
/// sink cannot be opened (the previous logger stays).
bool apply_logging(const Config& config, std::string& why);

/// SIGUSR1: reopens the `file:PATH` sink, so that a file logrotate moved
/// away is created afresh. Sets path ("" when the sink is not a file) and
/// returns false and why when the file cannot be reopened.
bool reopen_log_file(std::string& path, std::string& why);

}  // namespace dealer
