// Unit tests for dealer-bench's command line (bench/load/bench_options.hpp).

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "bench/load/bench_options.hpp"

namespace bench = dealer::bench;

namespace {

// Parses {"dealer-bench", args...}; why is set on failure.
std::optional<bench::BenchOptions> parse(std::initializer_list<const char*> args, std::string& why) {
    std::vector<const char*> argv = {"dealer-bench"};
    argv.insert(argv.end(), args.begin(), args.end());
    return bench::parse_bench_command_line(static_cast<int>(argv.size()), argv.data(), why);
}

// The sentence a bad command line gets ("" when it parses).
std::string refusal(std::initializer_list<const char*> args) {
    std::string why;
    const auto options = parse(args, why);
    return options ? std::string() : why;
}

}  // namespace

TEST_CASE("bench command line: defaults are 50 TCP connections pinging 127.0.0.1 11267, 1 in flight, 5 s after 1 s") {
    std::string why;
    const auto o = parse({}, why);
    REQUIRE(o);
    CHECK(o->host == "127.0.0.1");
    CHECK(o->port == "11267");
    CHECK_FALSE(o->udp);
    CHECK_FALSE(o->hold);
    CHECK(o->connections == 50);
    CHECK(o->in_flight == 1);
    CHECK(o->threads == 1);
    CHECK(o->duration == std::chrono::seconds(5));
    CHECK(o->warmup == std::chrono::seconds(1));
    CHECK(o->workload == bench::WorkloadKind::ping);
    CHECK(o->game.empty());
    CHECK_FALSE(o->json);
}

TEST_CASE("bench command line: every option, in both spellings, anywhere") {
    std::string why;
    const auto o = parse({"-c", "1000", "::1", "--threads=2", "4000", "--duration", "0.5", "-w", "0", "--json",
                          "--timeout", "2.5", "--workload=guess", "--game", "guess-hard"},
                         why);
    REQUIRE_MESSAGE(o, why);
    CHECK(o->host == "::1");
    CHECK(o->port == "4000");
    CHECK(o->connections == 1000);
    CHECK(o->threads == 2);
    CHECK(o->duration == std::chrono::milliseconds(500));
    CHECK(o->warmup == std::chrono::milliseconds(0));
    CHECK(o->timeout == std::chrono::milliseconds(2500));
    CHECK(o->workload == bench::WorkloadKind::guess);
    CHECK(o->game == "guess-hard");
    CHECK(o->json);
}

TEST_CASE("bench command line: a game workload plays the game of its name unless --game says") {
    std::string why;
    const auto o = parse({"--workload", "mancala", "--level", "hard"}, why);
    REQUIRE(o);
    CHECK(o->game == "mancala");
    CHECK(o->level == "hard");
}

TEST_CASE("bench command line: raw mode with pipelining, and hold mode over UDP") {
    std::string why;
    auto o = parse({"--raw", "PING", "--expect", "+PONG", "-k", "16"}, why);
    REQUIRE(o);
    CHECK(o->workload == bench::WorkloadKind::raw);
    CHECK(o->raw_line == "PING");
    REQUIRE(o->expect);
    CHECK(*o->expect == "+PONG");
    CHECK(o->in_flight == 16);
    o = parse({"--hold", "--udp", "-c", "10000", "-d", "30"}, why);
    REQUIRE(o);
    CHECK(o->hold);
    CHECK(o->udp);
    CHECK(o->connections == 10000);
}

TEST_CASE("bench command line: bad values say what is wanted") {
    CHECK(refusal({"--connections", "0"}) == "--connections takes 1 to 100000, not '0'");
    CHECK(refusal({"-c", "many"}) == "--connections takes 1 to 100000, not 'many'");
    CHECK(refusal({"--in-flight", "2000"}) == "--in-flight takes 1 to 1024, not '2000'");
    CHECK(refusal({"--threads", "-1"}) == "--threads takes 1 to 64, not '-1'");
    CHECK(refusal({"--duration", "0"}) == "--duration takes seconds from 0.1 to 86400, not '0'");
    CHECK(refusal({"--duration", "nan"}) == "--duration takes seconds from 0.1 to 86400, not 'nan'");
    CHECK(refusal({"--warmup", "-1"}) == "--warmup takes seconds from 0 to 3600, not '-1'");
    CHECK(refusal({"--workload", "chess"}) == "--workload takes ping, guess, rps or mancala, not 'chess'");
    CHECK(refusal({"--workload", "mancala", "--level", "expert"}) == "--level takes easy, medium or hard, not 'expert'");
    CHECK(refusal({"--raw", ""}) == "--raw takes one non-empty line, not ''");
    CHECK(refusal({"--workload", "guess", "--game", "a\"b"}) == "--game takes a game's name, not 'a\"b'");
    CHECK(refusal({"127.0.0.1", "0"}) == "'0' is not a port (1 to 65535)");
    CHECK(refusal({"127.0.0.1", "11267", "extra"}) == "unexpected argument 'extra'");
    CHECK(refusal({"--frobnicate"}) == "unknown option '--frobnicate'");
    CHECK(refusal({"--connections"}) == "--connections needs a value");
}

TEST_CASE("bench command line: combinations that cannot run are refused with the reason") {
    CHECK(refusal({"--workload", "guess", "-k", "4"}).starts_with("--in-flight above 1 needs a workload"));
    CHECK(refusal({"--udp", "-k", "4"}).starts_with("--in-flight above 1 is for TCP"));
    CHECK(refusal({"--raw", "PING", "--workload", "ping"}).starts_with("--raw and --workload exclude each other"));
    CHECK(refusal({"--expect", "+PONG"}).starts_with("--expect checks the replies of --raw"));
    CHECK(refusal({"--level", "hard"}).starts_with("--level is mancala's option"));
    CHECK(refusal({"--game", "guess"}).starts_with("--game names the game a game workload plays"));
    CHECK(refusal({"--hold", "-k", "2"}).starts_with("--hold keeps sessions idle"));
}

TEST_CASE("bench command line: --help is asked for, and the usage names every option") {
    std::string why;
    const auto o = parse({"--help"}, why);
    REQUIRE(o);
    CHECK(o->help);
    const auto usage = bench::bench_usage_text();
    for (const char* option : {"--connections", "--in-flight", "--threads", "--duration", "--warmup", "--timeout",
                               "--udp", "--workload", "--game", "--level", "--raw", "--expect", "--hold", "--json"}) {
        CAPTURE(option);
        CHECK(usage.find(option) != std::string::npos);
    }
}
