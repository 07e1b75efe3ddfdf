// The config loader: reads dealerd.toml with toml++, checks every value
// against the option table (config_table.hpp) and the [games.NAME] rules,
// and returns either a Config or every problem found, as FILE:LINE:COL
// errors in file order. Nothing here throws out of a public function.

#include "config.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <new>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>

#include "config_table.hpp"

namespace dealer {

namespace cd = config_detail;

namespace {

constexpr std::string_view kAddressHint =
    "(listen addresses are IP literals, e.g. 127.0.0.1:11267 or [::1]:11267)";
constexpr std::string_view kDurationHint =
    "(use a number with ms, s, m, h or d, e.g. \"30s\")";

/// Duration units, longest first so format_duration picks the largest exact one.
struct DurationUnit {
    std::string_view name;
    std::int64_t ms;
};
constexpr std::array<DurationUnit, 5> kDurationUnits{{
    {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}}};

// Converts toml++'s source position to ours. Used for every error and for the
// positions GameConfig records.
SourcePosition position_of(const toml::source_region& region) {
    return {region.begin.line, region.begin.column};
}

// Orders positions as they appear in the file; errors without a position
// (line 0) go last. Used to put errors and games in file order, because
// toml++ tables iterate by key, not by position.
bool before_in_file(const SourcePosition& a, const SourcePosition& b) {
    const auto key = [](const SourcePosition& p) {
        return std::pair{p.line == 0 ? std::numeric_limits<std::uint32_t>::max() : p.line, p.column};
    };
    return key(a) < key(b);
}

// The TOML type of a node with its article ("an integer"), for
// "must be X, not Y" messages.
std::string_view type_phrase(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
    }
    return "nothing";
}

// The problems found in one file. Every check adds to it and carries on, so
// one run of --check-config shows everything that is wrong; take() hands
// them over in file order.
class Diagnostics {
public:
    explicit Diagnostics(std::string file) : file_(std::move(file)) {}

    void add(SourcePosition where, std::string message) {
        errors_.push_back(ConfigError{file_, where, std::move(message)});
    }
    void add(const toml::source_region& region, std::string message) {
        add(position_of(region), std::move(message));
    }
    [[nodiscard]] std::size_t count() const { return errors_.size(); }

