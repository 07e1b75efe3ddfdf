#include "daemon/command_line.hpp"

#include <string_view>

namespace dealer {

std::optional<CommandLine> parse_command_line(int argc, const char* const* argv, std::string& why) {
    CommandLine cl;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--config" || arg == "-c") {
            if (i + 1 >= argc) {
                why = std::string(arg) + " needs a file name";
                return std::nullopt;
            }
            cl.config_path = argv[++i];
        } else if (arg.starts_with("--config=")) {
            cl.config_path = std::string(arg.substr(9));
        } else if (arg == "--check-config" || arg == "-t") {
            cl.check_config = true;
        } else if (arg == "--help" || arg == "-h") {
            cl.help = true;
        } else if (arg == "--version" || arg == "-V") {
            cl.version = true;
        } else if (arg == "--hash-password") {
            cl.hash_password = true;
        } else {
            why = "unknown argument '" + std::string(arg) + "'";
            return std::nullopt;
        }
    }
    if (cl.check_config && cl.config_path.empty()) {
        why = "--check-config needs --config FILE";
        return std::nullopt;
    }
    return cl;
}

std::string usage_text() {
    return "usage: dealerd [--config FILE] [--check-config]\n"
           "       dealerd --hash-password\n"
           "\n"
           "Deals games to players over TCP and UDP (port 11267 by default).\n"
           "\n"
           "  -c, --config FILE    read FILE (TOML); without it, listen on 127.0.0.1:11267\n"
           "                       and [::1]:11267 and offer every bundled game\n"
           "  -t, --check-config   validate the config (and the games' plugins), print\n"
           "                       FILE:LINE:COL: problem for each error, exit non-zero on any\n"
           "      --hash-password  read a password (unechoed on a terminal, else the first\n"
           "                       line of stdin) and print its argon2id hash, for the\n"
           "                       password game's hash option\n"
           "  -h, --help           this help\n"
           "  -V, --version        print the version\n"
           "\n"
           "Signals: SIGTERM and SIGINT stop gracefully (exit 0).\n"
           "Players: nc 127.0.0.1 11267, then type help.\n";
}

}  // namespace dealer
