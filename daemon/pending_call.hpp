// Hands a session's pending plugin call (After::pending) to the worker
// pool: what a TCP connection and a UDP endpoint both do with a slow move.
#pragma once

#include <functional>

#include <asio/any_io_executor.hpp>

#include "daemon/session.hpp"
#include "daemon/work_pool.hpp"

namespace dealer {

/// Runs session.run_pending() on a worker, then `done` on home (the owner's
/// strand), where the owner calls finish_pending(). The owner keeps session
/// alive until `done` has run. Returns false, with a warning logged, when
/// the queue is full: the owner then calls finish_pending() at once, which
/// answers server_busy.
bool submit_pending(WorkPool& pool, const asio::any_io_executor& home, Session& session, std::function<void()> done);

}  // namespace dealer
