#include "rps_history.hpp"

#include <cassert>

namespace dealer::rps {

// One byte a round: both throws packed, the slot overwritten once the ring
// has gone round.
void History::push(Throw player, Throw dealer) {
    ring_[total_ % kCapacity] = static_cast<std::uint8_t>(index(player) * kThrows + index(dealer));
    ++total_;
}

// Until the ring has gone round once, only the rounds pushed.
std::size_t History::size() const { return total_ < kCapacity ? static_cast<std::size_t>(total_) : kCapacity; }

// Asking for a forgotten round is a bug in the caller's window arithmetic.
std::uint8_t History::packed(std::size_t age) const {
    assert(age < size());
    return ring_[(total_ - 1 - age) % kCapacity];
}

// The two halves of a packed round.
Throw History::player(std::size_t age) const { return throw_from_index(packed(age) / kThrows); }

Throw History::dealer(std::size_t age) const { return throw_from_index(packed(age) % kThrows); }

}  // namespace dealer::rps
