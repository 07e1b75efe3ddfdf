// The guess plugin's descriptor: its options and the exported ABI symbols.
#include "guess_game.hpp"

namespace {

// JSON numbers are exact up to 2^53; secrets stay within that.
constexpr std::int64_t kLimit = (std::int64_t{1} << 53) - 1;

constexpr dealer_option kMin = dealer::sdk::int_option("min", "smallest possible secret", "0", -kLimit, kLimit);
constexpr dealer_option kMax = dealer::sdk::int_option("max", "largest possible secret", "9", -kLimit, kLimit);
constexpr dealer_option kMaxGuesses =
    dealer::sdk::int_option("max_guesses", "guesses allowed; 0 = unlimited", "0", 0, 1000000);
constexpr const dealer_option* kOptions[] = {&kMin, &kMax, &kMaxGuesses, nullptr};

}  // namespace

DEALER_SDK_PLUGIN(dealer::guess::GuessGame, "guess", "1.0.0", "Guess the number",
                  "The dealer picks a secret number; you guess it, hearing too low or too high.", kOptions)
