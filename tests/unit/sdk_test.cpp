// The C++ SDK's own helpers, used directly as a game's unit test would.
#include <doctest/doctest.h>

#include <stdexcept>

#include <dealer/plugin.hpp>

namespace {

struct Tally final : dealer::sdk::PlayerData {
    int games = 0;
};

struct Other final : dealer::sdk::PlayerData {};

}  // namespace

TEST_CASE("sdk: player_data is made once per slot, and refuses a missing slot or a second type") {
    dealer::sdk::SessionInfo info;
    CHECK_THROWS_AS(info.player_data<Tally>(), std::logic_error);  // no host slot: an error, not a crash

    void* slot = nullptr;
    info.player_data_slot = &slot;
    info.player_data<Tally>().games += 1;
    info.player_data<Tally>().games += 1;
    CHECK(slot != nullptr);
    CHECK(info.player_data<Tally>().games == 2);
    CHECK_THROWS_AS(info.player_data<Other>(), std::logic_error);
    delete static_cast<dealer::sdk::PlayerData*>(slot);
}
