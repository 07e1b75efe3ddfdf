// Unit tests for loading plugins (daemon/plugin_library.hpp) with the real
// guess plugin and every fixture of tests/fixtures: refusals at load (wrong
// ABI without running plugin code, no entry point, missing file), and the
// call wrappers with a throwing plugin, a plugin that writes broken replies,
// a rate-limiting plugin and the plain-C coin game.

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include <stdlib.h>

#include <nlohmann/json.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include "daemon/plugin_library.hpp"

#include "test_support.hpp"

using dealer::PluginCall;
using dealer::PluginLibrary;
using nlohmann::json;

namespace {

using dealer::test::fixture_file;
using dealer::test::plugin_file;

using dealer::test::QuietLog;

std::shared_ptr<PluginLibrary> load_ok(const std::string& path) {
    std::string why;
    auto lib = PluginLibrary::load(path, why);
    INFO("path: ", path, " why: ", why);
    REQUIRE(lib != nullptr);
    return lib;
}

std::string load_refused(const std::string& path) {
    std::string why;
    auto lib = PluginLibrary::load(path, why);
    CHECK(lib == nullptr);
    CHECK_FALSE(why.empty());
    return why;
}

// A game and one session of it, closed and destroyed at scope exit.
struct Played {
    std::shared_ptr<PluginLibrary> lib;
    dealer_game* game = nullptr;
    dealer_session* session = nullptr;
    void* player_data = nullptr;
    PluginCall start;

    Played(std::shared_ptr<PluginLibrary> library, const std::string& options_json) : lib(std::move(library)) {
        std::string why;
        game = lib->create_game(options_json, why);
        INFO("why: ", why);
        REQUIRE(game != nullptr);
        const auto info = dealer::test::session_info(DEALER_TRANSPORT_TCP, "127.0.0.1", &player_data);
        start = lib->open_session(game, info, options_json, &session);
        REQUIRE(start.status == DEALER_OK);
        REQUIRE(session != nullptr);
    }
    ~Played() {
        if (session != nullptr) lib->close_session(session);
        lib->free_player_data(player_data);
        if (game != nullptr) lib->destroy_game(game);
    }
    Played(const Played&) = delete;
    Played& operator=(const Played&) = delete;

    PluginCall move(const json& request) const { return lib->move(session, request.dump()); }
};

json parsed(const std::string& text) {
    auto j = json::parse(text, nullptr, false);
    INFO("text: ", text);
    REQUIRE(j.is_object());
    return j;
}

}  // namespace

TEST_CASE("PluginLibrary: the real guess plugin loads with its descriptor") {
    auto lib = load_ok(plugin_file("guess"));
    CHECK(lib->path() == plugin_file("guess"));
    CHECK(lib->name() == "guess");
    CHECK(lib->version() == "1.0.0");
    CHECK(lib->title() == "Guess the number");
    CHECK_FALSE(lib->description().empty());
    CHECK(lib->players() == 1);
    REQUIRE(lib->options().specs().size() == 3);
    CHECK(lib->options().find("min") != nullptr);
    CHECK(lib->options().find("max") != nullptr);
    CHECK(lib->options().find("max_guesses") != nullptr);
    CHECK(lib->options().find("min")->default_value == 0);
    CHECK(lib->options().find("max")->default_value == 9);
    CHECK_FALSE(lib->options().find("max")->player_settable());
}

TEST_CASE("PluginLibrary: refusals at load") {
    QuietLog quiet;
    SUBCASE("a wrong ABI version, without running any plugin code") {
        // dealer_bad_abi's init calls abort(): reaching the checks below
        // proves the host never called it.
        const std::string why = load_refused(fixture_file("bad_abi"));
        CHECK(why.find("ABI version") != std::string::npos);
        CHECK(why.find("999") != std::string::npos);
        CHECK(why.find(std::to_string(DEALER_ABI_VERSION)) != std::string::npos);
        // Twice, to be sure nothing was left half-loaded.
        CHECK(load_refused(fixture_file("bad_abi")) == why);
    }
    SUBCASE("no entry function") {
        const std::string why = load_refused(fixture_file("no_entry"));
        CHECK(why.find(DEALER_PLUGIN_INIT_SYMBOL) != std::string::npos);
    }
    SUBCASE("no such file") {
        load_refused(fixture_file("does_not_exist"));
    }
    SUBCASE("a file that is not a shared library") {
        load_refused(std::string(DEALER_SOURCE_DIR) + "/tests/fixtures/CMakeLists.txt");
    }
}

