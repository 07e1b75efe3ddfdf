// Unit tests for the config loader (daemon/config.cpp): defaults, every key,
// every kind of error with its exact position, durations, listen addresses,
// game tables and the example config/dealerd.toml.

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "daemon/config.hpp"
#include "daemon/config_table.hpp"

#ifndef DEALER_SOURCE_DIR
#error "DEALER_SOURCE_DIR (the repository root, as a string) must be defined"
#endif

using namespace std::chrono_literals;
using dealer::Config;
using dealer::ConfigError;
using dealer::ConfigResult;
using dealer::ListenAddress;
using dealer::LogSink;

namespace {

// Loads text as if from /etc/dealer/dealerd.toml, so base_dir is predictable.
ConfigResult load(std::string_view text) {
    return dealer::load_config_string(text, "/etc/dealer/dealerd.toml");
}

// The one error a result must have.
ConfigError only_error(const ConfigResult& r) {
    REQUIRE_FALSE(r.config.has_value());
    REQUIRE(r.errors.size() == 1);
    return r.errors.front();
}

// Checks an error's position and message.
void check_error(const ConfigError& e, std::uint32_t line, std::uint32_t column, const std::string& message) {
    CHECK(e.where.line == line);
    CHECK(e.where.column == column);
    CHECK(e.message == message);
}

std::optional<std::chrono::milliseconds> duration(std::string_view text) {
    std::string why;
    return dealer::parse_duration(text, why);
}

std::string duration_why(std::string_view text) {
    std::string why;
    CHECK_FALSE(dealer::parse_duration(text, why).has_value());
    return why;
}

std::optional<ListenAddress> address(std::string_view text) {
    std::string why;
    return dealer::parse_listen_address(text, why);
}

std::string address_why(std::string_view text) {
    std::string why;
    CHECK_FALSE(dealer::parse_listen_address(text, why).has_value());
    return why;
}

// A file under the system temp directory, removed again at scope end.
struct TempFile {
    std::filesystem::path path;
    explicit TempFile(const std::string& text)
        : path(std::filesystem::temp_directory_path() /
               ("dealer_config_test_" + std::to_string(::getpid()) + ".toml")) {
        std::ofstream(path) << text;
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
};

}  // namespace

TEST_SUITE("config") {

TEST_CASE("default_config has the documented defaults and the bundled games") {
    const Config c = dealer::default_config({"guess", "rps"});
    CHECK(c.source.empty());
    CHECK(c.base_dir.empty());
    CHECK(c.tcp == std::vector<ListenAddress>{{"127.0.0.1", 11267}, {"::1", 11267}});
    CHECK(c.udp == std::vector<ListenAddress>{{"127.0.0.1", 11267}});
    CHECK(c.threads == 0);
    CHECK(c.plugin_dir.empty());
    CHECK(c.shutdown_grace == 10s);
    CHECK(c.max_sessions == 10000);
    CHECK(c.max_sessions_per_ip == 64);
    CHECK(c.max_line_bytes == 4096);
    CHECK(c.idle_timeout == 5min);
    CHECK(c.line_timeout == 30s);
    CHECK(c.max_json_depth == dealer::protocol::kDefaultMaxJsonDepth);
    CHECK(c.max_output_bytes == 65536);
    CHECK(c.send_timeout == 30s);
    CHECK(c.udp_session_timeout == 60s);
    CHECK(c.log_level == "info");
    CHECK(c.log_sink == LogSink::stderr_sink);
    CHECK(c.log_file.empty());
    CHECK(c.default_games);
    REQUIRE(c.games.size() == 2);
    CHECK(c.games[0].name == "guess");
    CHECK(c.games[0].plugin == "guess");
    CHECK(c.games[0].options == nlohmann::json::object());
    CHECK(c.games[1].name == "rps");
    CHECK(c.games[1].plugin == "rps");
    CHECK(dealer::default_config({}).games.empty());
}

TEST_CASE("an empty file is valid, keeps the defaults and offers no games") {
    const auto r = load("");
    REQUIRE(r.errors.empty());
    REQUIRE(r.config.has_value());
    const Config& c = *r.config;
    CHECK(c.source == "/etc/dealer/dealerd.toml");
    CHECK(c.base_dir == "/etc/dealer");
    CHECK(c.games.empty());
    CHECK_FALSE(c.default_games);
    CHECK(c.max_sessions == 10000);
    CHECK(c.idle_timeout == 5min);
    CHECK(c.tcp.size() == 2);
}

TEST_CASE("every key is parsed") {
    const auto r = load(R"(
[server]
tcp = ["0.0.0.0:1", "[::]:2"]
udp = []
threads = 8
plugin_dir = "/opt/dealer/plugins"
shutdown_grace = "2m"

[limits]
max_sessions = 500
max_sessions_per_ip = 500
max_line_bytes = 64
idle_timeout = "250ms"
line_timeout = "3s"
udp_session_timeout = "2h"

[log]
level = "debug"
sink = "journal"
)");
    REQUIRE(r.errors.empty());
    REQUIRE(r.config.has_value());
    const Config& c = *r.config;
    CHECK(c.tcp == std::vector<ListenAddress>{{"0.0.0.0", 1}, {"::", 2}});
    CHECK(c.udp.empty());
    CHECK(c.threads == 8);
    CHECK(c.plugin_dir == "/opt/dealer/plugins");
    CHECK(c.shutdown_grace == 2min);
    CHECK(c.max_sessions == 500);
    CHECK(c.max_sessions_per_ip == 500);
    CHECK(c.max_line_bytes == 64);
    CHECK(c.idle_timeout == 250ms);
    CHECK(c.line_timeout == 3s);
    CHECK(c.udp_session_timeout == 2h);
    CHECK(c.log_level == "debug");
    CHECK(c.log_sink == LogSink::journal);
    CHECK(c.games.empty());
}

TEST_CASE("bounds are inclusive") {
    auto r = load("[server]\nthreads = 256\n[limits]\nmax_sessions = 1000000\nmax_sessions_per_ip = 1\n"
                  "max_line_bytes = 1048576\nidle_timeout = \"7d\"\nudp_session_timeout = \"1s\"\n");
    REQUIRE(r.errors.empty());
    CHECK(r.config->threads == 256);
    CHECK(r.config->max_sessions == 1000000);
    CHECK(r.config->max_sessions_per_ip == 1);
    CHECK(r.config->max_line_bytes == 1048576);
    CHECK(r.config->idle_timeout == std::chrono::hours(24 * 7));
    CHECK(r.config->udp_session_timeout == 1s);

    r = load("[server]\nshutdown_grace = \"0s\"\n");
    REQUIRE(r.errors.empty());
    CHECK(r.config->shutdown_grace == 0ms);
    r = load("[server]\nshutdown_grace = \"1h\"\n");
    REQUIRE(r.errors.empty());
    CHECK(r.config->shutdown_grace == 1h);

    r = load("[limits]\nidle_timeout = \"100ms\"\nudp_session_timeout = \"1d\"\nline_timeout = \"100ms\"\n");
    REQUIRE(r.errors.empty());
    CHECK(r.config->idle_timeout == 100ms);
    CHECK(r.config->line_timeout == 100ms);
    CHECK(r.config->udp_session_timeout == std::chrono::hours(24));
    r = load("[limits]\nline_timeout = \"1d\"\n");
    REQUIRE(r.errors.empty());
    CHECK(r.config->line_timeout == std::chrono::hours(24));
    CHECK(!load("[limits]\nline_timeout = \"99ms\"\n").errors.empty());
    CHECK(!load("[limits]\nline_timeout = \"25h\"\n").errors.empty());
    CHECK(load("[limits]\nmax_json_depth = 2\n").config->max_json_depth == 2);
    CHECK(load("[limits]\nmax_json_depth = 128\n").config->max_json_depth == 128);
    CHECK(!load("[limits]\nmax_json_depth = 1\n").errors.empty());
    CHECK(!load("[limits]\nmax_json_depth = 129\n").errors.empty());
    r = load("[limits]\nmax_output_bytes = 4096\nsend_timeout = \"100ms\"\n");
    REQUIRE(r.errors.empty());
    CHECK(r.config->max_output_bytes == 4096);
    CHECK(r.config->send_timeout == 100ms);
    CHECK(load("[limits]\nmax_output_bytes = 16777216\n").config->max_output_bytes == 16777216);
    CHECK(!load("[limits]\nmax_output_bytes = 4095\n").errors.empty());
    CHECK(!load("[limits]\nsend_timeout = \"2d\"\n").errors.empty());
}

TEST_CASE("log sinks, levels and relative paths") {
    SUBCASE("relative paths are resolved against the file's directory") {
        const auto r = load("[server]\nplugin_dir = \"plugins\"\n[log]\nsink = \"file:../log/dealerd.log\"\n");
        REQUIRE(r.errors.empty());
        CHECK(r.config->plugin_dir == "/etc/dealer/plugins");
        CHECK(r.config->log_sink == LogSink::file);
        CHECK(r.config->log_file == "/etc/log/dealerd.log");
    }
    SUBCASE("absolute paths are kept") {
        const auto r = load("[server]\nplugin_dir = \"/usr/lib/dealer/plugins\"\n[log]\nsink = \"file:/var/log/d.log\"\n");
        REQUIRE(r.errors.empty());
        CHECK(r.config->plugin_dir == "/usr/lib/dealer/plugins");
        CHECK(r.config->log_file == "/var/log/d.log");
    }
    SUBCASE("an empty plugin_dir means the bundled directory") {
        const auto r = load("[server]\nplugin_dir = \"\"\n");
        REQUIRE(r.errors.empty());
        CHECK(r.config->plugin_dir.empty());
    }
    SUBCASE("a relative config path gets an absolute base_dir") {
        const auto r = dealer::load_config_string("[server]\nplugin_dir = \"p\"\n", "sub/dealerd.toml");
        REQUIRE(r.errors.empty());
        const auto expected = (std::filesystem::current_path() / "sub").lexically_normal();
        CHECK(r.config->base_dir == expected.string());
        CHECK(r.config->plugin_dir == (expected / "p").string());
    }
    SUBCASE("every level") {
        for (const char* level : {"trace", "debug", "info", "warn", "error"}) {
            const auto r = load(std::string("[log]\nlevel = \"") + level + "\"\n");
            REQUIRE(r.errors.empty());
            CHECK(r.config->log_level == level);
        }
    }
    SUBCASE("stderr") {
        const auto r = load("[log]\nsink = \"stderr\"\n");
        REQUIRE(r.errors.empty());
        CHECK(r.config->log_sink == LogSink::stderr_sink);
    }
}

TEST_CASE("a TOML syntax error is reported at its position") {
    const auto e = only_error(load("[server]\nthreads = = 3\n"));
    CHECK(e.where.line == 2);
    CHECK(e.where.column == 11);
    CHECK_FALSE(e.message.empty());
    CHECK(e.file == "/etc/dealer/dealerd.toml");

    const auto dup = only_error(load("[server]\nthreads = 1\nthreads = 2\n"));
    CHECK(dup.where.line == 3);
    CHECK(dup.message.find("threads") != std::string::npos);
}

TEST_CASE("unknown sections and keys") {
    check_error(only_error(load("\n[srever]\nthreads = 1\n")), 2, 1, "unknown section [srever]");
    check_error(only_error(load("[server]\n  foo = 1\n")), 2, 3, "unknown key 'foo' in [server]");
    check_error(only_error(load("[limits]\nmax_session = 1\n")), 2, 1, "unknown key 'max_session' in [limits]");
    check_error(only_error(load("[log]\nlevels.x = 1\n")), 2, 1, "unknown key 'levels' in [log]");
    check_error(only_error(load("[log]\nlevel.x = 1\n")), 2, 1, "[log] level must be a string, not a table");
    check_error(only_error(load("[server.extra]\n")), 1, 9, "unknown key 'extra' in [server]");
    const auto top = only_error(load("threads = 1\n"));
    CHECK(top.where.line == 1);
    CHECK(top.where.column == 1);
    CHECK(top.message.starts_with("unknown key 'threads' outside any section"));
    check_error(only_error(load("server = 1\n")), 1, 10, "[server] must be a table, not an integer");
}

TEST_CASE("wrong types") {
    check_error(only_error(load("[limits]\nmax_sessions = \"10\"\n")), 2, 16,
                "[limits] max_sessions must be an integer, not a string");
    check_error(only_error(load("[server]\nthreads = 1.0\n")), 2, 11,
                "[server] threads must be an integer, not a float");
    check_error(only_error(load("[server]\ntcp = \"127.0.0.1:1\"\n")), 2, 7,
                "[server] tcp must be an array of addresses, not a string");
    check_error(only_error(load("[server]\nudp = [\"127.0.0.1:1\", 5]\n")), 2, 23,
                "[server] udp[1] must be a string, not an integer");
    check_error(only_error(load("[server]\nplugin_dir = false\n")), 2, 14,
                "[server] plugin_dir must be a string, not a boolean");
    check_error(only_error(load("[limits]\nidle_timeout = 30\n")), 2, 16,
                "[limits] idle_timeout must be a string, not an integer");
    check_error(only_error(load("[log]\nlevel = [\"info\"]\n")), 2, 9, "[log] level must be a string, not an array");
    check_error(only_error(load("[log]\nsink = 1979-05-27\n")), 2, 8, "[log] sink must be a string, not a date");
}

TEST_CASE("out of range values") {
    check_error(only_error(load("[limits]\nmax_line_bytes = 10\n")), 2, 18,
                "[limits] max_line_bytes must be between 64 and 1048576, got 10");
    check_error(only_error(load("[server]\nthreads = -1\n")), 2, 11, "[server] threads must be between 0 and 256, got -1");
    check_error(only_error(load("[server]\nthreads = 257\n")), 2, 11, "[server] threads must be between 0 and 256, got 257");
    check_error(only_error(load("[limits]\nmax_sessions = 0\n")), 2, 16,
                "[limits] max_sessions must be between 1 and 1000000, got 0");
    check_error(only_error(load("[limits]\nmax_sessions_per_ip = 1000001\n")), 2, 23,
                "[limits] max_sessions_per_ip must be between 1 and 1000000, got 1000001");
    check_error(only_error(load("[limits]\nidle_timeout = \"99ms\"\n")), 2, 16,
                "[limits] idle_timeout must be between 100ms and 7d, got 99ms");
    check_error(only_error(load("[limits]\nidle_timeout = \"8d\"\n")), 2, 16,
                "[limits] idle_timeout must be between 100ms and 7d, got 8d");
    check_error(only_error(load("[limits]\nudp_session_timeout = \"999ms\"\n")), 2, 23,
                "[limits] udp_session_timeout must be between 1s and 1d, got 999ms");
    check_error(only_error(load("[limits]\nudp_session_timeout = \"25h\"\n")), 2, 23,
                "[limits] udp_session_timeout must be between 1s and 1d, got 25h");
    check_error(only_error(load("[server]\nshutdown_grace = \"61m\"\n")), 2, 18,
                "[server] shutdown_grace must be between 0ms and 1h, got 61m");
    check_error(only_error(load("[server]\nshutdown_grace = 10\n")), 2, 18,
                "[server] shutdown_grace must be a string, not an integer");
}

TEST_CASE("bad durations") {
    check_error(only_error(load("[limits]\nidle_timeout = \"5x\"\n")), 2, 16,
                R"([limits] idle_timeout: "5x" is not a duration (use a number with ms, s, m, h or d, e.g. "30s"))");
    check_error(only_error(load("[limits]\nudp_session_timeout = \"\"\n")), 2, 23,
                R"([limits] udp_session_timeout: "" is not a duration (use a number with ms, s, m, h or d, e.g. "30s"))");
    check_error(only_error(load("[limits]\nidle_timeout = \"99999999999999999999d\"\n")), 2, 16,
                R"([limits] idle_timeout: "99999999999999999999d" is too large a duration)");
}

TEST_CASE("bad listen addresses") {
    check_error(only_error(load("[server]\ntcp = [\"localhost:11267\"]\n")), 2, 8,
                "[server] tcp: \"localhost:11267\" is not a listen address: \"localhost\" is a host name, not an IP "
                "address (listen addresses are IP literals, e.g. 127.0.0.1:11267 or [::1]:11267)");
    check_error(only_error(load("[server]\nudp = [\"::1:80\"]\n")), 2, 8,
                "[server] udp: \"::1:80\" is not a listen address: IPv6 addresses go in brackets, e.g. [::1]:11267");
    check_error(only_error(load("[server]\ntcp = [\"127.0.0.1:1\", \"127.0.0.1:1\"]\n")), 2, 23,
                "[server] tcp lists 127.0.0.1:1 twice");
    // The same IPv6 address written two ways is still a duplicate.
    check_error(only_error(load("[server]\ntcp = [\"[::1]:1\", \"[0:0::1]:1\"]\n")), 2, 19,
                "[server] tcp lists [::1]:1 twice");
    const auto port = only_error(load("[server]\ntcp = [\"127.0.0.1:65536\"]\n"));
    CHECK(port.message == "[server] tcp: \"127.0.0.1:65536\" is not a listen address: port 65536 is not a number "
                          "from 0 to 65535");
}

TEST_CASE("bad log settings") {
    check_error(only_error(load("[log]\nsink = \"syslog\"\n")), 2, 8,
                R"([log] sink must be "stderr", "journal" or "file:PATH", got "syslog")");
    check_error(only_error(load("[log]\nsink = \"file:\"\n")), 2, 8,
                R"([log] sink "file:" needs a path after "file:", e.g. "file:/var/log/dealerd.log")");
    check_error(only_error(load("[log]\nsink = \"STDERR\"\n")), 2, 8,
                R"([log] sink must be "stderr", "journal" or "file:PATH", got "STDERR")");
    check_error(only_error(load("[log]\nlevel = \"verbose\"\n")), 2, 9,
                R"([log] level must be one of trace, debug, info, warn or error, got "verbose")");
}

TEST_CASE("max_sessions_per_ip may not exceed max_sessions") {
    check_error(only_error(load("[limits]\nmax_sessions = 10\nmax_sessions_per_ip = 20\n")), 3, 23,
                "[limits] max_sessions_per_ip (20) must not be more than max_sessions (10)");
    // Only max_sessions given: the default per-IP limit (64) is too high, reported at max_sessions.
    check_error(only_error(load("[limits]\nmax_sessions = 10\n")), 2, 16,
                "[limits] max_sessions_per_ip (64) must not be more than max_sessions (10)");
    // An invalid max_sessions gives only its own error.
    check_error(only_error(load("[limits]\nmax_sessions = 0\nmax_sessions_per_ip = 20\n")), 2, 16,
                "[limits] max_sessions must be between 1 and 1000000, got 0");
    CHECK(load("[limits]\nmax_sessions = 10\nmax_sessions_per_ip = 10\n").errors.empty());
}

TEST_CASE("games tables") {
    const auto r = load(R"([games.zeta]
plugin = "guess"
min = 1
ratio = 0.5
hard = true
label = "Zeta"
list = [1, "two", [3]]
inline = { a = 1, b = { c = false } }

[games.alpha_1]
plugin = "/opt/dealer/dealer_custom.so"

[games.alpha_1.extra]
k = "v"
)");
    REQUIRE(r.errors.empty());
    REQUIRE(r.config.has_value());
    const auto& games = r.config->games;
    CHECK_FALSE(r.config->default_games);
    REQUIRE(games.size() == 2);

    // File order, not name order.
    CHECK(games[0].name == "zeta");
    CHECK(games[0].plugin == "guess");
    CHECK(games[0].where.line == 1);
    CHECK(games[0].where.column == 1);
    const auto expected = nlohmann::json::parse(R"({"min":1,"ratio":0.5,"hard":true,"label":"Zeta",
        "list":[1,"two",[3]],"inline":{"a":1,"b":{"c":false}}})");
    CHECK(games[0].options == expected);
    CHECK(games[0].options["min"].is_number_integer());
    CHECK(games[0].options["ratio"].is_number_float());
    CHECK_FALSE(games[0].options.contains("plugin"));

    const auto& pos = games[0].option_positions;
    CHECK(pos.size() == 6);
    CHECK(pos.count("plugin") == 0);
    REQUIRE(pos.count("min") == 1);
    CHECK(pos.at("min").line == 3);
    CHECK(pos.at("min").column == 1);
    REQUIRE(pos.count("inline") == 1);
    CHECK(pos.at("inline").line == 8);
    CHECK(pos.at("inline").column == 1);

    CHECK(games[1].name == "alpha_1");
    CHECK(games[1].plugin == "/opt/dealer/dealer_custom.so");
    CHECK(games[1].where.line == 10);
    CHECK(games[1].options == nlohmann::json::parse(R"({"extra":{"k":"v"}})"));
    REQUIRE(games[1].option_positions.count("extra") == 1);
    CHECK(games[1].option_positions.at("extra").line == 13);
    CHECK(games[1].option_positions.at("extra").column == 16);
}

TEST_CASE("games given as inline tables under [games]") {
    const auto r = load("[games]\nrps = { plugin = \"rps\", rounds = 5 }\n");
    REQUIRE(r.errors.empty());
    REQUIRE(r.config->games.size() == 1);
    const auto& g = r.config->games[0];
    CHECK(g.name == "rps");
    CHECK(g.where.line == 2);
    CHECK(g.where.column == 7);
    CHECK(g.options == nlohmann::json{{"rounds", 5}});
    CHECK(g.option_positions.at("rounds").line == 2);
    CHECK(g.option_positions.at("rounds").column == 25);
}

TEST_CASE("game names") {
    for (const char* good : {"a", "0", "guess-hard", "x_y", "abcdefghijklmnopqrstuvwxyz012345"}) {
        CAPTURE(good);
        CHECK(load(std::string("[games.") + good + "]\nplugin = \"p\"\n").errors.empty());
    }
    for (const char* bad : {"Guess", "-a", "_a", "a.b", "a b", "abcdefghijklmnopqrstuvwxyz0123456", "é"}) {
        CAPTURE(bad);
        const auto r = load(std::string("[games.\"") + bad + "\"]\nplugin = \"p\"\n");
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].where.line == 1);
        CHECK(r.errors[0].where.column == 1);
        CHECK(r.errors[0].message.find("is not allowed") != std::string::npos);
    }
    check_error(only_error(load("[games.Guess]\nplugin = \"guess\"\n")), 1, 1,
                "game name \"Guess\" is not allowed: use 1 to 32 of a-z, 0-9, '_' and '-', starting with a letter "
                "or digit");
}

