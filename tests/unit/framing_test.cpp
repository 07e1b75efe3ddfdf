// Unit tests for protocol::LineFramer (protocol/line_framer.hpp): lines split
// across reads, several lines per read, CRLF and lone CR, the exact length
// limit with and without '\r', refusing a huge unterminated chunk without
// buffering it, stopping from the callback, and buffered()/has_partial().

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/line_framer.hpp"

using dealer::protocol::LineFramer;
using Status = LineFramer::Status;

namespace {

// Feeds data and collects the lines it completes.
struct Collector {
    LineFramer framer;
    std::vector<std::string> lines;

    explicit Collector(std::size_t max) : framer(max) {}

    Status feed(std::string_view data) {
        return framer.feed(data, [this](std::string_view line) {
            lines.emplace_back(line);
            return true;
        });
    }

    // Feeds data one byte at a time; returns the first status that is not ok.
    Status feed_bytes(std::string_view data) {
        for (char c : data) {
            const Status s = feed(std::string_view(&c, 1));
            if (s != Status::ok) return s;
        }
        return Status::ok;
    }
};

}  // namespace

TEST_CASE("LineFramer: a line fed byte by byte arrives once, whole") {
    Collector c(64);
    CHECK_FALSE(c.framer.has_partial());
    CHECK(c.framer.buffered() == 0);

    CHECK(c.feed("h") == Status::ok);
    CHECK(c.feed("el") == Status::ok);
    CHECK(c.lines.empty());
    CHECK(c.framer.has_partial());
    CHECK(c.framer.buffered() == 3);

    CHECK(c.feed_bytes("lo\n") == Status::ok);
    REQUIRE(c.lines.size() == 1);
    CHECK(c.lines[0] == "hello");
    CHECK_FALSE(c.framer.has_partial());
    CHECK(c.framer.buffered() == 0);

    CHECK(c.feed_bytes("{\"type\":\"ping\"}\r\n") == Status::ok);
    REQUIRE(c.lines.size() == 2);
    CHECK(c.lines[1] == "{\"type\":\"ping\"}");
    CHECK(c.framer.buffered() == 0);
}

TEST_CASE("LineFramer: several lines in one chunk, and a tail kept for the next") {
    Collector c(64);
    CHECK(c.feed("one\ntwo\r\n\nthree\nfou") == Status::ok);
    REQUIRE(c.lines.size() == 4);
    CHECK(c.lines[0] == "one");
    CHECK(c.lines[1] == "two");
    CHECK(c.lines[2].empty());  // empty lines are delivered; the session ignores them
    CHECK(c.lines[3] == "three");
    CHECK(c.framer.has_partial());
    CHECK(c.framer.buffered() == 3);

    CHECK(c.feed("r\nfive\n") == Status::ok);
    REQUIRE(c.lines.size() == 6);
    CHECK(c.lines[4] == "four");
    CHECK(c.lines[5] == "five");
    CHECK_FALSE(c.framer.has_partial());
}

TEST_CASE("LineFramer: CR handling") {
    Collector c(64);
    SUBCASE("CRLF drops the CR") {
        CHECK(c.feed("abc\r\n") == Status::ok);
        REQUIRE(c.lines.size() == 1);
        CHECK(c.lines[0] == "abc");
    }
    SUBCASE("CR and LF in different reads") {
        CHECK(c.feed("abc\r") == Status::ok);
        CHECK(c.lines.empty());
        CHECK(c.framer.buffered() == 4);
        CHECK(c.feed("\n") == Status::ok);
        REQUIRE(c.lines.size() == 1);
        CHECK(c.lines[0] == "abc");
    }
    SUBCASE("a lone CR is not a line end and stays in the line") {
        CHECK(c.feed("a\rb") == Status::ok);
        CHECK(c.lines.empty());
        CHECK(c.feed("\n") == Status::ok);
        REQUIRE(c.lines.size() == 1);
        CHECK(c.lines[0] == "a\rb");
    }
    SUBCASE("only one CR before the LF is dropped") {
        CHECK(c.feed("a\r\r\n") == Status::ok);
        REQUIRE(c.lines.size() == 1);
        CHECK(c.lines[0] == "a\r");
    }
    SUBCASE("a bare CRLF is an empty line") {
        CHECK(c.feed("\r\n") == Status::ok);
        REQUIRE(c.lines.size() == 1);
        CHECK(c.lines[0].empty());
    }
}

