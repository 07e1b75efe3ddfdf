// Word splitting for the text commands of SPEC §6 (netcat users).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace dealer::protocol {

/// Splits a line on blanks (spaces and tabs); no quoting.
std::vector<std::string_view> split_words(std::string_view line);

/// The line without leading and trailing blanks.
std::string_view trim_blanks(std::string_view line) noexcept;

/// A command word without its optional leading '/' (SPEC §6: "/help" == "help").
inline std::string_view command_word(std::string_view word) noexcept {
    if (!word.empty() && word.front() == '/') word.remove_prefix(1);
    return word;
}

/// A word as a whole decimal number: an optional '-' and digits, nothing
/// else (no blanks, no '+'); nullopt when it is not one or does not fit.
std::optional<std::int64_t> parse_integer(std::string_view word) noexcept;

/// A word as a boolean: true/yes/on or false/no/off; nullopt otherwise.
std::optional<bool> parse_boolean(std::string_view word) noexcept;

/// True when the line is empty or only blanks (such lines are ignored).
inline bool is_blank(std::string_view line) noexcept { return trim_blanks(line).empty(); }

}  // namespace dealer::protocol
