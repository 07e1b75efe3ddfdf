#include "client/udp_transport.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "client/socket_address.hpp"

namespace dealer::client {

namespace {

// The first datagram: a bare hello, small so that the server's cookie reply
// stays within three times its size (SPEC §7).
constexpr std::string_view kHello = R"({"type":"hello"})";

std::string compact(const nlohmann::json& request) {
    return request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

UdpTransport::UdpTransport(std::string host, std::string port, RetransmitSchedule::Settings settings)
    : host_(std::move(host)), port_(std::move(port)), schedule_(settings) {}

UdpTransport::~UdpTransport() {
    if (fd_ >= 0) ::close(fd_);
}

std::string UdpTransport::peer() const { return host_port(host_, port_); }

// A connected UDP socket: only the server's datagrams are received, and
// send() needs no address. The first address getaddrinfo gives is used;
// UDP cannot tell a dead address from a slow one.
bool UdpTransport::open(std::string& why) {
    const auto addresses = resolve(host_, port_, SOCK_DGRAM, why);
    if (addresses.empty()) return false;
    const SocketAddress& address = addresses.front();
    fd_ = open_socket(address.family, SOCK_DGRAM, why);
    if (fd_ < 0) return false;
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address.storage), address.length) != 0) {
        why = std::strerror(errno);
        ::close(fd_);
        fd_ = -1;
        return false;
    }
    phase_ = Phase::cookie;
    datagram_ = std::string(kHello);
    transmit();
    schedule_.start(Clock::now());
    return true;
}

// A lost send is like a lost datagram: the timer sends it again.
void UdpTransport::transmit() { send_once(datagram_); }

void UdpTransport::send_once(std::string_view data) {
    if (fd_ < 0) return;
    (void)::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ++datagrams_sent_;
    last_sent_ = Clock::now();
}

bool UdpTransport::busy() const { return phase_ != Phase::ready || (schedule_.active() && !keepalive_in_flight_) || queued_.has_value(); }

// The datagram is kept byte for byte: a retransmission is the same bytes,
// the same seq.
void UdpTransport::start_request(nlohmann::json request, bool keepalive, Clock::time_point now) {
    request["seq"] = ++seq_;
    datagram_ = compact(request);
    keepalive_in_flight_ = keepalive;
    probed_ = false;
    transmit();
    schedule_.start(now);
}

// A request made while a keepalive is out waits for the keepalive's pong:
// two requests in flight would let the newer seq make the server drop the
// older one's retransmissions.
void UdpTransport::send(nlohmann::json request) {
    if (schedule_.active() && keepalive_in_flight_) {
        queued_ = std::move(request);
        return;
    }
    start_request(std::move(request), false, Clock::now());
}

// A last word on the way out (bye after Ctrl-C): a fresh seq, never resent.
void UdpTransport::send_and_forget(const nlohmann::json& request) {
    if (fd_ < 0 || phase_ != Phase::ready) return;
    nlohmann::json last = request;
    last["seq"] = ++seq_;
    send_once(compact(last));
}

// A new session's seq memory starts empty, so the next seq serves; a
// retried proof keeps its seq so that a late welcome still matches.
void UdpTransport::prove(const nlohmann::json& cookie, Clock::time_point now) {
    ++seq_;
    phase_ = Phase::welcome;
    keepalive_in_flight_ = false;
    queued_.reset();
    datagram_ = compact({{"type", "hello"}, {"cookie", cookie}, {"seq", seq_}});
    transmit();
    schedule_.start(now);
}

void UdpTransport::on_readable(Clock::time_point now, std::vector<TransportEvent>& events) {
    char buffer[65536];
    while (fd_ >= 0) {
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        // ECONNREFUSED: an ICMP "port unreachable" for an earlier datagram.
        // The server may be restarting; the deadline decides.
        if (n < 0) return;
        on_datagram(std::string_view(buffer, static_cast<std::size_t>(n)), now, events);
    }
}

// The handshake's replies carry no seq we chose for the cookie step; after
// it, the awaited reply is the one with the seq of the datagram in flight.
// Messages without seq are notices (shutdown) and always go up.
void UdpTransport::on_datagram(std::string_view data, Clock::time_point now, std::vector<TransportEvent>& events) {
    TransportEvent event = parse_server_text(data);
    if (event.kind != TransportEvent::Kind::message) {
        events.push_back(std::move(event));
        return;
    }
    const nlohmann::json& message = event.message;
    const auto type = message.find("type");
    const bool is_cookie = type != message.end() && *type == "cookie";
    if (is_cookie) {
        const auto cookie = message.find("cookie");
        if (cookie == message.end() || !cookie->is_string()) return;
        if (phase_ == Phase::cookie) {
            prove(*cookie, now);
        } else if (phase_ == Phase::welcome) {
            // Our cookie expired: the same proof, with the fresh cookie and the same seq.
            datagram_ = compact({{"type", "hello"}, {"cookie", *cookie}, {"seq", seq_}});
            transmit();
            schedule_.start(now);
        } else if (probed_) {
            // Only an unproven peer gets a cookie: the session is gone, and
            // with it the request in flight and its game.
            probed_ = false;
            prove(*cookie, now);
            events.push_back({TransportEvent::Kind::session_lost, {}, {}});
        }
        return;
    }
    const auto seq = message.find("seq");
    if (seq == message.end()) {
        events.push_back(std::move(event));
        return;
    }
    if (!schedule_.active() || !seq->is_number_unsigned() || seq->get<std::uint64_t>() != seq_) return;
    schedule_.stop();
    if (phase_ == Phase::welcome) phase_ = Phase::ready;
    if (keepalive_in_flight_) {
        keepalive_in_flight_ = false;
        if (queued_) {
            auto request = std::move(*queued_);
            queued_.reset();
            start_request(std::move(request), false, now);
        }
        return;
    }
    events.push_back(std::move(event));
}

// The retransmission timer while a request is out, else the keepalive.
std::optional<Transport::Clock::time_point> UdpTransport::next_timer() const {
    if (schedule_.active()) return schedule_.next_wakeup();
    if (phase_ == Phase::ready && fd_ >= 0) return last_sent_ + kKeepalive;
    return std::nullopt;
}

// Resend, give up, or, when nothing is out and the line has been quiet,
// keep the session alive with a ping.
void UdpTransport::on_timer(Clock::time_point now, std::vector<TransportEvent>& events) {
    if (!schedule_.active()) {
        if (phase_ == Phase::ready && fd_ >= 0 && now >= last_sent_ + kKeepalive) {
            start_request({{"type", "ping"}}, true, now);
        }
        return;
    }
    switch (schedule_.on_timer(now)) {
        case RetransmitSchedule::Action::wait: break;
        case RetransmitSchedule::Action::resend:
            transmit();
            if (phase_ == Phase::ready && !probed_ && schedule_.sends() >= kProbeAfterSends) {
                probed_ = true;
                send_once(kHello);
            }
            break;
        case RetransmitSchedule::Action::give_up:
            keepalive_in_flight_ = false;
            queued_.reset();
            events.push_back({TransportEvent::Kind::not_answering, {}, {}});
            break;
    }
}

}  // namespace dealer::client
