#include "bench/load/udp_load_peer.hpp"

#include <charconv>

#include "protocol/message.hpp"

namespace dealer::bench {

namespace {

constexpr std::string_view kHello = R"({"type":"hello"})";
constexpr std::string_view kBye = R"({"type":"bye"})";

// dealerd's cookies are 10 characters of base32; anything far longer is not one.
constexpr std::size_t kMaxCookieBytes = 64;

// A datagram's text without its optional trailing "\n" or "\r\n".
std::string_view trim_newline(std::string_view data) {
    if (!data.empty() && data.back() == '\n') data.remove_suffix(1);
    if (!data.empty() && data.back() == '\r') data.remove_suffix(1);
    return data;
}

}  // namespace

std::uint64_t trailing_seq(std::string_view reply) noexcept {
    constexpr std::string_view kKey = R"("seq":)";
    if (reply.empty() || reply.back() != '}') return 0;
    const auto at = reply.rfind(kKey);
    if (at == std::string_view::npos) return 0;
    const char* first = reply.data() + at + kKey.size();
    const char* last = reply.data() + reply.size() - 1;
    std::uint64_t seq = 0;
    const auto [end, ec] = std::from_chars(first, last, seq);
    return ec == std::errc() && end == last ? seq : 0;
}

UdpLoadPeer::UdpLoadPeer(LoadThread& thread, asio::ip::udp::endpoint endpoint, std::unique_ptr<Workload> workload)
    : thread_(thread), socket_(thread.io()), endpoint_(endpoint), workload_(std::move(workload)),
      raw_(thread.options().workload == WorkloadKind::raw) {}

// A connected socket: only the server's datagrams arrive, send needs no address.
void UdpLoadPeer::open() {
    asio::error_code ec;
    socket_.open(endpoint_.protocol(), ec);
    if (!ec) socket_.connect(endpoint_, ec);
    if (!ec) socket_.non_blocking(true, ec);
    if (ec) {
        fail_open("cannot open a UDP socket to " + endpoint_.address().to_string() + ":" +
                  std::to_string(endpoint_.port()) + ": " + ec.message());
        return;
    }
    wait_readable();
    if (raw_) {
        ready();
        return;
    }
    phase_ = Phase::cookie;
    datagram_ = std::string(kHello);
    first_sent_ = Clock::now();
    transmit(first_sent_);
}

void UdpLoadPeer::ready() {
    phase_ = Phase::idle;
    outstanding_ = false;
    thread_.opened(true);
}

void UdpLoadPeer::start_load() {
    if (phase_ != Phase::idle) return;
    phase_ = Phase::running;
    fill(Clock::now());
}

void UdpLoadPeer::fill(Clock::time_point now) {
    if (now >= thread_.window().until) return;
    datagram_.clear();
    workload_->next_request(datagram_, raw_ ? 0 : ++seq_);
    outstanding_ = true;
    first_sent_ = now;
    transmit(now);
}

// A send that finds the socket full is a lost datagram: the sweep resends.
void UdpLoadPeer::transmit(Clock::time_point now) {
    asio::error_code ignored;
    socket_.send(asio::buffer(datagram_), 0, ignored);
    last_sent_ = now;
}

void UdpLoadPeer::send_once(std::string_view bytes) {
    asio::error_code ignored;
    socket_.send(asio::buffer(bytes.data(), bytes.size()), 0, ignored);
}

// Best effort, no answer awaited: a datagram lost here leaves a session
// that dealerd forgets after its udp_session_timeout.
void UdpLoadPeer::farewell() {
    if (raw_ || !socket_.is_open() || phase_ == Phase::pending || phase_ == Phase::cookie) return;
    send_once(kBye);
}

void UdpLoadPeer::wait_readable() {
    socket_.async_wait(asio::socket_base::wait_read, [this](const asio::error_code& ec) { on_readable(ec); });
}

// Drains what has arrived, a bounded number of datagrams per wake-up.
// ECONNREFUSED reports an ICMP "port unreachable" for an earlier send: the
// server is not there (the timeout decides).
void UdpLoadPeer::on_readable(const asio::error_code& ec) {
    if (ec || phase_ == Phase::done) return;
    auto& buffer = thread_.buffer();
    for (int i = 0; i < 16 && phase_ != Phase::done; ++i) {
        asio::error_code read_ec;
        const std::size_t n = socket_.receive(asio::buffer(buffer), 0, read_ec);
        if (read_ec == asio::error::would_block) break;
        if (read_ec) continue;
        on_datagram(trim_newline(std::string_view(buffer.data(), n)));
    }
    if (phase_ != Phase::done) wait_readable();
}

void UdpLoadPeer::on_datagram(std::string_view data) {
    switch (phase_) {
        case Phase::cookie:
        case Phase::proof: on_handshake(data); return;
        case Phase::pending:
        case Phase::idle:
        case Phase::done: return;
        case Phase::running:
        case Phase::probing: break;
    }
    if (!outstanding_) return;  // a late duplicate
    if (!raw_) {
        const std::uint64_t seq = trailing_seq(data);
        if (seq == 0) {
            // A notice (shutdown), or something that is not dealerd's.
            thread_.stats().add_error("unasked_datagram");
            return;
        }
        if (seq != seq_) return;  // the second answer to a resent request
    }
    outstanding_ = false;
    const auto now = Clock::now();
    if (phase_ == Phase::probing) {
        // The probe is a ping whatever the workload: a pong means the session is there.
        probe_answered_ = data.find(R"("type":"pong")") != std::string_view::npos;
        phase_ = Phase::idle;
        thread_.probed();
        return;
    }
    thread_.record(now, first_sent_, workload_->on_reply(data));
    fill(now);
}

// cookie, then welcome with the proof's seq (1); server_busy ends it.
void UdpLoadPeer::on_handshake(std::string_view data) {
    const auto message = protocol::parse_untrusted(data);
    if (!message.is_object()) return;
    const auto type = message.value("type", std::string());
    if (type == "cookie") {
        const auto cookie = message.value("cookie", std::string());
        if (cookie.empty() || cookie.size() > kMaxCookieBytes ||
            cookie.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567") != std::string::npos) {
            return;
        }
        seq_ = 1;
        datagram_ = R"({"type":"hello","cookie":")" + cookie + R"(","seq":1})";
        phase_ = Phase::proof;
        transmit(Clock::now());
    } else if (phase_ == Phase::cookie && type == "welcome") {
        // A bare hello answered with a welcome: the server still keeps a
        // session for this address and port (an earlier run's, until its
        // udp_session_timeout), whose seq memory would swallow ours. End
        // it, and start over.
        send_once(kBye);
        transmit(Clock::now());
    } else if (phase_ == Phase::proof && trailing_seq(data) == 1) {
        if (type == "welcome") ready();
        else if (type == "error") fail_open("the server refused the session: " + message.value("code", std::string("?")) +
                                            ": " + message.value("text", std::string()));
    }
}

void UdpLoadPeer::probe() {
    if (phase_ != Phase::idle || raw_) {
        thread_.probed();
        return;
    }
    phase_ = Phase::probing;
    datagram_ = R"({"type":"ping")";
    close_request(datagram_, 1, ++seq_);
    outstanding_ = true;
    first_sent_ = Clock::now();
    transmit(first_sent_);
}

bool UdpLoadPeer::alive() const {
    if (raw_) return phase_ == Phase::idle || phase_ == Phase::running;
    if (thread_.options().hold) return probe_answered_;
    return phase_ == Phase::idle || phase_ == Phase::running;
}

void UdpLoadPeer::sweep(Clock::time_point now) {
    const auto timeout = thread_.options().timeout;
    if (phase_ == Phase::cookie || phase_ == Phase::proof) {
        if (now - first_sent_ > timeout) {
            fail_open(phase_ == Phase::cookie ? "no cookie over UDP within the timeout (is the server there?)"
                                              : "a cookie but no welcome over UDP within the timeout");
        } else if (now - last_sent_ >= kResendAfter) {
            transmit(now);
        }
        return;
    }
    if ((phase_ != Phase::running && phase_ != Phase::probing) || !outstanding_) return;
    if (now - first_sent_ > timeout) {
        if (phase_ == Phase::probing) {
            phase_ = Phase::idle;
            outstanding_ = false;
            thread_.probed();
            return;
        }
        end("timeout");
    } else if (now - last_sent_ >= kResendAfter) {
        // Every probe goes out at once, so the server's socket overflows
        // by design there: only a loaded request's resend is an error.
        if (phase_ == Phase::running) thread_.stats().add_error("retransmit");
        transmit(now);
    }
}

void UdpLoadPeer::fail_open(std::string why) {
    phase_ = Phase::done;
    asio::error_code ignored;
    socket_.close(ignored);
    thread_.opened(false, std::move(why));
}

void UdpLoadPeer::end(const char* kind) {
    if (phase_ == Phase::done) return;
    thread_.stats().add_error(kind);
    ++thread_.stats().lost;
    phase_ = Phase::done;
    asio::error_code ignored;
    socket_.close(ignored);
}

}  // namespace dealer::bench
