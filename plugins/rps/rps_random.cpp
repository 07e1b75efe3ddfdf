#include "rps_random.hpp"

#include <cassert>

namespace dealer::rps {

// uniform_int_distribution avoids the modulo bias that `engine_() % n`
// would add; its exact sequence is the standard library's, which is enough
// for repeatable runs on one toolchain.
std::uint32_t SeededRandom::below(std::uint32_t n) {
    assert(n >= 1);
    std::uniform_int_distribution<std::uint32_t> pick(0, n - 1);
    return pick(engine_);
}

}  // namespace dealer::rps
