// The table of every [server], [limits] and [log] option: its section, key,
// kind, bounds, default, whether a SIGHUP reload may change it, and how a
// validated value is stored into and shown from a Config. Internal to the
// config loader (config.cpp) and its tests; the rest of the daemon uses
// config.hpp.
//
// Adding an option means one row in kOptions (plus the Config member and the
// commented entry in config/dealerd.toml); the loader, the unknown-key check
// and the restart-only diff all work from this table.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "config.hpp"
#include "protocol/message.hpp"

namespace dealer::config_detail {

/// How an option's TOML value is checked; selects the reader in config.cpp.
enum class OptionType {
    integer,       ///< TOML integer in [min, max]
    duration,      ///< string with a unit ("30s"), in [min, max] milliseconds
    address_list,  ///< array of "IP:PORT" strings, no duplicates, [] allowed
    path,          ///< string; relative paths resolved against Config::base_dir
    choice,        ///< string, one of `choices`
    log_sink,      ///< "stderr", "journal" or "file:PATH" (PATH non-empty)
};

/// A value that passed its option's checks, ready to be stored.
using OptionValue =
    std::variant<std::int64_t, std::chrono::milliseconds, std::string, std::vector<ListenAddress>>;

/// One row of the option table.
struct OptionSpec {
    std::string_view section;                   ///< "server", "limits", "log"
    std::string_view key;                       ///< key inside the section
    OptionType type;                            ///< how the value is checked
    std::int64_t min = 0;                       ///< integer: least value; duration: least ms
    std::int64_t max = 0;                       ///< integer: greatest value; duration: greatest ms
    std::span<const std::string_view> choices;  ///< allowed strings, for OptionType::choice
    std::string_view default_text;              ///< the built-in default as TOML text
    bool reloadable = true;                     ///< false: a changed value needs a restart
    void (*apply)(Config&, const OptionValue&) = nullptr;  ///< store a checked value
    std::string (*show)(const Config&) = nullptr;          ///< the current value as TOML text
    /// For an option that is not reloadable: copies the value in effect
    /// (from) into a reloaded config (to), which then keeps it.
    void (*keep)(const Config& from, Config& to) = nullptr;
};

// ---------------------------------------------------------------------------
// Shared text helpers (defined in config.cpp, used by the show functions and
// the loader's messages).

/// A duration in its largest exact unit (declared in config.hpp).
using ::dealer::format_duration;

/// Text in double quotes with ", \ and control characters escaped, for
/// messages and for show().
std::string quote(std::string_view text);

/// `path` resolved against `base` when relative (and base is not empty),
/// lexically normalised; absolute paths are kept as written.
inline std::string resolve_path(const std::string& base, const std::string& path) {
    std::filesystem::path p(path);
    if (p.is_absolute() || base.empty()) return p.lexically_normal().string();
    return (std::filesystem::path(base) / p).lexically_normal().string();
}

// ---------------------------------------------------------------------------
// Store/show functions, one template per kind of Config member, instantiated
// per row below (the "data pointer" of Redis' standardConfig, checked at
// compile time). Each apply tolerates a value of the wrong alternative by
// ignoring it, so a table mistake cannot throw out of the loader.

/// Stores a checked integer into an unsigned or size_t member.
template <auto Member>
void set_integer(Config& c, const OptionValue& v) {
    using T = std::remove_cvref_t<decltype(c.*Member)>;
    if (const auto* i = std::get_if<std::int64_t>(&v)) c.*Member = static_cast<T>(*i);
}

/// Copies one member from the config in effect into a reloaded one.
template <auto Member>
void keep_member(const Config& from, Config& to) {
    to.*Member = from.*Member;
}

/// Shows an integer member.
template <auto Member>
std::string show_integer(const Config& c) {
    return std::to_string(c.*Member);
}

/// Stores a checked duration.
template <auto Member>
void set_duration(Config& c, const OptionValue& v) {
    if (const auto* d = std::get_if<std::chrono::milliseconds>(&v)) c.*Member = *d;
}

/// Shows a duration member as a quoted TOML string.
template <auto Member>
std::string show_duration(const Config& c) {
    return quote(format_duration(c.*Member));
}

/// Stores a checked list of listen addresses.
template <auto Member>
void set_addresses(Config& c, const OptionValue& v) {
    if (const auto* a = std::get_if<std::vector<ListenAddress>>(&v)) c.*Member = *a;
}

/// Shows a list of listen addresses as a TOML array of strings.
template <auto Member>
std::string show_addresses(const Config& c) {
    std::string out = "[";
    for (const auto& a : c.*Member) {
        if (out.size() > 1) out += ", ";
        out += quote(a.to_string());
    }
    return out + "]";
}

/// Stores a checked string as is.
template <auto Member>
void set_string(Config& c, const OptionValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) c.*Member = *s;
}

