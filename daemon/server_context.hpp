// What every connection and endpoint shares: the games on offer, admission
// control, the limits in force, and the registry used to reach every live
// connection at shutdown.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daemon/admission.hpp"
#include "daemon/game_catalog.hpp"
#include "daemon/player_counts.hpp"
#include "daemon/work_pool.hpp"

namespace dealer {

/// The per-session limits of [limits] (the totals live in Admission).
/// Atomic: a reload changes them on the control strand while the network
/// threads read them. A TCP connection takes max_line_bytes and
/// idle_timeout when it opens; the others are read where they apply.
struct SessionLimits {
    using Duration = std::atomic<std::chrono::milliseconds>;  ///< a duration read while a reload may set it
    std::atomic<std::size_t> max_line_bytes{4096};                   ///< TCP line / UDP datagram
    Duration idle_timeout{std::chrono::minutes(5)};                  ///< TCP: no message -> closed
    Duration udp_session_timeout{std::chrono::seconds(60)};          ///< UDP: no message -> forgotten
    Duration shutdown_grace{std::chrono::seconds(10)};               ///< after a stop: time to finish a game
};

/// Something that can be told the server is stopping (a TCP connection, a
/// UDP endpoint). A stop has two steps: stop(), then, when the grace period
/// (SessionLimits::shutdown_grace) is over, end_grace().
class Stoppable {
public:
    virtual ~Stoppable() = default;
    /// The server begins to stop: tells the peer(s) with a `shutdown` notice,
    /// closes what is not playing, and lets running games finish (closing
    /// each when its game ends). Thread-safe; returns at once.
    virtual void stop() = 0;
    /// The grace period is over: closes whatever is still open, games or not.
    /// Thread-safe; returns at once.
    virtual void end_grace() = 0;
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
};

}  // namespace dealer
