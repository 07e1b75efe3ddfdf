// Signals as readable bytes: SIGINT, SIGTERM, SIGHUP and SIGQUIT (leave),
// SIGTSTP and SIGCONT (suspend and resume), SIGWINCH (resize) are turned
// into bytes on a pipe that the event loop polls with the socket and stdin,
// so a signal is handled between two steps of the loop, never inside
// libedit or a half-written line, and the terminal is always restored on
// the way out (and before a stop).
#pragma once

#include <csignal>

namespace dealer::client {

/// The self-pipe. One per process; installs its handlers for its lifetime.
class SignalPipe {
public:
    SignalPipe();
    ~SignalPipe();
    SignalPipe(const SignalPipe&) = delete;             ///< one per process
    SignalPipe& operator=(const SignalPipe&) = delete;  ///< one per process

    /// The end to poll for reading.
    [[nodiscard]] int fd() const noexcept;

    /// The next signal that arrived, or 0 when none is waiting.
    int take() noexcept;

    /// Stops the process as SIGTSTP would have (the caller has restored the
    /// terminal first); returns once it is continued.
    void suspend() noexcept;
};

}  // namespace dealer::client
