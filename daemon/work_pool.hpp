// The worker threads that run slow plugin calls (DEALER_PLUGIN_SLOW: a
// password hash, the mancala dealer's search) away from the network
// threads, so one player's wait never delays another player's reply.
//
// Bounded twice over: at most `threads` calls run at once (a password check
// holds ~64 MiB while it runs), and at most `max_queued` wait for a thread;
// a call beyond that is refused and its player gets server_busy.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

#include <asio/any_io_executor.hpp>
#include <asio/thread_pool.hpp>

namespace dealer {

/// A fixed pool of worker threads with a bounded queue.
class WorkPool {
public:
    /// threads: workers (0 = one per core); max_queued: calls that may wait.
    WorkPool(unsigned threads, std::size_t max_queued);
    /// Waits for the workers (call stop() first for a quick end).
    ~WorkPool();
    WorkPool(const WorkPool&) = delete;             ///< owns threads
    WorkPool& operator=(const WorkPool&) = delete;  ///< owns threads

    /// Runs `work` on a worker, then posts `done` to `home` (the caller's
    /// strand). `done` always runs, exactly once, even after stop() (then
    /// without `work` having run); until it has, `home`'s io_context counts
    /// the call as outstanding work, so its run() does not return early.
    /// Returns false, running neither, when max_queued calls already wait.
    /// Thread-safe.
    bool submit(const asio::any_io_executor& home, std::function<void()> work, std::function<void()> done);

    /// Changes the queue bound (a config reload); calls already queued stay.
    void set_max_queued(std::size_t max_queued) noexcept { max_queued_.store(max_queued); }

    /// From now on queued calls skip their work (the server is stopping);
    /// their `done` still runs. Thread-safe.
    void stop() noexcept { stopping_.store(true); }

    /// Calls waiting for a worker now.
    [[nodiscard]] std::size_t queued() const noexcept { return queued_.load(); }
    /// Number of worker threads.
    [[nodiscard]] unsigned threads() const noexcept { return threads_; }

private:
    unsigned threads_;
    asio::thread_pool pool_;
    std::atomic<std::size_t> max_queued_;
    std::atomic<std::size_t> queued_{0};
    std::atomic<bool> stopping_{false};
};

}  // namespace dealer
