// One UDP peer of dealer-bench, with its own socket (so its own address
// and port, which is what dealerd keys a UDP session by). It proves its
// address with the cookie handshake of SPEC §7, then sends one request at a
// time, each with the next `seq`. A request unanswered for 200 ms is sent
// again, the same bytes (dealerd answers a repeated seq with the same
// reply, and applies the move once); each resend counts as an error
// "retransmit", and a request unanswered for --timeout ends the peer.
// Replies with another seq (the second answer to a resent request) are
// dropped. At the end each peer says bye, so that the sessions do not
// linger in the server (and greet the next run's sockets that happen to
// get the same ports). Raw mode has no handshake and no seq (the UDP echo
// server).
#pragma once

#include <memory>
#include <string>

#include <asio.hpp>

#include "bench/load/connection.hpp"
#include "bench/load/load_thread.hpp"
#include "bench/load/workload.hpp"

namespace dealer::bench {

/// A UDP peer driven closed-loop.
class UdpLoadPeer final : public Connection {
public:
    /// A request (or handshake datagram) unanswered this long is sent again.
    static constexpr std::chrono::milliseconds kResendAfter{200};

    /// thread: the thread it runs on; endpoint: the server; workload: its requests.
    UdpLoadPeer(LoadThread& thread, asio::ip::udp::endpoint endpoint, std::unique_ptr<Workload> workload);

    void open() override;
    void start_load() override;
    void sweep(Clock::time_point now) override;
    void probe() override;
    [[nodiscard]] bool alive() const override;
    void farewell() override;

private:
    /// Where the peer stands.
    enum class Phase {
        pending,  ///< not opened yet (its thread opens a few hundred at a time)
        cookie,   ///< hello sent, awaiting the cookie
        proof,    ///< hello with the cookie sent, awaiting the welcome
        idle,     ///< proven, no load (before the start, and in hold mode)
        running,  ///< a request in flight, or about to be
        probing,  ///< hold mode's end: a ping in flight
        done,     ///< gave up, or failed to open
    };

    void ready();
    void wait_readable();
    void on_readable(const asio::error_code& ec);
    void on_datagram(std::string_view data);
    void on_handshake(std::string_view data);
    /// Sends the next request, unless the window is over.
    void fill(Clock::time_point now);
    /// Sends bytes once, outside the retransmission of datagram_.
    void send_once(std::string_view bytes);
    /// Sends datagram_ (again).
    void transmit(Clock::time_point now);
    void fail_open(std::string why);
    void end(const char* kind);

    LoadThread& thread_;
    asio::ip::udp::socket socket_;
    asio::ip::udp::endpoint endpoint_;
    std::unique_ptr<Workload> workload_;
    bool raw_;
    Phase phase_ = Phase::pending;
    std::string datagram_;            ///< the datagram awaiting its answer
    std::uint64_t seq_ = 0;           ///< the seq of datagram_
    bool outstanding_ = false;        ///< datagram_ awaits its answer
    bool probe_answered_ = false;     ///< hold mode: the session answered at the end
    Clock::time_point first_sent_{};  ///< when datagram_ (or the handshake) was first sent
    Clock::time_point last_sent_{};   ///< when it was last sent
};

/// The `seq` at the end of a dealerd JSON reply (`...,"seq":N}`), or 0 when
/// there is none: enough to tell the awaited reply from a duplicate without
/// parsing it.
std::uint64_t trailing_seq(std::string_view reply) noexcept;

}  // namespace dealer::bench
