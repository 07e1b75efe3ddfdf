#include "daemon/udp_endpoint.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "daemon/config.hpp"
#include "daemon/peer_address.hpp"
#include "daemon/pending_call.hpp"
#include "daemon/serial_executor.hpp"
#include "protocol/text_words.hpp"

namespace dealer {

namespace {

using Clock = std::chrono::steady_clock;

std::uint64_t unix_seconds() {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
}

// One message per datagram, with an optional trailing newline (SPEC §3).
std::string_view strip_newline(std::string_view d) {
    if (!d.empty() && d.back() == '\n') d.remove_suffix(1);
    if (!d.empty() && d.back() == '\r') d.remove_suffix(1);
    return d;
}

}  // namespace

UdpEndpoint::UdpEndpoint(asio::io_context& io, ServerContext& context, const CookieJar& cookies)
    : socket_(serial_executor(io, context.one_network_thread)),
      sweep_timer_(socket_.get_executor()),
      context_(context),
      cookies_(cookies) {}

UdpEndpoint::UdpEndpoint(asio::io_context& io, const asio::ip::udp::endpoint& endpoint, ServerContext& context,
                         const CookieJar& cookies)
    : UdpEndpoint(io, context, cookies) {
    socket_.open(endpoint.protocol());
    if (endpoint.address().is_v6()) socket_.set_option(asio::ip::v6_only(true));
    socket_.bind(endpoint);
    socket_.non_blocking(true);
    local_ = socket_.local_endpoint();
}

// systemd bound the socket (dealerd.socket: ListenDatagram=); replies leave
// from it as from one we bound.
UdpEndpoint::UdpEndpoint(asio::io_context& io, const InheritedSocket& socket, ServerContext& context,
                         const CookieJar& cookies)
    : UdpEndpoint(io, context, cookies) {
    socket_.assign(socket.v6 ? asio::ip::udp::v6() : asio::ip::udp::v4(), socket.fd);
    socket_.non_blocking(true);
    local_ = socket_.local_endpoint();
}

// Registered at once, not on the strand: a stop that comes before the
// strand first runs must still find the endpoint and wait for it.
void UdpEndpoint::start() {
    context_.live.add(shared_from_this());
    asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
        self->receive();
        self->arm_sweep();
    });
}

// Lobby peers are told and forgotten at once; peers in a game are told how
// long they have and stay until their game ends (forget_if_done) or the
// grace period is over. The socket stays open for them, but unknown peers
// get nothing from now on: no cookie, no session.
void UdpEndpoint::stop() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        if (self->stopped_ || self->draining_) return;
        self->draining_ = true;
        // sender_ belongs to the receive still pending: address each peer explicitly.
        for (auto it = self->peers_.begin(); it != self->peers_.end();) {
            self->send(it->second->session.shutdown_notice(self->context_.limits.shutdown_grace), it->first);
            it = it->second->session.playing() ? std::next(it) : self->peers_.erase(it);
        }
        self->close_if_drained();
    });
}

void UdpEndpoint::end_grace() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        if (self->stopped_) return;
        self->draining_ = true;
        self->peers_.clear();
        self->close_if_drained();
    });
}

// The last peer of a stopping or retired endpoint has gone: close the
// socket and leave the registry, so that the server knows one more thing is
// done.
void UdpEndpoint::close_if_drained() {
    if (stopped_ || !peers_.empty()) return;
    std::function<void()> retired_callback;
    {
        std::lock_guard lock(retire_mutex_);
        if (!draining_ && !retired_.load()) return;
        closing_ = true;
        if (retired_.load()) retired_callback = std::move(on_retired_);
    }
    stopped_ = true;
    outbox_.flush(socket_.native_handle());  // a `bye` or a game's last reply
    asio::error_code ec;
    socket_.close(ec);
    sweep_timer_.cancel();
    context_.live.remove(this);
    if (retired_callback) retired_callback();
}

// A reload removed the address. The socket stays for the sessions it has:
// closing it would drop them, since UDP has no connection of its own.
void UdpEndpoint::retire(std::function<void()> on_closed) {
    {
        std::lock_guard lock(retire_mutex_);
        retired_.store(true);
        on_retired_ = std::move(on_closed);
    }
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->close_if_drained(); });
}

