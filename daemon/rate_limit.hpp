// A token bucket kept as one time point (the generic cell rate algorithm of
// ATM networks, as in nginx's limit_req and redis-cell): events may come at
// `per_second` on average and `burst` at once. Used for a session's
// messages and for the new sessions from one address.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

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

/// A bucket per key (a source address), in a table of bounded size. Not
/// thread-safe: its owner serialises calls.
class RateTable {
public:
    /// max_entries: the most keys remembered at once.
    explicit RateTable(std::size_t max_entries) noexcept : max_entries_(max_entries) {}

    /// Takes one event for key at now, as RateLimit::take. When the table is
    /// full, the keys whose buckets are full again are forgotten first (they
    /// would allow a burst anyway); if none is, one arbitrary key, which may
    /// then burst once more: bounded memory matters more than exactness
    /// under a flood from that many sources.
    bool take(const std::string& key, RateLimit::Clock::time_point now, const RateSpec& spec,
              RateLimit::Clock::duration* wait = nullptr);

    /// Forgets every key (the rate was turned off).
    void clear() noexcept { buckets_.clear(); }
    /// Keys remembered now.
    [[nodiscard]] std::size_t size() const noexcept { return buckets_.size(); }

private:
    std::size_t max_entries_;
    std::unordered_map<std::string, RateLimit> buckets_;
};

/// Whole seconds to tell a client to wait (retry_after): `wait` rounded up,
/// at least 1.
inline std::uint64_t retry_after_seconds(RateLimit::Clock::duration wait) noexcept {
    const auto s = std::chrono::ceil<std::chrono::seconds>(wait).count();
    return s < 1 ? 1 : static_cast<std::uint64_t>(s);
}

}  // namespace dealer
