// TCP: one JSON object a line (SPEC §3). The server sends `welcome` on
// connect; after that every request's reply carries the request's `id`,
// which is how an answer is told from an unasked notice: only a message
// with the id of the request in flight ends the wait for it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "client/transport.hpp"
#include "protocol/line_framer.hpp"

namespace dealer::client {

/// A TCP connection to dealerd.
class TcpTransport final : public Transport {
public:
    /// The longest line accepted from the server; a longer one ends the
    /// connection (dealerd's own replies are far shorter).
    static constexpr std::size_t kMaxLineBytes = 1 << 20;

    /// host and port to connect to; timeout bounds the connect and each wait for an answer.
    TcpTransport(std::string host, std::string port, std::chrono::milliseconds timeout);
    ~TcpTransport() override;
    TcpTransport(const TcpTransport&) = delete;             ///< owns a socket
    TcpTransport& operator=(const TcpTransport&) = delete;  ///< owns a socket

    bool open(std::string& why) override;
    [[nodiscard]] int fd() const override { return fd_; }
    void send(nlohmann::json request) override;
    [[nodiscard]] bool busy() const override { return awaiting_; }
    void on_readable(Clock::time_point now, std::vector<TransportEvent>& events) override;
    [[nodiscard]] std::optional<Clock::time_point> next_timer() const override;
    void on_timer(Clock::time_point now, std::vector<TransportEvent>& events) override;
    void send_and_forget(const nlohmann::json& request) override;
    [[nodiscard]] std::string peer() const override;

private:
    /// Writes a whole line, waiting for room a bounded time; false on failure.
    bool write_line(const std::string& line);
    void close_socket();
    /// True when message is the answer awaited: the welcome first, then a
    /// reply with the id of the request in flight.
    bool is_answer(const nlohmann::json& message);
    /// Turns one line into an event; always true (the framer goes on).
    bool on_line(std::string_view line, std::vector<TransportEvent>& events);

    std::string host_;
    std::string port_;
    std::chrono::milliseconds timeout_;
    int fd_ = -1;
    protocol::LineFramer framer_{kMaxLineBytes};
    bool awaiting_ = false;              ///< the welcome, then a reply, is due
    std::optional<nlohmann::json> awaited_id_;  ///< the id of the request in flight
    Clock::time_point deadline_{};       ///< when awaiting_ gives up
    bool closed_ = false;                ///< the closed event was reported
    bool welcomed_ = false;              ///< the welcome (or a refusal) has come
};

}  // namespace dealer::client
