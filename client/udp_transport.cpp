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

// dealerd's cookies are 10 characters; anything far longer is not one, and
// echoing it could make the proof too big for a datagram.
constexpr std::size_t kMaxCookieBytes = 64;

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
    datagram_ = encode_request(request);
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
    send_once(encode_request(last));
}

// A new session's seq memory starts empty, so the next seq serves; a
// retried proof keeps its seq so that a late welcome still matches.
void UdpTransport::prove(const std::string& cookie, Clock::time_point now) {
    ++seq_;
    phase_ = Phase::welcome;
    keepalive_in_flight_ = false;
    queued_.reset();
    cookie_ = cookie;
    cookie_replaced_ = false;
    datagram_ = proof();
    transmit();
    schedule_.start(now);
}

std::string UdpTransport::proof() const {
    return encode_request({{"type", "hello"}, {"cookie", cookie_}, {"seq", seq_}});
}

// At most kMaxReadsPerWakeup datagrams: the rest waits for the next turn
// of the event loop. The buffer holds the largest datagram there is, so
// none is cut short, however much bigger than SPEC §3's 1200 bytes.
void UdpTransport::on_readable(Clock::time_point now, std::vector<TransportEvent>& events) {
    char buffer[65536];
    for (int reads = 0; fd_ >= 0 && reads < kMaxReadsPerWakeup; ++reads) {
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        // ECONNREFUSED: an ICMP "port unreachable" for an earlier datagram.
        // The server may be restarting; the deadline decides.
        if (n < 0) return;
        on_datagram(std::string_view(buffer, static_cast<std::size_t>(n)), now, events);
    }
}

// A cookie answers a bare hello: the handshake's first step, a proof gone
// stale, or a probe of a session the server has forgotten.
void UdpTransport::on_cookie(const nlohmann::json& message, Clock::time_point now, std::vector<TransportEvent>& events) {
    const auto cookie = message.find("cookie");
    if (cookie == message.end() || !cookie->is_string()) return;
    const auto& value = cookie->get_ref<const std::string&>();
    if (value.empty() || value.size() > kMaxCookieBytes) return;
    switch (phase_) {
        case Phase::cookie: prove(value, now); break;
        case Phase::welcome:
            // A duplicate of the cookie in use changes nothing. A new one (ours
            // expired) goes into the proof under the same seq; the deadline runs
            // on from the first proof, and only the first new cookie is sent at
            // once, so a server answering every proof with a cookie can neither
            // keep the client waiting forever nor drive a datagram storm.
            if (value == cookie_) return;
            cookie_ = value;
            datagram_ = proof();
            if (!cookie_replaced_) transmit();
            cookie_replaced_ = true;
            break;
        case Phase::ready:
            // Only an unproven peer gets a cookie: the session is gone, and
            // with it the request in flight and its game.
            if (!probed_) return;
            probed_ = false;
            prove(value, now);
            events.push_back({TransportEvent::Kind::session_lost, {}, {}});
            break;
    }
}

// Until the welcome only the handshake's own answers count: a cookie, then
// a welcome (or a refusal) with the proof's seq. After it, the awaited
// reply is the one with the seq of the datagram in flight; messages without
// seq are notices (shutdown) and always go up; any other seq (a duplicate,
// a late answer to an earlier request) is dropped.
void UdpTransport::on_datagram(std::string_view data, Clock::time_point now, std::vector<TransportEvent>& events) {
    TransportEvent event = parse_server_text(data);
    if (event.kind != TransportEvent::Kind::message) {
        events.push_back(std::move(event));
        return;
    }
    const nlohmann::json& message = event.message;
    if (const auto type = message.find("type"); type != message.end() && *type == "cookie") {
        on_cookie(message, now, events);
        return;
    }
    if (phase_ == Phase::cookie) return;
    const auto seq = message.find("seq");
    if (seq == message.end()) {
        if (phase_ == Phase::ready) events.push_back(std::move(event));
        return;
    }
    if (!schedule_.active() || !seq->is_number_unsigned() || seq->get<std::uint64_t>() != seq_) return;
    if (phase_ == Phase::welcome && !ends_handshake(message)) return;
    schedule_.stop();
    event.answer = true;
    if (phase_ == Phase::welcome) {
        if (*message.find("type") != "welcome") {
            // Refused (server_busy): there is no session to go on with.
            events.push_back(std::move(event));
            events.push_back({TransportEvent::Kind::closed, {}, "the server refused the session"});
            ::close(fd_);
            fd_ = -1;
            return;
        }
        phase_ = Phase::ready;
    }
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
