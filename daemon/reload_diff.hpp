// What a reload changes, worked out from the running config and catalog
// and the reloaded ones: listen addresses added and removed, games added,
// removed and changed, and the one-line summary the log gets. Pure
// functions, so that the reload's bookkeeping is tested without a server.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "daemon/config.hpp"
#include "daemon/game_catalog.hpp"

namespace dealer {

/// Listen addresses a reload adds and removes, in the order of the files.
/// An address in both configs is unchanged and in neither list: its socket
/// stays as it is.
struct ListenChanges {
    std::vector<ListenAddress> tcp_added;    ///< to bind
    std::vector<ListenAddress> tcp_removed;  ///< to close (accepted connections stay)
    std::vector<ListenAddress> udp_added;    ///< to bind
    std::vector<ListenAddress> udp_removed;  ///< to retire (sessions on it stay until they end)
    /// True when nothing is added or removed.
    [[nodiscard]] bool empty() const noexcept {
        return tcp_added.empty() && tcp_removed.empty() && udp_added.empty() && udp_removed.empty();
    }
};

/// The [server] tcp and udp differences between running and reloaded.
ListenChanges diff_listen(const Config& running, const Config& reloaded);

/// A game offered before and after a reload, but not as the same Game.
struct GameChange {
    std::string name;  ///< the game's name
    std::string how;   ///< "plugin file replaced", "options changed", "plugin a.so instead of b.so"
};

/// How the games on offer change with a reload.
struct GameChanges {
    std::vector<std::string> added;    ///< offered now, not before (sorted)
    std::vector<std::string> removed;  ///< offered before, not now (sorted)
    std::vector<GameChange> changed;   ///< offered before and now, made anew (sorted by name)
    std::size_t unchanged = 0;         ///< the same Game before and after
};

/// Compares the catalog in service with the one a reload built (which
/// reuses every Game it could: an unchanged game is the same object).
GameChanges diff_games(const Catalog& running, const Catalog& reloaded);

/// "2 games added, 1 removed, 1 changed, 3 unchanged; 1 listener added,
/// 1 removed; 2 options changed, 1 waiting for a restart" — the closing
/// line of a reload. options_changed counts the reloadable options other
/// than the listen addresses; restart_required the others.
std::string reload_summary(const GameChanges& games, const ListenChanges& listen, std::size_t options_changed,
                           std::size_t restart_required);

}  // namespace dealer