TEST_CASE("game table errors") {
    check_error(only_error(load("[games.guess]\nmin = 1\n")), 1, 1,
                "[games.guess] has no plugin; add e.g. plugin = \"guess\"");
    check_error(only_error(load("[games.guess]\nplugin = \"\"\n")), 2, 10, "[games.guess] plugin must not be empty");
    check_error(only_error(load("[games.guess]\nplugin = 1\n")), 2, 10,
                "[games.guess] plugin must be a string, not an integer");
    check_error(only_error(load("games = 5\n")), 1, 9, "games must be a table of [games.NAME] tables, not an integer");
    check_error(only_error(load("games = [1]\n")), 1, 9, "games must be a table of [games.NAME] tables, not an array");
    check_error(only_error(load("[games]\nguess = \"guess\"\n")), 2, 9,
                "[games.guess] must be a table of game options, not a string");
    check_error(only_error(load("[games.guess]\nplugin = \"guess\"\nwhen = 1979-05-27\n")), 3, 8,
                "[games.guess] when: unsupported value type (a date)");
    check_error(only_error(load("[games.guess]\nplugin = \"guess\"\nat = 07:32:00\n")), 3, 6,
                "[games.guess] at: unsupported value type (a time)");
    check_error(only_error(load("[games.guess]\nplugin = \"guess\"\nl = [1, { t = 1979-05-27T07:32:00Z }]\n")), 3, 15,
                "[games.guess] l[1].t: unsupported value type (a date-time)");
    check_error(only_error(load("[games.guess]\nplugin = \"guess\"\nx = nan\n")), 3, 5,
                "[games.guess] x: nan and inf have no JSON form");
}