TEST_CASE("LineFramer: the limit counts the line without its CRLF") {
    constexpr std::size_t kMax = 8;
    const std::string at_max(kMax, 'x');
    const std::string over(kMax + 1, 'x');

    SUBCASE("max bytes, LF, one chunk") {
        Collector c(kMax);
        CHECK(c.feed(at_max + "\n") == Status::ok);
        REQUIRE(c.lines.size() == 1);
        CHECK(c.lines[0] == at_max);
    }
    SUBCASE("max bytes, CRLF, one chunk") {
        Collector c(kMax);
        CHECK(c.feed(at_max + "\r\n") == Status::ok);
        REQUIRE(c.lines.size() == 1);
        CHECK(c.lines[0] == at_max);
    }
    SUBCASE("max bytes, LF, byte by byte") {
        Collector c(kMax);
        CHECK(c.feed_bytes(at_max + "\n") == Status::ok);
        REQUIRE(c.lines.size() == 1);
        CHECK(c.lines[0] == at_max);
    }
    SUBCASE("max bytes, CRLF, byte by byte") {
        Collector c(kMax);
        CHECK(c.feed_bytes(at_max + "\r\n") == Status::ok);
        REQUIRE(c.lines.size() == 1);
        CHECK(c.lines[0] == at_max);
    }
    SUBCASE("max bytes, then CRLF in its own read") {
        Collector c(kMax);
        CHECK(c.feed(at_max) == Status::ok);
        CHECK(c.feed("\r\n") == Status::ok);
        REQUIRE(c.lines.size() == 1);
        CHECK(c.lines[0] == at_max);
    }
    SUBCASE("max+1 bytes, LF, one chunk") {
        Collector c(kMax);
        CHECK(c.feed(over + "\n") == Status::too_long);
        CHECK(c.lines.empty());
    }
    SUBCASE("max+1 bytes, CRLF, one chunk") {
        Collector c(kMax);
        CHECK(c.feed(over + "\r\n") == Status::too_long);
        CHECK(c.lines.empty());
    }
    SUBCASE("max+1 bytes, LF, byte by byte") {
        Collector c(kMax);
        CHECK(c.feed_bytes(over + "\n") == Status::too_long);
        CHECK(c.lines.empty());
    }
    SUBCASE("max+1 bytes, CRLF, byte by byte") {
        Collector c(kMax);
        CHECK(c.feed_bytes(over + "\r\n") == Status::too_long);
        CHECK(c.lines.empty());
    }
    SUBCASE("max+2 unterminated bytes are too long at once") {
        Collector c(kMax);
        CHECK(c.feed(over) == Status::ok);  // max+1 may still be max bytes and a '\r'
        CHECK(c.feed("x") == Status::too_long);
        CHECK(c.lines.empty());
    }
    SUBCASE("a CR in the middle counts as a byte") {
        Collector c(kMax);
        CHECK(c.feed(std::string(kMax, 'x') + "\ry\n") == Status::too_long);
        CHECK(c.lines.empty());
    }
    SUBCASE("lines before the long one are delivered") {
        Collector c(kMax);
        CHECK(c.feed("ok\n" + over + "\nnever\n") == Status::too_long);
        REQUIRE(c.lines.size() == 1);
        CHECK(c.lines[0] == "ok");
    }
}

TEST_CASE("LineFramer: a huge unterminated chunk is too_long without being buffered") {
    Collector c(16);
    const std::string huge(1 << 20, 'a');
    SUBCASE("with nothing buffered") {
        CHECK(c.feed(huge) == Status::too_long);
        CHECK(c.framer.buffered() == 0);
        CHECK_FALSE(c.framer.has_partial());
    }
    SUBCASE("after a short partial line") {
        CHECK(c.feed("abc") == Status::ok);
        CHECK(c.feed(huge) == Status::too_long);
        CHECK(c.framer.buffered() <= 17);
    }
    SUBCASE("terminated at the very end") {
        CHECK(c.feed(huge + "\n") == Status::too_long);
        CHECK(c.framer.buffered() == 0);
    }
    CHECK(c.lines.empty());
}

TEST_CASE("LineFramer: the callback can stop the framer") {
    LineFramer framer(64);
    std::vector<std::string> seen;
    const auto stop_at_b = [&seen](std::string_view line) {
        seen.emplace_back(line);
        return line != "b";
    };
    SUBCASE("in a chunk holding whole lines") {
        CHECK(framer.feed("a\nb\nc\nd", stop_at_b) == Status::stopped);
        REQUIRE(seen.size() == 2);
        CHECK(seen[0] == "a");
        CHECK(seen[1] == "b");
        CHECK(framer.buffered() == 0);  // "c" and "d" were not looked at
        CHECK_FALSE(framer.has_partial());
    }
    SUBCASE("on a line completed from a partial") {
        CHECK(framer.feed("a\n", stop_at_b) == Status::ok);
        CHECK(framer.feed("b", stop_at_b) == Status::ok);
        CHECK(framer.feed("\r\nc\n", stop_at_b) == Status::stopped);
        REQUIRE(seen.size() == 2);
        CHECK(seen[1] == "b");
        CHECK(framer.buffered() == 0);
    }
}

TEST_CASE("LineFramer: the buffer is emptied after a long partial line") {
    Collector c(4096);
    const std::string part(1000, 'z');
    CHECK(c.feed(part) == Status::ok);
    CHECK(c.framer.buffered() == 1000);
    CHECK(c.feed(part + "\n") == Status::ok);
    REQUIRE(c.lines.size() == 1);
    CHECK(c.lines[0].size() == 2000);
    CHECK(c.framer.buffered() == 0);
    CHECK_FALSE(c.framer.has_partial());
    // The framer is usable afterwards.
    CHECK(c.feed("next\n") == Status::ok);
    REQUIRE(c.lines.size() == 2);
    CHECK(c.lines[1] == "next");
}

TEST_CASE("LineFramer: set_max_line_bytes applies to the next line") {
    Collector c(4);
    CHECK(c.feed("abcdefgh\n") == Status::too_long);
    Collector d(4);
    d.framer.set_max_line_bytes(8);
    CHECK(d.feed("abcdefgh\n") == Status::ok);
    d.framer.set_max_line_bytes(2);
    CHECK(d.feed("abc\n") == Status::too_long);
    REQUIRE(d.lines.size() == 1);
    CHECK(d.lines[0] == "abcdefgh");
}
