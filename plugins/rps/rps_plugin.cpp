// The rps plugin's descriptor: its options and the exported ABI symbols.
// Not DEALER_PLUGIN_SLOW: a move costs a few microseconds (one update of
// fixed-size tables), so it runs on the network threads.
#include "rps_game.hpp"

namespace {

constexpr dealer_option kRounds = dealer::sdk::int_option(
    "rounds", "best of this many rounds: first to rounds/2+1 round wins; ties are replayed", "3", 1, 99,
    DEALER_OPTION_PLAYER);
constexpr dealer_option kStrategy = dealer::sdk::choice_option(
    "strategy", "random: uniform throws; adaptive: learns your habits over the connection's games", "\"adaptive\"",
    "random|adaptive", DEALER_OPTION_PLAYER);
constexpr const dealer_option* kOptions[] = {&kRounds, &kStrategy, nullptr};

}  // namespace

DEALER_SDK_PLUGIN(dealer::rps::RpsGame, "rps", "1.0.0", "Rock, paper, scissors",
                  "Best of N rounds against a dealer that commits to each throw in advance and learns your habits.",
                  kOptions)
