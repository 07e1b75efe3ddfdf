#include "daemon/game_catalog.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include <spdlog/spdlog.h>

#include "daemon/unloader.hpp"

namespace dealer {

namespace {

// The running catalog's plugin loads, by path: what a reload may reuse.
std::map<std::string, std::shared_ptr<const PluginLibrary>> loads_of(const Catalog* running) {
    std::map<std::string, std::shared_ptr<const PluginLibrary>> loads;
    if (running == nullptr) return loads;
    for (const auto& game : running->games()) loads.emplace(game->library()->path(), game->library());
    return loads;
}

// A load of path from the running catalog, if the file there is still the
// version it was loaded from; null when it changed (or cannot be stat'ed:
// the fresh load then says why).
std::shared_ptr<const PluginLibrary> reusable_load(
    const std::map<std::string, std::shared_ptr<const PluginLibrary>>& loads, const std::string& path) {
    auto it = loads.find(path);
    if (it == loads.end()) return nullptr;
    std::string why;
    const auto now = identify_file(path, why);
    return now && *now == it->second->identity() ? it->second : nullptr;
}

}  // namespace

Game::Game(std::string name, std::shared_ptr<const PluginLibrary> plugin, nlohmann::json options,
           dealer_game* handle)
    : name_(std::move(name)),
      plugin_(std::move(plugin)),
      options_(std::move(options)),
      options_json_(options_.dump()),
      handle_(handle) {}

Game::~Game() { plugin_->destroy_game(handle_); }

Catalog::Catalog(std::vector<std::shared_ptr<const Game>> games) : games_(std::move(games)) {
    std::sort(games_.begin(), games_.end(), [](const auto& a, const auto& b) { return a->name() < b->name(); });
    names_ = nlohmann::json::array();
    listing_ = protocol::Reply::array();
    for (const auto& g : games_) {
        names_.push_back(g->name());
        protocol::Reply entry = protocol::Reply::object();
        entry["name"] = g->name();
        entry["plugin"] = g->plugin().name();
        entry["title"] = g->plugin().title();
        entry["description"] = g->plugin().description();
        entry["players"] = g->plugin().players();
        protocol::Reply options = protocol::Reply::object();
        for (const auto& spec : g->plugin().options().specs()) {
            const bool secret = (spec.flags & DEALER_OPTION_SECRET) != 0;
            if (!spec.player_settable() || secret) continue;
            const auto& value = g->options()[spec.name];
            // Listed as a player would send it back: a duration with its unit.
            if (spec.type == DEALER_OPTION_DURATION && value.is_number_integer()) {
                options[spec.name] = format_duration(std::chrono::milliseconds(value.get<std::int64_t>()));
            } else {
                options[spec.name] = value;
            }
        }
        if (!options.empty()) entry["options"] = std::move(options);
        listing_.push_back(std::move(entry));
    }
}

std::shared_ptr<const Game> Catalog::find(std::string_view name) const {
    auto it = std::lower_bound(games_.begin(), games_.end(), name,
                               [](const auto& g, std::string_view n) { return g->name() < n; });
    return it != games_.end() && (*it)->name() == name ? *it : nullptr;
}

// Resolved through /proc/self/exe so that a build tree (build/bin/dealerd,
// build/lib/dealer/plugins) and an install (<prefix>/bin, <prefix>/lib/...)
// both work without configuration.
std::string bundled_plugin_dir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "lib/dealer/plugins";
    return (exe.parent_path().parent_path() / "lib" / "dealer" / "plugins").lexically_normal().string();
}

std::string plugin_path(const std::string& plugin, const Config& config) {
    namespace fs = std::filesystem;
    if (plugin.find('/') != std::string::npos) {
        fs::path p(plugin);
        if (p.is_relative() && !config.base_dir.empty()) p = fs::path(config.base_dir) / p;
        return p.lexically_normal().string();
    }
    const std::string dir = config.plugin_dir.empty() ? bundled_plugin_dir() : config.plugin_dir;
    return (fs::path(dir) / ("dealer_" + plugin + ".so")).string();
}

// Each plugin file is loaded once however many games it backs. A plugin
// that cannot be loaded is not a config error (the daemon runs on without
// its games); options a loaded plugin refuses are. On a reload, unchanged
// plugin files and games are taken over from the running catalog, so that
// only what changed is loaded and created.
CatalogBuild build_catalog(const Config& config, const CatalogBasis& basis) {
    CatalogBuild build;
    const auto previous = loads_of(basis.running.get());
    std::map<std::string, std::shared_ptr<const PluginLibrary>> loaded;
    std::map<std::string, std::string> failed;
    std::vector<std::shared_ptr<const Game>> games;

    for (const GameConfig& gc : config.games) {
        auto error_at = [&](SourcePosition where, std::string message) {
            return ConfigError{config.source, where, "game '" + gc.name + "': " + std::move(message)};
        };
        const std::string path = plugin_path(gc.plugin, config);
        std::shared_ptr<const PluginLibrary> plugin;
        if (auto it = loaded.find(path); it != loaded.end()) {
            plugin = it->second;
        } else if (auto f = failed.find(path); f != failed.end()) {
            build.refused.push_back(error_at(gc.where, "plugin " + path + " refused: " + f->second));
            continue;
        } else if ((plugin = reusable_load(previous, path))) {
            loaded.emplace(path, plugin);
        } else {
            std::string why;
            plugin = PluginLibrary::load(path, why, basis.unloader);
            if (!plugin) {
                failed.emplace(path, why);
                build.refused.push_back(error_at(gc.where, "plugin " + path + " refused: " + why));
                continue;
            }
            loaded.emplace(path, plugin);
        }

        nlohmann::json options;
        auto problems = plugin->options().complete(gc.options, options);
        for (auto& p : problems) {
            auto pos = gc.option_positions.find(p.key);
            build.errors.push_back(error_at(pos != gc.option_positions.end() ? pos->second : gc.where, p.message));
        }
        if (!problems.empty()) continue;

        if (basis.running) {
            auto same = basis.running->find(gc.name);
            if (same && same->library() == plugin && same->options() == options) {
                games.push_back(std::move(same));
                continue;
            }
        }
        std::string why;
        dealer_game* handle = plugin->create_game(options.dump(), why);
        if (handle == nullptr) {
            build.errors.push_back(error_at(gc.where, why));
            continue;
        }
        games.push_back(
            Unloader::share(std::make_unique<const Game>(gc.name, plugin, std::move(options), handle), basis.unloader));
    }
    build.catalog = std::make_shared<const Catalog>(std::move(games));
    return build;
}

}  // namespace dealer
