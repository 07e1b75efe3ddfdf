#include "bench/load/load_thread.hpp"

namespace dealer::bench {

LoadThread::LoadThread(const BenchOptions& options, OpenTally& tally) : options_(options), tally_(tally) {}

LoadThread::~LoadThread() {
    stop();
    // Sockets before the io_context they belong to.
    connections_.clear();
}

void LoadThread::start() {
    asio::post(io_, [this] {
        open_next();
        arm_sweep();
    });
    thread_ = std::thread([this] { io_.run(); });
}

void LoadThread::begin_load(Window window) {
    asio::post(io_, [this, window] {
        window_ = window;
        for (auto& c : connections_) c->start_load();
    });
}

void LoadThread::probe_all() {
    asio::post(io_, [this] {
        for (auto& c : connections_) c->probe();
    });
}

void LoadThread::stop() {
    io_.stop();
    if (thread_.joinable()) thread_.join();
}

unsigned LoadThread::alive_count() const {
    unsigned n = 0;
    for (const auto& c : connections_) n += c->alive() ? 1 : 0;
    return n;
}

void LoadThread::farewell() {
    for (auto& c : connections_) c->farewell();
}

void LoadThread::open_next() {
    while (opening_ < kMaxOpening && next_to_open_ < connections_.size()) {
        ++opening_;
        connections_[next_to_open_++]->open();
    }
}

// The next connection opens from a fresh handler, not from inside this
// one: a connection that opens at once (raw UDP) would otherwise recurse
// once per connection.
void LoadThread::opened(bool ok, std::string why) {
    --opening_;
    if (ok) tally_.opened();
    else tally_.failed(std::move(why));
    asio::post(io_, [this] { open_next(); });
}

void LoadThread::record(Clock::time_point now, Clock::time_point sent, const Outcome& outcome) {
    if (!outcome.ok()) {
        stats_.add_error(outcome.error);
        return;
    }
    if (now < window_.from || now >= window_.until) return;
    ++stats_.requests;
    if (outcome.game_over) ++stats_.games;
    stats_.latency.record(static_cast<std::uint64_t>(std::chrono::nanoseconds(now - sent).count()));
}

void LoadThread::arm_sweep() {
    sweep_timer_.expires_after(kSweepEvery);
    sweep_timer_.async_wait([this](const asio::error_code& ec) {
        if (ec) return;
        const auto now = Clock::now();
        for (auto& c : connections_) c->sweep(now);
        arm_sweep();
    });
}

}  // namespace dealer::bench
