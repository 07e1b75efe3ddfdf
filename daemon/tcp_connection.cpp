#include "daemon/tcp_connection.hpp"

#include <algorithm>
#include <array>

#include <spdlog/spdlog.h>

#include "daemon/pending_call.hpp"
#include "protocol/text_words.hpp"

namespace dealer {

namespace {

using Clock = std::chrono::steady_clock;

// Reads per readiness event before other connections get a turn.
constexpr int kReadsPerWakeup = 4;

// One read buffer per network thread, shared by all its connections: an
// idle connection holds no read buffer at all.
std::array<char, 64 * 1024>& read_buffer() {
    thread_local std::array<char, 64 * 1024> buffer;
    return buffer;
}

// A newcomer over a limit: gets its server_busy line, then the socket is
// shut down for sending and drained until the peer closes (at most a
// second), so that unread input does not turn our close into a reset that
// destroys the line in flight.
class RefusedConnection : public std::enable_shared_from_this<RefusedConnection> {
public:
    explicit RefusedConnection(asio::ip::tcp::socket socket)
        : socket_(std::move(socket)), timer_(socket_.get_executor()) {}

    void start(std::string line) {
        line_ = std::move(line);
        timer_.expires_after(std::chrono::seconds(1));
        timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
            if (!ec) self->close();
        });
        asio::async_write(socket_, asio::buffer(line_),
                          [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
                              if (ec) return self->close();
                              asio::error_code ignored;
                              self->socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
                              self->drain();
                          });
    }

private:
    void drain() {
        socket_.async_read_some(asio::buffer(scratch_),
                                [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
                                    if (ec) return self->close();
                                    self->drain();
                                });
    }
    void close() {
        asio::error_code ignored;
        socket_.close(ignored);
        timer_.cancel();
    }

    asio::ip::tcp::socket socket_;
    asio::steady_timer timer_;
    std::string line_;
    std::array<char, 512> scratch_{};
};

}  // namespace

TcpConnection::TcpConnection(asio::ip::tcp::socket socket, ServerContext& context, Admission::Ticket ticket,
                             PeerInfo peer)
    : socket_(std::move(socket)),
      context_(context),
      ticket_(std::move(ticket)),
      session_(context.catalogs, std::move(peer), &context.players, &context.limits),
      framer_(context.limits.max_line_bytes),
      idle_timeout_(context.limits.idle_timeout),
      line_timeout_(context.limits.line_timeout),
      send_timeout_(context.limits.send_timeout),
      max_output_(context.limits.max_output_bytes),
      message_rate_(context.limits.message_rate()) {}

// close_now() has normally left the registry already; a connection whose
// handlers were all abandoned (the io_context stopped) has not, and a
// stopping server waits for the registry to empty.
TcpConnection::~TcpConnection() {
    const LogScope scope(session_.log_fields());
    context_.live.remove(this);
    spdlog::debug("{}: disconnected", session_.peer().to_string());
}

void TcpConnection::start() {
    asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
        const LogScope scope(self->session_.log_fields());
        spdlog::debug("{}: connected", self->session_.peer().to_string());
        self->context_.live.add(self);
        asio::error_code ec;
        self->socket_.non_blocking(true, ec);
        self->socket_.set_option(asio::ip::tcp::no_delay(true), ec);
        self->pending_ = self->session_.welcome();
        self->last_activity_ = Clock::now();
        self->set_deadline(self->last_activity_ + self->idle_timeout_);
        // Accepted while the server began to stop, possibly after stop_all()
        // looked at the registry: the flag (set before stop_all) catches it.
        if (self->context_.stopping.load()) {
            self->close_if_done();
            return;
        }
        self->flush();
        self->wait_readable();
    });
}

void TcpConnection::stop() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        if (self->state_ != State::open) return;
        self->tell_shutdown();
        if (self->session_.playing()) {
            self->flush();  // the game goes on until it ends or end_grace()
            return;
        }
        self->begin_close();
    });
}

void TcpConnection::end_grace() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        if (self->state_ != State::open) return;
        const LogScope scope(self->session_.log_fields());
        spdlog::debug("{}: the shutdown grace period is over: closing", self->session_.peer().to_string());
        self->begin_close();
    });
}

