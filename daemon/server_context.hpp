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

#include "daemon/admission.hpp"
#include "daemon/game_catalog.hpp"
#include "daemon/work_pool.hpp"

namespace dealer {

/// The per-session limits of [limits] (the totals live in Admission).
struct SessionLimits {
    std::size_t max_line_bytes = 4096;                        ///< TCP line / UDP datagram
    std::chrono::milliseconds idle_timeout{std::chrono::minutes(5)};          ///< TCP: no message -> closed
    std::chrono::milliseconds udp_session_timeout{std::chrono::seconds(60)};  ///< UDP: no message -> forgotten
};

/// Something that can be told the server is stopping (a TCP connection, a UDP endpoint).
class Stoppable {
public:
    virtual ~Stoppable() = default;
    /// Tells the peer(s) and closes. Thread-safe; returns at once.
    virtual void stop() = 0;
};

/// Every live Stoppable, so that shutdown can reach them. Thread-safe.
class StopRegistry {
public:
    /// Registers s (held weakly).
    void add(const std::shared_ptr<Stoppable>& s) {
        std::lock_guard lock(mutex_);
        items_[s.get()] = s;
    }
    /// Forgets s.
    void remove(const Stoppable* s) {
        std::lock_guard lock(mutex_);
        items_.erase(s);
    }
    /// Calls stop() on everything still alive (outside the lock).
    void stop_all() {
        std::vector<std::shared_ptr<Stoppable>> live;
        {
            std::lock_guard lock(mutex_);
            for (auto& [ptr, weak] : items_) {
                if (auto s = weak.lock()) live.push_back(std::move(s));
            }
        }
        for (auto& s : live) s->stop();
    }

private:
    std::mutex mutex_;
    std::unordered_map<const Stoppable*, std::weak_ptr<Stoppable>> items_;
};

/// Shared state of one running server.
struct ServerContext {
    CatalogRef catalogs;                 ///< games on offer
    std::shared_ptr<Admission> admission = Admission::create(10000, 64);  ///< session counts
    SessionLimits limits;                ///< per-session limits
    StopRegistry live;                   ///< connections and endpoints, for shutdown
    std::shared_ptr<WorkPool> workers;   ///< runs slow plugin calls (DEALER_PLUGIN_SLOW)
    std::atomic<bool> stopping{false};   ///< set once, before `live` is told to stop
};

}  // namespace dealer
