// The stable machine codes of SPEC §4 error replies.
#pragma once

#include <optional>
#include <string_view>

namespace dealer::protocol {

/// Every error code a reply may carry. The names on the wire never change.
enum class ErrorCode {
    bad_json,       ///< the line starts with '{' but is not valid JSON
    bad_message,    ///< the envelope is wrong (type, id, seq, options)
    unknown_type,   ///< no such request type
    unknown_game,   ///< no game by that name
    bad_option,     ///< an option the game refuses
    not_in_game,    ///< move or quit outside a game
    in_game,        ///< play while already in a game
    illegal_move,   ///< the game refuses the move; it does not count
    line_too_long,  ///< over max_line_bytes; the connection closes
    rate_limited,   ///< too many attempts; carries retry_after
    server_busy,    ///< a limit is reached; the connection closes
    internal,       ///< a plugin or server failure
};

/// The code as it appears on the wire, e.g. "bad_json".
std::string_view to_string(ErrorCode code) noexcept;

/// The code whose wire name is `name`; nullopt for a name no code has
/// (a client reading a server's error).
std::optional<ErrorCode> error_code_from_string(std::string_view name) noexcept;

/// True for the codes after which the server closes the session.
constexpr bool closes_session(ErrorCode code) noexcept {
    return code == ErrorCode::line_too_long || code == ErrorCode::server_busy;
}

}  // namespace dealer::protocol
