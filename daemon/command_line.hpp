// dealerd's command-line arguments.
#pragma once

#include <optional>
#include <string>

namespace dealer {

/// What the command line asked for.
struct CommandLine {
    std::string config_path;   ///< --config PATH; "" = built-in defaults
    bool check_config = false; ///< --check-config: validate and exit
    bool help = false;         ///< --help
    bool version = false;      ///< --version
    bool hash_password = false; ///< --hash-password: print a password's argon2id hash
};

/// Parses argv. Returns nullopt and sets why on a usage error.
std::optional<CommandLine> parse_command_line(int argc, const char* const* argv, std::string& why);

/// The --help text.
std::string usage_text();

}  // namespace dealer
