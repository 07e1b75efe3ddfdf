// Playing a bundled game through its real plugin file with the host's
// loader, as the daemon does: PluginLibrary + the option schema +
// create_game, then open_session and move. Shared by the game tests
// (guess_test.cpp, mancala_plugin_test.cpp).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "daemon/plugin_library.hpp"

#include "test_support.hpp"

namespace dealer::test {

/// Loads build/lib/dealer/plugins/dealer_<name>.so afresh: each test owns its
/// library (and the host table it gave the plugin) for as long as it plays.
inline std::shared_ptr<PluginLibrary> load_plugin(std::string_view name) {
    std::string why;
    auto lib = PluginLibrary::load(plugin_file(name), why);
    INFO("why: ", why);
    REQUIRE(lib != nullptr);
    return lib;
}

/// A plugin's output parsed; the test fails unless it is a JSON object.
inline nlohmann::json parsed(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    INFO("text: ", text);
    REQUIRE(j.is_object());
    return j;
}

/// One configured game: the operator's keys completed by the schema, as
/// build_catalog makes them, and the plugin's game made from them.
struct ConfiguredGame {
    std::shared_ptr<PluginLibrary> lib;  ///< the loaded plugin
    nlohmann::json options;              ///< the complete operator options
    dealer_game* game = nullptr;         ///< the plugin's game

    /// Loads plugin `name` and configures it with the operator keys `given`.
    ConfiguredGame(std::string_view name, const nlohmann::json& given) : lib(load_plugin(name)) {
        const auto errors = lib->options().complete(given, options);
        REQUIRE(errors.empty());
        std::string why;
        game = lib->create_game(options.dump(), why);
        INFO("why: ", why);
        REQUIRE(game != nullptr);
    }
    ~ConfiguredGame() { lib->destroy_game(game); }
    ConfiguredGame(const ConfiguredGame&) = delete;             ///< owns the game
    ConfiguredGame& operator=(const ConfiguredGame&) = delete;  ///< owns the game

    /// The options a player's `play` with `choices` gives a session, or ""
    /// with the host's reason in *bad (when given) if they are refused.
    [[nodiscard]] std::string player_options(const nlohmann::json& choices, std::string* bad = nullptr) const {
        nlohmann::json effective;
        const std::string why = lib->options().apply_player(choices, options, effective);
        if (bad != nullptr) *bad = why;
        return why.empty() ? effective.dump() : std::string();
    }
};

/// One session of a configured game, opened as a player at 127.0.0.1.
struct PlayingSession {
    const ConfiguredGame& g;             ///< the game it belongs to
    dealer_session* session = nullptr;   ///< the plugin's session
    void* player_data = nullptr;         ///< the host's per-connection slot
    nlohmann::json start;                ///< the opening state

    /// Opens a session with the player's `choices` over `transport`; the start must succeed.
    explicit PlayingSession(const ConfiguredGame& game, const nlohmann::json& choices = nlohmann::json::object(),
                            dealer_transport transport = DEALER_TRANSPORT_TCP)
        : g(game) {
        const auto info = session_info(transport, "127.0.0.1", &player_data);
        const PluginCall r = g.lib->open_session(g.game, info, g.player_options(choices), &session);
        INFO("start: ", r.output);
        REQUIRE(r.status == DEALER_OK);
        REQUIRE(session != nullptr);
        start = parsed(r.output);
    }
    ~PlayingSession() {
        g.lib->close_session(session);
        g.lib->free_player_data(player_data);
    }
    PlayingSession(const PlayingSession&) = delete;             ///< owns the session
    PlayingSession& operator=(const PlayingSession&) = delete;  ///< owns the session

    /// A move that must be accepted; returns the state.
    [[nodiscard]] nlohmann::json accepted(const nlohmann::json& request) const {
        const PluginCall r = g.lib->move(session, request.dump());
        INFO("move ", request.dump(), " -> ", r.output);
        REQUIRE(r.status == DEALER_OK);
        return parsed(r.output);
    }

    /// A move (raw JSON text) that must be refused as illegal; returns its text.
    [[nodiscard]] std::string illegal(const std::string& request) const {
        const PluginCall r = g.lib->move(session, request);
        INFO("move ", request, " -> ", r.output);
        CHECK(r.status == DEALER_ILLEGAL_MOVE);
        return parsed(r.output).value("text", "");
    }
};

}  // namespace dealer::test