    std::vector<ConfigError> take() {
        std::stable_sort(errors_.begin(), errors_.end(),
                         [](const ConfigError& a, const ConfigError& b) {
                             return before_in_file(a.where, b.where);
                         });
        return std::move(errors_);
    }

private:
    std::string file_;
    std::vector<ConfigError> errors_;
};

// "[limits] max_sessions", the name every message about an option starts with.
std::string option_name(const cd::OptionSpec& spec) {
    return "[" + std::string(spec.section) + "] " + std::string(spec.key);
}

// ---------------------------------------------------------------------------
// Readers: one per OptionType, the "type interface" of the option table. Each
// checks a node against its row and returns the value to store, or reports
// why not and returns nullopt.

// The node's string, or an error "must be a string, not ..." when it is not one.
const std::string* string_value(const cd::OptionSpec& spec, const toml::node& node, Diagnostics& diag) {
    if (const auto* s = node.as_string()) return &s->get();
    diag.add(node.source(), option_name(spec) + " must be a string, not " + std::string(type_phrase(node)));
    return nullptr;
}

// [min, max]-bounded integers (threads, limits).
std::optional<cd::OptionValue> read_integer(const cd::OptionSpec& spec, const toml::node& node,
                                            Diagnostics& diag) {
    const auto* i = node.as_integer();
    if (i == nullptr) {
        diag.add(node.source(), option_name(spec) + " must be an integer, not " + std::string(type_phrase(node)));
        return std::nullopt;
    }
    const std::int64_t v = i->get();
    if (v < spec.min || v > spec.max) {
        diag.add(node.source(), option_name(spec) + " must be between " + std::to_string(spec.min) + " and " +
                                    std::to_string(spec.max) + ", got " + std::to_string(v));
        return std::nullopt;
    }
    return cd::OptionValue{v};
}

// Duration strings ("30s"), bounded in milliseconds.
std::optional<cd::OptionValue> read_duration(const cd::OptionSpec& spec, const toml::node& node,
                                             Diagnostics& diag) {
    const std::string* text = string_value(spec, node, diag);
    if (text == nullptr) return std::nullopt;
    std::string why;
    const auto d = parse_duration(*text, why);
    if (!d) {
        diag.add(node.source(), option_name(spec) + ": " + why);
        return std::nullopt;
    }
    if (d->count() < spec.min || d->count() > spec.max) {
        diag.add(node.source(), option_name(spec) + " must be between " +
                                    cd::format_duration(std::chrono::milliseconds(spec.min)) + " and " +
                                    cd::format_duration(std::chrono::milliseconds(spec.max)) + ", got " +
                                    *text);
        return std::nullopt;
    }
    return cd::OptionValue{*d};
}

// Arrays of listen addresses. Every bad element is reported; a listed twice
// address is an error too, since the second bind would fail at start.
std::optional<cd::OptionValue> read_address_list(const cd::OptionSpec& spec, const toml::node& node,
                                                 Diagnostics& diag) {
    const auto* array = node.as_array();
    if (array == nullptr) {
        diag.add(node.source(), option_name(spec) + " must be an array of addresses, not " +
                                    std::string(type_phrase(node)));
        return std::nullopt;
    }
    const std::size_t errors_before = diag.count();
    std::vector<ListenAddress> out;
    std::size_t index = 0;
    for (const auto& element : *array) {
        const std::string where = option_name(spec) + "[" + std::to_string(index++) + "]";
        const auto* s = element.as_string();
        if (s == nullptr) {
            diag.add(element.source(), where + " must be a string, not " + std::string(type_phrase(element)));
            continue;
        }
        std::string why;
        auto address = parse_listen_address(s->get(), why);
        if (!address) {
            diag.add(element.source(), option_name(spec) + ": " + cd::quote(s->get()) +
                                           " is not a listen address: " + why);
            continue;
        }
        if (std::find(out.begin(), out.end(), *address) != out.end()) {
            diag.add(element.source(), option_name(spec) + " lists " + address->to_string() + " twice");
            continue;
        }
        out.push_back(std::move(*address));
    }
    if (diag.count() != errors_before) return std::nullopt;
    return cd::OptionValue{std::move(out)};
}

// Paths (plugin_dir); "" is allowed and means the built-in place.
std::optional<cd::OptionValue> read_path(const cd::OptionSpec& spec, const toml::node& node, Diagnostics& diag) {
    const std::string* text = string_value(spec, node, diag);
    if (text == nullptr) return std::nullopt;
    if (text->find('\0') != std::string::npos) {
        diag.add(node.source(), option_name(spec) + " must not contain a NUL character");
        return std::nullopt;
    }
    return cd::OptionValue{*text};
}

// One of a fixed set of words ([log] level).
std::optional<cd::OptionValue> read_choice(const cd::OptionSpec& spec, const toml::node& node,
                                           Diagnostics& diag) {
    const std::string* text = string_value(spec, node, diag);
    if (text == nullptr) return std::nullopt;
    for (const auto choice : spec.choices)
        if (*text == choice) return cd::OptionValue{*text};
    std::string list;
    for (std::size_t i = 0; i < spec.choices.size(); ++i) {
        if (i > 0) list += (i + 1 == spec.choices.size()) ? " or " : ", ";
        list += spec.choices[i];
    }
    diag.add(node.source(), option_name(spec) + " must be one of " + list + ", got " + cd::quote(*text));
    return std::nullopt;
}

// [log] sink: "stderr", "journal" or "file:PATH".
std::optional<cd::OptionValue> read_log_sink(const cd::OptionSpec& spec, const toml::node& node,
                                             Diagnostics& diag) {
    const std::string* text = string_value(spec, node, diag);
    if (text == nullptr) return std::nullopt;
    if (*text == "stderr" || *text == "journal") return cd::OptionValue{*text};
    if (text->starts_with("file:")) {
        if (text->size() == 5) {
            diag.add(node.source(), option_name(spec) + " \"file:\" needs a path after \"file:\", e.g. " +
                                        "\"file:/var/log/dealerd.log\"");
            return std::nullopt;
        }
        if (text->find('\0') != std::string::npos) {
            diag.add(node.source(), option_name(spec) + " must not contain a NUL character");
            return std::nullopt;
        }
        return cd::OptionValue{*text};
    }
    diag.add(node.source(), option_name(spec) + " must be \"stderr\", \"journal\" or \"file:PATH\", got " +
                                cd::quote(*text));
    return std::nullopt;
}

// Dispatches a node to its row's reader.
std::optional<cd::OptionValue> read_option(const cd::OptionSpec& spec, const toml::node& node,
                                           Diagnostics& diag) {
    switch (spec.type) {
    case cd::OptionType::integer: return read_integer(spec, node, diag);
    case cd::OptionType::duration: return read_duration(spec, node, diag);
    case cd::OptionType::address_list: return read_address_list(spec, node, diag);
    case cd::OptionType::path: return read_path(spec, node, diag);
    case cd::OptionType::choice: return read_choice(spec, node, diag);
    case cd::OptionType::log_sink: return read_log_sink(spec, node, diag);
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------
// The document walk.

/// What the walk remembers about table options for the checks that involve
/// more than one of them.
struct SeenOptions {
    std::map<const cd::OptionSpec*, SourcePosition> given;  ///< set in the file and valid
    std::vector<const cd::OptionSpec*> failed;              ///< set in the file but invalid

    [[nodiscard]] bool is_failed(const cd::OptionSpec* spec) const {
        return std::find(failed.begin(), failed.end(), spec) != failed.end();
    }
};

// Loads one of the table's sections ([server], [limits], [log]): every key
// must be a row of the table; valid values are stored into cfg at once.
void load_section(std::string_view section, const toml::node& node, Config& cfg, SeenOptions& seen,
                  Diagnostics& diag) {
    const auto* table = node.as_table();
    if (table == nullptr) {
        diag.add(node.source(), "[" + std::string(section) + "] must be a table, not " +
                                    std::string(type_phrase(node)));
        return;
    }
    for (auto&& [key, value] : *table) {
        const cd::OptionSpec* spec = cd::find_option(section, key.str());
        if (spec == nullptr) {
            diag.add(key.source(), "unknown key '" + std::string(key.str()) + "' in [" + std::string(section) + "]");
            continue;
        }
        if (auto checked = read_option(*spec, value, diag)) {
            spec->apply(cfg, *checked);
            seen.given[spec] = position_of(value.source());
        } else {
            seen.failed.push_back(spec);
        }
    }
}

// Checks that span options, after all of them are read: a per-address
// session limit above the total could never be reached. Skipped when either
// value was itself invalid, so one mistake gives one error.
void check_cross_option(const Config& cfg, const SeenOptions& seen, Diagnostics& diag) {
    const auto* total = cd::find_option("limits", "max_sessions");
    const auto* per_ip = cd::find_option("limits", "max_sessions_per_ip");
    if (seen.is_failed(total) || seen.is_failed(per_ip)) return;
    if (cfg.max_sessions_per_ip <= cfg.max_sessions) return;
    SourcePosition where;
    if (auto it = seen.given.find(per_ip); it != seen.given.end())
        where = it->second;
    else if (auto jt = seen.given.find(total); jt != seen.given.end())
        where = jt->second;
    diag.add(where, "[limits] max_sessions_per_ip (" + std::to_string(cfg.max_sessions_per_ip) +
                        ") must not be more than max_sessions (" + std::to_string(cfg.max_sessions) + ")");
}

// Converts a game option from TOML to JSON for the plugin: integers,
// floats, booleans, strings, arrays and tables (recursively). Dates and
// times have no JSON form and are refused; so are nan and inf. `what` names
// the value in messages ("[games.guess] max", "... list[2]").
std::optional<nlohmann::json> to_json(const toml::node& node, const std::string& what, Diagnostics& diag) {
    switch (node.type()) {
    case toml::node_type::integer: return nlohmann::json(node.as_integer()->get());
    case toml::node_type::boolean: return nlohmann::json(node.as_boolean()->get());
    case toml::node_type::string: return nlohmann::json(node.as_string()->get());
    case toml::node_type::floating_point: {
        const double d = node.as_floating_point()->get();
        if (!std::isfinite(d)) {
            diag.add(node.source(), what + ": nan and inf have no JSON form");
            return std::nullopt;
        }
        return nlohmann::json(d);
    }
    case toml::node_type::array: {
        auto out = nlohmann::json::array();
        bool ok = true;
        std::size_t index = 0;
        for (const auto& element : *node.as_array()) {
            auto converted = to_json(element, what + "[" + std::to_string(index++) + "]", diag);
            if (converted)
                out.push_back(std::move(*converted));
            else
                ok = false;
        }
        if (!ok) return std::nullopt;
        return out;
    }
    case toml::node_type::table: {
        auto out = nlohmann::json::object();
        bool ok = true;
        for (auto&& [key, value] : *node.as_table()) {
            auto converted = to_json(value, what + "." + std::string(key.str()), diag);
            if (converted)
                out[std::string(key.str())] = std::move(*converted);
            else
                ok = false;
        }
        if (!ok) return std::nullopt;
        return out;
    }
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
    case toml::node_type::none: break;
    }
    diag.add(node.source(), what + ": unsupported value type (" + std::string(type_phrase(node)) + ")");
    return std::nullopt;
}

// True for names players can type and the protocol can carry:
// [a-z0-9][a-z0-9_-]{0,31}.
bool valid_game_name(std::string_view name) {
    if (name.empty() || name.size() > 32) return false;
    const auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!lower_or_digit(name.front())) return false;
    return std::all_of(name.begin() + 1, name.end(),
                       [&](char c) { return lower_or_digit(c) || c == '_' || c == '-'; });
}

// Loads one [games.NAME] table: `plugin` is required, every other key is an
// option handed to the plugin as JSON, with its position kept for the
// plugin's own schema errors later.
void load_game(std::string_view name, const toml::node& node, Config& cfg, Diagnostics& diag) {
    const std::string header = "[games." + std::string(name) + "]";
    const auto* table = node.as_table();
    if (table == nullptr) {
        diag.add(node.source(), header + " must be a table of game options, not " + std::string(type_phrase(node)));
        return;
    }
    GameConfig game;
    game.name = std::string(name);
    game.where = position_of(node.source());
    if (!valid_game_name(name))
        diag.add(game.where, "game name " + cd::quote(name) +
                                 " is not allowed: use 1 to 32 of a-z, 0-9, '_' and '-', starting with a letter "
                                 "or digit");
    bool has_plugin = false;
    for (auto&& [key, value] : *table) {
        if (key.str() == "plugin") {
            has_plugin = true;
            if (const auto* s = value.as_string()) {
                if (s->get().empty())
                    diag.add(value.source(), header + " plugin must not be empty");
                else if (s->get().find('\0') != std::string::npos)
                    diag.add(value.source(), header + " plugin must not contain a NUL character");
                else
                    game.plugin = s->get();
            } else {
                diag.add(value.source(), header + " plugin must be a string, not " + std::string(type_phrase(value)));
            }
            continue;
        }
        const std::string option(key.str());
        if (auto converted = to_json(value, header + " " + option, diag)) {
            game.options[option] = std::move(*converted);
            game.option_positions[option] = position_of(key.source());
        }
    }
    if (!has_plugin) diag.add(game.where, header + " has no plugin; add e.g. plugin = \"guess\"");
    cfg.games.push_back(std::move(game));
}

// Loads the [games] table: a table of [games.NAME] tables, kept in file order.
void load_games(const toml::node& node, Config& cfg, Diagnostics& diag) {
    const auto* games = node.as_table();
    if (games == nullptr) {
        diag.add(node.source(), "games must be a table of [games.NAME] tables, not " + std::string(type_phrase(node)));
        return;
    }
    for (auto&& [name, game] : *games) load_game(name.str(), game, cfg, diag);
    std::stable_sort(cfg.games.begin(), cfg.games.end(), [](const GameConfig& a, const GameConfig& b) {
        return before_in_file(a.where, b.where);
    });
}

// The directory a config file lives in, made absolute so relative paths in
// it stay right if the daemon changes directory; falls back to the path as
// given when the current directory cannot be found.
std::string directory_of(const std::string& path) {
    if (path.empty()) return {};
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(std::filesystem::path(path), ec);
    if (ec) p = std::filesystem::path(path);
    return p.lexically_normal().parent_path().string();
}

// Validates parsed-or-not TOML text for both public loaders. The file walk
// checks each top-level key: a table section, the games, or an error.
ConfigResult load_text(std::string_view text, const std::string& path) {
    Diagnostics diag(path);
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(path));
    } catch (const toml::parse_error& e) {
        diag.add(e.source(), std::string(e.description()));
        return ConfigResult{std::nullopt, diag.take()};
    }