// The shutdown notice goes out once per connection, whichever comes first:
// stop(), or the end of a game while the server is already stopping.
void TcpConnection::tell_shutdown() {
    if (told_shutdown_) return;
    told_shutdown_ = true;
    pending_ += session_.shutdown_notice(context_.limits.shutdown_grace);
}

// A stopping server keeps a connection only while its game runs: called
// after each reply, so the reply that ends the game is the last.
bool TcpConnection::close_if_done() {
    if (state_ != State::open || !context_.stopping.load() || session_.playing()) return false;
    tell_shutdown();
    begin_close();
    return true;
}

void TcpConnection::refuse(asio::ip::tcp::socket socket, std::string error_line) {
    std::make_shared<RefusedConnection>(std::move(socket))->start(std::move(error_line));
}

// More than max_output_bytes of replies wait for the client: a client that
// pipelines requests but never reads cannot grow our memory past this.
bool TcpConnection::output_full() const noexcept { return pending_.size() + inflight_.size() > max_output_; }

// Reading pauses while replies back up (a client that sends but never
// reads), while received input still waits to be processed, or while a
// slow game call is out on a worker (replies keep the order of requests).
bool TcpConnection::backed_up() const noexcept { return output_full() || !unread_.empty() || session_.pending(); }

// Reading has paused for unread replies: the client has send_timeout to
// read some before it is closed. A client that reads, however slowly, ends
// each pause (wait_readable), so only one that reads nothing is closed.
void TcpConnection::note_output_full() {
    if (output_full_) return;
    output_full_ = true;
    full_since_ = Clock::now();
    bring_deadline_forward(full_since_ + send_timeout_);
}

// The read waits as a read operation into first_read_, not as a readiness
// wait: Asio re-registers the socket with epoll (an epoll_ctl call) for
// every readiness wait. Asio first tries a read operation at once, before
// it involves epoll; see on_read() for when that try pays.
void TcpConnection::wait_readable() {
    if (state_ != State::open && state_ != State::lingering) return;
    if (input_ended_) {
        // The EOF was read already, and epoll (edge-triggered) will not
        // report it again: close once everything read is answered.
        if (state_ == State::lingering) close_now();
        else if (!backed_up()) begin_close();
        return;
    }
    if (reading_) return;
    if (backed_up()) {
        if (output_full()) note_output_full();
        return;
    }
    output_full_ = false;
    reading_ = true;
    socket_.async_read_some(asio::buffer(first_read_),
                            [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
                                self->reading_ = false;
                                self->on_read(ec, n);
                            });
}

// The first bytes came in first_read_ (a ping, a move: usually the whole
// request); a full first_read_ means there may be more, read at once into the
// thread's large buffer.
//
// With a reply on its way, the next read is started by on_written(), not
// here. Right after the reply, Asio's first try of the read finds the
// socket empty (a recv that fails with EAGAIN: one wasted system call per
// request, measured with perf). on_written() runs after the handlers
// already queued, by when the player has often sent its next request.
void TcpConnection::on_read(const asio::error_code& ec, std::size_t n) {
    if (ec == asio::error::operation_aborted || state_ == State::closed) return;
    if (ec) {
        end_of_input(ec);
        return;
    }
    if (state_ == State::open) process(std::string_view(first_read_.data(), n));
    if (n == first_read_.size() && !read_rest()) return;
    flush();
    if (!writing_) wait_readable();
}

// Reads what else the socket holds, a few buffers' worth at most before
// other connections get a turn. Returns false when the input ended (EOF or
// an error), which end_of_input() has handled.
bool TcpConnection::read_rest() {
    auto& buffer = read_buffer();
    for (int i = 0; i < kReadsPerWakeup && (state_ == State::open || state_ == State::lingering) && !backed_up();
         ++i) {
        asio::error_code read_ec;
        const std::size_t n = socket_.read_some(asio::buffer(buffer), read_ec);
        if (read_ec == asio::error::would_block || read_ec == asio::error::try_again) break;
        if (read_ec) {
            end_of_input(read_ec);
            return false;
        }
        if (state_ == State::open) process(std::string_view(buffer.data(), n));
        if (n < buffer.size()) break;
    }
    return true;
}

