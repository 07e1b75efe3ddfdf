#include "cards.hpp"

#include <utility>

namespace hilo {

// Names are what players see and what the commitment covers, so they must
// stay stable: rank, then one letter of suit.
std::string card_name(const Card& card) {
    static constexpr const char* kRanks[] = {"?", "A", "2", "3", "4", "5", "6", "7",
                                             "8", "9", "10", "J", "Q", "K"};
    const int rank = card.rank >= 1 && card.rank <= 13 ? card.rank : 0;
    return std::string(kRanks[rank]) + card.suit;
}

// The committed text: the names in dealing order, one space apart, so a
// player can rebuild it from the cards shown and check the commitment.
std::string run_text(const std::vector<Card>& cards) {
    std::string text;
    for (const Card& card : cards) {
        if (!text.empty()) text += ' ';
        text += card_name(card);
    }
    return text;
}

// A Fisher-Yates shuffle of the whole deck, each swap drawn without bias
// from the host's CSPRNG (never rand(): players must not predict the run).
// Only the first `count` cards are dealt, so only those are shuffled into
// place.
std::vector<Card> deal_run(const dealer::sdk::Host& host, int count) {
    std::vector<Card> deck;
    deck.reserve(52);
    for (char suit : {'C', 'D', 'H', 'S'})
        for (int rank = 1; rank <= 13; ++rank) deck.push_back(Card{rank, suit});
    const auto size = static_cast<std::int64_t>(deck.size());
    for (std::int64_t i = 0; i < count && i < size; ++i) {
        const std::int64_t j = host.uniform(i, size - 1);
        std::swap(deck[static_cast<std::size_t>(i)], deck[static_cast<std::size_t>(j)]);
    }
    deck.resize(static_cast<std::size_t>(count));
    return deck;
}

}  // namespace hilo