    Config cfg;
    cfg.source = path;
    cfg.base_dir = directory_of(path);
    cfg.games.clear();
    cfg.default_games = false;
    SeenOptions seen;

    for (auto&& [key, node] : root) {
        const std::string_view name = key.str();
        if (name == "games")
            load_games(node, cfg, diag);
        else if (cd::is_option_section(name))
            load_section(name, node, cfg, seen, diag);
        else if (node.is_table())
            diag.add(node.source(), "unknown section [" + std::string(name) + "]");
        else
            diag.add(key.source(), "unknown key '" + std::string(name) +
                                       "' outside any section (settings go in [server], [limits], [log] or "
                                       "[games.NAME])");
    }
    check_cross_option(cfg, seen, diag);

    if (diag.count() != 0) return ConfigResult{std::nullopt, diag.take()};
    return ConfigResult{std::move(cfg), {}};
}

// Wraps load_text so that nothing escapes: toml++ and the standard library
// may still throw (bad_alloc, filesystem errors), which become one error
// about the file as a whole.
ConfigResult load_guarded(std::string_view text, const std::string& path) {
    try {
        return load_text(text, path);
    } catch (const std::exception& e) {
        return ConfigResult{std::nullopt, {ConfigError{path, {}, std::string("internal error: ") + e.what()}}};
    } catch (...) {
        return ConfigResult{std::nullopt, {ConfigError{path, {}, "internal error"}}};
    }
}

