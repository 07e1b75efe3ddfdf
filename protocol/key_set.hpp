// The keys of one JSON object, remembered by hash, so that a SAX reader can
// notice a key given twice without allocating a string per key.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace dealer::protocol {

/// Up to kCapacity keys of one object, by their hash. It may raise a false
/// alarm (two keys with the same hash, or more keys than it holds) but never
/// misses a repeated key: a caller that takes an alarm as "maybe repeated"
/// and goes down its slower, exact path stays correct.
class KeySet {
public:
    /// How many keys are remembered; past that, every key is an alarm.
    static constexpr std::size_t kCapacity = 16;

    /// Notes key. Returns false when it may have been noted before (or the
    /// set is full), true when it certainly was not.
    bool insert(std::string_view key) noexcept {
        if (size_ == kCapacity) return false;
        const std::uint64_t h = std::hash<std::string_view>{}(key);
        for (std::size_t i = 0; i < size_; ++i)
            if (hashes_[i] == h) return false;
        hashes_[size_++] = h;
        return true;
    }

private:
    std::array<std::uint64_t, kCapacity> hashes_{};  ///< the hashes of the keys noted
    std::size_t size_ = 0;                           ///< how many are noted
};

}  // namespace dealer::protocol