TEST_CASE("every error is reported, in file order") {
    // [server] comes first in the file though toml++ would visit [limits] first.
    const auto r = load(R"([server]
threads = 1000
tcp = ["localhost:1", "1.2.3.4:5", 7]
bogus = true

[limits]
max_line_bytes = 1
idle_timeout = "soon"

[nope]

[log]
sink = "syslog"

[games.Bad]
x = 1979-05-27
)");
    CHECK_FALSE(r.config.has_value());
    REQUIRE(r.errors.size() == 11);
    const std::vector<std::pair<std::uint32_t, std::uint32_t>> expected{
        {2, 11}, {3, 8}, {3, 36}, {4, 1}, {7, 18}, {8, 16}, {10, 1}, {13, 8}, {15, 1}, {15, 1}, {16, 5}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        CAPTURE(r.errors[i].to_string());
        CHECK(r.errors[i].where.line == expected[i].first);
        CHECK(r.errors[i].where.column == expected[i].second);
    }
    CHECK(r.errors[3].message == "unknown key 'bogus' in [server]");
    CHECK(r.errors[6].message == "unknown section [nope]");
    CHECK(r.errors[9].message.find("has no plugin") != std::string::npos);
    CHECK(r.errors[10].message == "[games.Bad] x: unsupported value type (a date)");
}

