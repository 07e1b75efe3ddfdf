#include "mancala_ai.hpp"

#include <algorithm>
#include <array>
#include <cassert>

namespace dealer::mancala {

// The option's words; the host has already checked them against the choices.
std::optional<Level> level_from_name(std::string_view name) noexcept {
    if (name == "easy") return Level::easy;
    if (name == "medium") return Level::medium;
    if (name == "hard") return Level::hard;
    return std::nullopt;
}

// For messages and the benchmark's report.
std::string_view level_name(Level level) noexcept {
    switch (level) {
        case Level::easy: return "easy";
        case Level::medium: return "medium";
        case Level::hard: return "hard";
    }
    return "medium";
}

// splitmix64: tiny, fast and well spread; repeatable from its seed.
std::uint64_t SeededRandom::next() noexcept {
    std::uint64_t x = (state_ += 0x9e3779b97f4a7c15ULL);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Rejection sampling, so that every value is equally likely.
std::uint32_t SeededRandom::below(std::uint32_t bound) {
    assert(bound >= 1);
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;  // accept [0, limit)
    std::uint64_t r = next();
    while (r >= limit) r = next();
    return static_cast<std::uint32_t>(r % bound);
}

// The easy dealer's move, and the benchmark's random openings.
int random_move(const Board& board, RandomSource& random) {
    std::array<std::uint8_t, kMaxPits> legal{};
    const int count = board.legal_moves(legal);
    assert(count > 0);
    return legal[random.below(static_cast<std::uint32_t>(count))];
}

// Ties are common at shallow depths (several moves that gain nothing yet);
// picking among them at random keeps the dealer from repeating itself.
int best_scored_move(const ScoredMoves& scored, RandomSource& random) {
    assert(scored.count > 0);
    int best = scored.scores[0];
    for (int i = 1; i < scored.count; ++i) best = std::max(best, scored.scores[static_cast<std::size_t>(i)]);
    std::array<std::uint8_t, kMaxPits> tied{};
    std::uint32_t ties = 0;
    for (int i = 0; i < scored.count; ++i) {
        const auto index = static_cast<std::size_t>(i);
        if (scored.scores[index] == best) tied[ties++] = scored.pits[index];
    }
    return tied[random.below(ties)];
}

// One dealer move at its level; the session calls it until the turn passes.
int choose_move(const Board& board, const DealerSettings& settings, Clock& clock, RandomSource& random) {
    assert(!board.over());
    switch (settings.level) {
        case Level::easy: return random_move(board, random);
        case Level::medium: return best_scored_move(score_moves(board, kMediumDepth, Evaluation::dealer), random);
        case Level::hard: {
            SearchLimits limits;
            limits.think_ms = settings.think_ms;
            return search_best_move(board, limits, clock).pit;
        }
    }
    assert(false && "unknown level");
    return random_move(board, random);
}

}  // namespace dealer::mancala