TEST_CASE("PluginLibrary: throws (C++ SDK) loads; an exception in a move is DEALER_INTERNAL") {
    QuietLog quiet;
    auto lib = load_ok(fixture_file("throws"));
    CHECK(lib->name() == "throws");
    CHECK(lib->options().specs().empty());
    Played p(lib, "{}");
    CHECK(parsed(p.start.output) == json{{"text", "ready"}});

    const PluginCall ok = p.move({{"type", "move"}});
    CHECK(ok.status == DEALER_OK);
    CHECK(parsed(ok.output) == json{{"over", false}, {"text", "ok"}});

    const PluginCall thrown = p.move({{"type", "move"}, {"throw", true}});
    CHECK(thrown.status == DEALER_INTERNAL);
    CHECK(parsed(thrown.output).value("text", "").find("fixture failure") == std::string::npos);  // not leaked

    // The plugin keeps working after an exception.
    CHECK(p.move({{"type", "move"}}).status == DEALER_OK);

    // The SDK provides text_to_move ({"input": line}) and render_text ("text").
    const PluginCall typed = lib->text_to_move(p.session, "hello there");
    CHECK(typed.status == DEALER_OK);
    CHECK(parsed(typed.output) == json{{"input", "hello there"}});
    const PluginCall shown = lib->render_text(p.session, DEALER_REPLY_STATE, R"({"over":false,"text":"ok"})");
    CHECK(shown.status == DEALER_OK);
    CHECK(shown.output == "ok");
}

TEST_CASE("PluginLibrary: bad_reply writes what it writes; the wrapper passes it on") {
    auto lib = load_ok(fixture_file("bad_reply"));
    CHECK(lib->name() == "bad_reply");
    Played p(lib, "{}");
    CHECK(parsed(p.start.output) == json{{"text", "ready"}});

    const PluginCall not_json = p.move({{"type", "move"}, {"reply", "not_json"}});
    CHECK(not_json.status == DEALER_OK);
    CHECK(not_json.output == "this is not json");
    const PluginCall no_over = p.move({{"type", "move"}, {"reply", "no_over"}});
    CHECK(no_over.status == DEALER_OK);
    CHECK(parsed(no_over.output) == json{{"text", "x"}});
    const PluginCall bad_result = p.move({{"type", "move"}, {"reply", "bad_result"}});
    CHECK(bad_result.status == DEALER_OK);
    CHECK(parsed(bad_result.output) == json{{"over", true}, {"text", "x"}, {"result", "maybe"}});
    const PluginCall fine = p.move({{"type", "move"}, {"reply", "something else"}});
    CHECK(fine.status == DEALER_OK);
    CHECK(parsed(fine.output) == json{{"over", false}, {"text", "ok"}});

    // No text_to_move of its own: the host sends {"input": line}.
    const PluginCall typed = lib->text_to_move(p.session, "5");
    CHECK(typed.status == DEALER_OK);
    CHECK(parsed(typed.output) == json{{"input", "5"}});
}

TEST_CASE("PluginLibrary: rate_limit refuses moves with retry_after") {
    auto lib = load_ok(fixture_file("rate_limit"));
    CHECK(lib->name() == "rate_limit");
    Played p(lib, "{}");
    for (int i = 0; i < 3; ++i) {
        const PluginCall r = p.move({{"type", "move"}});
        CHECK(r.status == DEALER_RATE_LIMITED);
        CHECK(parsed(r.output) == json{{"text", "slow down"}, {"retry_after", 7}});
    }
}