// A reload added the address back while its sessions still run: binding it
// anew would fail (it is in use), so the endpoint takes new peers again.
bool UdpEndpoint::reinstate() {
    std::lock_guard lock(retire_mutex_);
    if (closing_) return false;
    retired_.store(false);
    on_retired_ = nullptr;
    return true;
}

// Forgets a peer (bye, line_too_long, a stopping server's finished game).
void UdpEndpoint::forget(const asio::ip::udp::endpoint& peer) {
    peers_.erase(peer);
    close_if_drained();
}

// While the server stops, a peer stays only as long as its game runs: called
// after each reply, so the reply that ends the game is the last.
bool UdpEndpoint::forget_if_done(const std::shared_ptr<Peer>& peer, const asio::ip::udp::endpoint& from) {
    if (!draining_ || peer->session.playing()) return false;
    forget(from);
    return true;
}

void UdpEndpoint::receive() {
    socket_.async_receive_from(asio::buffer(buffer_), sender_,
                               [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
                                   self->on_receive(ec, n);
                               });
}

// One datagram came; others may wait behind it (50 players ping at once):
// they are read and answered in batches (serve_waiting) before the next
// receive goes back to the reactor. Replies wait in outbox_ meanwhile and
// leave together.
void UdpEndpoint::on_receive(const asio::error_code& ec, std::size_t size) {
    if (stopped_ || ec == asio::error::operation_aborted) return;
    if (!ec) {
        batching_ = true;
        take(std::string_view(buffer_.data(), size));
        serve_waiting();
        batching_ = false;
        outbox_.flush(socket_.native_handle());
    }
    // Errors such as ECONNREFUSED (an ICMP from an earlier send) concern
    // one peer, not the socket: keep receiving.
    if (!stopped_) receive();
}

// One datagram from sender_: a known peer's request, or a stranger's hello.
void UdpEndpoint::take(std::string_view datagram) {
    if (auto it = peers_.find(sender_); it != peers_.end()) {
        serve(it->second, datagram);
    } else if (!draining_ && !retired_.load()) {
        handshake(strip_newline(datagram), datagram.size());
    }
}

// Each datagram gets a slot of max_line_bytes + 3 in buffer_: one that
// fills its slot may have been cut, but then it is over the limit anyway
// (even without its "\r\n"), and is refused as line_too_long on what
// was read. A limit raised past what two slots of buffer_ hold turns
// batching off.
void UdpEndpoint::serve_waiting() {
    const std::size_t slot = context_.limits.max_line_bytes + 3;
    const std::size_t fits = std::min(kDatagramBatch, buffer_.size() / slot);
    std::array<ReceivedDatagram, kDatagramBatch> batch;
    for (int round = 0; round < kBatchesPerWakeup && fits >= 2 && !stopped_; ++round) {
        const std::size_t got = receive_datagrams(socket_.native_handle(), buffer_, slot, batch);
        for (std::size_t i = 0; i < got && !stopped_; ++i) {
            sender_ = batch[i].from;
            take(batch[i].bytes);
        }
        if (stopped_) return;
        outbox_.flush(socket_.native_handle());
        if (got < fits) return;  // the socket is empty
    }
}

// A validated peer's datagram, served like a TCP line. Uses sender_ as the
// peer's address: call it only for the datagram just received.
void UdpEndpoint::serve(const std::shared_ptr<Peer>& peer, std::string_view datagram) {
    const std::string_view line = strip_newline(datagram);
    if (protocol::is_blank(line)) return;
    if (line.size() > context_.limits.max_line_bytes) {
        // The datagram is whole, so its own form decides the reply's form.
        const std::string text =
            "a message may hold at most " + std::to_string(context_.limits.max_line_bytes) + " bytes";
        send(protocol::error_line(protocol::ErrorCode::line_too_long, text,
                                  protocol::classify(line) == protocol::LineKind::json),
             sender_);
        forget(sender_);
        return;
    }
    peer->last_seen = Clock::now();
    if (Clock::duration wait{}; !peer->messages.take(peer->last_seen, peer->message_rate, &wait)) {
        const LogScope scope(peer->session.log_fields());
        spdlog::debug("{}: over max_messages_per_second, forgetting it", peer->session.peer().to_string());
        send(peer->session.flood_notice(wait), sender_);
        forget(sender_);
        return;
    }
    if (peer->session.pending()) {
        if (peer->held.size() < kMaxHeld) peer->held.emplace_back(line);
        return;
    }
    std::string reply;
    const Session::After after = peer->session.handle_line(line, reply);
    if (after == Session::After::pending) {
        start_work(peer, sender_);
        return;
    }
    after_reply(peer, sender_, after, reply);
}

