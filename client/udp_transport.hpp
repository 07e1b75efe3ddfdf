// UDP (SPEC §7): the cookie handshake, then one JSON request a datagram,
// each with the next `seq`. An unanswered datagram is sent again, the same
// bytes, after a wait that doubles (RetransmitSchedule); a reply whose seq
// is not the one awaited (a duplicate, or a late answer to an earlier
// request) is dropped. While the player thinks, a ping now and then keeps
// the server from forgetting the session (udp_session_timeout).
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
    std::optional<nlohmann::json> queued_;     ///< a request held back while a keepalive is out
    Clock::time_point last_sent_{};            ///< the last time a datagram went out
    std::size_t datagrams_sent_ = 0;
};

}  // namespace dealer::client
