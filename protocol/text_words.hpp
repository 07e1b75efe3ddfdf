// Word splitting for the text commands of SPEC §6 (netcat users).
#pragma once

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

/// True when the line is empty or only blanks (such lines are ignored).
inline bool is_blank(std::string_view line) noexcept { return trim_blanks(line).empty(); }

}  // namespace dealer::protocol
