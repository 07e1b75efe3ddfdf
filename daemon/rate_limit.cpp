#include "daemon/rate_limit.hpp"

namespace dealer {

// One lookup per event; the table is trimmed only when a new key finds it
// full, so a flood from random sources costs one sweep per max_entries keys.
bool RateTable::take(const std::string& key, RateLimit::Clock::time_point now, const RateSpec& spec,
                     RateLimit::Clock::duration* wait) {
    if (!spec.limits()) return true;
    auto bucket = buckets_.find(key);
    if (bucket == buckets_.end()) {
        if (buckets_.size() >= max_entries_) {
            std::erase_if(buckets_, [now](const auto& entry) { return entry.second.idle_at(now); });
            if (buckets_.size() >= max_entries_) buckets_.erase(buckets_.begin());
        }
        bucket = buckets_.emplace(key, RateLimit{}).first;
    }
    return bucket->second.take(now, spec, wait);
}

}  // namespace dealer