// Reads a whole file into `out`; on failure returns false with errno's value
// in `error` (a directory counts as EISDIR, which open() alone would allow).
bool read_whole_file(const std::string& path, std::string& out, int& error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = errno;
        return false;
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        error = EISDIR;
        return false;
    }
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            error = errno;
            ::close(fd);
            return false;
        }
        out.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return true;
}

}  // namespace

// ---------------------------------------------------------------------------
// Helpers the option table shares (declared in config_table.hpp).

namespace config_detail {

// Used wherever a user's text is echoed in a message, so that odd characters
// (quotes, newlines, control bytes) cannot garble the one-line error format.
std::string quote(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                static constexpr char hex[] = "0123456789abcdef";
                const auto u = static_cast<unsigned char>(c);
                out += "\\u00";
                out += hex[u >> 4];
                out += hex[u & 0xf];
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

}  // namespace config_detail

// ---------------------------------------------------------------------------
// Public interface.

// Used by --check-config and the start/reload log lines: the compiler-style
// form editors and CI logs can jump to.
std::string ConfigError::to_string() const {
    if (file.empty()) return message;  // built-in defaults: there is no file to point at
    if (where.line == 0) return file + ": " + message;
    std::string out = file + ":" + std::to_string(where.line);
    if (where.column != 0) out += ":" + std::to_string(where.column);
    return out + ": " + message;
}

// Used in logs, reload diffs and show(): the config form, IPv6 in brackets.
std::string ListenAddress::to_string() const {
    if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
    return host + ":" + std::to_string(port);
}

// Called for each [server] tcp/udp entry. Only IP literals are accepted:
// resolving names at start (and again at reload) would make the listen set
// depend on DNS. IPv6 is stored in inet_ntop's canonical form, so equal
// addresses compare equal in reload diffs.
std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& why) {
    std::string_view host;
    std::string_view port;
    bool v6 = false;
    if (text.empty()) {
        why = "empty address " + std::string(kAddressHint);
        return std::nullopt;
    }
    if (text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            why = "missing ']' after the IPv6 address, e.g. [::1]:11267";
            return std::nullopt;
        }
        host = text.substr(1, close - 1);
        const std::string_view rest = text.substr(close + 1);
        if (rest.empty() || rest.front() != ':') {
            why = "missing :PORT after ']', e.g. [::1]:11267";
            return std::nullopt;
        }
        port = rest.substr(1);
        v6 = true;
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos) {
            why = "missing :PORT, e.g. 127.0.0.1:11267";
            return std::nullopt;
        }
        host = text.substr(0, colon);
        if (host.find(':') != std::string_view::npos) {
            why = "IPv6 addresses go in brackets, e.g. [::1]:11267";
            return std::nullopt;
        }
        port = text.substr(colon + 1);
    }

    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        why = "port " + cd::quote(port) + " is not a number from 0 to 65535";
        return std::nullopt;
    }
    unsigned long port_number = 0;
    for (const char c : port) port_number = port_number * 10 + static_cast<unsigned long>(c - '0');
    if (port_number > 65535) {
        why = "port " + std::string(port) + " is not a number from 0 to 65535";
        return std::nullopt;
    }

    if (host.empty()) {
        why = "missing IP address before the port " + std::string(kAddressHint);
        return std::nullopt;
    }
    unsigned char binary[sizeof(in6_addr)] = {};
    const int family = v6 ? AF_INET6 : AF_INET;
    const std::string host_z(host);
    if (host.find('\0') != std::string_view::npos || ::inet_pton(family, host_z.c_str(), binary) != 1) {
        const bool has_letter = std::any_of(host.begin(), host.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        });
        if (!v6 && has_letter)
            why = cd::quote(host) + " is a host name, not an IP address " + std::string(kAddressHint);
        else
            why = cd::quote(host) + " is not an " + (v6 ? "IPv6" : "IPv4") + " address " + std::string(kAddressHint);
        return std::nullopt;
    }
    char canonical[INET6_ADDRSTRLEN] = {};
    if (::inet_ntop(family, binary, canonical, sizeof canonical) == nullptr) {
        why = "cannot format " + cd::quote(host) + " as an IP address";
        return std::nullopt;
    }
    return ListenAddress{canonical, static_cast<std::uint16_t>(port_number)};
}

