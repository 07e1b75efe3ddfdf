// Accepts TCP players on one address and hands each to a TcpConnection on
// its own strand, after admission control.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include <asio.hpp>

#include "daemon/inherited_sockets.hpp"
#include "daemon/server_context.hpp"

namespace dealer {

/// One listening TCP socket.
class TcpListener : public std::enable_shared_from_this<TcpListener> {
public:
    /// Binds and listens on endpoint; throws asio::system_error if it cannot.
    TcpListener(asio::io_context& io, const asio::ip::tcp::endpoint& endpoint, ServerContext& context);
    /// Adopts a listening socket passed by systemd (socket activation);
    /// throws asio::system_error if it cannot.
    TcpListener(asio::io_context& io, const InheritedSocket& socket, ServerContext& context);

    /// Starts accepting.
    void start();
    /// Closes the listening socket; accepted connections are not touched.
    /// `closed`, if given, runs on the listener's strand once it is closed.
    void stop(std::function<void()> closed = nullptr);
    /// The bound address (with the real port when 0 was asked for).
    [[nodiscard]] asio::ip::tcp::endpoint local_endpoint() const { return local_; }

private:
    TcpListener(asio::io_context& io, ServerContext& context);
    void accept();
    void on_accept(const asio::error_code& ec, asio::ip::tcp::socket socket);
    void back_off(const asio::error_code& ec);

    asio::io_context& io_;
    asio::ip::tcp::acceptor acceptor_;
    asio::ip::tcp::endpoint local_;
    ServerContext& context_;
    asio::steady_timer retry_;                 // paces accepts after an accept error
    std::chrono::milliseconds retry_delay_{0}; // 0 while accepts succeed
    unsigned failed_accepts_ = 0;              // errors since the last warning
};

}  // namespace dealer
