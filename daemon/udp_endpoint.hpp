// One UDP listening socket and the sessions of its validated peers
// (SPEC §7). Unproven peers get only a cookie, never state; proven peers'
// datagrams are served like TCP lines, one reply datagram per request.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <asio.hpp>

#include "daemon/datagram_batch.hpp"
#include "daemon/inherited_sockets.hpp"
#include "daemon/server_context.hpp"
#include "daemon/session.hpp"
#include "daemon/udp_cookie.hpp"

namespace dealer {

/// A UDP socket with its peer table. All its work runs on one strand.
class UdpEndpoint : public Stoppable, public std::enable_shared_from_this<UdpEndpoint> {
public:
    /// The most a reply datagram may hold (SPEC §3).
    static constexpr std::size_t kMaxReplyBytes = 1200;
    /// An unproven peer gets at most this many times the bytes it sent.
    static constexpr std::size_t kAmplificationFactor = 3;
    /// Sources whose hello replies are counted at once (see RateTable).
    static constexpr std::size_t kMaxHelloSources = 65536;
    /// Dropped datagrams are logged at most this often.
    static constexpr std::chrono::seconds kDropReportInterval{10};

    /// Binds endpoint; throws asio::system_error if it cannot.
    UdpEndpoint(asio::io_context& io, const asio::ip::udp::endpoint& endpoint, ServerContext& context,
                const CookieJar& cookies);
    /// Adopts a UDP socket passed by systemd (socket activation); throws
    /// asio::system_error if it cannot.
    UdpEndpoint(asio::io_context& io, const InheritedSocket& socket, ServerContext& context,
                const CookieJar& cookies);

    /// Starts receiving and the session sweep.
    void start();
    /// Tells every peer the server stops and forgets those not in a game;
    /// takes no new peers. The socket closes when the last peer is gone.
    void stop() override;
    /// Forgets every peer and closes the socket.
    void end_grace() override;
    /// Its address was removed from the config (a reload): takes no new
    /// peers (a hello gets nothing), serves the sessions it has, in a game
    /// or not, until each ends (bye, udp_session_timeout), then closes the
    /// socket and calls on_closed on the strand. Thread-safe.
    void retire(std::function<void()> on_closed);
    /// Its address is back in the config: serves new peers again, unless it
    /// has closed already (then returns false, and the address must be
    /// bound afresh). Thread-safe.
    bool reinstate();
    /// The bound address (with the real port when 0 was asked for).
    [[nodiscard]] asio::ip::udp::endpoint local_endpoint() const { return local_; }

private:
    /// A validated peer's session.
    struct Peer {
        Peer(const CatalogRef& catalogs, PeerInfo info, Admission::Ticket t, PlayerCounts& counts,
             const SessionLimits& limits)
            : session(catalogs, std::move(info), &counts, &limits),
              ticket(std::move(t)),
              message_rate(limits.message_rate()) {
            session.set_max_reply_bytes(kMaxReplyBytes);
        }
        Session session;                                 ///< its protocol state
        Admission::Ticket ticket;                        ///< its place under max_sessions
        std::chrono::steady_clock::time_point last_seen; ///< last complete message
        RateSpec message_rate;                           ///< the message rate when it opened
        RateLimit messages;                              ///< its bucket
        /// Datagrams that arrived while a slow move was out on a worker,
        /// served in order when it is back (at most kMaxHeld).
        std::deque<std::string> held;
    };
    /// Datagrams a peer may have waiting behind a slow move; more are dropped
    /// (UDP may drop any datagram; the client retransmits).
    static constexpr std::size_t kMaxHeld = 4;

    UdpEndpoint(asio::io_context& io, ServerContext& context, const CookieJar& cookies);
    /// Batches read per wake-up after its first datagram, at most, before
    /// the thread turns to other sockets.
    static constexpr int kBatchesPerWakeup = 4;

    void receive();
    void on_receive(const asio::error_code& ec, std::size_t size);
    void take(std::string_view datagram);
    void serve_waiting();
    void serve(const std::shared_ptr<Peer>& peer, std::string_view datagram);
    void start_work(const std::shared_ptr<Peer>& peer, const asio::ip::udp::endpoint& from);
    void on_work_done(const std::shared_ptr<Peer>& peer, const asio::ip::udp::endpoint& from);
    void after_reply(const std::shared_ptr<Peer>& peer, const asio::ip::udp::endpoint& from, Session::After after,
                     const std::string& reply);
    void handshake(std::string_view line, std::size_t received);
    void admit_and_serve(std::string_view line, const protocol::Envelope* json_envelope);
    void send(std::string_view bytes, const asio::ip::udp::endpoint& to);
    void forget(const asio::ip::udp::endpoint& peer);
    bool forget_if_done(const std::shared_ptr<Peer>& peer, const asio::ip::udp::endpoint& from);
    void close_if_drained();
    void arm_sweep();
    void sweep();
    bool within_hello_budget(const std::string& address);
    void report_drops(std::chrono::steady_clock::time_point now);

    asio::ip::udp::socket socket_;
    asio::steady_timer sweep_timer_;
    asio::ip::udp::endpoint local_;
    asio::ip::udp::endpoint sender_;
    ServerContext& context_;
    const CookieJar& cookies_;
    std::unordered_map<asio::ip::udp::endpoint, std::shared_ptr<Peer>> peers_;
    std::array<char, 65536> buffer_{};
    DatagramOutbox outbox_;  // replies of the datagrams being served (batching_)
    bool batching_ = false;  // in on_receive(): send() queues into outbox_
    bool draining_ = false;  // the server stops: no new peers; close when the last one goes
    bool stopped_ = false;   // the socket is closed
    // Replies to unproven peers: the endpoint's budget and each source's.
    RateLimit hello_budget_;
    RateTable hello_sources_{kMaxHelloSources};
    // Datagrams from unproven peers dropped since the last report: not a
    // valid hello or cookie, or over a hello budget.
    std::uint64_t dropped_invalid_ = 0;
    std::uint64_t dropped_over_budget_ = 0;
    std::chrono::steady_clock::time_point last_drop_report_{};
    // Retirement (a reload removed the address) is decided off the strand
    // (reinstate) and on it (close_if_drained); the mutex makes "closed"
    // and "reinstated" exclude each other.
    std::mutex retire_mutex_;
    std::atomic<bool> retired_{false};  // no new peers; close when the last one goes
    bool closing_ = false;              // close_if_drained decided to close (under retire_mutex_)
    std::function<void()> on_retired_;  // called once a retired socket has closed
};

}  // namespace dealer
