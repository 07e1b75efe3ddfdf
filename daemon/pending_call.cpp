#include "daemon/pending_call.hpp"

#include <utility>

#include <spdlog/spdlog.h>

namespace dealer {

bool submit_pending(WorkPool& pool, const asio::any_io_executor& home, Session& session, std::function<void()> done) {
    Session* s = &session;
    const LogScope scope(session.log_fields());
    if (pool.submit(home, [s] { s->run_pending(); }, std::move(done))) {
        spdlog::debug("{}: a move waits for a worker", session.peer().to_string());
        return true;
    }
    spdlog::warn("{}: the worker queue is full; refusing a move", session.peer().to_string());
    return false;
}

}  // namespace dealer