// EOF: the peer is done sending (`printf 'ping' | nc` sends no final
// newline: its last line still counts). Replies already queued still go
// out, and a line still with a worker gets its reply first: wait_readable()
// closes once nothing is left to answer. A reset ends everything at once.
void TcpConnection::end_of_input(const asio::error_code& ec) {
    if (state_ != State::open || ec != asio::error::eof) {
        close_now();
        return;
    }
    input_ended_ = true;
    if (framer_.has_partial()) process("\n");
    flush();
    wait_readable();
}

// Lines are handled one by one until the output backlog is over its limit;
// the rest of the input waits in unread_ until the peer has read enough.
// A line left unfinished at the end of the data starts its line_timeout
// clock, unless it is the same line as before, still unfinished.
void TcpConnection::process(std::string_view data) {
    const bool had_partial = framer_.has_partial();
    bool line_ended = false;
    const auto status = framer_.consume(data, [this, &line_ended](std::string_view line) {
        line_ended = true;
        if (protocol::is_blank(line)) return true;  // blank lines are not activity
        last_activity_ = Clock::now();
        if (Clock::duration wait{}; !messages_.take(last_activity_, message_rate_, &wait)) {
            const LogScope scope(session_.log_fields());
            spdlog::debug("{}: over max_messages_per_second, closing", session_.peer().to_string());
            pending_ += session_.flood_notice(wait);
            begin_close();
            return false;
        }
        switch (session_.handle_line(line, pending_)) {
            case Session::After::close: begin_close(); return false;
            case Session::After::pending: start_work(); return false;
            case Session::After::keep_open: break;
        }
        if (close_if_done()) return false;
        return !output_full();
    });
    if (status == protocol::LineFramer::Status::stopped && state_ == State::open) unread_.assign(data);
    if (framer_.has_partial() && (line_ended || !had_partial)) note_line_begun();
    if (status == protocol::LineFramer::Status::too_long) {
        const LogScope scope(session_.log_fields());
        spdlog::debug("{}: line over {} bytes, closing", session_.peer().to_string(),
                      context_.limits.max_line_bytes.load());
        pending_ += session_.error_notice(protocol::ErrorCode::line_too_long,
                                          "a line may hold at most " +
                                              std::to_string(context_.limits.max_line_bytes) + " bytes");
        begin_close();
    }
}

// One write in flight; replies produced meanwhile wait in pending_.
void TcpConnection::flush() {
    if (writing_ || state_ == State::closed || state_ == State::lingering) return;
    if (pending_.empty()) {
        if (state_ == State::closing) linger();
        return;
    }
    inflight_.swap(pending_);
    writing_ = true;
    asio::async_write(socket_, asio::buffer(inflight_),
                      [self = shared_from_this()](const asio::error_code& ec, std::size_t) { self->on_written(ec); });
}

void TcpConnection::on_written(const asio::error_code& ec) {
    writing_ = false;
    // Give the buffer back: most connections are idle between replies, and
    // a kept buffer (the welcome alone is about 240 bytes) would be most of
    // an idle connection's memory. A reply costs one allocation instead.
    std::string().swap(inflight_);
    if (ec) {
        if (ec != asio::error::operation_aborted) close_now();
        return;
    }
    resume_unread();
    flush();
    wait_readable();
}

// The session's slow call goes to the worker pool; the connection reads
// nothing more until it is back (on_work_done). A full queue is answered at
// once with server_busy, which closes the connection.
void TcpConnection::start_work() {
    if (submit_pending(*context_.workers, socket_.get_executor(), session_,
                       [self = shared_from_this()] { self->on_work_done(); })) {
        return;
    }
    if (session_.finish_pending(pending_) == Session::After::close) begin_close();
}

// Back on the strand with the slow call's result. A connection that began
// to close meanwhile (shutdown, reset) drops the reply; otherwise it goes
// out and the input held back is processed.
void TcpConnection::on_work_done() {
    std::string reply;
    const Session::After after = session_.finish_pending(reply);
    last_activity_ = Clock::now();  // the idle clock starts when the player has the answer
    if (state_ == State::open) {
        pending_ += reply;
        if (after == Session::After::close) begin_close();
        else close_if_done();
    }
    resume_unread();
    flush();
    wait_readable();
}

