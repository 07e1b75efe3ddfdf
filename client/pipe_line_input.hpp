// Lines from a pipe or a file, for scripts: no prompts, no editing. Lines
// are read ahead but handed out one at a time, when the client asks.
#pragma once

#include <deque>

#include "client/line_input.hpp"
#include "protocol/line_framer.hpp"

namespace dealer::client {

/// Plain lines from a file descriptor (stdin).
class PipeLineInput final : public LineInput {
public:
    /// The longest input line; a longer one ends the input with a message.
    static constexpr std::size_t kMaxLineBytes = 65536;

    /// fd: where to read (stdin).
    explicit PipeLineInput(int fd) : fd_(fd) {}

    [[nodiscard]] bool interactive() const override { return false; }
    void open_prompt(const Prompt& /*prompt*/) override { open_ = true; }
    void close_prompt() override { open_ = false; }
    [[nodiscard]] bool wants_input() const override { return open_ && queue_.empty() && !ended_; }
    void on_readable(bool hangup) override;
    std::optional<InputEvent> take() override;
    void interrupt() override {}

private:
    int fd_;
    bool open_ = false;
    bool ended_ = false;   ///< the end was read (and queued)
    protocol::LineFramer framer_{kMaxLineBytes};
    std::deque<InputEvent> queue_;
};

}  // namespace dealer::client
