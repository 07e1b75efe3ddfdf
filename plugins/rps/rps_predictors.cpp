#include "rps_predictors.hpp"

#include <cassert>

namespace dealer::rps {

namespace {

// Throws per context position: three for one side's throws, nine for a pair.
constexpr std::size_t base(ContextSource source) { return source == ContextSource::pair ? 9 : 3; }

// The argmax of three counts, lowest throw first on a tie: predictions must
// be deterministic so that the scores of the candidates mean something.
template <class T>
Throw most(const std::array<T, kThrows>& counts) {
    int best = 0;
    for (int t = 1; t < kThrows; ++t) {
        if (counts[t] > counts[best]) best = t;
    }
    return throw_from_index(best);
}

// The code a round contributes to a context of the given source.
std::size_t code(const History& h, std::size_t age, ContextSource source) {
    switch (source) {
        case ContextSource::player: return static_cast<std::size_t>(index(h.player(age)));
        case ContextSource::dealer: return static_cast<std::size_t>(index(h.dealer(age)));
        case ContextSource::pair: return static_cast<std::size_t>(index(h.player(age)) * kThrows + index(h.dealer(age)));
    }
    assert(false && "not a context source");
    return 0;
}

}  // namespace

// Row offsets are fixed by kModels; computing them once keeps current_row()
// a table look-up.
Predictors::Predictors() {
    std::size_t offset = 0;
    for (std::size_t m = 0; m < kModels.size(); ++m) {
        row_offset_[m] = offset;
        std::size_t n = 1;
        for (std::uint32_t i = 0; i < kModels[m].length; ++i) n *= base(kModels[m].source);
        offset += n;
    }
    assert(offset == kRows);
}

// The order matters: the rows that learn this round are those of the contexts
// that preceded it, so they are updated before the round joins the history;
// the predictions are for the contexts that end with it, so they come after.
void Predictors::observe(Throw player, Throw dealer) {
    for (std::size_t m = 0; m < kModels.size(); ++m) {
        Row* row = current_row(m);
        if (row == nullptr) continue;
        for (int t = 0; t < kThrows; ++t) {
            row->player[t] = row->player[t] * kMarkovDecay + (t == index(player) ? 1.0f : 0.0f);
            row->dealer[t] = row->dealer[t] * kMarkovDecay + (t == index(dealer) ? 1.0f : 0.0f);
        }
        row->last_player = static_cast<std::uint8_t>(index(player));
        row->last_dealer = static_cast<std::uint8_t>(index(dealer));
    }
    count_in_windows(player, dealer);
    history_.push(player, dealer);
    refresh();
}

// Each window drops the round that falls out of it, read before push() can
// overwrite it in the ring (the longest window is the ring's capacity).
void Predictors::count_in_windows(Throw player, Throw dealer) {
    for (std::size_t w = 0; w < kWindows.size(); ++w) {
        auto& counts = window_counts_[w];
        if (history_.total() >= kWindows[w]) {
            const std::size_t leaving = kWindows[w] - 1;
            --counts[0][index(history_.player(leaving))];
            --counts[1][index(history_.dealer(leaving))];
        }
        ++counts[0][index(player)];
        ++counts[1][index(dealer)];
    }
}

// Length <= 4 rounds, so computing the context afresh is as cheap as keeping
// a rolling code, and cannot drift out of step with the history.
Predictors::Row* Predictors::current_row(std::size_t m) {
    const ContextModel& model = kModels[m];
    if (history_.size() < model.length) return nullptr;
    std::size_t context = 0;
    for (std::size_t age = model.length; age-- > 0;) context = context * base(model.source) + code(history_, age, model.source);
    assert(row_offset_[m] + context < kRows);
    return &rows_[row_offset_[m] + context];
}

// Called after every round: predictors whose context has never been followed
// by a round stay invalid, and the candidates built on them are not scored.
void Predictors::refresh() {
    std::size_t p = 0;
    for (std::size_t w = 0; w < kWindows.size(); ++w, ++p) {
        predictions_[p] = {true, most(window_counts_[w][0]), most(window_counts_[w][1])};
    }
    for (std::size_t m = 0; m < kModels.size(); ++m, p += 2) {
        const Row* row = current_row(m);
        if (row == nullptr || row->last_player == kThrows) {
            predictions_[p] = predictions_[p + 1] = Prediction{};
            continue;
        }
        predictions_[p] = {true, most(row->player), most(row->dealer)};
        predictions_[p + 1] = {true, throw_from_index(row->last_player), throw_from_index(row->last_dealer)};
    }
    assert(p == kCount);
}

// For the benchmark's report of which predictors carried a match.
const char* Predictors::name(std::size_t i) {
    static constexpr const char* kNames[kCount] = {
        "frequency/5",     "frequency/20",    "frequency/100",   "frequency/1000",
        "markov/player/1", "match/player/1",  "markov/player/2", "match/player/2",
        "markov/player/3", "match/player/3",  "markov/player/4", "match/player/4",
        "markov/dealer/1", "match/dealer/1",  "markov/dealer/2", "match/dealer/2",
        "markov/pair/1",   "match/pair/1",    "markov/pair/2",   "match/pair/2",
        "markov/pair/3",   "match/pair/3",
    };
    assert(i < kCount);
    return kNames[i];
}

}  // namespace dealer::rps
