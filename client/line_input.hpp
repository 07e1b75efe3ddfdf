// Where the player's lines come from: a terminal (line editing, history,
// prompts, no echo for passwords) or a pipe (plain lines, no prompts, for
// scripts). The event loop polls stdin when wants_input() and takes one
// line at a time, only when the client is ready for it.
#pragma once

#include <optional>
#include <string>

namespace dealer::client {

/// What the next line is for.
struct Prompt {
    std::string text;       ///< e.g. "guess [3-7]> " (coloured by the input when it shows it)
    bool secret = false;    ///< not echoed, not kept in the history (a password)

    /// Prompts are the same when they would show and behave the same.
    friend bool operator==(const Prompt&, const Prompt&) = default;
};

/// A line the player entered, or the end of input.
struct InputEvent {
    bool end = false;   ///< Ctrl-D at an empty prompt, or the end of the pipe
    std::string line;   ///< the line without its newline, when !end
};

/// The source of the player's lines.
class LineInput {
public:
    virtual ~LineInput() = default;

    /// True on a terminal: prompts are shown and Ctrl-C clears the line.
    [[nodiscard]] virtual bool interactive() const = 0;

    /// Starts (or keeps) asking for a line with this prompt.
    virtual void open_prompt(const Prompt& prompt) = 0;

    /// Stops asking; on a terminal the prompt line is erased when a line
    /// was being typed, so that output can be printed in its place.
    virtual void close_prompt() = 0;

    /// True when stdin should be polled now.
    [[nodiscard]] virtual bool wants_input() const = 0;

    /// Reads what stdin holds (called when poll says it is readable).
    /// hangup: poll also said POLLHUP or POLLERR (a terminal gone away,
    /// the end of a pipe).
    virtual void on_readable(bool hangup) = 0;

    /// The terminal changed size (SIGWINCH).
    virtual void on_resize() {}

    /// The next entered line or the end, if one is waiting. On a terminal
    /// taking a line also closes the prompt.
    virtual std::optional<InputEvent> take() = 0;

    /// Ctrl-C at the prompt: drops what was typed and asks again.
    virtual void interrupt() = 0;
};

}  // namespace dealer::client
