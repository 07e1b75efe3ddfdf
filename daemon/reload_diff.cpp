#include "daemon/reload_diff.hpp"

#include <algorithm>

namespace dealer {

namespace {

// The entries of `from` that are not in `other`, in the order of `from`.
std::vector<ListenAddress> missing_from(const std::vector<ListenAddress>& from,
                                        const std::vector<ListenAddress>& other) {
    std::vector<ListenAddress> out;
    for (const auto& a : from)
        if (std::find(other.begin(), other.end(), a) == other.end()) out.push_back(a);
    return out;
}

// "1 game", "2 games".
std::string count(std::size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

// Addresses compare as the config states them (IPv6 in canonical form), so
// "127.0.0.1:0" in both configs is the same address and keeps the port the
// kernel chose for it.
ListenChanges diff_listen(const Config& running, const Config& reloaded) {
    ListenChanges changes;
    changes.tcp_added = missing_from(reloaded.tcp, running.tcp);
    changes.tcp_removed = missing_from(running.tcp, reloaded.tcp);
    changes.udp_added = missing_from(reloaded.udp, running.udp);
    changes.udp_removed = missing_from(running.udp, reloaded.udp);
    return changes;
}

// Catalogs are sorted by name, so one merge pass finds everything.
GameChanges diff_games(const Catalog& running, const Catalog& reloaded) {
    GameChanges changes;
    const auto& before = running.games();
    const auto& after = reloaded.games();
    auto b = before.begin();
    auto a = after.begin();
    while (b != before.end() || a != after.end()) {
        if (a == after.end() || (b != before.end() && (*b)->name() < (*a)->name())) {
            changes.removed.push_back((*b++)->name());
        } else if (b == before.end() || (*a)->name() < (*b)->name()) {
            changes.added.push_back((*a++)->name());
        } else {
            const auto& old_game = *b++;
            const auto& new_game = *a++;
            if (old_game == new_game) {
                ++changes.unchanged;
            } else if (old_game->library() == new_game->library()) {
                changes.changed.push_back({new_game->name(), "options changed"});
            } else if (old_game->plugin().path() == new_game->plugin().path()) {
                changes.changed.push_back({new_game->name(), "plugin file replaced"});
            } else {
                changes.changed.push_back({new_game->name(), "plugin " + new_game->plugin().path() + " instead of " +
                                                                 old_game->plugin().path()});
            }
        }
    }
    return changes;
}

// The last line of every applied reload, so that one grep of the log shows
// what each reload did.
std::string reload_summary(const GameChanges& games, const ListenChanges& listen, std::size_t options_changed,
                           std::size_t restart_required) {
    std::string out = count(games.added.size(), "game", "games") + " added, " + std::to_string(games.removed.size()) +
                      " removed, " + std::to_string(games.changed.size()) + " changed, " +
                      std::to_string(games.unchanged) + " unchanged; ";
    const std::size_t added = listen.tcp_added.size() + listen.udp_added.size();
    const std::size_t removed = listen.tcp_removed.size() + listen.udp_removed.size();
    out += count(added, "listener", "listeners") + " added, " + std::to_string(removed) + " removed; ";
    out += count(options_changed, "option", "options") + " changed";
    if (restart_required != 0) out += ", " + std::to_string(restart_required) + " waiting for a restart";
    return out;
}

}  // namespace dealer
