#include "daemon/tcp_listener.hpp"

#include <spdlog/spdlog.h>

#include "daemon/tcp_connection.hpp"

namespace dealer {

TcpListener::TcpListener(asio::io_context& io, const asio::ip::tcp::endpoint& endpoint, ServerContext& context)
    : io_(io), acceptor_(asio::make_strand(io)), context_(context) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
    if (endpoint.address().is_v6()) acceptor_.set_option(asio::ip::v6_only(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    local_ = acceptor_.local_endpoint();
}

void TcpListener::start() { accept(); }

void TcpListener::stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
        asio::error_code ec;
        self->acceptor_.close(ec);
    });
}

// Each connection gets its own strand, so threads > 1 never run two
// handlers of one session at once.
void TcpListener::accept() {
    acceptor_.async_accept(asio::make_strand(io_),
                           [self = shared_from_this()](const asio::error_code& ec, asio::ip::tcp::socket socket) {
                               self->on_accept(ec, std::move(socket));
                           });
}

void TcpListener::on_accept(const asio::error_code& ec, asio::ip::tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;  // shutting down
    if (ec) {
        // EMFILE and friends: log, and keep accepting; the condition may pass.
        spdlog::warn("tcp {}: accept failed: {}", local_.address().to_string(), ec.message());
        accept();
        return;
    }
    asio::error_code peer_ec;
    const auto remote = socket.remote_endpoint(peer_ec);
    if (peer_ec) {
        accept();
        return;
    }
    PeerInfo peer{remote.address().to_string(), remote.port(), DEALER_TRANSPORT_TCP};
    Admission::Refusal why = Admission::Refusal::none;
    Admission::Ticket ticket = context_.admission->admit(peer.address, &why);
    if (!ticket) {
        spdlog::debug("{}: refused: {}", peer.to_string(),
                      why == Admission::Refusal::total ? "max_sessions reached" : "max_sessions_per_ip reached");
        TcpConnection::refuse(std::move(socket), why == Admission::Refusal::total
                                                     ? "the server is full; try again later"
                                                     : "too many sessions from your address");
    } else {
        std::make_shared<TcpConnection>(std::move(socket), context_, std::move(ticket), std::move(peer))->start();
    }
    accept();
}

}  // namespace dealer
