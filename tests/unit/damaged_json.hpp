// Random damage to valid JSON texts, for the tests that hold a fast reader
// and an exact one to one verdict: byte changes, cuts, and insertions of
// the characters JSON cares about. A fixed seed: the same texts every run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dealer::test {

/// count texts, each one of seeds with one to three random edits.
inline std::vector<std::string> damaged_json(const std::vector<std::string>& seeds, std::size_t count,
                                             std::uint64_t seed = 20261205) {
    static const char kCharacters[] = "{}[]\",:\\ -+.eE0123456789tfnulrsa\t\r\n\x80\xc3\xa9\xff\0";
    static const std::string alphabet(kCharacters, sizeof kCharacters - 1);  // the NUL included
    std::uint64_t state = seed;
    const auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;  // Knuth's MMIX LCG
        return static_cast<std::size_t>(state >> 33);
    };
    std::vector<std::string> texts;
    texts.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        std::string text = seeds[next() % seeds.size()];
        for (std::size_t edits = 1 + next() % 3; edits > 0; --edits) {
            const std::size_t at = next() % (text.size() + 1);
            switch (next() % 3) {
                case 0: if (at < text.size()) text[at] = alphabet[next() % alphabet.size()]; break;
                case 1: text.insert(at, 1, alphabet[next() % alphabet.size()]); break;
                default: text.erase(at, next() % 4); break;
            }
        }
        texts.push_back(std::move(text));
    }
    return texts;
}

}  // namespace dealer::test
