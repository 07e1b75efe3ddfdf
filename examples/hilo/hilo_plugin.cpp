// The hilo plugin's descriptor: its one option and the exported ABI symbols.
#include "hilo_game.hpp"

namespace {

// 12 right calls need 13 cards; a longer run would make the game a lottery.
constexpr dealer_option kRounds = dealer::sdk::int_option(
    "rounds", "right calls in a row that win", "5", 1, 12, DEALER_OPTION_PLAYER);
constexpr const dealer_option* kOptions[] = {&kRounds, nullptr};

}  // namespace

DEALER_SDK_PLUGIN(hilo::HiloGame, "hilo", "1.0.0", "Higher or lower",
                  "The dealer deals a run of cards face down; call each next card higher or lower.", kOptions)
