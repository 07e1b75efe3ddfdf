// UDP (SPEC §7): the cookie handshake (until the welcome nothing but the
// handshake's own answers counts, and a server that keeps handing out new
// cookies meets the deadline), then one JSON request a datagram, each with
// the next `seq`. An unanswered datagram is sent again, the same
// bytes, after a wait that doubles (RetransmitSchedule); a reply whose seq
// is not the one awaited (a duplicate, or a late answer to an earlier
// request) is dropped. While the player thinks, a ping now and then keeps
// the server from forgetting the session (udp_session_timeout); when it has
// forgotten it all the same (a restart, a short timeout), a bare hello sent
// alongside a slow request gets a cookie instead of a welcome, and the
// client says so and makes a new session at once instead of waiting out
// its deadline.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "client/retransmit_schedule.hpp"
#include "client/transport.hpp"

namespace dealer::client {

/// A UDP session with dealerd.
class UdpTransport final : public Transport {
public:
    /// The quiet time after which a keepalive ping is sent: well inside
    /// dealerd's default udp_session_timeout of 60 s.
    static constexpr std::chrono::seconds kKeepalive{20};

    /// host and port of the server; settings: the retransmission schedule
    /// (its deadline is the --timeout).
    UdpTransport(std::string host, std::string port, RetransmitSchedule::Settings settings);
    ~UdpTransport() override;
    UdpTransport(const UdpTransport&) = delete;             ///< owns a socket
    UdpTransport& operator=(const UdpTransport&) = delete;  ///< owns a socket

    bool open(std::string& why) override;
    [[nodiscard]] int fd() const override { return fd_; }
    void send(nlohmann::json request) override;
    [[nodiscard]] bool busy() const override;
    void on_readable(Clock::time_point now, std::vector<TransportEvent>& events) override;
    [[nodiscard]] std::optional<Clock::time_point> next_timer() const override;
    void on_timer(Clock::time_point now, std::vector<TransportEvent>& events) override;
    void send_and_forget(const nlohmann::json& request) override;
    [[nodiscard]] std::string peer() const override;

    /// The send of a request after which a bare hello asks whether the
    /// server still knows the session (the third: 750 ms without an answer).
    static constexpr std::size_t kProbeAfterSends = 3;

    /// Datagrams sent so far, retransmissions included (for tests and --debug).
    [[nodiscard]] std::size_t datagrams_sent() const noexcept { return datagrams_sent_; }

private:
    /// Where the session stands.
    enum class Phase {
        cookie,   ///< hello sent, waiting for the cookie
        welcome,  ///< hello with the cookie sent, waiting for welcome
        ready,    ///< proven: requests flow
    };

    /// Sends `datagram_` (again).
    void transmit();
    /// Sends bytes once, outside the retransmission of `datagram_`.
    void send_once(std::string_view data);
    /// Sends the proof of address with `cookie` and awaits the welcome.
    void prove(const std::string& cookie, Clock::time_point now);
    /// The proof datagram: hello with `cookie_` and the current seq.
    [[nodiscard]] std::string proof() const;
    /// Handles a cookie message.
    void on_cookie(const nlohmann::json& message, Clock::time_point now, std::vector<TransportEvent>& events);
    /// Sends request with the next seq and starts its timer.
    void start_request(nlohmann::json request, bool keepalive, Clock::time_point now);
    /// Handles one datagram.
    void on_datagram(std::string_view data, Clock::time_point now, std::vector<TransportEvent>& events);

    std::string host_;
    std::string port_;
    int fd_ = -1;
    RetransmitSchedule schedule_;
    Phase phase_ = Phase::cookie;
    std::string datagram_;                     ///< the datagram awaiting its answer
    std::uint64_t seq_ = 0;                    ///< the seq of the last request sent
    bool keepalive_in_flight_ = false;         ///< the awaited answer is a keepalive's
    bool probed_ = false;                      ///< a bare hello went out for the request in flight
    std::string cookie_;                       ///< the cookie of the proof in flight
    bool cookie_replaced_ = false;             ///< the proof in flight got a new cookie already
    std::optional<nlohmann::json> queued_;     ///< a request held back while a keepalive is out
    Clock::time_point last_sent_{};            ///< the last time a datagram went out
    std::size_t datagrams_sent_ = 0;
};

}  // namespace dealer::client