// Sends a reply and closes the session when it says so; otherwise serves
// what the peer sent while it waited, until one of those goes pending.
void UdpEndpoint::after_reply(const std::shared_ptr<Peer>& peer, const asio::ip::udp::endpoint& from,
                              Session::After after, const std::string& reply) {
    if (!reply.empty()) send(reply, from);
    if (after == Session::After::close) {
        forget(from);
        return;
    }
    if (forget_if_done(peer, from)) return;
    while (!peer->held.empty() && !peer->session.pending()) {
        const std::string line = std::move(peer->held.front());
        peer->held.pop_front();
        std::string next;
        const Session::After then = peer->session.handle_line(line, next);
        if (then == Session::After::pending) {
            start_work(peer, from);
            return;
        }
        if (!next.empty()) send(next, from);
        if (then == Session::After::close) {
            forget(from);
            return;
        }
        if (forget_if_done(peer, from)) return;
    }
}

// The slow move goes to a worker; the peer's shared_ptr rides along in the
// completion, so a sweep or stop meanwhile cannot free the session under it.
void UdpEndpoint::start_work(const std::shared_ptr<Peer>& peer, const asio::ip::udp::endpoint& from) {
    if (submit_pending(*context_.workers, socket_.get_executor(), peer->session,
                       [self = shared_from_this(), peer, from] { self->on_work_done(peer, from); })) {
        return;
    }
    std::string reply;
    const Session::After after = peer->session.finish_pending(reply);
    after_reply(peer, from, after, reply);
}

// Back on the strand: the reply goes out unless the peer was forgotten
// meanwhile (swept, closed, or the endpoint stopped).
void UdpEndpoint::on_work_done(const std::shared_ptr<Peer>& peer, const asio::ip::udp::endpoint& from) {
    std::string reply;
    const Session::After after = peer->session.finish_pending(reply);
    if (stopped_) return;
    auto it = peers_.find(from);
    if (it == peers_.end() || it->second != peer) return;
    peer->last_seen = Clock::now();
    after_reply(peer, from, after, reply);
}

// An unproven peer: `hello` earns a cookie (if the reply stays within three
// times the datagram's size, and within the hello budgets); `hello` with a
// valid cookie, JSON or text, makes a session. Everything else is dropped
// without a word, and counted.
void UdpEndpoint::handshake(std::string_view line, std::size_t received) {
    if (line.size() > context_.limits.max_line_bytes) {
        ++dropped_invalid_;
        return;
    }
    const std::string address = peer_address(sender_.address());
    const std::uint64_t now = unix_seconds();
    std::string reply;

    if (protocol::classify(line) == protocol::LineKind::json) {
        protocol::Request req;
        protocol::DecodeError bad;
        if (!protocol::decode_request(line, req, bad, context_.limits.max_json_depth) || req.type != "hello") {
            ++dropped_invalid_;
            return;
        }
        const nlohmann::json& hello = req.object();
        auto cookie = hello.find("cookie");
        if (cookie != hello.end() && cookie->is_string() &&
            cookies_.valid(cookie->get_ref<const std::string&>(), address, sender_.port(), now)) {
            admit_and_serve(line, &req.envelope);
            return;
        }
        protocol::Reply r = protocol::make_reply("cookie");
        r["cookie"] = cookies_.issue(address, sender_.port(), now);
        reply = protocol::finish(std::move(r), req.envelope);
    } else {
        const auto words = protocol::split_words(line);
        const std::string_view cmd = words.empty() ? std::string_view() : protocol::command_word(words[0]);
        if (cmd == "cookie" && words.size() == 2 && cookies_.valid(words[1], address, sender_.port(), now)) {
            admit_and_serve(line, nullptr);
            return;
        }
        if (cmd != "hello") {
            ++dropped_invalid_;
            return;
        }
        reply = "cookie " + cookies_.issue(address, sender_.port(), now) + "\n";
    }
    // The amplification bound first: a hello too short to answer within it
    // spends no budget, so it cannot use up the cookies of others.
    if (reply.size() > std::min(kAmplificationFactor * received, kMaxReplyBytes)) {
        ++dropped_invalid_;
        return;
    }
    if (within_hello_budget(address)) send(reply, sender_);
}