// Called for duration options: digits (no sign, no fraction) followed by
// exactly one unit, ms, s, m, h or d. Values that do not fit in milliseconds
// are refused rather than wrapped.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text, std::string& why) {
    const auto not_a_duration = [&] {
        why = cd::quote(text) + " is not a duration " + std::string(kDurationHint);
        return std::nullopt;
    };
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    std::size_t i = 0;
    std::int64_t value = 0;
    bool overflow = false;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        const int digit = text[i] - '0';
        if (value > (max - digit) / 10)
            overflow = true;
        else
            value = value * 10 + digit;
    }
    if (i == 0) return not_a_duration();
    const std::string_view unit_name = text.substr(i);
    const auto unit = std::find_if(kDurationUnits.begin(), kDurationUnits.end(),
                                   [&](const DurationUnit& u) { return u.name == unit_name; });
    if (unit == kDurationUnits.end()) return not_a_duration();
    if (overflow || value > max / unit->ms) {
        why = cd::quote(text) + " is too large a duration";
        return std::nullopt;
    }
    return std::chrono::milliseconds(value * unit->ms);
}

// Used by show functions, bound messages and plugin option errors: the largest unit that divides
// the duration exactly, so 300000 ms reads "5m" and 250 ms reads "250ms".
std::string format_duration(std::chrono::milliseconds d) {
    const std::int64_t ms = d.count();
    if (ms == 0) return "0ms";
    for (const auto& unit : kDurationUnits)
        if (ms % unit.ms == 0) return std::to_string(ms / unit.ms) + std::string(unit.name);
    return std::to_string(ms) + "ms";
}

