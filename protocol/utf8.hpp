// UTF-8 well-formedness (SPEC §3: every line is UTF-8). Text-form replies
// may echo what a player typed or what a plugin rendered; they are made
// well-formed before they are sent.
#pragma once

#include <string>
#include <string_view>

namespace dealer::protocol {

/// True when text is well-formed UTF-8: no stray continuation bytes, no
/// truncated sequences, no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text) noexcept;

/// text with each ill-formed sequence replaced by U+FFFD; text itself when
/// it is already well-formed.
std::string to_valid_utf8(std::string_view text);

}  // namespace dealer::protocol
