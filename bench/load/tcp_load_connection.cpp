#include "bench/load/tcp_load_connection.hpp"

#include "protocol/message.hpp"

namespace dealer::bench {

TcpLoadConnection::TcpLoadConnection(LoadThread& thread, asio::ip::tcp::endpoint endpoint,
                                     std::unique_ptr<Workload> workload)
    : thread_(thread), socket_(thread.io()), endpoint_(endpoint), workload_(std::move(workload)),
      sent_(thread.options().in_flight) {}

void TcpLoadConnection::open() {
    phase_ = Phase::connecting;
    since_ = Clock::now();
    socket_.async_connect(endpoint_, [this](const asio::error_code& ec) { on_connected(ec); });
}

// Nagle's algorithm would hold a request back until the last one's ACK:
// off, as every latency-minded client has it.
void TcpLoadConnection::on_connected(const asio::error_code& ec) {
    if (phase_ != Phase::connecting) return;  // timed out meanwhile
    if (ec) {
        fail_open("cannot connect to " + endpoint_.address().to_string() + ":" + std::to_string(endpoint_.port()) +
                  ": " + ec.message());
        return;
    }
    asio::error_code ignored;
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
    socket_.non_blocking(true, ignored);
    phase_ = Phase::greeting;
    since_ = Clock::now();
    const auto& options = thread_.options();
    if (options.workload == WorkloadKind::raw) {
        // A raw server says nothing first. In hold mode one request proves
        // the server has taken the connection in (not just the kernel).
        if (!options.hold) {
            wait_readable();
            ready();
            return;
        }
        workload_->next_request(out_, 0);
        out_ += '\n';
        flush();
    }
    wait_readable();
}

void TcpLoadConnection::ready() {
    phase_ = Phase::idle;
    thread_.opened(true);
}

void TcpLoadConnection::start_load() {
    if (phase_ != Phase::idle) return;
    phase_ = Phase::running;
    fill(Clock::now());
}

void TcpLoadConnection::wait_readable() {
    socket_.async_wait(asio::socket_base::wait_read, [this](const asio::error_code& ec) { on_readable(ec); });
}

void TcpLoadConnection::on_readable(const asio::error_code& ec) {
    if (ec || phase_ == Phase::done) return;
    auto& buffer = thread_.buffer();
    asio::error_code read_ec;
    const std::size_t n = socket_.read_some(asio::buffer(buffer), read_ec);
    if (read_ec == asio::error::would_block) {
        wait_readable();
        return;
    }
    if (read_ec) {
        if (phase_ == Phase::connecting || phase_ == Phase::greeting) {
            fail_open("the server closed the connection before its welcome");
        } else {
            end("closed");
        }
        return;
    }
    std::string_view data(buffer.data(), n);
    const auto status = framer_.consume(data, [this](std::string_view line) { return on_line(line); });
    if (status == protocol::LineFramer::Status::too_long) {
        if (phase_ == Phase::greeting) fail_open("a line from the server is over 1 MiB");
        else end("line_too_long");
    }
    if (phase_ != Phase::done) wait_readable();
}

bool TcpLoadConnection::on_line(std::string_view line) {
    switch (phase_) {
        case Phase::greeting: on_greeting(line); break;
        case Phase::idle: thread_.stats().add_error("unasked_line"); break;
        case Phase::running: {
            const auto now = Clock::now();
            if (outstanding_ == 0) {
                thread_.stats().add_error("unasked_line");
                break;
            }
            const auto sent = sent_[head_];
            head_ = (head_ + 1) % sent_.size();
            --outstanding_;
            thread_.record(now, sent, workload_->on_reply(line));
            fill(now);
            break;
        }
        case Phase::pending:
        case Phase::connecting:
        case Phase::done: return false;
    }
    return phase_ != Phase::done;
}

// dealerd's first line is its welcome, or server_busy when it is full.
// A raw server in hold mode answers the one request sent.
void TcpLoadConnection::on_greeting(std::string_view line) {
    if (thread_.options().workload == WorkloadKind::raw) {
        const auto outcome = workload_->on_reply(line);
        if (!outcome.ok()) {
            fail_open("the server answered '" + std::string(line.substr(0, 80)) + "'");
            return;
        }
        ready();
        return;
    }
    const auto message = protocol::parse_untrusted(line);
    const std::string type = message.is_object() && message.contains("type") && message["type"].is_string()
                                 ? message["type"].get<std::string>()
                                 : std::string();
    if (type == "welcome") {
        ready();
    } else if (type == "error") {
        const auto text = message.value("text", std::string());
        fail_open("the server refused the session: " + message.value("code", std::string("?")) + ": " + text);
    } else {
        fail_open("expected a welcome from the server, got '" + std::string(line.substr(0, 80)) + "'");
    }
}

void TcpLoadConnection::fill(Clock::time_point now) {
    if (now >= thread_.window().until) return;
    const std::size_t in_flight = sent_.size();
    if (outstanding_ == in_flight) return;
    while (outstanding_ < in_flight) {
        workload_->next_request(out_, 0);
        out_ += '\n';
        sent_[(head_ + outstanding_) % in_flight] = now;
        ++outstanding_;
    }
    flush();
}

void TcpLoadConnection::flush() {
    if (write_waiting_) return;
    while (!out_.empty()) {
        asio::error_code ec;
        const std::size_t n = socket_.write_some(asio::buffer(out_), ec);
        if (ec == asio::error::would_block) {
            write_waiting_ = true;
            socket_.async_wait(asio::socket_base::wait_write, [this](const asio::error_code& wait_ec) {
                write_waiting_ = false;
                if (!wait_ec && phase_ != Phase::done) flush();
            });
            return;
        }
        if (ec) {
            if (phase_ == Phase::greeting) fail_open("the server closed the connection: " + ec.message());
            else end("closed");
            return;
        }
        out_.erase(0, n);
    }
}

void TcpLoadConnection::sweep(Clock::time_point now) {
    const auto timeout = thread_.options().timeout;
    if (phase_ == Phase::connecting && now - since_ > timeout) {
        fail_open("cannot connect to " + endpoint_.address().to_string() + ":" + std::to_string(endpoint_.port()) +
                  " within the timeout");
    } else if (phase_ == Phase::greeting && now - since_ > timeout) {
        fail_open("no welcome from the server within the timeout");
    } else if (phase_ == Phase::running && outstanding_ > 0 && now - sent_[head_] > timeout) {
        end("timeout");
    }
}

void TcpLoadConnection::fail_open(std::string why) {
    phase_ = Phase::done;
    asio::error_code ignored;
    socket_.close(ignored);
    thread_.opened(false, std::move(why));
}

void TcpLoadConnection::end(const char* kind) {
    if (phase_ == Phase::done) return;
    thread_.stats().add_error(kind);
    if (phase_ == Phase::running) ++thread_.stats().lost;
    phase_ = Phase::done;
    asio::error_code ignored;
    socket_.close(ignored);
}

}  // namespace dealer::bench
