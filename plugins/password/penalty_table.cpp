#include "penalty_table.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

namespace dealer::password {

namespace {

// The most entries eviction looks at for one not serving a penalty, so a
// full table costs a bounded amount of work per new source.
constexpr int kEvictionScan = 8;

}  // namespace

// An attacker changing addresses inside one IPv6 /64 (which a single host
// is usually given) must not get a fresh budget per address.
std::string source_key(std::string_view peer_address) {
    const std::string text(peer_address);
    std::array<unsigned char, 16> v6{};
    if (::inet_pton(AF_INET6, text.c_str(), v6.data()) == 1) {
        static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        char buf[INET6_ADDRSTRLEN];
        if (std::equal(std::begin(kMapped), std::end(kMapped), v6.begin())) {
            return ::inet_ntop(AF_INET, v6.data() + 12, buf, sizeof buf) != nullptr ? std::string(buf) : text;
        }
        std::fill(v6.begin() + 8, v6.end(), 0);
        if (::inet_ntop(AF_INET6, v6.data(), buf, sizeof buf) == nullptr) return text;
        return std::string(buf) + "/64";
    }
    return text;
}

PenaltyTable::PenaltyTable(const PenaltyPolicy& policy) : policy_(policy) {
    if (policy_.max_failures == 0) policy_.max_failures = 1;
    if (policy_.max_sources == 0) policy_.max_sources = 1;
}

std::size_t PenaltyTable::size() const {
    std::lock_guard lock(mutex_);
    return lru_.size();
}

// A source serving a penalty that keeps trying is kept fresh, so a flood of
// new addresses evicts it last.
std::uint64_t PenaltyTable::wait_ms(const std::string& source, std::uint64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(source);
    if (it == index_.end() || it->second->blocked_until <= now_ms) return 0;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->blocked_until - now_ms;
}

std::uint64_t PenaltyTable::begin_attempt(const std::string& source, std::uint64_t now_ms) {
    std::lock_guard lock(mutex_);
    Source& s = touch(source, now_ms);
    if (s.blocked_until > now_ms) return s.blocked_until - now_ms;
    forget_old_failures(s, now_ms);
    if (s.recent.size() + s.in_flight >= policy_.max_failures) return kInFlightWaitMs;
    ++s.in_flight;
    return 0;
}

// The entry may have been evicted meanwhile (a flood of new sources while
// the check ran): the failure is then recorded on a fresh entry.
std::uint64_t PenaltyTable::end_attempt(const std::string& source, std::uint64_t now_ms, bool failed) {
    std::lock_guard lock(mutex_);
    Source& s = touch(source, now_ms);
    if (s.in_flight > 0) --s.in_flight;
    return failed ? record_failure_locked(s, now_ms) : 0;
}

std::uint64_t PenaltyTable::record_failure(const std::string& source, std::uint64_t now_ms) {
    std::lock_guard lock(mutex_);
    return record_failure_locked(touch(source, now_ms), now_ms);
}

void PenaltyTable::forget_old_failures(Source& s, std::uint64_t now_ms) const {
    const std::uint64_t horizon = now_ms > policy_.window_ms ? now_ms - policy_.window_ms : 0;
    std::erase_if(s.recent, [horizon](std::uint64_t t) { return t < horizon; });
}

// Failures older than the window are forgotten first; a source that stayed
// clean for a whole window after its last penalty is forgiven its strikes.
std::uint64_t PenaltyTable::record_failure_locked(Source& s, std::uint64_t now_ms) {
    if (s.blocked_until > now_ms) return 0;  // already penalised: the caller should have waited
    if (s.strikes > 0 && now_ms - s.blocked_until > policy_.window_ms) s.strikes = 0;
    forget_old_failures(s, now_ms);
    if (s.recent.size() + 1 < policy_.max_failures) {
        s.recent.push_back(now_ms);
        return 0;
    }
    s.recent.clear();
    // penalty_ms << strikes, without overflowing, at most max_penalty_ms.
    const std::uint32_t doublings = std::min<std::uint32_t>(s.strikes, 63);
    const std::uint64_t cap = policy_.max_penalty_ms;
    const std::uint64_t penalty = policy_.penalty_ms > (cap >> doublings) ? cap : policy_.penalty_ms << doublings;
    s.blocked_until = now_ms + penalty;
    ++s.strikes;
    return penalty;
}

// The entry for key, made (evicting another when full) if new, and moved to
// the front of the recency list.
PenaltyTable::Source& PenaltyTable::touch(const std::string& key, std::uint64_t now_ms) {
    if (auto it = index_.find(key); it != index_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second);
        return lru_.front();
    }
    if (lru_.size() >= policy_.max_sources) evict_one(now_ms);
    lru_.push_front(Source{key, {}, 0, 0, 0});
    index_.emplace(key, lru_.begin());
    return lru_.front();
}

// Prefers the least recently seen source that serves no penalty and has no
// attempt in flight among the oldest few; when all of those are penalised, the oldest goes anyway (the
// table stays bounded whatever an attacker does).
void PenaltyTable::evict_one(std::uint64_t now_ms) {
    auto victim = std::prev(lru_.end());
    auto it = victim;
    for (int i = 0; i < kEvictionScan; ++i) {
        if (it->blocked_until <= now_ms && it->in_flight == 0) {
            victim = it;
            break;
        }
        if (it == lru_.begin()) break;
        --it;
    }
    index_.erase(victim->key);
    lru_.erase(victim);
}

}  // namespace dealer::password
