// The `file:PATH` log sink, reopened on SIGUSR1 so that logrotate can move
// the file away and have dealerd write a fresh one (no copytruncate needed).
#pragma once

#include <mutex>
#include <string>

#include <spdlog/details/file_helper.h>
#include <spdlog/sinks/base_sink.h>

namespace dealer {

/// Appends formatted lines to a file; reopen() starts on the file now at
/// its path. Thread-safe (spdlog's sink mutex).
class ReopenableFileSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    /// Opens (creates) path for appending; throws spdlog::spdlog_ex if it cannot.
    explicit ReopenableFileSink(const std::string& path);

    /// Closes the file and opens the one now at its path, creating it if it
    /// was moved away. Returns false and why when that fails; the lines
    /// logged meanwhile are then lost, and the next reopen() may succeed.
    bool reopen(std::string& why);

    /// The path written to.
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

private:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override;

    std::string path_;
    spdlog::details::file_helper file_;
    bool open_ = false;  // false after a failed reopen
};

}  // namespace dealer
