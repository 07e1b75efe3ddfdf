#include "client/style.hpp"

#include <cstring>

#include "protocol/utf8.hpp"

namespace dealer::client {

namespace {

constexpr std::string_view kReset = "\033[0m";

std::string_view sgr(Role role) noexcept {
    switch (role) {
        case Role::heading: return "\033[1m";
        case Role::good: return "\033[32m";
        case Role::bad: return "\033[31m";
        case Role::warning: return "\033[1;37;41m";
        case Role::note: return "\033[2m";
        case Role::accent: return "\033[36m";
        case Role::prompt: return "\033[1m";
    }
    return "";
}

}  // namespace

bool decide_color(ColorMode mode, bool stdout_is_terminal, const char* no_color_env, const char* term_env) noexcept {
    switch (mode) {
        case ColorMode::always: return true;
        case ColorMode::never: return false;
        case ColorMode::automatic: break;
    }
    if (!stdout_is_terminal) return false;
    if (no_color_env != nullptr && no_color_env[0] != '\0') return false;
    return term_env == nullptr || std::strcmp(term_env, "dumb") != 0;
}

std::string Style::paint(Role role, std::string_view text) const {
    if (!color_ || text.empty()) return std::string(text);
    std::string out(sgr(role));
    out.append(text).append(kReset);
    return out;
}

// libedit drops an invisible sequence at the very end of a prompt, so the
// reset goes before the prompt's trailing blank.
std::string Style::paint_prompt(std::string_view text) const {
    if (!color_ || text.empty()) return std::string(text);
    std::string_view tail;
    if (text.back() == ' ') {
        tail = text.substr(text.size() - 1);
        text.remove_suffix(1);
    }
    std::string out = "\001";
    out.append(sgr(Role::prompt)).append("\002").append(text).append("\001").append(kReset).append("\002");
    return out.append(tail);
}

// Only the client's own codes can be there: server text went through
// printable(), which leaves no escape character.
std::string without_color(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\033' && i + 1 < text.size() && text[i + 1] == '[') {
            const auto end = text.find('m', i);
            if (end != std::string_view::npos) {
                i = end;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

// C0 controls and DEL are single bytes; C1 controls (U+0080..U+009F) are
// the two-byte sequences C2 80..C2 9F, which some terminals obey as well.
std::string printable(std::string_view text, bool keep_newlines) {
    const std::string valid = protocol::to_valid_utf8(text);
    std::string out;
    out.reserve(valid.size());
    for (std::size_t i = 0; i < valid.size(); ++i) {
        const auto c = static_cast<unsigned char>(valid[i]);
        if (c == '\n') {
            out += keep_newlines ? '\n' : ' ';
        } else if (c == '\t') {
            out += ' ';
        } else if (c < 0x20 || c == 0x7f) {
            out += '?';
        } else if (c == 0xc2 && i + 1 < valid.size() && static_cast<unsigned char>(valid[i + 1]) < 0xa0) {
            out += '?';
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace dealer::client