TEST_CASE("parse_duration") {
    CHECK(duration("0ms") == 0ms);
    CHECK(duration("250ms") == 250ms);
    CHECK(duration("30s") == 30s);
    CHECK(duration("5m") == 5min);
    CHECK(duration("1h") == 1h);
    CHECK(duration("2d") == 48h);
    CHECK(duration("007s") == 7s);
    CHECK(duration("9223372036854775807ms") == std::chrono::milliseconds(9223372036854775807LL));

    const std::string hint = R"( is not a duration (use a number with ms, s, m, h or d, e.g. "30s"))";
    for (const char* bad : {"", "s", "ms", "5", "-5s", "+5s", "5.5s", "5 s", " 5s", "5s ", "5S", "5sec", "5ms5",
                            "1h30m", "5us", "0x10s"}) {
        CAPTURE(bad);
        CHECK(duration_why(bad) == dealer::config_detail::quote(bad) + hint);
    }
    CHECK(duration_why("9223372036854775808ms") == R"("9223372036854775808ms" is too large a duration)");
    CHECK(duration_why("106751991167301d") == R"("106751991167301d" is too large a duration)");
    CHECK(duration_why("99999999999999999999999s") == R"("99999999999999999999999s" is too large a duration)");
}

TEST_CASE("parse_listen_address") {
    CHECK(address("127.0.0.1:11267") == ListenAddress{"127.0.0.1", 11267});
    CHECK(address("0.0.0.0:0") == ListenAddress{"0.0.0.0", 0});
    CHECK(address("10.1.2.3:65535") == ListenAddress{"10.1.2.3", 65535});
    CHECK(address("[::1]:11267") == ListenAddress{"::1", 11267});
    CHECK(address("[::]:1") == ListenAddress{"::", 1});
    CHECK(address("[2001:DB8:0:0::1]:80") == ListenAddress{"2001:db8::1", 80});
    CHECK(address("[::ffff:1.2.3.4]:80") == ListenAddress{"::ffff:1.2.3.4", 80});
    CHECK(address("127.0.0.1:00080") == ListenAddress{"127.0.0.1", 80});

    const std::string hint = "(listen addresses are IP literals, e.g. 127.0.0.1:11267 or [::1]:11267)";
    CHECK(address_why("localhost:11267") == "\"localhost\" is a host name, not an IP address " + hint);
    CHECK(address_why("example.com:80") == "\"example.com\" is a host name, not an IP address " + hint);
    CHECK(address_why("[localhost]:80") == "\"localhost\" is not an IPv6 address " + hint);
    CHECK(address_why("256.0.0.1:80") == "\"256.0.0.1\" is not an IPv4 address " + hint);
    CHECK(address_why("1.2.3:80") == "\"1.2.3\" is not an IPv4 address " + hint);
    CHECK(address_why("[1.2.3.4]:80") == "\"1.2.3.4\" is not an IPv6 address " + hint);
    CHECK(address_why("[fe80::1%eth0]:80") == "\"fe80::1%eth0\" is not an IPv6 address " + hint);
    CHECK(address_why(":80") == "missing IP address before the port " + hint);
    CHECK(address_why("[]:80") == "missing IP address before the port " + hint);
    CHECK(address_why("") == "empty address " + hint);
    CHECK(address_why("127.0.0.1") == "missing :PORT, e.g. 127.0.0.1:11267");
    CHECK(address_why("[::1]") == "missing :PORT after ']', e.g. [::1]:11267");
    CHECK(address_why("[::1]11267") == "missing :PORT after ']', e.g. [::1]:11267");
    CHECK(address_why("[::1:80") == "missing ']' after the IPv6 address, e.g. [::1]:11267");
    CHECK(address_why("::1:80") == "IPv6 addresses go in brackets, e.g. [::1]:11267");
    CHECK(address_why("127.0.0.1:") == "port \"\" is not a number from 0 to 65535");
    CHECK(address_why("127.0.0.1:65536") == "port 65536 is not a number from 0 to 65535");
    CHECK(address_why("127.0.0.1:-1") == "port \"-1\" is not a number from 0 to 65535");
    CHECK(address_why("127.0.0.1:+80") == "port \"+80\" is not a number from 0 to 65535");
    CHECK(address_why("127.0.0.1:123456") == "port \"123456\" is not a number from 0 to 65535");
    CHECK(address_why("127.0.0.1:http") == "port \"http\" is not a number from 0 to 65535");
    // A NUL inside the host must not cut it short to a valid address.
    CHECK(address_why(std::string("127.0.0.1") + '\0' + "1:80") == "\"127.0.0.1\\u00001\" is not an IPv4 address " + hint);
}

