// Plays a real game plugin (.so from the build) through the daemon's own
// loader, as the daemon does: PluginLibrary, complete options, create_game,
// open_session, move. Shared by the unit tests of the bundled games.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "daemon/plugin_library.hpp"

#include "test_support.hpp"

namespace dealer::test {

/// Loads the bundled plugin `name` afresh: each test owns its library (and
/// the host table it gave the plugin) for as long as it plays.
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
    for (const auto& e : errors) INFO(e.message);
    REQUIRE(errors.empty());
    return complete.dump();
}

/// text, which must be a JSON object.
inline nlohmann::json parsed(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    INFO("text: ", text);
    REQUIRE(j.is_object());
    return j;
}

/// One configured game ([games.NAME] table) of a bundled plugin.
struct ConfiguredGame {
    std::shared_ptr<PluginLibrary> lib;  ///< the loaded plugin
    std::string options;                 ///< complete options JSON
    dealer_game* game = nullptr;         ///< made by create_game

    /// Loads plugin and creates a game from the operator keys `given`; both must succeed.
    ConfiguredGame(std::string_view plugin, const nlohmann::json& given)
        : lib(load_plugin(plugin)), options(complete_options(lib, given)) {
        std::string why;
        game = lib->create_game(options, why);
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
        const std::string why = lib->options().apply_player(choices, nlohmann::json::parse(options), effective);
        if (bad != nullptr) *bad = why;
        return why.empty() ? effective.dump() : std::string();
    }
};

/// What a player chose in `play` (the game's options when empty).
struct PlayChoices {
    nlohmann::json choices = nlohmann::json::object();  ///< the `options` object of `play`
};

/// Why create_game refuses the operator keys `given` (which pass the schema).
inline std::string refused_game(std::string_view plugin, const nlohmann::json& given) {
    auto lib = load_plugin(plugin);
    const std::string options = complete_options(lib, given);
    std::string why;
    dealer_game* game = lib->create_game(options, why);
    CHECK(game == nullptr);
    if (game != nullptr) lib->destroy_game(game);
    return why;
}

/// A connection's player-data slot, freed through the plugin as the daemon
/// does when the connection ends. Several sessions may share one.
struct PlayerSlot {
    std::shared_ptr<PluginLibrary> lib;  ///< frees what the plugin stored
    void* data = nullptr;                ///< the slot itself

    /// An empty slot for games of library.
    explicit PlayerSlot(std::shared_ptr<PluginLibrary> library) : lib(std::move(library)) {}
    ~PlayerSlot() { lib->free_player_data(data); }
    PlayerSlot(const PlayerSlot&) = delete;             ///< owns the data
    PlayerSlot& operator=(const PlayerSlot&) = delete;  ///< owns the data
};

/// One player's session of a configured game.
struct PlayerSession {
    const ConfiguredGame& g;           ///< the game it belongs to
    PlayerSlot own_slot;               ///< the slot used when no shared one is given
    dealer_session* session = nullptr; ///< the plugin's session
    nlohmann::json start;              ///< the opening state

    /// Opens a session for a player at address (a string literal) over
    /// transport, with a slot of its own.
    explicit PlayerSession(const ConfiguredGame& game, std::string_view address = "::1",
                           dealer_transport transport = DEALER_TRANSPORT_UDP)
        : g(game), own_slot(game.lib) {
        open(address, transport, &own_slot.data, g.options);
    }

    /// Opens a session on the connection slot `shared` (learning across
    /// games), with complete options_json ("" = the game's options).
    PlayerSession(const ConfiguredGame& game, PlayerSlot& shared, const std::string& options_json = "")
        : g(game), own_slot(game.lib) {
        open("::1", DEALER_TRANSPORT_UDP, &shared.data, options_json.empty() ? g.options : options_json);
    }

    /// Opens a session with the player's choices (which must be accepted),
    /// as a player at 127.0.0.1 over TCP.
    PlayerSession(const ConfiguredGame& game, const PlayChoices& play) : g(game), own_slot(game.lib) {
        std::string bad;
        const std::string options = g.player_options(play.choices, &bad);
        INFO("choices refused: ", bad);
        REQUIRE(bad.empty());
        open("127.0.0.1", DEALER_TRANSPORT_TCP, &own_slot.data, options);
    }

    ~PlayerSession() { g.lib->close_session(session); }
    PlayerSession(const PlayerSession&) = delete;             ///< owns the session
    PlayerSession& operator=(const PlayerSession&) = delete;  ///< owns the session

    /// The move request as given, whatever the plugin answers.
    [[nodiscard]] PluginCall raw_move(const std::string& request) const { return g.lib->move(session, request); }

    /// A move that must be accepted; returns the state.
    nlohmann::json move(const nlohmann::json& request) const {
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

private:
    void open(std::string_view address, dealer_transport transport, void** slot, const std::string& options) {
        const auto info = session_info(transport, address, slot);
        const PluginCall r = g.lib->open_session(g.game, info, options, &session);
        INFO("open -> ", r.output);
        REQUIRE(r.status == DEALER_OK);
        REQUIRE(session != nullptr);
        start = parsed(r.output);
    }
};

}  // namespace dealer::test
