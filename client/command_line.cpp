#include "client/command_line.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace dealer::client {

namespace {

// A port is a decimal number 1..65535; service names are not worth the
// surprise they cause ("dealer localhost http").
bool valid_port(std::string_view text) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && value >= 1 && value <= 65535;
}

// Seconds, possibly fractional ("0.5"), from 0.1 to one day: a deadline
// shorter than a retransmission or longer than anyone waits is a typo.
bool parse_seconds(std::string_view text, std::chrono::milliseconds& out) {
    double seconds = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(seconds)) return false;
    if (seconds < 0.1 || seconds > 86400) return false;
    out = std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
    return true;
}

bool parse_color(std::string_view when, ColorMode& out) {
    if (when == "auto") out = ColorMode::automatic;
    else if (when == "always") out = ColorMode::always;
    else if (when == "never") out = ColorMode::never;
    else return false;
    return true;
}

}  // namespace

// Options may stand anywhere; the first two other words are HOST and PORT,
// as in `nc HOST PORT`. "--" ends the options (for a host named "-x").
std::optional<ClientOptions> parse_command_line(int argc, const char* const* argv, std::string& why) {
    ClientOptions options;
    int positional = 0;
    bool options_done = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        // The value of an option given as "--name VALUE" or "--name=VALUE".
        const auto value_of = [&](std::string_view name, std::string_view& value) {
            if (arg == name) {
                if (i + 1 >= argc) {
                    why = std::string(name) + " needs a value";
                    return false;
                }
                value = argv[++i];
                return true;
            }
            value = arg.substr(name.size() + 1);
            return true;
        };
        std::string_view value;
        if (options_done || arg.empty() || arg.front() != '-' || arg == "-") {
            if (positional == 0) {
                options.host = std::string(arg);
            } else if (positional == 1) {
                if (!valid_port(arg)) {
                    why = "'" + std::string(arg) + "' is not a port (1 to 65535)";
                    return std::nullopt;
                }
                options.port = std::string(arg);
            } else {
                why = "unexpected argument '" + std::string(arg) + "'";
                return std::nullopt;
            }
            ++positional;
        } else if (arg == "--") {
            options_done = true;
        } else if (arg == "--udp" || arg == "-u") {
            options.udp = true;
        } else if (arg == "--no-color" || arg == "--no-colour") {
            options.color = ColorMode::never;
        } else if (arg == "--color" || arg.starts_with("--color=")) {
            if (!value_of("--color", value)) return std::nullopt;
            if (!parse_color(value, options.color)) {
                why = "--color takes auto, always or never, not '" + std::string(value) + "'";
                return std::nullopt;
            }
        } else if (arg == "--timeout" || arg == "-t" || arg.starts_with("--timeout=")) {
            if (!value_of(arg == "-t" ? "-t" : "--timeout", value)) return std::nullopt;
            if (!parse_seconds(value, options.timeout)) {
                why = "--timeout takes seconds from 0.1 to 86400, not '" + std::string(value) + "'";
                return std::nullopt;
            }
        } else if (arg == "--help" || arg == "-h") {
            options.help = true;
        } else if (arg == "--version" || arg == "-V") {
            options.version = true;
        } else {
            why = "unknown option '" + std::string(arg) + "'";
            return std::nullopt;
        }
    }
    return options;
}

std::string seconds_text(std::chrono::milliseconds duration) {
    const auto ms = duration.count();
    std::string text = std::to_string(ms / 1000);
    if (ms % 1000 != 0) {
        std::string fraction = std::to_string(1000 + ms % 1000).substr(1);
        while (fraction.back() == '0') fraction.pop_back();
        text += "." + fraction;
    }
    return text + " s";
}

std::string usage_text() {
    return "usage: dealer [HOST] [PORT] [--udp] [--timeout SECONDS] [--no-color]\n"
           "\n"
           "Plays the games of a dealerd server (default 127.0.0.1 11267) at the terminal.\n"
           "\n"
           "  -u, --udp              speak UDP (cookie handshake, retransmission)\n"
           "  -t, --timeout SECONDS  give up when the server has not answered for this\n"
           "                         long (default 20)\n"
           "      --no-color         plain output, also on a terminal (so does NO_COLOR=1)\n"
           "      --color=WHEN       auto (the default: colour on a terminal), always, never\n"
           "  -h, --help             this help\n"
           "  -V, --version          print the version\n"
           "\n"
           "In the lobby type a game's name or number (help lists the commands); in a\n"
           "game type your move (/help, /quit leaves the game). Ctrl-D or bye leaves.\n"
           "Piped, it reads one command or move a line: printf 'play guess\\n5\\n' | dealer\n"
           "\n"
           "Environment: NO_COLOR (set: no colour), DEALER_HISTORY (the history file,\n"
           "~/.dealer_history by default; empty: none). More: docs/client.md\n"
           "\n"
           "Exit status: 0 left normally, 1 could not connect, 2 bad usage, 3 the\n"
           "connection ended (the server closed, shut down or stopped answering),\n"
           "4 a dealer's reveal did not match its commitment, 130 interrupted.\n";
}

}  // namespace dealer::client
