// Lines from a terminal, edited with libedit: history (up and down arrows),
// emacs keys, a coloured prompt. libedit's callback interface lets the
// event loop keep polling the socket and the timers while the player types.
// Secret lines (passwords) bypass libedit: echo is turned off and the
// terminal's own line editing (backspace, Ctrl-U) is used.
#pragma once

#include <termios.h>

#include <deque>
#include <string>

#include "client/line_input.hpp"
#include "client/style.hpp"

namespace dealer::client {

/// libedit on stdin. One instance at a time (libedit's state is global).
class TtyLineInput final : public LineInput {
public:
    /// The most lines the history keeps (and saves).
    static constexpr int kHistoryLines = 500;

    /// style colours the prompt; history_file: where the history is loaded
    /// from and saved to ("" = kept in memory only).
    TtyLineInput(const Style& style, std::string history_file);
    ~TtyLineInput() override;
    TtyLineInput(const TtyLineInput&) = delete;             ///< one libedit
    TtyLineInput& operator=(const TtyLineInput&) = delete;  ///< one libedit

    [[nodiscard]] bool interactive() const override { return true; }
    void open_prompt(const Prompt& prompt) override;
    void close_prompt() override;
    [[nodiscard]] bool wants_input() const override { return mode_ != Mode::closed && !hung_up_; }
    void on_readable(bool hangup) override;
    void on_resize() override;
    std::optional<InputEvent> take() override;
    void interrupt() override;

    /// The default history file: $DEALER_HISTORY if set (empty: none), else
    /// $HOME/.dealer_history, else none.
    static std::string default_history_file();

private:
    /// What stdin is being read for.
    enum class Mode {
        closed,   ///< no prompt: not reading
        editing,  ///< libedit's callback handler is installed
        secret,   ///< echo off, reading a raw line
    };

    /// libedit's line callback (a C function pointer, hence static).
    static void on_line(char* line);
    /// Turns echo back on after a secret line.
    void restore_terminal();

    const Style& style_;
    std::string history_file_;
    Mode mode_ = Mode::closed;
    Prompt prompt_;
    std::string shown_prompt_;         ///< the prompt as given to libedit (it keeps the pointer)
    bool typing_ = false;              ///< the prompt is on screen and no line has ended it
    std::string secret_line_;          ///< the secret line read so far
    termios saved_{};                  ///< the terminal before echo went off
    bool echo_off_ = false;
    bool hung_up_ = false;             ///< the terminal went away: the end was queued
    std::string last_added_;           ///< the newest history line, not added twice in a row
    std::deque<InputEvent> queue_;
};

}  // namespace dealer::client