/// Stores a path, resolved against the config file's directory; "" stays ""
/// (it means "the built-in place").
template <auto Member>
void set_path(Config& c, const OptionValue& v) {
    if (const auto* s = std::get_if<std::string>(&v))
        c.*Member = s->empty() ? std::string() : resolve_path(c.base_dir, *s);
}

/// Shows a string member as a quoted TOML string.
template <auto Member>
std::string show_string(const Config& c) {
    return quote(c.*Member);
}

/// Stores a checked sink: "stderr", "journal" or "file:PATH" (PATH resolved
/// against the config file's directory).
inline void set_log_sink(Config& c, const OptionValue& v) {
    const auto* s = std::get_if<std::string>(&v);
    if (s == nullptr) return;
    if (*s == "journal") {
        c.log_sink = LogSink::journal;
        c.log_file.clear();
    } else if (s->starts_with("file:")) {
        c.log_sink = LogSink::file;
        c.log_file = resolve_path(c.base_dir, s->substr(5));
    } else {
        c.log_sink = LogSink::stderr_sink;
        c.log_file.clear();
    }
}

/// Shows the sink in its config form.
inline std::string show_log_sink(const Config& c) {
    switch (c.log_sink) {
    case LogSink::journal: return quote("journal");
    case LogSink::file: return quote("file:" + c.log_file);
    case LogSink::stderr_sink: break;
    }
    return quote("stderr");
}

// ---------------------------------------------------------------------------
// The table.

inline constexpr std::string_view kLogLevels[] = {"trace", "debug", "info", "warn", "error"};

inline constexpr std::int64_t kMs = 1;
inline constexpr std::int64_t kSecond = 1000 * kMs;
inline constexpr std::int64_t kHour = 3600 * kSecond;
inline constexpr std::int64_t kDay = 24 * kHour;

/// The most max_json_depth may be: what the parsers are built for.
inline constexpr auto kMaxJsonDepthBound = static_cast<std::int64_t>(protocol::kJsonDepthCeiling);

