// Plays a bundled game through its real plugin file with the host's loader,
// as the daemon does: PluginLibrary::load, the option schema's completion,
// create_game, open_session with a player-data slot, move. Shared by the
// unit tests of the bundled games.
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

/// The complete options for the given operator keys, as build_catalog makes them.
inline std::string complete_options(const std::shared_ptr<PluginLibrary>& lib, const nlohmann::json& given) {
    nlohmann::json complete;
    const auto errors = lib->options().complete(given, complete);
    REQUIRE(errors.empty());
    return complete.dump();
}

/// text parsed as a JSON object (the test fails if it is not one).
inline nlohmann::json parsed(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    INFO("text: ", text);
    REQUIRE(j.is_object());
    return j;
}

/// One configured game: a [games.NAME] table of the plugin `name`.
struct ConfiguredGame {
    std::shared_ptr<PluginLibrary> lib;  ///< the loaded plugin
    std::string options;                 ///< the complete options
    dealer_game* game = nullptr;         ///< made by create_game

    /// Loads plugin `name` and creates a game from the operator keys `given`.
    ConfiguredGame(std::string_view name, const nlohmann::json& given)
        : lib(load_plugin(name)), options(complete_options(lib, given)) {
        std::string why;
        game = lib->create_game(options, why);
        INFO("why: ", why);
        REQUIRE(game != nullptr);
    }
    ~ConfiguredGame() { lib->destroy_game(game); }
    ConfiguredGame(const ConfiguredGame&) = delete;             ///< owns the game
    ConfiguredGame& operator=(const ConfiguredGame&) = delete;  ///< owns the game
};

/// A connection's player-data slot, freed through the plugin like the
/// daemon does when the connection ends.
struct PlayerSlot {
    std::shared_ptr<PluginLibrary> lib;  ///< frees what the plugin stored
    void* data = nullptr;                ///< the slot itself

    /// An empty slot for games of lib.
    explicit PlayerSlot(std::shared_ptr<PluginLibrary> library) : lib(std::move(library)) {}
    ~PlayerSlot() { lib->free_player_data(data); }
    PlayerSlot(const PlayerSlot&) = delete;             ///< owns the data
    PlayerSlot& operator=(const PlayerSlot&) = delete;  ///< owns the data
};

/// One session of a configured game, opened with the game's options or a
/// player's (complete) variant of them, on a slot of its own or a shared one.
struct PlayedSession {
    const ConfiguredGame& g;             ///< the game played
    PlayerSlot own_slot;                 ///< used when no shared slot is given
    dealer_session* session = nullptr;   ///< from open_session
    nlohmann::json start;                ///< the opening state

    /// Opens a session; options_json empty means the game's options.
    explicit PlayedSession(const ConfiguredGame& game, PlayerSlot* shared = nullptr,
                           const std::string& options_json = "")
        : g(game), own_slot(game.lib) {
        void** slot = shared != nullptr ? &shared->data : &own_slot.data;
        const auto info = session_info(DEALER_TRANSPORT_UDP, "::1", slot);
        const PluginCall r = g.lib->open_session(g.game, info, options_json.empty() ? g.options : options_json,
                                                 &session);
        INFO("start: ", r.output);
        REQUIRE(r.status == DEALER_OK);
        REQUIRE(session != nullptr);
        start = parsed(r.output);
    }
    ~PlayedSession() { g.lib->close_session(session); }
    PlayedSession(const PlayedSession&) = delete;             ///< owns the session
    PlayedSession& operator=(const PlayedSession&) = delete;  ///< owns the session

    /// Sends a move request as it is.
    [[nodiscard]] PluginCall raw_move(const std::string& request) const { return g.lib->move(session, request); }

    /// A move that must be accepted; returns the state.
    nlohmann::json accepted(const nlohmann::json& request) const {
        const PluginCall r = raw_move(request.dump());
        INFO("move ", request.dump(), " -> ", r.output);
        REQUIRE(r.status == DEALER_OK);
        return parsed(r.output);
    }

    /// A move that must be refused as illegal; returns its text.
    std::string illegal(const std::string& request) const {
        const PluginCall r = raw_move(request);
        INFO("move ", request, " -> ", r.output);
        CHECK(r.status == DEALER_ILLEGAL_MOVE);
        return parsed(r.output).value("text", "");
    }
};

}  // namespace dealer::test
