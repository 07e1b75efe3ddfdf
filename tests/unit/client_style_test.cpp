// Unit tests for the client's colour decision and terminal-safe text
// (client/style.hpp).

#include <doctest/doctest.h>

#include <string>

#include "client/style.hpp"

namespace client = dealer::client;
using client::ColorMode;

TEST_CASE("colour only on a terminal, unless told otherwise") {
    CHECK(client::decide_color(ColorMode::automatic, true, nullptr, "xterm-256color"));
    CHECK_FALSE(client::decide_color(ColorMode::automatic, false, nullptr, "xterm"));
    // NO_COLOR (no-color.org): set and non-empty turns colour off.
    CHECK_FALSE(client::decide_color(ColorMode::automatic, true, "1", "xterm"));
    CHECK(client::decide_color(ColorMode::automatic, true, "", "xterm"));
    CHECK_FALSE(client::decide_color(ColorMode::automatic, true, nullptr, "dumb"));
    CHECK(client::decide_color(ColorMode::automatic, true, nullptr, nullptr));
    // --no-color wins over a terminal; --color=always over a pipe and NO_COLOR.
    CHECK_FALSE(client::decide_color(ColorMode::never, true, nullptr, "xterm"));
    CHECK(client::decide_color(ColorMode::always, false, "1", "dumb"));
}

TEST_CASE("Style paints only when colour is on") {
    const client::Style plain(false);
    const client::Style colour(true);
    CHECK(plain.paint(client::Role::good, "won") == "won");
    CHECK(plain.paint_prompt("guess> ") == "guess> ");
    const std::string painted = colour.paint(client::Role::good, "won");
    CHECK(painted.find("\033[") == 0);
    CHECK(painted.find("won") != std::string::npos);
    CHECK(painted.ends_with("\033[0m"));
    // The prompt's escapes are marked invisible for libedit, and the
    // trailing blank stays outside them.
    const std::string prompt = colour.paint_prompt("guess> ");
    CHECK(prompt.front() == '\001');
    CHECK(prompt.ends_with("\002 "));
    CHECK(colour.paint(client::Role::bad, "") == "");
    CHECK(client::without_color(colour.paint(client::Role::warning, "cheat") + " and " +
                                colour.paint(client::Role::good, "fair")) == "cheat and fair");
}

TEST_CASE("printable: a server cannot drive the terminal") {
    CHECK(client::printable("too low") == "too low");
    CHECK(client::printable("\033[2Jcleared") == "?[2Jcleared");
    CHECK(client::printable("bell\a") == "bell?");
    CHECK(client::printable("a\nb") == "a b");
    CHECK(client::printable("a\nb", true) == "a\nb");
    CHECK(client::printable("tab\there") == "tab here");
    CHECK(client::printable("\xc2\x9b" "31m") == "?31m");           // C1 CSI
    CHECK(client::printable("caf\xc3\xa9") == "caf\xc3\xa9");       // é stays
    CHECK(client::printable("bad \xff byte") == "bad \xef\xbf\xbd byte");  // U+FFFD
}
