#include "protocol/text_words.hpp"

#include <charconv>

namespace dealer::protocol {

namespace {
constexpr bool blank(char c) noexcept { return c == ' ' || c == '\t'; }
}  // namespace

std::vector<std::string_view> split_words(std::string_view line) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && blank(line[i])) ++i;
        const std::size_t start = i;
        while (i < line.size() && !blank(line[i])) ++i;
        if (i > start) words.push_back(line.substr(start, i - start));
    }
    return words;
}

std::string_view trim_blanks(std::string_view line) noexcept {
    while (!line.empty() && blank(line.front())) line.remove_prefix(1);
    while (!line.empty() && blank(line.back())) line.remove_suffix(1);
    return line;
}

// Shared by the daemon (options typed as text) and the client (moves and
// options the player types), so both read a number the same way.
std::optional<std::int64_t> parse_integer(std::string_view word) noexcept {
    std::int64_t value = 0;
    const char* end = word.data() + word.size();
    const auto [ptr, ec] = std::from_chars(word.data(), end, value);
    if (word.empty() || ec != std::errc() || ptr != end) return std::nullopt;
    return value;
}

std::optional<bool> parse_boolean(std::string_view word) noexcept {
    if (word == "true" || word == "yes" || word == "on") return true;
    if (word == "false" || word == "no" || word == "off") return false;
    return std::nullopt;
}

}  // namespace dealer::protocol
