// One connection (TCP) or peer (UDP) of dealer-bench, as its generator
// thread drives it. Every call comes from that thread's io_context.
#pragma once

#include <chrono>

namespace dealer::bench {

/// The clock every time in dealer-bench is taken from.
using Clock = std::chrono::steady_clock;

/// A connection that opens, carries load or sits idle, and is checked for
/// timeouts by its thread's sweep.
class Connection {
public:
    virtual ~Connection() = default;

    /// Connects and awaits the welcome (TCP) or does the cookie handshake
    /// (UDP); reports to the thread when done either way.
    virtual void open() = 0;
    /// Starts sending requests (closed loop) until the window closes.
    virtual void start_load() = 0;
    /// Gives up on what has waited longer than --timeout; retransmits (UDP).
    virtual void sweep(Clock::time_point now) = 0;
    /// Hold mode, at the end: asks the server whether the session is still
    /// there (UDP, where nothing else can tell); reports to the thread.
    virtual void probe() = 0;
    /// True while the session is open (hold: at the end of the hold).
    [[nodiscard]] virtual bool alive() const = 0;
    /// Ends the session politely once the run is over; called from the main
    /// thread after the connection's thread has stopped. TCP: nothing
    /// (closing the socket says it); UDP: a bye.
    virtual void farewell() {}
};

}  // namespace dealer::bench