// Called for --config PATH at start, at SIGHUP and by --check-config.
ConfigResult load_config_file(const std::string& path) {
    try {
        std::string text;
        int error = 0;
        if (!read_whole_file(path, text, error))
            return ConfigResult{std::nullopt, {ConfigError{path, {}, "cannot read: " + std::string(std::strerror(error))}}};
        return load_guarded(text, path);
    } catch (...) {
        return ConfigResult{std::nullopt, {ConfigError{path, {}, "cannot read: out of memory"}}};
    }
}

// Called by tests (and anything holding config text already); `path` only
// names the text in errors and sets base_dir.
ConfigResult load_config_string(std::string_view toml, const std::string& path) {
    return load_guarded(toml, path);
}

// Called when dealerd starts without --config: the struct's defaults plus
// every bundled game under its own plugin's name.
Config default_config(const std::vector<std::string>& bundled_games) {
    Config cfg;
    cfg.games.clear();
    for (const auto& name : bundled_games) {
        GameConfig game;
        game.name = name;
        game.plugin = name;
        cfg.games.push_back(std::move(game));
    }
    cfg.default_games = true;
    return cfg;
}

// Called at SIGHUP after a reload validated, for its summary: each row of
// the table compared by its shown value, which is how the file states it.
std::vector<OptionChange> changed_options(const Config& running, const Config& reloaded) {
    std::vector<OptionChange> changed;
    for (const auto& spec : cd::kOptions) {
        std::string before = spec.show(running);
        std::string after = spec.show(reloaded);
        if (before == after) continue;
        changed.push_back(OptionChange{option_name(spec), std::move(before), std::move(after), spec.reloadable,
                                       spec.type == cd::OptionType::address_list});
    }
    return changed;
}

// Called at SIGHUP after a reload validated: the changed options the table
// marks not reloadable.
std::vector<std::string> restart_required_changes(const Config& running, const Config& reloaded) {
    std::vector<std::string> names;
    for (auto& change : changed_options(running, reloaded))
        if (!change.reloadable) names.push_back(std::move(change.name));
    return names;
}

// Called when a reload is applied: [server] threads and workers size pools
// made once, so the reloaded config takes the running values instead.
void keep_restart_only_options(const Config& running, Config& reloaded) {
    for (const auto& spec : cd::kOptions)
        if (!spec.reloadable && spec.keep != nullptr) spec.keep(running, reloaded);
}

}  // namespace dealer