void TcpConnection::resume_unread() {
    if (unread_.empty() || state_ != State::open || output_full() || session_.pending()) {
        return;
    }
    std::string held;
    held.swap(unread_);
    process(held);
}

// Stop taking requests; what is queued is still written, then linger().
// Input held back for backpressure will never be answered: drop it.
void TcpConnection::begin_close() {
    if (state_ != State::open) return;
    state_ = State::closing;
    std::string().swap(unread_);
    set_deadline(Clock::now() + kCloseDeadline);
    flush();
}

// Everything is written: close our side and read until the peer closes, so
// that unread input does not make the kernel reset the connection (which
// could destroy our last reply in flight).
void TcpConnection::linger() {
    state_ = State::lingering;
    asio::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    if (ec) {
        close_now();
        return;
    }
    wait_readable();
}

void TcpConnection::close_now() {
    if (state_ == State::closed) return;
    state_ = State::closed;
    asio::error_code ec;
    socket_.close(ec);
    cancel_due();
    context_.live.remove(this);
}

// A line has begun and not ended: it must end within line_timeout of now,
// however many bytes follow (a slowloris client sends one now and then).
// Most requests arrive whole and never come here.
void TcpConnection::note_line_begun() {
    line_begun_ = Clock::now();
    bring_deadline_forward(line_begun_ + line_timeout_);
}

// An open connection's next deadline moves to `at` if that is sooner;
// on_deadline() works out which limit it was.
void TcpConnection::bring_deadline_forward(Clock::time_point at) {
    if (state_ == State::open && at < deadline_) set_deadline(at);
}

// One deadline serves the line timeout, the idle timeout (moved lazily from
// last_activity_, so a busy connection touches nothing shared per message)
// and the closing deadline. The DeadlineSweep calls due() once it has
// passed; there is no timer per connection.
void TcpConnection::set_deadline(Clock::time_point at) {
    deadline_ = at;
    call_due_at(at);
}

void TcpConnection::due() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->on_deadline(); });
}

// On the strand. A sweep that saw an earlier deadline may have posted this
// just before a later one was set (a close after an idle check): only the
// deadline set last counts.
void TcpConnection::on_deadline() {
    if (state_ == State::closed) return;
    if (Clock::now() < deadline_) {
        call_due_at(deadline_);
        return;
    }
    if (state_ != State::open) {
        close_now();
        return;
    }
    const auto now = Clock::now();
    if (output_full_ && output_full() && now >= full_since_ + send_timeout_) {
        // No notice: it would only join the replies the client does not read.
        const LogScope scope(session_.log_fields());
        spdlog::debug("{}: {} bytes of replies unread for {} ms, closing", session_.peer().to_string(),
                     pending_.size() + inflight_.size(), send_timeout_.count());
        close_now();
        return;
    }
    if (framer_.has_partial() && now >= line_begun_ + line_timeout_) {
        const LogScope scope(session_.log_fields());
        spdlog::debug("{}: a line begun {} ms ago is unfinished, closing", session_.peer().to_string(),
                      line_timeout_.count());
        pending_ += session_.notice("timeout", "a line begun " + spoken_duration(line_timeout_) +
                                                   " ago was not finished: closing the connection");
        begin_close();
        return;
    }
    // A player waiting for a slow move is not idle: we are the slow one.
    auto deadline = session_.pending() ? now + idle_timeout_ : last_activity_ + idle_timeout_;
    if (framer_.has_partial()) deadline = std::min(deadline, line_begun_ + line_timeout_);
    if (output_full_) deadline = std::min(deadline, full_since_ + send_timeout_);
    if (now < deadline) {
        set_deadline(deadline);
        return;
    }
    const LogScope scope(session_.log_fields());
    spdlog::debug("{}: idle for {} ms, closing", session_.peer().to_string(), idle_timeout_.count());
    pending_ += session_.notice("timeout", "no message for " + spoken_duration(idle_timeout_) + ": closing the connection");
    begin_close();
}

}  // namespace dealer