TEST_CASE("ListenAddress::to_string brackets IPv6") {
    CHECK(ListenAddress{"127.0.0.1", 11267}.to_string() == "127.0.0.1:11267");
    CHECK(ListenAddress{"::1", 11267}.to_string() == "[::1]:11267");
    CHECK(ListenAddress{"::", 0}.to_string() == "[::]:0");
}

TEST_CASE("ConfigError::to_string") {
    CHECK(ConfigError{"a.toml", {3, 7}, "boom"}.to_string() == "a.toml:3:7: boom");
    CHECK(ConfigError{"a.toml", {}, "boom"}.to_string() == "a.toml: boom");
    CHECK(ConfigError{"a.toml", {3, 0}, "boom"}.to_string() == "a.toml:3: boom");
}

TEST_CASE("load_config_file") {
    SUBCASE("a missing file") {
        const auto r = dealer::load_config_file("/nonexistent/dealerd.toml");
        CHECK_FALSE(r.config.has_value());
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].where.line == 0);
        CHECK(r.errors[0].to_string() == "/nonexistent/dealerd.toml: cannot read: No such file or directory");
    }
    SUBCASE("a directory") {
        const std::string dir = DEALER_SOURCE_DIR "/config";
        const auto r = dealer::load_config_file(dir);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].to_string() == dir + ": cannot read: Is a directory");
    }
    SUBCASE("errors in a real file name it") {
        const std::string text = "[server]\nthreads = 999\n";
        TempFile bad(text);
        auto r = dealer::load_config_file(bad.path.string());
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].to_string() ==
              bad.path.string() + ":2:11: [server] threads must be between 0 and 256, got 999");
    }
    SUBCASE("a valid file sets source and base_dir") {
        TempFile good("[server]\nthreads = 2\nplugin_dir = \"p\"\n");
        const auto r = dealer::load_config_file(good.path.string());
        REQUIRE(r.errors.empty());
        CHECK(r.config->threads == 2);
        CHECK(r.config->source == good.path.string());
        CHECK(r.config->base_dir == good.path.parent_path().lexically_normal().string());
        CHECK(r.config->plugin_dir == (good.path.parent_path() / "p").lexically_normal().string());
    }
}

