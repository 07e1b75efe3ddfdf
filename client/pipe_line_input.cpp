#include "client/pipe_line_input.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace dealer::client {

// A last line without its newline still counts, as with the server (and
// nc -N). A pipe's hangup is seen by read() returning 0 once the data left
// in it is read, so the flag is not needed here.
void PipeLineInput::on_readable(bool /*hangup*/) {
    char buffer[4096];
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) {
        if (framer_.has_partial()) framer_.feed("\n", [&](std::string_view line) {
            queue_.push_back({false, std::string(line)});
            return true;
        });
        queue_.push_back({true, {}});
        ended_ = true;
        return;
    }
    const auto status = framer_.feed(std::string_view(buffer, static_cast<std::size_t>(n)), [&](std::string_view line) {
        queue_.push_back({false, std::string(line)});
        return true;
    });
    if (status == protocol::LineFramer::Status::too_long) {
        std::fprintf(stderr, "dealer: an input line is longer than %zu bytes; stopping there\n", kMaxLineBytes);
        queue_.push_back({true, {}});
        ended_ = true;
    }
}

std::optional<InputEvent> PipeLineInput::take() {
    if (queue_.empty()) return std::nullopt;
    InputEvent event = std::move(queue_.front());
    queue_.pop_front();
    return event;
}

}  // namespace dealer::client
