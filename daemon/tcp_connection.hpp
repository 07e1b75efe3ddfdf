// One TCP player: reads lines, hands them to its Session, writes replies.
// Owns itself through shared_from_this captured in every handler, in the
// manner of Asio's examples; all of its handlers run on one strand.
#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <string>

#include <asio.hpp>

#include "daemon/rate_limit.hpp"
#include "daemon/server_context.hpp"
#include "daemon/session.hpp"
#include "protocol/line_framer.hpp"

namespace dealer {

/// How long closing a connection may take (flush and linger) before the
/// socket is cut; a stop also allows for it after the grace period.
inline constexpr std::chrono::seconds kCloseDeadline{2};

/// A TCP connection and the session it carries.
class TcpConnection : public Stoppable, public std::enable_shared_from_this<TcpConnection> {
public:
    /// socket must be bound to a strand executor; ticket is its admission.
    TcpConnection(asio::ip::tcp::socket socket, ServerContext& context, Admission::Ticket ticket, PeerInfo peer);
    ~TcpConnection() override;

    /// Sends the welcome and starts reading. Call once, after construction.
    void start();

    /// Sends a shutdown notice; closes unless a game runs, which may go on
    /// until it ends or end_grace(). Thread-safe.
    void stop() override;
    /// Closes, in a game or not. Thread-safe.
    void end_grace() override;
    /// The deadline asked for (idle timeout or closing) may have come:
    /// checked on the strand (on_deadline). Called by the DeadlineSweep.
    void due() override;

    /// Answers a connection that may not be admitted with error_line (a
    /// finished JSON error: server_busy, rate_limited) and closes it,
    /// without creating a session.
    static void refuse(asio::ip::tcp::socket socket, std::string error_line);

private:
    enum class State {
        open,       ///< reading requests
        closing,    ///< writing what is queued, then shutting down
        lingering,  ///< sent everything; reading until the peer closes (so it gets our last bytes)
        closed,     ///< socket closed; handlers are winding down
    };

    [[nodiscard]] bool output_full() const noexcept;
    [[nodiscard]] bool backed_up() const noexcept;
    void note_output_full();
    void tell_shutdown();
    bool close_if_done();
    void wait_readable();
    void on_read(const asio::error_code& ec, std::size_t n);
    bool read_rest();
    void end_of_input(const asio::error_code& ec);
    void process(std::string_view data);
    void start_work();
    void on_work_done();
    void resume_unread();
    void flush();
    void on_written(const asio::error_code& ec);
    void begin_close();
    void linger();
    void close_now();
    void note_line_begun();
    void bring_deadline_forward(std::chrono::steady_clock::time_point at);
    void set_deadline(std::chrono::steady_clock::time_point at);
    void on_deadline();

    asio::ip::tcp::socket socket_;
    ServerContext& context_;
    Admission::Ticket ticket_;
    Session session_;
    protocol::LineFramer framer_;
    std::chrono::milliseconds idle_timeout_;
    std::chrono::milliseconds line_timeout_;
    std::chrono::milliseconds send_timeout_;
    std::size_t max_output_;  // replies queued before reading pauses
    RateSpec message_rate_;   // max_messages_per_second and message_burst when it opened
    RateLimit messages_;      // this session's bucket
    std::chrono::steady_clock::time_point last_activity_;
    std::chrono::steady_clock::time_point line_begun_;  // when the framer's unfinished line began
    std::chrono::steady_clock::time_point full_since_;  // when output_full_ became true
    bool output_full_ = false;  // reading paused for unread replies, since full_since_
    std::chrono::steady_clock::time_point deadline_;  // the last set_deadline(): what on_deadline() checks
    std::string pending_;   // replies not yet handed to the socket
    std::string inflight_;  // the one write in flight
    std::string unread_;    // input received but not yet processed while output backs up
    // Where the waiting read puts the first bytes of the next request: a
    // read in progress needs a buffer of its own (the large one is shared
    // by the thread's connections), and 64 bytes hold most requests whole.
    std::array<char, 64> first_read_{};
    State state_ = State::open;
    bool reading_ = false;
    bool input_ended_ = false;  // the peer's EOF was read: nothing more will come
    bool writing_ = false;
    bool told_shutdown_ = false;
};

}  // namespace dealer
