// The games on offer: each [games.NAME] table bound to a loaded plugin with
// its validated options. A catalog is immutable once built; a running game
// keeps its Game (and so its plugin) alive until it ends. A reload builds a
// new catalog that reuses every game and plugin load it can (unchanged
// options, unchanged plugin file) and swaps it in whole.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/config.hpp"
#include "daemon/plugin_library.hpp"
#include "protocol/message.hpp"

namespace dealer {

class Unloader;

/// One offered game: a name, the plugin behind it and its complete options.
class Game {
public:
    /// Takes ownership of handle (made by plugin->create_game).
    Game(std::string name, std::shared_ptr<const PluginLibrary> plugin, nlohmann::json options,
         dealer_game* handle);
    ~Game();
    Game(const Game&) = delete;             ///< owns a plugin game handle
    Game& operator=(const Game&) = delete;  ///< owns a plugin game handle

    /// The name players ask for.
    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    /// The plugin behind it.
    [[nodiscard]] const PluginLibrary& plugin() const noexcept { return *plugin_; }
    /// The plugin behind it, shared: the load a reload may reuse.
    [[nodiscard]] const std::shared_ptr<const PluginLibrary>& library() const noexcept { return plugin_; }
    /// Complete operator options (defaults filled in).
    [[nodiscard]] const nlohmann::json& options() const noexcept { return options_; }
    /// options() serialised, passed to session_open when the player sets none.
    [[nodiscard]] const std::string& options_json() const noexcept { return options_json_; }
    /// The plugin's game handle.
    [[nodiscard]] dealer_game* handle() const noexcept { return handle_; }

private:
    std::string name_;
    std::shared_ptr<const PluginLibrary> plugin_;
    nlohmann::json options_;
    std::string options_json_;
    dealer_game* handle_;
};

/// An immutable set of games, looked up by name.
class Catalog {
public:
    /// games must have unique names.
    explicit Catalog(std::vector<std::shared_ptr<const Game>> games);

    /// The game called name, or null.
    [[nodiscard]] std::shared_ptr<const Game> find(std::string_view name) const;
    /// All games, sorted by name.
    [[nodiscard]] const std::vector<std::shared_ptr<const Game>>& games() const noexcept { return games_; }
    /// Game names, sorted, as the welcome message lists them.
    [[nodiscard]] const nlohmann::json& names() const noexcept { return names_; }
    /// The "games" array of the games reply.
    [[nodiscard]] const protocol::Reply& listing() const noexcept { return listing_; }

private:
    std::vector<std::shared_ptr<const Game>> games_;
    nlohmann::json names_;
    protocol::Reply listing_;
};

/// The result of building a catalog from a config.
struct CatalogBuild {
    std::shared_ptr<const Catalog> catalog;  ///< the games that could be offered
    std::vector<ConfigError> errors;         ///< config errors (bad options): fatal at start
    std::vector<ConfigError> refused;        ///< plugins that could not be loaded: logged, game skipped
};

/// Where the bundled plugins live: <dir of the executable>/../lib/dealer/plugins.
std::string bundled_plugin_dir();

/// The file a `plugin = ...` value names: a path (contains '/') or a name
/// looked up as <plugin_dir>/dealer_<name>.so.
std::string plugin_path(const std::string& plugin, const Config& config);

/// What building a catalog may start from.
struct CatalogBasis {
    /// The catalog in service (a reload), or null (start, --check-config).
    /// A game of the same name, on the same plugin load, with the same
    /// complete options is reused as it is; a plugin load is reused when
    /// its path is the same and the file there still has the identity it
    /// had when loaded (FileIdentity). Everything else is loaded afresh.
    std::shared_ptr<const Catalog> running;
    /// Where games and plugins go when their last owner lets go (their
    /// game_destroy and dlclose then run on the event loop); null: at once.
    std::shared_ptr<Unloader> unloader;
};

/// Loads every game's plugin (each file once) and creates its game.
CatalogBuild build_catalog(const Config& config, const CatalogBasis& basis = {});

/// The current catalog, swapped whole on reload; sessions take a snapshot.
class CatalogRef {
public:
    /// The current catalog (never null after the first set).
    [[nodiscard]] std::shared_ptr<const Catalog> get() const {
        std::lock_guard lock(mutex_);
        return catalog_;
    }
    /// Replaces the catalog; sessions already playing keep their games.
    void set(std::shared_ptr<const Catalog> catalog) {
        std::lock_guard lock(mutex_);
        catalog_ = std::move(catalog);
        generation_.fetch_add(1);
    }
    /// How many times set() was called: a session that saw another number
    /// last time looks for games it holds that are no longer offered.
    [[nodiscard]] std::uint64_t generation() const noexcept { return generation_.load(); }

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const Catalog> catalog_ = std::make_shared<Catalog>(std::vector<std::shared_ptr<const Game>>{});
    std::atomic<std::uint64_t> generation_{0};
};

}  // namespace dealer
