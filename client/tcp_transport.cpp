#include "client/tcp_transport.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "client/command_line.hpp"
#include "client/socket_address.hpp"
#include "protocol/message.hpp"

namespace dealer::client {

TcpTransport::TcpTransport(std::string host, std::string port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(std::move(port)), timeout_(timeout) {}

TcpTransport::~TcpTransport() { close_socket(); }

void TcpTransport::close_socket() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

std::string TcpTransport::peer() const { return host_port(host_, port_); }

// Each address in turn, each given the whole timeout: a host with an
// unreachable IPv6 address and a working IPv4 one still connects.
bool TcpTransport::open(std::string& why) {
    const auto addresses = resolve(host_, port_, SOCK_STREAM, why);
    for (const SocketAddress& address : addresses) {
        fd_ = open_socket(address.family, SOCK_STREAM, why);
        if (fd_ < 0) continue;
        if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address.storage), address.length) == 0) break;
        if (errno == EINPROGRESS) {
            pollfd p{fd_, POLLOUT, 0};
            const int ready = ::poll(&p, 1, static_cast<int>(timeout_.count()));
            int error = 0;
            socklen_t length = sizeof error;
            if (ready == 1 && ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0) break;
            why = ready == 0 ? "no answer within " + seconds_text(timeout_)
                             : std::strerror(error != 0 ? error : errno);
        } else {
            why = std::strerror(errno);
        }
        close_socket();
    }
    if (fd_ < 0) return false;
    awaiting_ = true;  // the welcome
    deadline_ = Clock::now() + timeout_;
    return true;
}

// Requests are small, so the socket buffer nearly always takes them at
// once; a full buffer is waited on for at most the timeout.
bool TcpTransport::write_line(const std::string& line) {
    std::size_t sent = 0;
    const auto give_up = Clock::now() + timeout_;
    while (sent < line.size() && fd_ >= 0) {
        const ssize_t n = ::send(fd_, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && Clock::now() < give_up) {
            pollfd p{fd_, POLLOUT, 0};
            ::poll(&p, 1, 100);
            continue;
        }
        return false;
    }
    return sent == line.size();
}

// A failed write is not reported here: the read side sees the connection
// end and says so, once.
void TcpTransport::send(nlohmann::json request) {
    const auto id = request.find("id");
    awaited_id_ = id != request.end() ? std::optional<nlohmann::json>(*id) : std::nullopt;
    write_line(encode_request(request) + "\n");
    awaiting_ = true;
    deadline_ = Clock::now() + timeout_;
}

void TcpTransport::send_and_forget(const nlohmann::json& request) {
    if (fd_ < 0) return;
    const std::string line = encode_request(request) + "\n";
    (void)::send(fd_, line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

// Replies carry our id; notices (shutdown, timeout) and replies with some
// other id leave the wait, and its deadline, alone. Before the welcome only
// a welcome or an error ends the wait.
bool TcpTransport::is_answer(const nlohmann::json& message) {
    if (!awaiting_) return false;
    if (!welcomed_) {
        welcomed_ = ends_handshake(message);
        return welcomed_;
    }
    const auto id = message.find("id");
    return awaited_id_ && id != message.end() && *id == *awaited_id_;
}

// One complete line: a message (the answer, or a notice) or garbage.
bool TcpTransport::on_line(std::string_view line, std::vector<TransportEvent>& events) {
    if (protocol::classify(line) == protocol::LineKind::blank) return true;
    TransportEvent event = parse_server_text(line);
    if (event.kind == TransportEvent::Kind::message && is_answer(event.message)) {
        awaiting_ = false;
        awaited_id_.reset();
        event.answer = true;
    }
    events.push_back(std::move(event));
    return true;
}

// At most kMaxReadsPerWakeup reads: the rest waits for the next turn of
// the event loop (poll says readable again at once).
void TcpTransport::on_readable(Clock::time_point /*now*/, std::vector<TransportEvent>& events) {
    char buffer[16384];
    for (int reads = 0; fd_ >= 0 && reads < kMaxReadsPerWakeup; ++reads) {
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n <= 0) {
            const std::string why = n == 0 ? "the server closed the connection" : std::strerror(errno);
            // A last line cut short by the close is still shown (as what it
            // is: usually not a JSON object), not dropped without a word.
            if (framer_.has_partial()) framer_.feed("\n", [&](std::string_view line) { return on_line(line, events); });
            close_socket();
            awaiting_ = false;
            if (!closed_) events.push_back({TransportEvent::Kind::closed, {}, why});
            closed_ = true;
            return;
        }
        const auto status = framer_.feed(std::string_view(buffer, static_cast<std::size_t>(n)),
                                         [&](std::string_view line) { return on_line(line, events); });
        if (status == protocol::LineFramer::Status::too_long) {
            close_socket();
            awaiting_ = false;
            events.push_back({TransportEvent::Kind::closed, {}, "the server sent a line longer than 1 MiB"});
            closed_ = true;
            return;
        }
    }
}

std::optional<Transport::Clock::time_point> TcpTransport::next_timer() const {
    if (!awaiting_) return std::nullopt;
    return deadline_;
}

void TcpTransport::on_timer(Clock::time_point now, std::vector<TransportEvent>& events) {
    if (awaiting_ && now >= deadline_) {
        awaiting_ = false;
        events.push_back({TransportEvent::Kind::not_answering, {}, {}});
    }
}

}  // namespace dealer::client
