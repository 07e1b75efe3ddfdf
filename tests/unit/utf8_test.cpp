// UTF-8 well-formedness: what text-form replies are made into.
#include <doctest/doctest.h>

#include <string>

#include "protocol/message.hpp"
#include "protocol/utf8.hpp"

using dealer::protocol::is_valid_utf8;
using dealer::protocol::to_valid_utf8;

TEST_CASE("utf8: well-formed text is accepted and kept") {
    for (const std::string& text : {std::string(), std::string("plain ascii"), std::string("caf\xC3\xA9"),
                                   std::string("\xE2\x82\xAC 20"), std::string("\xF0\x9F\x83\x8F joker"),
                                   std::string("\xF4\x8F\xBF\xBF")}) {
        CAPTURE(text);
        CHECK(is_valid_utf8(text));
        CHECK(to_valid_utf8(text) == text);
    }
}

TEST_CASE("utf8: ill-formed sequences are refused and replaced") {
    const std::string fffd = "\xEF\xBF\xBD";
    struct Case {
        std::string in, out;
    };
    for (const Case& c : {
             Case{"\xFF\xFE", fffd + fffd},                      // bytes that never occur
             Case{"a\x80" "b", "a" + fffd + "b"},                // stray continuation byte
             Case{"\xC3", fffd},                                 // truncated at the end
             Case{"\xC0\xAF", fffd + fffd},                      // overlong '/'
             Case{"\xE0\x80\xAF", fffd + fffd + fffd},           // overlong, three bytes
             Case{"\xED\xA0\x80", fffd + fffd + fffd},           // a surrogate
             Case{"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd} // above U+10FFFF
         }) {
        CAPTURE(c.in);
        CHECK_FALSE(is_valid_utf8(c.in));
        CHECK(to_valid_utf8(c.in) == c.out);
        CHECK(is_valid_utf8(to_valid_utf8(c.in)));
    }
}

TEST_CASE("utf8: text error lines are well-formed even when they echo bad bytes") {
    const std::string line = dealer::protocol::text_error_line("no game called '\xFF\xFE'");
    CHECK(is_valid_utf8(line));
    CHECK(line == "error: no game called '\xEF\xBF\xBD\xEF\xBF\xBD'\n");
}
