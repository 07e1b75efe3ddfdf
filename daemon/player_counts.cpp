#include "daemon/player_counts.hpp"

namespace dealer {

// A game nobody plays any more leaves the map, so that the status line
// and the map stay as short as the games being played.
void PlayerCounts::game_ended(const std::string& game) {
    change([&] {
        auto it = games_.find(game);
        if (it == games_.end()) return;
        if (--it->second == 0) games_.erase(it);
    });
}

std::string PlayerCounts::summary() const {
    std::lock_guard lock(mutex_);
    std::size_t players = 0;
    std::string list;
    for (const auto& [game, count] : games_) {
        players += count;
        list += (list.empty() ? ": " : ", ") + game + " " + std::to_string(count);
    }
    return std::to_string(players) + (players == 1 ? " player" : " players") + list + "; " +
           std::to_string(sessions_) + " connected";
}

}  // namespace dealer