TEST_CASE("PluginLibrary: coin, a plain-C game, loads and plays") {
    auto lib = load_ok(fixture_file("coin"));
    CHECK(lib->name() == "coin");
    CHECK(lib->title() == "Coin toss");
    CHECK(lib->version() == "1.0.0");
    CHECK(lib->players() == 1);
    CHECK(lib->options().specs().empty());

    SUBCASE("start") {
        Played p(lib, "{}");
        CHECK(parsed(p.start.output) == json{{"text", "call heads or tails"}, {"over", false}});
        // Neither text_to_move nor render_text: the host's defaults apply.
        const PluginCall typed = lib->text_to_move(p.session, "tails");
        CHECK(typed.status == DEALER_OK);
        CHECK(parsed(typed.output) == json{{"input", "tails"}});
        const PluginCall shown = lib->render_text(p.session, DEALER_REPLY_START, p.start.output);
        CHECK(shown.status == DEALER_INTERNAL);
        CHECK(shown.output.empty());
    }
    SUBCASE("illegal calls are refused and the game goes on") {
        Played p(lib, "{}");
        for (const json& bad : {json{{"type", "move"}}, json{{"type", "move"}, {"call", "edge"}},
                                json{{"type", "move"}, {"call", "Heads"}}, json{{"type", "move"}, {"call", 1}},
                                json{{"type", "move"}, {"call", "heads "}}, json{{"type", "move"}, {"input", "h"}},
                                json{{"type", "move"}, {"x", {{"call", "heads"}}}}}) {
            CAPTURE(bad.dump());
            const PluginCall r = p.move(bad);
            CHECK(r.status == DEALER_ILLEGAL_MOVE);
            CHECK(parsed(r.output) == json{{"text", "call heads or tails"}});
        }
        const PluginCall r = p.move({{"type", "move"}, {"call", "heads"}});
        CHECK(r.status == DEALER_OK);
    }
    SUBCASE("a call is tossed: over, with the toss and the player's result") {
        std::set<std::string> tosses;
        std::set<std::string> results;
        for (int i = 0; i < 64; ++i) {
            Played p(lib, "{}");
            const std::string call = i % 2 == 0 ? "heads" : "tails";
            const json request = i % 4 < 2 ? json{{"type", "move"}, {"call", call}, {"id", "x"}, {"seq", i}}
                                           : json{{"type", "move"}, {"input", call}};
            const PluginCall r = p.move(request);
            REQUIRE(r.status == DEALER_OK);
            const json state = parsed(r.output);
            CAPTURE(state.dump());
            CHECK(state["over"] == true);
            const std::string toss = state.value("toss", "");
            CHECK((toss == "heads" || toss == "tails"));
            CHECK(state["text"] == toss);
            CHECK(state["result"] == (toss == call ? "win" : "lose"));
            tosses.insert(toss);
            results.insert(state.value("result", ""));
            // The coin is tossed once.
            CHECK(p.move({{"type", "move"}, {"call", "heads"}}).status == DEALER_ILLEGAL_MOVE);
        }
        CHECK(tosses.size() == 2);  // 64 tosses all alike would be a broken coin (p = 2^-63)
        CHECK(results.size() == 2);
    }
}

TEST_CASE("PluginLibrary: one file can be loaded twice and used independently") {
    auto a = load_ok(fixture_file("coin"));
    auto b = load_ok(fixture_file("coin"));
    Played pa(a, "{}");
    Played pb(b, "{}");
    a.reset();  // the Played objects keep their libraries
    CHECK(pa.move({{"type", "move"}, {"call", "tails"}}).status == DEALER_OK);
    CHECK(pb.move({{"type", "move"}, {"call", "heads"}}).status == DEALER_OK);
}

// SPEC §8: after SIGHUP "running sessions finish on the plugin version they
// started with, new sessions get the new one". Loading a plugin file that
// was replaced on disk while the old version is still in use must therefore
// give the new code.
TEST_CASE("PluginLibrary: a plugin file replaced on disk loads its new code while the old one is in use") {
    namespace fs = std::filesystem;
    std::string dir_template = (fs::temp_directory_path() / "dealer_reload_XXXXXX").string();
    REQUIRE(mkdtemp(dir_template.data()) != nullptr);
    const fs::path dir = dir_template;
    const fs::path installed = dir / "dealer_game.so";

    fs::copy_file(fixture_file("coin"), installed);
    auto old_version = load_ok(installed.string());
    CHECK(old_version->name() == "coin");
    Played running(old_version, "{}");  // a session still on the old version

    // Install a different plugin the way package managers do: a new file renamed over the old one.
    fs::copy_file(fixture_file("rate_limit"), dir / "new.so");
    fs::rename(dir / "new.so", installed);
    auto new_version = load_ok(installed.string());
    CHECK(new_version->name() == "rate_limit");

    CHECK(running.move({{"type", "move"}, {"call", "heads"}}).status == DEALER_OK);  // the old one still works
    std::error_code ec;
    fs::remove_all(dir, ec);
}

// plugin.h: the dealer_host given to dealer_plugin_init is "valid until the
// plugin is unloaded", and plugins keep it. Loading the same file twice
// gives one dlopen handle and a second init call with the second library's
// table; when that second library goes, the plugin (still loaded by the
// first) must not be left holding a table that was freed with it.
TEST_CASE("PluginLibrary: the host table a plugin holds stays valid while the plugin is loaded") {
    auto first = load_ok(fixture_file("host_probe"));
    std::uint64_t first_table = 0;
    {
        Played a(first, "{}");
        first_table = parsed(a.start.output).value("host", std::uint64_t{0});
        REQUIRE(first_table != 0);
    }
    std::uint64_t second_table = 0;
    {
        auto second = load_ok(fixture_file("host_probe"));
        Played b(second, "{}");
        second_table = parsed(b.start.output).value("host", std::uint64_t{0});
    }  // the second library, and the table it gave the plugin, are gone; the plugin is still loaded
    Played again(first, "{}");
    const std::uint64_t held = parsed(again.start.output).value("host", std::uint64_t{0});
    CAPTURE(first_table);
    CAPTURE(second_table);
    CHECK_MESSAGE(held == first_table, "the plugin holds the table of a library that was destroyed");
}
