// How the generator threads tell the main thread that their connections
// are open (or could not be), and that their hold-mode probes are answered.
#pragma once

#include <atomic>
#include <mutex>
#include <string>

namespace dealer::bench {

/// Counts shared by every thread; the first failure's reason is kept.
class OpenTally {
public:
    /// A connection is open (TCP: welcome read; UDP: welcome after the cookie).
    void opened() noexcept { opened_.fetch_add(1, std::memory_order_release); }
    /// A connection could not open; why is kept if it is the first.
    void failed(std::string why) {
        const std::lock_guard lock(mutex_);
        if (first_failure_.empty()) first_failure_ = std::move(why);
        failed_.fetch_add(1, std::memory_order_release);
    }
    /// A hold-mode probe has its answer, or gave up.
    void probed() noexcept { probed_.fetch_add(1, std::memory_order_release); }

    /// Connections open so far.
    [[nodiscard]] unsigned open_count() const noexcept { return opened_.load(std::memory_order_acquire); }
    /// Connections that failed so far.
    [[nodiscard]] unsigned failed_count() const noexcept { return failed_.load(std::memory_order_acquire); }
    /// Probes settled so far.
    [[nodiscard]] unsigned probed_count() const noexcept { return probed_.load(std::memory_order_acquire); }
    /// The first failure's reason.
    [[nodiscard]] std::string first_failure() const {
        const std::lock_guard lock(mutex_);
        return first_failure_;
    }

private:
    std::atomic<unsigned> opened_{0};
    std::atomic<unsigned> failed_{0};
    std::atomic<unsigned> probed_{0};
    mutable std::mutex mutex_;
    std::string first_failure_;
};

}  // namespace dealer::bench
