#include "daemon/reopenable_file_sink.hpp"

namespace dealer {

ReopenableFileSink::ReopenableFileSink(const std::string& path) : path_(path) {
    file_.open(path_, false);
    open_ = true;
}

// file_helper::reopen() would retry the old name it kept; open() on our
// path is the same and says what it opens.
bool ReopenableFileSink::reopen(std::string& why) {
    std::lock_guard lock(mutex_);
    try {
        file_.close();
        file_.open(path_, false);
        open_ = true;
        return true;
    } catch (const spdlog::spdlog_ex& e) {
        open_ = false;
        why = e.what();
        return false;
    }
}

void ReopenableFileSink::sink_it_(const spdlog::details::log_msg& msg) {
    if (!open_) return;
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    file_.write(formatted);
}

void ReopenableFileSink::flush_() {
    if (open_) file_.flush();
}

}  // namespace dealer
