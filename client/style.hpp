// Colour for people, plain text for programs: whether to colour, and the
// few roles text is coloured by.
#pragma once

#include <string>
#include <string_view>

#include "client/command_line.hpp"

namespace dealer::client {

/// True when output should carry ANSI colours: --color=always; or, by
/// default, when stdout is a terminal, NO_COLOR is unset or empty
/// (no-color.org) and TERM is not "dumb". --no-color always wins.
/// no_color_env and term_env are the variables' values, nullptr when unset.
bool decide_color(ColorMode mode, bool stdout_is_terminal, const char* no_color_env, const char* term_env) noexcept;

/// What a piece of text is, which picks its colour.
enum class Role {
    heading,  ///< a title: bold
    good,     ///< a win, a verified secret: green
    bad,      ///< a loss, an error from the server: red
    warning,  ///< a failed fairness check: bold white on red
    note,     ///< asides (commitments, hints): dim
    accent,   ///< the numbers that matter (range, score, pits): cyan
    prompt,   ///< the input prompt: bold
};

/// Paints text by role when colour is on; returns it unchanged when off.
class Style {
public:
    /// color: the result of decide_color().
    explicit Style(bool color) noexcept : color_(color) {}

    /// True when painting adds escape codes.
    [[nodiscard]] bool color() const noexcept { return color_; }

    /// text wrapped in the role's SGR codes and a reset, or text itself.
    [[nodiscard]] std::string paint(Role role, std::string_view text) const;

    /// As paint(), with the codes wrapped in libedit's invisible-text
    /// markers (\1 ... \2) so that the prompt's width is measured right.
    [[nodiscard]] std::string paint_prompt(std::string_view text) const;

private:
    bool color_;
};

/// text without the SGR codes paint() adds, for a copy of the output that
/// goes where colour was not decided for (stderr when it is not a terminal).
std::string without_color(std::string_view text);

/// Text from the server made safe to print on a terminal: ill-formed UTF-8
/// becomes U+FFFD and control characters (escape sequences included) become
/// '?', so a server cannot move the cursor or recolour the screen.
/// Newlines are kept when keep_newlines, else they become spaces.
std::string printable(std::string_view text, bool keep_newlines = false);

}  // namespace dealer::client
