#include "daemon/work_pool.hpp"

#include <utility>

#include <asio/execution.hpp>
#include <asio/post.hpp>
#include <asio/prefer.hpp>

#include "daemon/thread_count.hpp"

namespace dealer {

WorkPool::WorkPool(unsigned threads, std::size_t max_queued)
    : threads_(one_per_core_if_zero(threads)), pool_(threads_), max_queued_(max_queued) {}

WorkPool::~WorkPool() { pool_.join(); }

// The queue count is reserved before posting and released when a worker
// picks the call up, so `queued` counts exactly the calls still waiting.
bool WorkPool::submit(const asio::any_io_executor& home, std::function<void()> work, std::function<void()> done) {
    const std::size_t before = queued_.fetch_add(1);
    if (before >= max_queued_.load()) {
        queued_.fetch_sub(1);
        return false;
    }
    auto tracked = asio::prefer(home, asio::execution::outstanding_work.tracked);
    asio::post(pool_, [this, tracked = std::move(tracked), work = std::move(work), done = std::move(done)]() mutable {
        queued_.fetch_sub(1);
        if (!stopping_.load()) work();
        asio::post(tracked, std::move(done));
    });
    return true;
}

}  // namespace dealer
