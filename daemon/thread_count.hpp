// "0 = one per core", the rule of [server] threads and workers.
#pragma once

#include <thread>

namespace dealer {

/// configured, or the number of cores when configured is 0 (at least 1).
inline unsigned one_per_core_if_zero(unsigned configured) {
    if (configured != 0) return configured;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

}  // namespace dealer
