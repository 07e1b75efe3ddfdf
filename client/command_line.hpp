// The client's command line: dealer [HOST] [PORT] [--udp] [--no-color] ...
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace dealer::client {

/// When to colour the output (see style.hpp for the decision).
enum class ColorMode {
    automatic,  ///< only on a terminal, and not when NO_COLOR is set (the default)
    always,     ///< --color=always
    never,      ///< --no-color or --color=never
};

/// What the command line asked for.
struct ClientOptions {
    std::string host = "127.0.0.1";           ///< HOST: a name or an address
    std::string port = "11267";               ///< PORT: the SPEC §1 default
    bool udp = false;                         ///< --udp: speak UDP with the cookie handshake
    ColorMode color = ColorMode::automatic;   ///< --color=WHEN, --no-color
    /// --timeout SECONDS: how long to wait for an answer before saying that
    /// the server is not answering (and, over UDP, retransmitting meanwhile).
    std::chrono::milliseconds timeout{20000};
    bool help = false;                        ///< --help
    bool version = false;                     ///< --version
};

/// Parses argv. Returns nullopt and sets why on a usage error.
std::optional<ClientOptions> parse_command_line(int argc, const char* const* argv, std::string& why);

/// A duration for sentences: "20 s", "0.5 s".
std::string seconds_text(std::chrono::milliseconds duration);

/// The --help text.
std::string usage_text();

}  // namespace dealer::client
