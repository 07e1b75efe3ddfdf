// One generator thread: an io_context, the connections spread onto it, its
// own counters, and the timer that sweeps for timeouts. Threads share
// nothing on the measured path; the main thread reads their counters after
// joining them.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <asio.hpp>

#include "bench/load/bench_options.hpp"
#include "bench/load/connection.hpp"
#include "bench/load/open_tally.hpp"
#include "bench/load/run_stats.hpp"
#include "bench/load/workload.hpp"

namespace dealer::bench {

/// The measured window: replies that arrive in [from, until) are counted,
/// and no request is sent from `until` on.
struct Window {
    Clock::time_point from = Clock::time_point::max();   ///< the warm-up's end
    Clock::time_point until = Clock::time_point::max();  ///< the window's end
};

/// A thread that drives its share of the connections.
class LoadThread {
public:
    /// At most this many connections of a thread are opening at once, so a
    /// hold of 10,000 does not overflow the server's listen backlog.
    static constexpr std::size_t kMaxOpening = 256;

    /// options and tally outlive the thread.
    LoadThread(const BenchOptions& options, OpenTally& tally);
    ~LoadThread();
    LoadThread(const LoadThread&) = delete;             ///< owns a thread
    LoadThread& operator=(const LoadThread&) = delete;  ///< owns a thread

    /// Adds a connection; before start() only.
    void add(std::unique_ptr<Connection> connection) { connections_.push_back(std::move(connection)); }
    /// Starts the thread: it opens its connections and runs until stop().
    void start();
    /// Starts the load on every open connection with this window.
    void begin_load(Window window);
    /// Probes every open connection (hold mode's end).
    void probe_all();
    /// Stops the io_context and joins the thread.
    void stop();

    /// Open connections, counted after stop().
    [[nodiscard]] unsigned alive_count() const;
    /// Says goodbye on every connection; after stop().
    void farewell();

    // For the connections, on this thread:

    /// The io_context.
    asio::io_context& io() noexcept { return io_; }
    /// The options.
    [[nodiscard]] const BenchOptions& options() const noexcept { return options_; }
    /// The counters.
    RunStats& stats() noexcept { return stats_; }
    /// The thread's read buffer: connections wait for readiness, then read
    /// into this one buffer, so that 10,000 idle connections hold none.
    std::array<char, 65536>& buffer() noexcept { return buffer_; }
    /// The window; valid once begin_load() has run.
    [[nodiscard]] const Window& window() const noexcept { return window_; }
    /// A connection opened, or failed to (why).
    void opened(bool ok, std::string why = {});
    /// A probe is settled.
    void probed() { tally_.probed(); }
    /// Counts a reply sent at `sent` and judged `outcome`, arriving `now`.
    void record(Clock::time_point now, Clock::time_point sent, const Outcome& outcome);

    /// How often the sweep runs.
    static constexpr std::chrono::milliseconds kSweepEvery{50};

private:
    void open_next();
    void arm_sweep();

    const BenchOptions& options_;
    OpenTally& tally_;
    asio::io_context io_{1};
    asio::steady_timer sweep_timer_{io_};
    std::vector<std::unique_ptr<Connection>> connections_;
    std::size_t next_to_open_ = 0;
    std::size_t opening_ = 0;
    RunStats stats_;
    Window window_;
    std::array<char, 65536> buffer_{};
    std::thread thread_;
};

}  // namespace dealer::bench
