// The daemon's configuration: what dealerd.toml may say, its defaults and
// bounds, and the loader that turns a file into a validated Config or a list
// of FILE:LINE:COL errors.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace dealer {

/// A place in a config file, 1-based; line 0 means "no position" (built-in
/// defaults, or an error about the file as a whole).
struct SourcePosition {
    std::uint32_t line = 0;    ///< 1-based line, 0 when unknown
    std::uint32_t column = 0;  ///< 1-based column, 0 when unknown
};

/// One problem found while loading a config, printed as FILE:LINE:COL: message.
struct ConfigError {
    std::string file;          ///< the config file's path as given
    SourcePosition where;      ///< where in the file
    std::string message;       ///< what is wrong, one sentence, no trailing period
    /// "FILE:LINE:COL: message" (or "FILE: message" without a position).
    [[nodiscard]] std::string to_string() const;
};

/// An IP literal and port to listen on, e.g. 127.0.0.1:11267 or [::1]:11267.
struct ListenAddress {
    std::string host;          ///< IP literal without brackets ("::1")
    std::uint16_t port = 0;    ///< port; 0 lets the kernel pick one
    /// Back to the config form, brackets around IPv6 ("[::1]:11267").
    [[nodiscard]] std::string to_string() const;
    /// Equality, for reload diffs and tests.
    friend bool operator==(const ListenAddress&, const ListenAddress&) = default;
};

/// Parses "IPv4:PORT" or "[IPv6]:PORT"; returns nullopt and sets why on error.
std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& why);

/// Parses a duration with a unit: "250ms", "30s", "5m", "1h"; nullopt + why on error.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text, std::string& why);

/// A duration in its largest exact unit: 300000 ms -> "5m", 250 ms -> "250ms".
std::string format_duration(std::chrono::milliseconds d);

/// One [games.NAME] table: a game offered under NAME, made by a plugin.
struct GameConfig {
    std::string name;              ///< the table's NAME, what players ask for
    std::string plugin;            ///< plugin name ("guess") or a path to a .so
    nlohmann::json options = nlohmann::json::object();  ///< every other key, TOML -> JSON
    SourcePosition where;          ///< position of the [games.NAME] header
    /// Position of each key in `options`, for errors found later by the plugin schema.
    std::map<std::string, SourcePosition> option_positions;
};

/// Log destinations ([log] sink).
enum class LogSink { stderr_sink, journal, file };

/// The whole validated configuration. Defaults are the built-in ones.
struct Config {
    std::string source;            ///< path of the file it came from; "" for built-in defaults
    /// Directory relative paths in the file are resolved against ("" = cwd).
    std::string base_dir;

    // [server]
    std::vector<ListenAddress> tcp{{"127.0.0.1", 11267}, {"::1", 11267}};  ///< TCP listeners
    std::vector<ListenAddress> udp{{"127.0.0.1", 11267}};                  ///< UDP listeners
    unsigned threads = 0;          ///< network threads; 0 = one per core
    /// Worker threads for slow game calls (password checks, the mancala
    /// dealer's search); 0 = one per core.
    unsigned workers = 0;
    /// Where plugins named by `plugin = "NAME"` are found; "" = the bundled
    /// directory next to the executable (<prefix>/lib/dealer/plugins).
    std::string plugin_dir;
    /// After SIGTERM, how long players in a game may go on to finish it
    /// before their connections are closed; 0 = close every session at once.
    std::chrono::milliseconds shutdown_grace{std::chrono::seconds(10)};

    // [limits]
    std::size_t max_sessions = 10000;         ///< all transports together
    std::size_t max_sessions_per_ip = 64;     ///< per source address
    std::size_t max_line_bytes = 4096;        ///< TCP line / UDP datagram
    std::size_t max_json_depth = 32;          ///< a request's deepest nesting of objects and arrays
    std::size_t max_queued_moves = 256;       ///< slow game calls waiting for a worker; more get server_busy
    std::chrono::milliseconds idle_timeout{std::chrono::minutes(5)};         ///< no complete message -> closed
    std::chrono::milliseconds line_timeout{std::chrono::seconds(30)};        ///< a begun TCP line must end within this
    std::size_t max_output_bytes = 64 * 1024;  ///< TCP replies queued before reading pauses
    std::chrono::milliseconds send_timeout{std::chrono::seconds(30)};        ///< output over the cap this long -> closed
    std::uint32_t max_messages_per_second = 1000;  ///< per session, on average; 0 = no limit
    std::uint32_t message_burst = 2000;            ///< per session, at once
    std::uint32_t new_sessions_per_second_per_ip = 100;  ///< new sessions from one address, on average; 0 = no limit
    std::uint32_t new_session_burst_per_ip = 200;        ///< new sessions from one address, at once
    std::uint32_t udp_hello_replies_per_second = 10000;       ///< cookies sent a second, per UDP address served; 0 = no limit
    std::uint32_t udp_hello_replies_per_second_per_ip = 100;  ///< cookies sent to one source a second; 0 = no limit
    std::chrono::milliseconds udp_session_timeout{std::chrono::seconds(60)}; ///< UDP session lifetime without a message

    // [log]
    std::string log_level = "info";           ///< trace|debug|info|warn|error
    LogSink log_sink = LogSink::stderr_sink;  ///< where log lines go
    std::string log_file;                     ///< path when log_sink == file

    // [games.*], in file order
    std::vector<GameConfig> games;
    /// True when the games come from the built-in default (no file): every
    /// bundled plugin offered under its own name.
    bool default_games = true;
};

/// The outcome of loading: a Config when errors is empty.
struct ConfigResult {
    std::optional<Config> config;      ///< set when the file is valid
    std::vector<ConfigError> errors;   ///< every problem found, in file order
};

/// Reads and validates the TOML file at path. Never throws.
ConfigResult load_config_file(const std::string& path);

/// Validates TOML text as if read from a file named `path` (for tests). Never throws.
ConfigResult load_config_string(std::string_view toml, const std::string& path);

/// The built-in defaults used when dealerd runs without --config; games are
/// the bundled ones, each under its plugin name.
Config default_config(const std::vector<std::string>& bundled_games);

/// One [server], [limits] or [log] option whose value differs between the
/// running config and a reloaded one.
struct OptionChange {
    std::string name;         ///< "[limits] max_sessions"
    std::string before;       ///< the running value, as TOML text ("10000", "\"5m\"")
    std::string after;        ///< the reloaded value, as TOML text
    bool reloadable = true;   ///< false: the table says it needs a restart
    bool address_list = false;  ///< [server] tcp or udp (the listeners say what changed)
};

/// Every option whose value differs between running and reloaded, in table
/// order, compared by shown value; games are not options.
std::vector<OptionChange> changed_options(const Config& running, const Config& reloaded);

/// Options that differ between the running config and a reloaded one but only
/// take effect on restart ("[server] threads", "[server] workers"), as "[section] key"
/// in table order, so a SIGHUP reload can say which changes wait for a restart.
std::vector<std::string> restart_required_changes(const Config& running, const Config& reloaded);

/// Puts the values in effect (running) of the options that need a restart
/// into a reloaded config, which is then the config in effect after the reload.
void keep_restart_only_options(const Config& running, Config& reloaded);

}  // namespace dealer
