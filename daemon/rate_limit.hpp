// A token bucket kept as one time point (the generic cell rate algorithm of
// ATM networks, as in nginx's limit_req and redis-cell): events may come at
// `per_second` on average and `burst` at once. Used for a session's
// messages and for the new sessions from one address.
#pragma once

#include <chrono>
#include <cstdint>

namespace dealer {

/// A rate and a burst: `burst` events at once, then `per_second` a second.
struct RateSpec {
    /// No limit.
    RateSpec() = default;
    /// per_second: 0 for no limit; burst: events allowed at once (0 counts as 1).
    RateSpec(std::uint32_t per_second, std::uint32_t burst) noexcept
        : interval(per_second == 0 ? std::chrono::nanoseconds(0) : kSecond / per_second),
          tolerance(interval * (burst > 1 ? burst - 1 : 0)) {}

    /// True when this spec limits anything.
    [[nodiscard]] bool limits() const noexcept { return interval.count() != 0; }

    /// Time between events at the rate (0: no limit). Worked out once
    /// here, not for every event.
    std::chrono::nanoseconds interval{0};
    /// How far ahead of the rate a burst may run: (burst - 1) intervals.
    std::chrono::nanoseconds tolerance{0};

private:
    static constexpr std::chrono::nanoseconds kSecond = std::chrono::seconds(1);
};

/// One bucket. Not thread-safe: its owner serialises calls.
class RateLimit {
public:
    /// The clock of events.
    using Clock = std::chrono::steady_clock;

    /// Takes one event at `now`. Returns true when it is within the rate;
    /// otherwise false, leaves the bucket as it was, and sets *wait (if
    /// given) to how long until an event would be allowed.
    bool take(Clock::time_point now, const RateSpec& spec, Clock::duration* wait = nullptr) noexcept {
        if (!spec.limits()) return true;
        // The theoretical arrival time of this event: the bucket is full
        // (tat_ at or before now) or holds (burst - (tat_ - now) / interval).
        const Clock::time_point tat = tat_ > now ? tat_ : now;
        if (tat - now > spec.tolerance) {
            if (wait != nullptr) *wait = tat - now - spec.tolerance;
            return false;
        }
        tat_ = tat + spec.interval;
        return true;
    }

    /// True when the bucket is full again at `now`: it remembers nothing
    /// that matters, so a table of buckets may drop it.
    [[nodiscard]] bool idle_at(Clock::time_point now) const noexcept { return tat_ <= now; }

private:
    Clock::time_point tat_{};  // when the bucket will be full again
};

/// Whole seconds to tell a client to wait (retry_after): `wait` rounded up,
/// at least 1.
inline std::uint64_t retry_after_seconds(RateLimit::Clock::duration wait) noexcept {
    const auto s = std::chrono::ceil<std::chrono::seconds>(wait).count();
    return s < 1 ? 1 : static_cast<std::uint64_t>(s);
}

}  // namespace dealer
