// The part of a SIGHUP reload that decides, off the event loop: re-read
// and check the config, load the plugins that are new or were replaced on
// disk, create the new games, open a changed log sink, and work out what
// changes. Nothing in service is touched: a reload that fails here leaves
// the daemon exactly as it was. (Binding new listen addresses and applying
// the result are the server's: daemon/server.cpp.)
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/config.hpp"
#include "daemon/game_catalog.hpp"
#include "daemon/logging.hpp"
#include "daemon/reload_diff.hpp"

namespace dealer {

class Unloader;

/// What a reload starts from: a snapshot taken on the control strand.
struct ReloadBasis {
    Config running;                          ///< the config in effect
    std::shared_ptr<const Catalog> catalog;  ///< the games in service
    bool socket_activated = false;           ///< the listen sockets are systemd's (LISTEN_FDS)
    std::shared_ptr<Unloader> unloader;      ///< where replaced games and plugins are unloaded
};

/// A reload worked out and made ready, not applied yet.
struct PreparedReload {
    /// Why the reload is refused, one line each ("FILE:LINE:COL: ..."); empty: apply it.
    std::vector<std::string> errors;
    Config config;                           ///< the config in effect once applied (restart-only options kept)
    std::shared_ptr<const Catalog> catalog;  ///< the games to offer
    GameChanges games;                       ///< what changes in the games
    ListenChanges listen;                    ///< addresses to bind and close (none under socket activation)
    bool listen_ignored = false;             ///< tcp/udp changed, but the sockets are systemd's
    std::vector<OptionChange> options;       ///< reloadable options that change (listen addresses aside)
    std::vector<OptionChange> restart;       ///< options that change in the file but need a restart
    std::optional<OpenedLogSink> log_sink;   ///< the new sink, when [log] sink changed
};

/// Prepares a reload from `reread` (the config as read again: the file, or
/// the built-in defaults). Slow (dlopen, plugins' own start-up); call it
/// off the network threads. Any problem — a config error, a plugin that
/// cannot be loaded or refuses its options, a log sink that cannot be
/// opened — refuses the whole reload.
PreparedReload prepare_reload(const ReloadBasis& basis, ConfigResult reread);

}  // namespace dealer