// Only [server] threads and workers need a restart: the thread pools are
// sized once. Listeners, limits, plugins and logging follow a SIGHUP (SPEC §8).
inline constexpr OptionSpec kOptions[] = {
    {"server", "tcp", OptionType::address_list, 0, 0, {}, R"(["127.0.0.1:11267", "[::1]:11267"])",
     true, set_addresses<&Config::tcp>, show_addresses<&Config::tcp>},
    {"server", "udp", OptionType::address_list, 0, 0, {}, R"(["127.0.0.1:11267"])",
     true, set_addresses<&Config::udp>, show_addresses<&Config::udp>},
    {"server", "threads", OptionType::integer, 0, 256, {}, "0",
     false, set_integer<&Config::threads>, show_integer<&Config::threads>, keep_member<&Config::threads>},
    {"server", "workers", OptionType::integer, 0, 256, {}, "0",
     false, set_integer<&Config::workers>, show_integer<&Config::workers>, keep_member<&Config::workers>},
    {"server", "plugin_dir", OptionType::path, 0, 0, {}, R"("")",
     true, set_path<&Config::plugin_dir>, show_string<&Config::plugin_dir>},
    // Read when a stop begins, so a reload applies to the next stop. At most
    // an hour; dealerd.service's TimeoutStopSec (30s) must cover it plus 2 s.
    {"server", "shutdown_grace", OptionType::duration, 0, kHour, {}, R"("10s")",
     true, set_duration<&Config::shutdown_grace>, show_duration<&Config::shutdown_grace>},

    {"limits", "max_sessions", OptionType::integer, 1, 1000000, {}, "10000",
     true, set_integer<&Config::max_sessions>, show_integer<&Config::max_sessions>},
    {"limits", "max_sessions_per_ip", OptionType::integer, 1, 1000000, {}, "64",
     true, set_integer<&Config::max_sessions_per_ip>, show_integer<&Config::max_sessions_per_ip>},
    {"limits", "max_line_bytes", OptionType::integer, 64, 1048576, {}, "4096",
     true, set_integer<&Config::max_line_bytes>, show_integer<&Config::max_line_bytes>},
    // At least 2, so that `play` with options can be sent; at most what the
    // parsers are built for.
    {"limits", "max_json_depth", OptionType::integer, 2, kMaxJsonDepthBound, {}, "32",
     true, set_integer<&Config::max_json_depth>, show_integer<&Config::max_json_depth>},
    {"limits", "max_queued_moves", OptionType::integer, 1, 1000000, {}, "256",
     true, set_integer<&Config::max_queued_moves>, show_integer<&Config::max_queued_moves>},
    {"limits", "idle_timeout", OptionType::duration, 100 * kMs, 7 * kDay, {}, R"("5m")",
     true, set_duration<&Config::idle_timeout>, show_duration<&Config::idle_timeout>},
    // An absolute deadline from a line's first byte, not reset by later
    // bytes: a client that trickles a byte a second (slowloris) is closed.
    {"limits", "line_timeout", OptionType::duration, 100 * kMs, kDay, {}, R"("30s")",
     true, set_duration<&Config::line_timeout>, show_duration<&Config::line_timeout>},
    // Reading pauses while more than max_output_bytes of replies wait for
    // a client; a client that leaves them unread for send_timeout (it
    // never reads) is closed. Nothing is dropped while it reads, however
    // slowly.
    {"limits", "max_output_bytes", OptionType::integer, 4096, 16 * 1024 * 1024, {}, "65536",
     true, set_integer<&Config::max_output_bytes>, show_integer<&Config::max_output_bytes>},
    {"limits", "send_timeout", OptionType::duration, 100 * kMs, kDay, {}, R"("30s")",
     true, set_duration<&Config::send_timeout>, show_duration<&Config::send_timeout>},
    // Token buckets (daemon/rate_limit.hpp). Over either: rate_limited with
    // retry_after, then the session (or the newcomer) is closed.
    {"limits", "max_messages_per_second", OptionType::integer, 0, 1000000, {}, "1000",
     true, set_integer<&Config::max_messages_per_second>, show_integer<&Config::max_messages_per_second>},
    {"limits", "message_burst", OptionType::integer, 1, 1000000, {}, "2000",
     true, set_integer<&Config::message_burst>, show_integer<&Config::message_burst>},
    {"limits", "new_sessions_per_second_per_ip", OptionType::integer, 0, 1000000, {}, "100",
     true, set_integer<&Config::new_sessions_per_second_per_ip>,
     show_integer<&Config::new_sessions_per_second_per_ip>},
    {"limits", "new_session_burst_per_ip", OptionType::integer, 1, 1000000, {}, "200",
     true, set_integer<&Config::new_session_burst_per_ip>, show_integer<&Config::new_session_burst_per_ip>},
    // Replies to peers that have not proven their address (cookies): a
    // budget per source and one per UDP listen address, so that spoofed
    // hellos cannot make dealerd a reflector for more than this.
    {"limits", "udp_hello_replies_per_second", OptionType::integer, 0, 10000000, {}, "10000",
     true, set_integer<&Config::udp_hello_replies_per_second>, show_integer<&Config::udp_hello_replies_per_second>},
    {"limits", "udp_hello_replies_per_second_per_ip", OptionType::integer, 0, 1000000, {}, "100",
     true, set_integer<&Config::udp_hello_replies_per_second_per_ip>,
     show_integer<&Config::udp_hello_replies_per_second_per_ip>},
    {"limits", "udp_session_timeout", OptionType::duration, kSecond, kDay, {}, R"("60s")",
     true, set_duration<&Config::udp_session_timeout>, show_duration<&Config::udp_session_timeout>},

    {"log", "level", OptionType::choice, 0, 0, kLogLevels, R"("info")",
     true, set_string<&Config::log_level>, show_string<&Config::log_level>},
    {"log", "sink", OptionType::log_sink, 0, 0, {}, R"("stderr")",
     true, set_log_sink, show_log_sink},
};

/// Every option a reload cannot change can be kept at its value in effect.
constexpr bool every_fixed_option_can_be_kept() {
    for (const auto& spec : kOptions)
        if (!spec.reloadable && spec.keep == nullptr) return false;
    return true;
}
// Checked at compile time, except where GCC compiles with
// -fno-delete-null-pointer-checks (implied by UBSan's null checks; set by
// cmake/DealerOptions.cmake): a function's address may then be null, so the
// comparison above is not a constant expression. The unit test "every option
// a reload cannot change can be kept" checks the same at run time in every
// build.
#ifndef DEALER_NO_DELETE_NULL_POINTER_CHECKS
static_assert(every_fixed_option_can_be_kept(), "a row with reloadable = false needs keep_member<...>");
#endif

/// The row for [section] key, or nullptr when there is no such option.
inline const OptionSpec* find_option(std::string_view section, std::string_view key) {
    for (const auto& spec : kOptions)
        if (spec.section == section && spec.key == key) return &spec;
    return nullptr;
}

/// True when `section` is one the table has options for ([server], [limits], [log]).
inline bool is_option_section(std::string_view section) {
    for (const auto& spec : kOptions)
        if (spec.section == section) return true;
    return false;
}

}  // namespace dealer::config_detail
