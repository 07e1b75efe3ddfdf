#include "rps_strategy.hpp"

namespace dealer::rps {

// One draw in [0, 3) per throw: the plugin's source is the CSPRNG, which
// draws without modulo bias.
Throw random_throw(Random& random) { return throw_from_index(static_cast<int>(random.below(kThrows))); }

// Fresh chance every round: nothing the other side did can be read into it.
Throw RandomStrategy::choose(Random& random) { return random_throw(random); }

// The random side plays the same whatever the other did: nothing to keep.
void RandomStrategy::observe(Throw, Throw) {}

}  // namespace dealer::rps
