// One TCP connection of dealer-bench: connects, reads the welcome (raw
// mode: nothing, or one reply in hold mode), then keeps --in-flight
// requests outstanding, each reply judged by the workload and timed from
// its request's send. Reads wait for readiness and then read into the
// thread's buffer; writes go straight to the socket and wait only when it
// is full.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <asio.hpp>

#include "bench/load/connection.hpp"
#include "bench/load/load_thread.hpp"
#include "bench/load/workload.hpp"
#include "protocol/line_framer.hpp"

namespace dealer::bench {

/// A TCP connection driven closed-loop.
class TcpLoadConnection final : public Connection {
public:
    /// The longest reply line accepted; dealerd's are far shorter.
    static constexpr std::size_t kMaxLineBytes = 1 << 20;

    /// thread: the thread it runs on; endpoint: the server; workload: its requests.
    TcpLoadConnection(LoadThread& thread, asio::ip::tcp::endpoint endpoint, std::unique_ptr<Workload> workload);

    void open() override;
    void start_load() override;
    void sweep(Clock::time_point now) override;
    void probe() override {}
    [[nodiscard]] bool alive() const override { return phase_ == Phase::idle || phase_ == Phase::running; }

private:
    /// Where the connection stands.
    enum class Phase {
        pending,     ///< not opened yet (its thread opens a few hundred at a time)
        connecting,  ///< the TCP handshake
        greeting,    ///< awaiting the welcome (raw hold: the one reply)
        idle,        ///< open, no load (before the start, and in hold mode)
        running,     ///< requests in flight
        done,        ///< closed or failed
    };

    void on_connected(const asio::error_code& ec);
    /// Open: tells the thread.
    void ready();
    void wait_readable();
    void on_readable(const asio::error_code& ec);
    /// One line from the server; false stops the framer (the connection ended).
    bool on_line(std::string_view line);
    void on_greeting(std::string_view line);
    /// Sends requests until --in-flight are outstanding (none after the window).
    void fill(Clock::time_point now);
    void flush();
    /// Failed to open: tells the thread why.
    void fail_open(std::string why);
    /// Ends a connection that was open, counting an error of this kind.
    void end(const char* kind);

    LoadThread& thread_;
    asio::ip::tcp::socket socket_;
    asio::ip::tcp::endpoint endpoint_;
    std::unique_ptr<Workload> workload_;
    protocol::LineFramer framer_{kMaxLineBytes};
    Phase phase_ = Phase::pending;
    Clock::time_point since_{};          ///< when the phase began (for the open's timeout)
    std::string out_;                    ///< requests not yet taken by the socket
    bool write_waiting_ = false;         ///< waiting for room in the socket
    std::vector<Clock::time_point> sent_;///< send times of the requests in flight, a ring
    std::size_t head_ = 0;               ///< the oldest in sent_
    std::size_t outstanding_ = 0;        ///< requests in flight
};

}  // namespace dealer::bench
