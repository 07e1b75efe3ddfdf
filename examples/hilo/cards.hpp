// Playing cards for hilo: a 52-card deck, card names such as "10H", and the
// rank order the calls are judged by (aces low).
#pragma once

#include <string>
#include <vector>

#include <dealer/plugin.hpp>

namespace hilo {

/// One card of a standard deck.
struct Card {
    int rank = 1;   ///< 1 (ace, low) to 13 (king)
    char suit = 'S'; ///< 'C', 'D', 'H' or 'S'
};

/// The card's name: rank ("A", "2".."10", "J", "Q", "K") then suit, e.g. "10H".
std::string card_name(const Card& card);

/// The names of `cards`, separated by single spaces: the text the dealer commits to.
std::string run_text(const std::vector<Card>& cards);

/// The first `count` cards (1 to 52) of a deck shuffled with the host's CSPRNG.
std::vector<Card> deal_run(const dealer::sdk::Host& host, int count);

}  // namespace hilo
