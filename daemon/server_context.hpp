// What every connection and endpoint shares: the games on offer, admission
// control, the limits in force, and the registry used to reach every live
// connection at shutdown.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daemon/admission.hpp"
#include "daemon/game_catalog.hpp"
#include "daemon/player_counts.hpp"
#include "daemon/session_limits.hpp"
#include "daemon/work_pool.hpp"

namespace dealer {

/// Something that can be told the server is stopping (a TCP connection, a
/// UDP endpoint). A stop has two steps: stop(), then, when the grace period
/// (SessionLimits::shutdown_grace) is over, end_grace(). It may also ask for
/// a call to due() at a time of its choosing, which the DeadlineSweep
/// makes (kSweepInterval late at most): a deadline without a timer.
class Stoppable {
public:
    /// The clock of deadlines.
    using Clock = std::chrono::steady_clock;

    virtual ~Stoppable() = default;
    /// Asks for due() once the clock reaches `at`, replacing the time asked
    /// for before, if any. Thread-safe.
    void call_due_at(Clock::time_point at) noexcept { due_at_.store(at.time_since_epoch().count()); }
    /// Withdraws the request for due(). Thread-safe.
    void cancel_due() noexcept { due_at_.store(kNever); }
    /// The time asked for has come (the request is withdrawn first, so a
    /// new one must be made for another call). Called by the sweep, on its
    /// thread: post to the owner's strand and return.
    virtual void due() {}
    /// The server begins to stop: tells the peer(s) with a `shutdown` notice,
    /// closes what is not playing, and lets running games finish (closing
    /// each when its game ends). Thread-safe; returns at once.
    virtual void stop() = 0;
    /// The grace period is over: closes whatever is still open, games or not.
    /// Thread-safe; returns at once.
    virtual void end_grace() = 0;

private:
    friend class StopRegistry;
    /// due_at_ when no call to due() is asked for.
    static constexpr Clock::rep kNever = std::numeric_limits<Clock::rep>::max();
    /// When to call due(), in Clock ticks; kNever for never.
    /// (mutable: the registry keys its items by const pointer, and this cell
    /// is how it talks to them, not part of their state.)
    mutable std::atomic<Clock::rep> due_at_{kNever};
};

/// Every live Stoppable, so that shutdown can reach them and learn when the
/// last one has gone. Thread-safe.
class StopRegistry {
public:
    /// Registers s (held weakly).
    void add(const std::shared_ptr<Stoppable>& s) {
        std::lock_guard lock(mutex_);
        items_[s.get()] = s;
    }
    /// Forgets s; runs the when_empty() callback if s was the last one.
    void remove(const Stoppable* s) {
        std::function<void()> last;
        {
            std::lock_guard lock(mutex_);
            items_.erase(s);
            if (items_.empty()) last = std::exchange(on_empty_, nullptr);
        }
        if (last) last();
    }
    /// Calls stop() on everything still alive (outside the lock).
    void stop_all() { for_each_live(&Stoppable::stop); }
    /// Calls end_grace() on everything still alive (outside the lock).
    void end_grace_all() { for_each_live(&Stoppable::end_grace); }
    /// Calls due() (outside the lock) on everything alive whose time asked
    /// for is `now` or earlier, withdrawing each request first. A request
    /// replaced meanwhile is left alone. Run by the DeadlineSweep.
    void fire_due(Stoppable::Clock::time_point now) {
        const Stoppable::Clock::rep limit = now.time_since_epoch().count();
        std::vector<std::shared_ptr<Stoppable>> due;
        {
            std::lock_guard lock(mutex_);
            for (auto& [ptr, weak] : items_) {
                Stoppable::Clock::rep at = ptr->due_at_.load();
                if (at > limit || !ptr->due_at_.compare_exchange_strong(at, Stoppable::kNever)) continue;
                if (auto s = weak.lock()) due.push_back(std::move(s));
            }
        }
        for (auto& s : due) s->due();
    }
    /// Runs `callback` once, on the thread that removes the last item, or
    /// at once (on this thread) when nothing is registered now. A stopping
    /// server uses it to end its grace period early.
    void when_empty(std::function<void()> callback) {
        {
            std::lock_guard lock(mutex_);
            if (!items_.empty()) {
                on_empty_ = std::move(callback);
                return;
            }
        }
        callback();
    }

private:
    void for_each_live(void (Stoppable::*what)()) {
        std::vector<std::shared_ptr<Stoppable>> live;
        {
            std::lock_guard lock(mutex_);
            for (auto& [ptr, weak] : items_) {
                if (auto s = weak.lock()) live.push_back(std::move(s));
            }
        }
        for (auto& s : live) (s.get()->*what)();
    }

    std::mutex mutex_;
    std::unordered_map<const Stoppable*, std::weak_ptr<Stoppable>> items_;
    std::function<void()> on_empty_;
};

/// Shared state of one running server.
struct ServerContext {
    CatalogRef catalogs;                 ///< games on offer
    std::shared_ptr<Admission> admission = Admission::create(10000, 64);  ///< session counts
    SessionLimits limits;                ///< per-session limits
    StopRegistry live;                   ///< connections and endpoints, for shutdown
    PlayerCounts players;                ///< sessions and players per game, for STATUS=
    std::shared_ptr<WorkPool> workers;   ///< runs slow plugin calls (DEALER_PLUGIN_SLOW)
    std::atomic<bool> stopping{false};   ///< set once, before `live` is told to stop
    /// [server] threads is 1: connections, endpoints and listeners need no
    /// strand (see serial_executor.hpp). Set before any of them is made.
    bool one_network_thread = false;
};

}  // namespace dealer
