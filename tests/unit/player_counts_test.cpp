// PlayerCounts: the STATUS= summary systemd shows.
#include <doctest/doctest.h>

#include "daemon/player_counts.hpp"

TEST_SUITE("player_counts") {

TEST_CASE("the summary lists players per game, sorted, and the sessions connected") {
    dealer::PlayerCounts counts;
    int changes = 0;
    counts.on_change([&] { ++changes; });
    CHECK(counts.summary() == "0 players; 0 connected");
    counts.session_opened();
    counts.session_opened();
    counts.session_opened();
    counts.game_started("rps");
    CHECK(counts.summary() == "1 player: rps 1; 3 connected");
    counts.game_started("guess");
    counts.game_started("guess");
    CHECK(counts.summary() == "3 players: guess 2, rps 1; 3 connected");
    counts.game_ended("rps");
    CHECK(counts.summary() == "2 players: guess 2; 3 connected");  // a game nobody plays is not listed
    counts.game_ended("guess");
    counts.game_ended("guess");
    counts.game_ended("guess");  // one end too many changes nothing
    counts.session_closed();
    CHECK(counts.summary() == "0 players; 2 connected");
    CHECK(changes == 11);  // every call, the extra end included
}

}  // TEST_SUITE