// A cookie may go to this source: its own budget first, so that one source
// cannot spend the endpoint's; then the endpoint's, which bounds what
// spoofed hellos from any number of sources can make dealerd send.
bool UdpEndpoint::within_hello_budget(const std::string& address) {
    const auto now = Clock::now();
    const auto& limits = context_.limits;
    const RateSpec per_source(limits.udp_hello_replies_per_second_per_ip, limits.udp_hello_replies_per_second_per_ip);
    const RateSpec overall(limits.udp_hello_replies_per_second, limits.udp_hello_replies_per_second);
    if (!per_source.limits()) hello_sources_.clear();
    if (hello_sources_.take(address, now, per_source) && hello_budget_.take(now, overall)) return true;
    ++dropped_over_budget_;
    return false;
}

// At most one line every kDropReportInterval, so that a flood cannot fill
// the log; called by the sweep.
void UdpEndpoint::report_drops(Clock::time_point now) {
    if (dropped_invalid_ + dropped_over_budget_ == 0 || now - last_drop_report_ < kDropReportInterval) return;
    spdlog::warn("UDP {}: dropped {} datagrams from unproven peers: {} not a valid hello, {} over the hello budget",
                 ListenAddress{local_.address().to_string(), local_.port()}.to_string(),
                 dropped_invalid_ + dropped_over_budget_, dropped_invalid_, dropped_over_budget_);
    dropped_invalid_ = 0;
    dropped_over_budget_ = 0;
    last_drop_report_ = now;
}

// The peer proved its address: give it a session (if the limits allow) and
// let that session answer the hello with a welcome.
void UdpEndpoint::admit_and_serve(std::string_view line, const protocol::Envelope* json_envelope) {
    PeerInfo info{peer_address(sender_.address()), sender_.port(), DEALER_TRANSPORT_UDP};
    Admission::Refusal why = Admission::Refusal::none;
    RateLimit::Clock::duration wait{};
    Admission::Ticket ticket = context_.admission->admit(info.address, &why, &wait);
    if (!ticket) {
        const protocol::Reply error = refusal_error(why, wait);
        send(json_envelope != nullptr ? protocol::finish(error, *json_envelope)
                                      : protocol::text_error_line(error["text"].get<std::string>()),
             sender_);
        return;
    }
    auto peer = std::make_shared<Peer>(context_.catalogs, std::move(info), std::move(ticket), context_.players,
                                       context_.limits);
    {
        const LogScope scope(peer->session.log_fields());
        spdlog::debug("{}: connected", peer->session.peer().to_string());
    }
    peers_[sender_] = peer;
    serve(peer, line);
}

// UDP sends never block: a datagram the kernel cannot take now is lost,
// as UDP may lose any datagram; the client retransmits. While on_receive()
// serves a batch, replies are queued and sent together.
void UdpEndpoint::send(std::string_view bytes, const asio::ip::udp::endpoint& to) {
    if (batching_) {
        outbox_.add(bytes, to);
        return;
    }
    asio::error_code ec;
    socket_.send_to(asio::buffer(bytes.data(), bytes.size()), to, 0, ec);
}

void UdpEndpoint::arm_sweep() {
    sweep_timer_.expires_after(std::chrono::milliseconds(500));
    sweep_timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
        if (ec || self->stopped_) return;
        self->sweep();
        self->arm_sweep();
    });
}

// Forgets peers silent for udp_session_timeout (their games end).
void UdpEndpoint::sweep() {
    const auto now = Clock::now();
    report_drops(now);
    const auto cutoff = now - context_.limits.udp_session_timeout.load();
    for (auto it = peers_.begin(); it != peers_.end();) {
        if (it->second->last_seen < cutoff && !it->second->session.pending()) {
            const LogScope scope(it->second->session.log_fields());
            spdlog::debug("{}: UDP session timed out", it->second->session.peer().to_string());
            it = peers_.erase(it);
        } else {
            ++it;
        }
    }
    close_if_drained();
}

}  // namespace dealer
