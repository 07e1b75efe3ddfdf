// Unit tests for the client's command line (client/command_line.hpp).

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "client/command_line.hpp"

namespace client = dealer::client;

namespace {

// Parses {"dealer", args...}; why is set on failure.
std::optional<client::ClientOptions> parse(std::initializer_list<const char*> args, std::string& why) {
    std::vector<const char*> argv = {"dealer"};
    argv.insert(argv.end(), args.begin(), args.end());
    return client::parse_command_line(static_cast<int>(argv.size()), argv.data(), why);
}

}  // namespace

TEST_CASE("client command line: defaults are 127.0.0.1 11267 over TCP, colour automatic") {
    std::string why;
    const auto options = parse({}, why);
    REQUIRE(options);
    CHECK(options->host == "127.0.0.1");
    CHECK(options->port == "11267");
    CHECK_FALSE(options->udp);
    CHECK(options->color == client::ColorMode::automatic);
    CHECK(options->timeout == std::chrono::seconds(20));
}

TEST_CASE("client command line: HOST, PORT and options in any order") {
    std::string why;
    auto options = parse({"--udp", "example.org", "--no-color", "4000", "--timeout", "1.5"}, why);
    REQUIRE(options);
    CHECK(options->host == "example.org");
    CHECK(options->port == "4000");
    CHECK(options->udp);
    CHECK(options->color == client::ColorMode::never);
    CHECK(options->timeout == std::chrono::milliseconds(1500));

    options = parse({"::1", "--color=always", "--timeout=3"}, why);
    REQUIRE(options);
    CHECK(options->host == "::1");
    CHECK(options->color == client::ColorMode::always);
    CHECK(options->timeout == std::chrono::seconds(3));

    options = parse({"--", "-weird-host"}, why);
    REQUIRE(options);
    CHECK(options->host == "-weird-host");

    options = parse({"-h"}, why);
    REQUIRE(options);
    CHECK(options->help);
    options = parse({"--version"}, why);
    REQUIRE(options);
    CHECK(options->version);
}

TEST_CASE("client command line: usage errors say what is wrong") {
    std::string why;
    CHECK_FALSE(parse({"host", "0"}, why));
    CHECK(why.find("not a port") != std::string::npos);
    CHECK_FALSE(parse({"host", "65536"}, why));
    CHECK_FALSE(parse({"host", "http"}, why));
    CHECK_FALSE(parse({"host", "1", "extra"}, why));
    CHECK(why.find("unexpected argument 'extra'") != std::string::npos);
    CHECK_FALSE(parse({"--colour=sometimes"}, why));
    CHECK_FALSE(parse({"--color=sometimes"}, why));
    CHECK(why.find("auto, always or never") != std::string::npos);
    CHECK_FALSE(parse({"--timeout"}, why));
    CHECK(why.find("needs a value") != std::string::npos);
    CHECK_FALSE(parse({"--timeout", "0"}, why));
    CHECK_FALSE(parse({"--timeout", "soon"}, why));
    CHECK_FALSE(parse({"--timeout", "nan"}, why));
    CHECK_FALSE(parse({"--frobnicate"}, why));
    CHECK(why == "unknown option '--frobnicate'");
}

TEST_CASE("seconds_text writes durations for sentences") {
    CHECK(client::seconds_text(std::chrono::seconds(20)) == "20 s");
    CHECK(client::seconds_text(std::chrono::milliseconds(500)) == "0.5 s");
    CHECK(client::seconds_text(std::chrono::milliseconds(1250)) == "1.25 s");
}

TEST_CASE("usage text names every option and the exit statuses") {
    const std::string usage = client::usage_text();
    for (const char* word : {"--udp", "--timeout", "--no-color", "--color", "--help", "--version", "Exit status"}) {
        CHECK_MESSAGE(usage.find(word) != std::string::npos, word);
    }
}
