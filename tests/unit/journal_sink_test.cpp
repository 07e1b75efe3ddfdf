// The journal sink's entries and the LogScope that gives them session fields.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "daemon/journal_sink.hpp"
#include "daemon/log_context.hpp"

using dealer::LogFields;
using dealer::LogScope;
using Entry = std::vector<std::string>;

TEST_SUITE("journal_sink") {

TEST_CASE("an entry outside any session has the message, priority and identifier only") {
    CHECK(dealer::journal_entry("dealerd ready", spdlog::level::info, nullptr) ==
          Entry{"MESSAGE=dealerd ready", "PRIORITY=6", "SYSLOG_IDENTIFIER=dealerd"});
    CHECK(dealer::journal_entry("x", spdlog::level::warn, nullptr)[1] == "PRIORITY=4");
    CHECK(dealer::journal_entry("x", spdlog::level::err, nullptr)[1] == "PRIORITY=3");
    CHECK(dealer::journal_entry("x", spdlog::level::critical, nullptr)[1] == "PRIORITY=2");
    CHECK(dealer::journal_entry("x", spdlog::level::debug, nullptr)[1] == "PRIORITY=7");
}

TEST_CASE("an entry in a session carries its number, peer and game") {
    LogFields lobby{"17", "tcp 127.0.0.1:5555", ""};
    CHECK(dealer::journal_entry("m", spdlog::level::info, &lobby) ==
          Entry{"MESSAGE=m", "PRIORITY=6", "SYSLOG_IDENTIFIER=dealerd", "DEALER_SESSION=17",
                "DEALER_PEER=tcp 127.0.0.1:5555"});
    LogFields playing{"18", "udp [::1]:4000", "guess-hard"};
    const Entry e = dealer::journal_entry("m", spdlog::level::info, &playing);
    REQUIRE(e.size() == 6);
    CHECK(e[5] == "DEALER_GAME=guess-hard");
}

TEST_CASE("LogScope sets the thread's session and restores the outer one") {
    CHECK(LogScope::current() == nullptr);
    LogFields a{"1", "tcp 127.0.0.1:1", ""};
    LogFields b{"2", "tcp 127.0.0.1:2", "rps"};
    {
        const LogScope outer(a);
        CHECK(LogScope::current() == &a);
        {
            const LogScope inner(b);
            CHECK(LogScope::current() == &b);
        }
        CHECK(LogScope::current() == &a);
    }
    CHECK(LogScope::current() == nullptr);
}

}  // TEST_SUITE
