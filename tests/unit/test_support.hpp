// What several unit test files share: where the plugins the build made are
// (the bundled ones and the fixtures, one per failure mode), a quiet log for
// tests that make plugins fail on purpose, the session info a plugin gets
// when a game starts, and games and catalogs made without a config file.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "daemon/config.hpp"
#include "daemon/game_catalog.hpp"
#include "dealer/plugin.h"

#ifndef DEALER_PLUGIN_DIR
#error "DEALER_PLUGIN_DIR must be defined"
#endif
#ifndef DEALER_FIXTURE_DIR
#error "DEALER_FIXTURE_DIR must be defined"
#endif

namespace dealer::test {

/// build/lib/dealer/plugins/dealer_<name>.so
inline std::string plugin_file(std::string_view name) {
    return std::string(DEALER_PLUGIN_DIR) + "/dealer_" + std::string(name) + ".so";
}

/// build/tests/fixtures/dealer_<name>.so
inline std::string fixture_file(std::string_view name) {
    return std::string(DEALER_FIXTURE_DIR) + "/dealer_" + std::string(name) + ".so";
}

/// Silences the log for its lifetime: plugin failures are logged on purpose
/// in these tests, and the test output stays readable.
struct QuietLog {
    spdlog::level::level_enum before = spdlog::get_level();  ///< restored at the end
    QuietLog() { spdlog::set_level(spdlog::level::off); }
    ~QuietLog() { spdlog::set_level(before); }
    QuietLog(const QuietLog&) = delete;             ///< one scope, one restore
    QuietLog& operator=(const QuietLog&) = delete;  ///< one scope, one restore
};

/// The dealer_session_info the host passes to session_open for a player at
/// address (a string literal) over transport, with player_data as the slot.
inline dealer_session_info session_info(dealer_transport transport, std::string_view address,
                                        void** player_data) {
    dealer_session_info info{};
    info.struct_size = sizeof info;
    info.transport = transport;
    info.peer_address = address.data();
    info.peer_address_len = address.size();
    info.player_data = player_data;
    return info;
}

/// A [games.NAME] table offering `name` from the plugin file at
/// plugin_path with these options (as if read from a config file).
inline GameConfig game_config(std::string name, std::string plugin_path,
                              nlohmann::json options = nlohmann::json::object()) {
    GameConfig g;
    g.name = std::move(name);
    g.plugin = std::move(plugin_path);
    g.options = std::move(options);
    return g;
}

/// The catalog of a build that must have worked: fails the test, showing
/// every error, when a game was refused or its options were.
inline std::shared_ptr<const Catalog> require_catalog(const CatalogBuild& build) {
    std::string problems;
    for (const auto& e : build.errors) problems += e.to_string() + "\n";
    for (const auto& e : build.refused) problems += e.to_string() + "\n";
    INFO(problems);
    REQUIRE(build.errors.empty());
    REQUIRE(build.refused.empty());
    return build.catalog;
}

}  // namespace dealer::test
