#include "daemon/tcp_listener.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "daemon/peer_address.hpp"
#include "daemon/serial_executor.hpp"
#include "daemon/tcp_connection.hpp"

namespace dealer {

TcpListener::TcpListener(asio::io_context& io, ServerContext& context)
    : io_(io),
      acceptor_(serial_executor(io, context.one_network_thread)),
      context_(context),
      retry_(acceptor_.get_executor()) {}

TcpListener::TcpListener(asio::io_context& io, const asio::ip::tcp::endpoint& endpoint, ServerContext& context)
    : TcpListener(io, context) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
    if (endpoint.address().is_v6()) acceptor_.set_option(asio::ip::v6_only(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    local_ = acceptor_.local_endpoint();
}

// systemd bound the socket and set its options (dealerd.socket: BindIPv6Only,
// Backlog); only the address is ours to read.
TcpListener::TcpListener(asio::io_context& io, const InheritedSocket& socket, ServerContext& context)
    : TcpListener(io, context) {
    acceptor_.assign(socket.v6 ? asio::ip::tcp::v6() : asio::ip::tcp::v4(), socket.fd);
    local_ = acceptor_.local_endpoint();
}

void TcpListener::start() { accept(); }

// At a stop, and when a reload removes the address; `closed` lets the
// reload log that the address is closed once it really is.
void TcpListener::stop(std::function<void()> closed) {
    asio::post(acceptor_.get_executor(), [self = shared_from_this(), closed = std::move(closed)] {
        asio::error_code ec;
        self->acceptor_.close(ec);
        self->retry_.cancel();
        if (closed) closed();
    });
}

// EMFILE, ENFILE, ENOBUFS: the pending connection stays in the backlog and
// the socket stays readable, so accepting again at once would spin a core
// and flood the log. Wait instead, longer each time (10 ms up to 1 s), and
// warn once per episode; the connections are taken when descriptors free up.
void TcpListener::back_off(const asio::error_code& ec) {
    using std::chrono::milliseconds;
    if (failed_accepts_++ == 0) {
        spdlog::warn("tcp {}: accept failed: {}; retrying with backoff", local_.address().to_string(), ec.message());
    }
    retry_delay_ = std::min(milliseconds(1000), std::max(milliseconds(10), retry_delay_ * 2));
    retry_.expires_after(retry_delay_);
    retry_.async_wait([self = shared_from_this()](const asio::error_code& wait_ec) {
        if (!wait_ec && self->acceptor_.is_open()) self->accept();
    });
}

// Each connection gets its own serial executor (a strand when threads > 1),
// so two threads never run two handlers of one session at once.
void TcpListener::accept() {
    acceptor_.async_accept(serial_executor(io_, context_.one_network_thread),
                           [self = shared_from_this()](const asio::error_code& ec, asio::ip::tcp::socket socket) {
                               self->on_accept(ec, std::move(socket));
                           });
}

void TcpListener::on_accept(const asio::error_code& ec, asio::ip::tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;  // shutting down
    if (ec) {
        back_off(ec);
        return;
    }
    if (retry_delay_.count() != 0) {
        spdlog::info("tcp {}: accepting again after {} failed attempt{}", local_.address().to_string(),
                     failed_accepts_, failed_accepts_ == 1 ? "" : "s");
        retry_delay_ = std::chrono::milliseconds(0);
        failed_accepts_ = 0;
    }
    asio::error_code peer_ec;
    const auto remote = socket.remote_endpoint(peer_ec);
    if (peer_ec) {
        accept();
        return;
    }
    PeerInfo peer{peer_address(remote.address()), remote.port(), DEALER_TRANSPORT_TCP};
    Admission::Refusal why = Admission::Refusal::none;
    RateLimit::Clock::duration wait{};
    Admission::Ticket ticket = context_.admission->admit(peer.address, &why, &wait);
    if (!ticket) {
        spdlog::debug("{}: refused: {}", peer.to_string(), refusal_reason(why));
        TcpConnection::refuse(std::move(socket), protocol::finish(refusal_error(why, wait)));
    } else {
        std::make_shared<TcpConnection>(std::move(socket), context_, std::move(ticket), std::move(peer))->start();
    }
    accept();
}

}  // namespace dealer
