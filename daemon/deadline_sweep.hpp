// The connections' deadlines (idle timeout, closing deadline) fired from one
// shared timer, as Redis's serverCron walks its clients ten times a second
// (clientsCron) instead of giving each client a timer. A timer per
// connection costs about 280 bytes (the timer and its pending wait) on
// every idle connection; the sweep costs 8 bytes each and a walk of the
// live connections every kSweepInterval.
#pragma once

#include <chrono>

#include <asio.hpp>

namespace dealer {

class StopRegistry;

/// How often the sweep looks for deadlines that have passed: a deadline
/// fires up to this late.
inline constexpr std::chrono::milliseconds kSweepInterval{100};

/// Every kSweepInterval, calls due() on each registered Stoppable whose
/// deadline has passed (StopRegistry::fire_due).
class DeadlineSweep {
public:
    /// executor: where the sweep runs (a strand of the serving io_context);
    /// live: the connections it sweeps, which must outlive it.
    DeadlineSweep(const asio::any_io_executor& executor, StopRegistry& live);

    /// Starts sweeping. Call once, on the timer's executor or before run().
    void start();
    /// Stops sweeping, so that the io_context can run out of work. Call on
    /// the timer's executor.
    void stop();

private:
    void arm();

    asio::steady_timer timer_;
    StopRegistry& live_;
    bool stopped_ = false;
};

}  // namespace dealer
