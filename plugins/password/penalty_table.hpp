// Per-source penalties for failed logins, in the manner of OpenSSH's
// PerSourcePenalties: a source address that fails max_failures times within
// a window is refused for a while, each repeat doubling the penalty up to a
// cap. The table is bounded; when full it forgets the least recently seen
// source that is not serving a penalty.
//
// Thread-safe: sessions of one game check and record from several worker
// threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dealer::password {

/// How failures turn into penalties (the game's options).
struct PenaltyPolicy {
    std::uint32_t max_failures = 5;           ///< failures within window that start a penalty
    std::uint64_t window_ms = 600'000;        ///< the window failures are counted in
    std::uint64_t penalty_ms = 60'000;        ///< the first penalty; each repeat doubles it
    std::uint64_t max_penalty_ms = 3'600'000; ///< the longest penalty
    std::size_t max_sources = 10'000;         ///< sources remembered at most
};

/// The key failures are counted under for a peer address: an IPv4 address
/// as is (also when IPv4-mapped in IPv6), an IPv6 address by its /64 prefix
/// (one host usually holds a whole /64), anything else verbatim.
std::string source_key(std::string_view peer_address);

/// Failures and penalties per source. Times are monotonic milliseconds.
class PenaltyTable {
public:
    /// Starts empty with the given policy.
    explicit PenaltyTable(const PenaltyPolicy& policy);

    /// Milliseconds until `source` may try again; 0 when it may try now.
    std::uint64_t wait_ms(const std::string& source, std::uint64_t now_ms);

    /// Starts one attempt of `source`, or refuses it: returns 0 and counts
    /// the attempt as in flight, or the milliseconds to wait. An attempt is
    /// refused while a penalty runs, and also while the failures in the
    /// window plus the attempts still in flight already reach max_failures,
    /// so that concurrent logins cannot check more guesses than the budget.
    /// Every 0 must be followed by exactly one end_attempt().
    std::uint64_t begin_attempt(const std::string& source, std::uint64_t now_ms);

    /// Ends an attempt begun with begin_attempt; a failed one is recorded as
    /// record_failure does. Returns the penalty it started, or 0.
    std::uint64_t end_attempt(const std::string& source, std::uint64_t now_ms, bool failed);

    /// Records one failure of `source`; returns the length of the penalty it
    /// started, or 0 when it started none.
    std::uint64_t record_failure(const std::string& source, std::uint64_t now_ms);

    /// Sources remembered now (at most max_sources).
    [[nodiscard]] std::size_t size() const;

private:
    /// What is remembered of one source.
    struct Source {
        std::string key;                     ///< source_key() of its address
        std::vector<std::uint64_t> recent;   ///< times of its last failures, oldest first, < max_failures
        std::uint64_t blocked_until = 0;     ///< end of its current or last penalty (0 = never penalised)
        std::uint32_t strikes = 0;           ///< penalties so far; the next lasts penalty_ms << strikes
        std::uint32_t in_flight = 0;         ///< attempts begun and not yet ended
    };
    /// While an attempt is in flight and its outcome unknown, a source is
    /// told to come back after this long.
    static constexpr std::uint64_t kInFlightWaitMs = 1000;

    std::uint64_t record_failure_locked(Source& s, std::uint64_t now_ms);
    void forget_old_failures(Source& s, std::uint64_t now_ms) const;
    using Lru = std::list<Source>;  // most recently seen first

    Source& touch(const std::string& key, std::uint64_t now_ms);
    void evict_one(std::uint64_t now_ms);

    PenaltyPolicy policy_;
    mutable std::mutex mutex_;
    Lru lru_;
    std::unordered_map<std::string, Lru::iterator> index_;
};

}  // namespace dealer::password