TEST_CASE("the option table's defaults match Config's") {
    const Config defaults = dealer::default_config({});
    for (const auto& spec : dealer::config_detail::kOptions) {
        CAPTURE(spec.key);
        const auto r = load("[" + std::string(spec.section) + "]\n" + std::string(spec.key) + " = " +
                            std::string(spec.default_text) + "\n");
        REQUIRE(r.errors.empty());
        CHECK(spec.show(*r.config) == spec.show(defaults));
    }
}

// The static_assert in config_table.hpp, at run time: a UBSan build with GCC
// cannot evaluate it at compile time (see there).
TEST_CASE("every option a reload cannot change can be kept") {
    CHECK(dealer::config_detail::every_fixed_option_can_be_kept());
}

TEST_CASE("restart_required_changes") {
    Config a = dealer::default_config({});
    Config b = a;
    b.max_sessions = 5;
    b.tcp.clear();
    b.log_level = "debug";
    CHECK(dealer::restart_required_changes(a, b).empty());
    b.threads = 4;
    CHECK(dealer::restart_required_changes(a, b) == std::vector<std::string>{"[server] threads"});
}

TEST_CASE("the example config/dealerd.toml loads and matches the defaults") {
    const std::string path = DEALER_SOURCE_DIR "/config/dealerd.toml";
    const auto r = dealer::load_config_file(path);
    for (const auto& e : r.errors) FAIL_CHECK(e.to_string());
    REQUIRE(r.config.has_value());
    const Config& c = *r.config;
    const Config d = dealer::default_config({});
    for (const auto& spec : dealer::config_detail::kOptions) {
        CAPTURE(spec.key);
        CHECK(spec.show(c) == spec.show(d));
    }
    CHECK(c.source == path);
    CHECK_FALSE(c.default_games);
    REQUIRE(c.games.size() == 5);
    CHECK(c.games[0].name == "guess");
    CHECK(c.games[0].plugin == "guess");
    CHECK(c.games[0].options == nlohmann::json{{"min", 0}, {"max", 9}});
    CHECK(c.games[1].name == "guess-hard");
    CHECK(c.games[1].plugin == "guess");
    CHECK(c.games[1].options == nlohmann::json{{"min", 1}, {"max", 1000000}, {"max_guesses", 20}});
    CHECK(c.games[1].option_positions.count("max_guesses") == 1);
    CHECK(c.games[2].name == "rps");
    CHECK(c.games[2].plugin == "rps");
    CHECK(c.games[2].options.empty());
    CHECK(c.games[3].name == "mancala");
    CHECK(c.games[3].options == nlohmann::json{{"level", "medium"}, {"think_ms", 50}});
    CHECK(c.games[4].name == "password");
    CHECK(c.games[4].options == nlohmann::json{{"max_attempts", 3}});
}

}  // TEST_SUITE
