// The mancala plugin's descriptor: its options and the exported ABI symbols.
// Bounds keep every reply within a UDP datagram (SPEC §3): at most 12 pits a
// side and, checked in parse_options, at most 144 seeds on the board.
#include "mancala_game.hpp"

namespace {

using dealer::mancala::kMaxPits;
using dealer::mancala::kMaxTotalSeeds;

constexpr dealer_option kPits = dealer::sdk::int_option("pits", "pits on each side", "6", 1, kMaxPits);
constexpr dealer_option kSeeds =
    dealer::sdk::int_option("seeds", "seeds in each pit at the start (pits x seeds at most 72)", "4", 1, kMaxTotalSeeds / 2);
constexpr dealer_option kFirst =
    dealer::sdk::choice_option("first", "who moves first", "\"player\"", "player|dealer", DEALER_OPTION_PLAYER);
constexpr dealer_option kLevel = dealer::sdk::choice_option(
    "level", "how well the dealer plays", "\"medium\"", "easy|medium|hard", DEALER_OPTION_PLAYER);
constexpr dealer_option kThinkMs =
    dealer::sdk::int_option("think_ms", "the most milliseconds a hard dealer move may think", "50", 1, 10000);
constexpr const dealer_option* kOptions[] = {&kPits, &kSeeds, &kFirst, &kLevel, &kThinkMs, nullptr};

}  // namespace

DEALER_SDK_PLUGIN(dealer::mancala::MancalaGame, "mancala", "1.0.0", "Mancala (Kalah)",
                  "Sow seeds round the board and capture more than the dealer.", kOptions)
