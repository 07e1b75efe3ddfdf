#include "protocol/error_code.hpp"

namespace dealer::protocol {

std::string_view to_string(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::bad_json: return "bad_json";
        case ErrorCode::bad_message: return "bad_message";
        case ErrorCode::unknown_type: return "unknown_type";
        case ErrorCode::unknown_game: return "unknown_game";
        case ErrorCode::bad_option: return "bad_option";
        case ErrorCode::not_in_game: return "not_in_game";
        case ErrorCode::in_game: return "in_game";
        case ErrorCode::illegal_move: return "illegal_move";
        case ErrorCode::line_too_long: return "line_too_long";
        case ErrorCode::rate_limited: return "rate_limited";
        case ErrorCode::server_busy: return "server_busy";
        case ErrorCode::internal: return "internal";
    }
    return "internal";
}

// The enum is dense from bad_json to internal: every code is tried.
std::optional<ErrorCode> error_code_from_string(std::string_view name) noexcept {
    for (int i = static_cast<int>(ErrorCode::bad_json); i <= static_cast<int>(ErrorCode::internal); ++i) {
        const auto code = static_cast<ErrorCode>(i);
        if (to_string(code) == name) return code;
    }
    return std::nullopt;
}

}  // namespace dealer::protocol
