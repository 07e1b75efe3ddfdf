// Unit tests for the pure logic of a SIGHUP reload: file identity (which
// plugin files changed), the listen-address and option diffs, the options
// a reload keeps for a restart, building a catalog that reuses the running
// one's games and plugin loads, the game diff and summary, the Unloader
// (games and plugins destroyed on the event loop), and a session letting
// go of a replaced game. Real plugins (guess, the build_a/build_b
// fixtures), real files in a temporary directory, a real io_context.

#include <doctest/doctest.h>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/strand.hpp>
#include <nlohmann/json.hpp>

#include "daemon/config.hpp"
#include "daemon/config_reload.hpp"
#include "daemon/file_identity.hpp"
#include "daemon/game_catalog.hpp"
#include "daemon/reload_diff.hpp"
#include "daemon/session.hpp"
#include "daemon/unloader.hpp"

#include "test_support.hpp"

namespace fs = std::filesystem;
using dealer::Config;
using dealer::ListenAddress;
using nlohmann::json;

namespace {

using dealer::test::fixture_file;
using dealer::test::plugin_file;
using dealer::test::game_config;
using dealer::test::QuietLog;

// A temporary directory, removed at scope exit.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "dealer_reload_test_XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// Sets a file's modification time to `seconds` after the epoch, so that two
// versions of a file differ in mtime however fast the test writes them.
void set_mtime(const fs::path& path, long seconds) {
    const timespec times[2] = {{seconds, 0}, {seconds, 0}};
    REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

dealer::FileIdentity identity(const fs::path& path) {
    std::string why;
    auto id = dealer::identify_file(path.string(), why);
    INFO(why);
    REQUIRE(id.has_value());
    return *id;
}

// Builds a catalog that must succeed, from scratch or on top of `running`.
std::shared_ptr<const dealer::Catalog> build(const Config& config,
                                             std::shared_ptr<const dealer::Catalog> running = nullptr,
                                             std::shared_ptr<dealer::Unloader> unloader = nullptr) {
    return dealer::test::require_catalog(dealer::build_catalog(config, {std::move(running), std::move(unloader)}));
}

ListenAddress addr(std::string host, std::uint16_t port) { return ListenAddress{std::move(host), port}; }

}  // namespace

TEST_CASE("FileIdentity: the same file, a rewrite in place, a rename over it, a missing file") {
    TempDir dir;
    const fs::path file = dir.path / "dealer_x.so";
    write_file(file, "version one");
    set_mtime(file, 1000);
    const auto first = identity(file);
    CHECK(identity(file) == first);

    SUBCASE("rewritten in place, same size: same inode, another mtime") {
        write_file(file, "version two");
        set_mtime(file, 2000);
        const auto second = identity(file);
        CHECK(second.inode == first.inode);
        CHECK(second.size == first.size);
        CHECK_FALSE(second == first);
    }
    SUBCASE("a new file renamed over it: another inode, even with the same size and mtime") {
        write_file(dir.path / "new.so", "version one");
        set_mtime(dir.path / "new.so", 1000);
        fs::rename(dir.path / "new.so", file);
        const auto second = identity(file);
        CHECK(second.mtime_ns == first.mtime_ns);
        CHECK_FALSE(second == first);
    }
    SUBCASE("a longer version") {
        write_file(file, "version one, longer");
        set_mtime(file, 1000);
        CHECK_FALSE(identity(file) == first);
    }
    SUBCASE("missing") {
        std::string why;
        CHECK_FALSE(dealer::identify_file((dir.path / "nothing.so").string(), why).has_value());
        CHECK(why == "No such file or directory");
    }
}

TEST_CASE("PluginLibrary records the identity of the file it loaded") {
    std::string why;
    auto lib = dealer::PluginLibrary::load(fixture_file("build_a"), why);
    REQUIRE(lib != nullptr);
    CHECK(lib->identity() == identity(fixture_file("build_a")));
}

TEST_CASE("diff_listen: added and removed addresses per transport; unchanged ones in neither list") {
    Config running = dealer::default_config({});
    running.tcp = {addr("127.0.0.1", 11267), addr("::1", 11267), addr("127.0.0.1", 0)};
    running.udp = {addr("127.0.0.1", 11267)};
    Config reloaded = running;
    CHECK(dealer::diff_listen(running, reloaded).empty());

    reloaded.tcp = {addr("127.0.0.1", 0), addr("0.0.0.0", 2024), addr("::1", 11267)};
    reloaded.udp = {addr("127.0.0.1", 11268)};
    const auto d = dealer::diff_listen(running, reloaded);
    CHECK(d.tcp_added == std::vector<ListenAddress>{addr("0.0.0.0", 2024)});
    CHECK(d.tcp_removed == std::vector<ListenAddress>{addr("127.0.0.1", 11267)});
    CHECK(d.udp_added == std::vector<ListenAddress>{addr("127.0.0.1", 11268)});
    CHECK(d.udp_removed == std::vector<ListenAddress>{addr("127.0.0.1", 11267)});
    CHECK_FALSE(d.empty());
}

TEST_CASE("changed_options: each differing option with both values, marked reloadable or not") {
    const Config running = dealer::default_config({});
    Config reloaded = running;
    CHECK(dealer::changed_options(running, reloaded).empty());
    reloaded.max_sessions = 500;
    reloaded.threads = 4;
    reloaded.udp.clear();
    reloaded.idle_timeout = std::chrono::seconds(30);
    const auto changes = dealer::changed_options(running, reloaded);
    REQUIRE(changes.size() == 4);
    // In table order: [server] udp, threads, then [limits].
    CHECK(changes[0].name == "[server] udp");
    CHECK(changes[0].address_list);
    CHECK(changes[0].after == "[]");
    CHECK(changes[1].name == "[server] threads");
    CHECK_FALSE(changes[1].reloadable);
    CHECK(changes[1].before == "0");
    CHECK(changes[1].after == "4");
    CHECK(changes[2].name == "[limits] max_sessions");
    CHECK(changes[2].reloadable);
    CHECK(changes[2].before == "10000");
    CHECK(changes[2].after == "500");
    CHECK(changes[3].name == "[limits] idle_timeout");
    CHECK(changes[3].before == "\"5m\"");
    CHECK(changes[3].after == "\"30s\"");
}

TEST_CASE("keep_restart_only_options: threads and workers stay as started, the rest follows the file") {
    Config running = dealer::default_config({});
    running.threads = 2;
    running.workers = 3;
    Config reloaded = running;
    reloaded.threads = 8;
    reloaded.workers = 1;
    reloaded.max_line_bytes = 100;
    dealer::keep_restart_only_options(running, reloaded);
    CHECK(reloaded.threads == 2);
    CHECK(reloaded.workers == 3);
    CHECK(reloaded.max_line_bytes == 100);
    CHECK(dealer::restart_required_changes(running, reloaded).empty());
}

TEST_CASE("build_catalog on a running catalog reuses unchanged games and plugin loads") {
    QuietLog quiet;
    TempDir dir;
    const fs::path buildtag = dir.path / "dealer_buildtag.so";
    fs::copy_file(fixture_file("build_a"), buildtag);
    set_mtime(buildtag, 1000);

    Config config;
    config.games = {game_config("guess", plugin_file("guess"), {{"max", 9}}),
                    game_config("guess-hard", plugin_file("guess"), {{"max", 1000}}),
                    game_config("tag", buildtag.string())};
    const auto running = build(config);

    SUBCASE("nothing changed: the same Game objects") {
        const auto again = build(config, running);
        for (const auto& g : running->games()) CHECK(again->find(g->name()) == g);
        const auto d = dealer::diff_games(*running, *again);
        CHECK(d.unchanged == 3);
        CHECK(d.added.empty());
        CHECK(d.removed.empty());
        CHECK(d.changed.empty());
    }
    SUBCASE("options changed: a new Game on the same plugin load") {
        config.games[1].options["max"] = 2000;
        const auto again = build(config, running);
        CHECK(again->find("guess") == running->find("guess"));
        CHECK(again->find("guess-hard") != running->find("guess-hard"));
        CHECK(again->find("guess-hard")->library() == running->find("guess-hard")->library());
        const auto d = dealer::diff_games(*running, *again);
        REQUIRE(d.changed.size() == 1);
        CHECK(d.changed[0].name == "guess-hard");
        CHECK(d.changed[0].how == "options changed");
        CHECK(d.unchanged == 2);
    }
    SUBCASE("the plugin file replaced on disk: a fresh load of the new build") {
        fs::copy_file(fixture_file("build_b"), buildtag, fs::copy_options::overwrite_existing);
        set_mtime(buildtag, 2000);
        const auto again = build(config, running);
        const auto before = running->find("tag");
        const auto after = again->find("tag");
        CHECK(after != before);
        CHECK(after->library() != before->library());
        CHECK(before->plugin().version() == "a");
        CHECK(after->plugin().version() == "b");
        CHECK(after->plugin().identity() == identity(buildtag));
        const auto d = dealer::diff_games(*running, *again);
        REQUIRE(d.changed.size() == 1);
        CHECK(d.changed[0].how == "plugin file replaced");
        // guess's file did not change: its load is shared with the running catalog.
        CHECK(again->find("guess")->library() == running->find("guess")->library());
    }
    SUBCASE("games added and removed, one moved to another plugin file") {
        config.games = {game_config("guess", plugin_file("guess"), {{"max", 9}}),
                        game_config("tag", fixture_file("build_b")), game_config("coin", fixture_file("coin"))};
        const auto again = build(config, running);
        const auto d = dealer::diff_games(*running, *again);
        CHECK(d.added == std::vector<std::string>{"coin"});
        CHECK(d.removed == std::vector<std::string>{"guess-hard"});
        REQUIRE(d.changed.size() == 1);
        CHECK(d.changed[0].how == "plugin " + fixture_file("build_b") + " instead of " + buildtag.string());
        CHECK(d.unchanged == 1);
        CHECK(dealer::reload_summary(d, {}, 0, 0) ==
              "1 game added, 1 removed, 1 changed, 1 unchanged; 0 listeners added, 0 removed; 0 options changed");
    }
}

TEST_CASE("reload_summary counts listeners, options and options waiting for a restart") {
    dealer::GameChanges games;
    games.added = {"a", "b"};
    games.unchanged = 3;
    dealer::ListenChanges listen;
    listen.tcp_added = {addr("127.0.0.1", 1)};
    listen.udp_removed = {addr("127.0.0.1", 2), addr("127.0.0.1", 3)};
    CHECK(dealer::reload_summary(games, listen, 1, 2) ==
          "2 games added, 0 removed, 0 changed, 3 unchanged; 1 listener added, 2 removed; 1 option changed, 2 "
          "waiting for a restart");
}

TEST_CASE("prepare_reload: a refused plugin or a bad option refuses the whole reload") {
    QuietLog quiet;
    Config running;
    running.source = "running.toml";
    running.games = {game_config("guess", plugin_file("guess"))};
    const auto catalog = build(running);
    dealer::ReloadBasis basis{running, catalog, false, nullptr};

    SUBCASE("a plugin built for another ABI") {
        Config next = running;
        next.games.push_back(game_config("abi", fixture_file("bad_abi")));
        const auto plan = dealer::prepare_reload(basis, dealer::ConfigResult{next, {}});
        REQUIRE(plan.errors.size() == 1);
        CHECK(plan.errors[0].find("ABI version 999") != std::string::npos);
    }
    SUBCASE("a missing plugin") {
        Config next = running;
        next.games.push_back(game_config("ghost", "/nonexistent/dealer_ghost.so"));
        const auto plan = dealer::prepare_reload(basis, dealer::ConfigResult{next, {}});
        REQUIRE(plan.errors.size() == 1);
        CHECK(plan.errors[0].find("dealer_ghost.so") != std::string::npos);
    }
    SUBCASE("options the plugin refuses") {
        Config next = running;
        next.games[0].options = {{"min", 5}, {"max", 1}};
        const auto plan = dealer::prepare_reload(basis, dealer::ConfigResult{next, {}});
        REQUIRE(plan.errors.size() == 1);
        CHECK(plan.errors[0].find("min (5) must not be greater than max (1)") != std::string::npos);
    }
    SUBCASE("a config with errors") {
        auto bad = dealer::load_config_string("[limits]\nmax_sessions = 0\n", "bad.toml");
        REQUIRE_FALSE(bad.config);
        const auto plan = dealer::prepare_reload(basis, std::move(bad));
        REQUIRE(plan.errors.size() == 1);
        CHECK(plan.errors[0].rfind("bad.toml:2:", 0) == 0);
    }
    SUBCASE("a good one: the changes, restart-only options kept at their running values") {
        Config next = running;
        next.threads = 7;
        next.max_sessions = 9;
        next.tcp.push_back(addr("127.0.0.1", 0));
        const auto plan = dealer::prepare_reload(basis, dealer::ConfigResult{next, {}});
        CHECK(plan.errors.empty());
        CHECK(plan.config.threads == running.threads);
        CHECK(plan.config.max_sessions == 9);
        REQUIRE(plan.restart.size() == 1);
        CHECK(plan.restart[0].name == "[server] threads");
        REQUIRE(plan.options.size() == 1);
        CHECK(plan.options[0].name == "[limits] max_sessions");
        CHECK(plan.listen.tcp_added == std::vector<ListenAddress>{addr("127.0.0.1", 0)});
        CHECK_FALSE(plan.listen_ignored);
        CHECK(plan.catalog->find("guess") == catalog->find("guess"));
    }
    SUBCASE("under socket activation the listen addresses are not diffed") {
        basis.socket_activated = true;
        Config next = running;
        next.udp.clear();
        const auto plan = dealer::prepare_reload(basis, dealer::ConfigResult{next, {}});
        CHECK(plan.errors.empty());
        CHECK(plan.listen.empty());
        CHECK(plan.listen_ignored);
    }
}

namespace {

// Records on which thread it was destroyed.
struct Tracked {
    std::atomic<bool>* destroyed;
    std::thread::id* where;
    ~Tracked() {
        *where = std::this_thread::get_id();
        destroyed->store(true);
    }
};

}  // namespace

TEST_CASE("Unloader: the last release is destroyed on the loop while attached, at once when detached") {
    asio::io_context io;
    auto strand = asio::make_strand(io);
    auto unloader = std::make_shared<dealer::Unloader>();
    std::atomic<bool> destroyed{false};
    std::thread::id where;

    SUBCASE("attached: released on another thread, destroyed by a handler of the loop") {
        unloader->attach(strand);
        auto shared = dealer::Unloader::share(std::unique_ptr<Tracked>(new Tracked{&destroyed, &where}), unloader);
        std::thread([s = std::move(shared)]() mutable { s.reset(); }).join();
        CHECK_FALSE(destroyed.load());
        io.run();
        CHECK(destroyed.load());
        CHECK(where == std::this_thread::get_id());
    }
    SUBCASE("detached: destroyed by the release itself") {
        auto shared = dealer::Unloader::share(std::unique_ptr<Tracked>(new Tracked{&destroyed, &where}), unloader);
        shared.reset();
        CHECK(destroyed.load());
    }
    SUBCASE("a handler the loop never runs still destroys its object") {
        auto io2 = std::make_unique<asio::io_context>();
        unloader->attach(io2->get_executor());
        auto shared = dealer::Unloader::share(std::unique_ptr<Tracked>(new Tracked{&destroyed, &where}), unloader);
        shared.reset();
        CHECK_FALSE(destroyed.load());
        io2.reset();
        CHECK(destroyed.load());
    }
}

TEST_CASE("Unloader: a replaced game and its plugin are destroyed on the loop once the last session lets go") {
    QuietLog quiet;
    asio::io_context io;
    auto unloader = std::make_shared<dealer::Unloader>();
    unloader->attach(asio::make_strand(io));
    TempDir dir;
    const fs::path buildtag = dir.path / "dealer_buildtag.so";
    fs::copy_file(fixture_file("build_a"), buildtag);
    set_mtime(buildtag, 1000);

    Config config;
    config.games = {game_config("tag", buildtag.string())};
    dealer::CatalogRef catalogs;
    catalogs.set(build(config, nullptr, unloader));
    std::weak_ptr<const dealer::PluginLibrary> old_build = catalogs.get()->find("tag")->library();

    dealer::Session session(catalogs, dealer::PeerInfo{"127.0.0.1", 40000, DEALER_TRANSPORT_TCP});
    std::string out;
    REQUIRE(session.handle_line(R"({"type":"play","game":"tag"})", out) == dealer::Session::After::keep_open);
    CHECK(json::parse(out)["build"] == "a");

    // The file is replaced and the catalog reloaded while the game runs.
    fs::copy_file(fixture_file("build_b"), buildtag, fs::copy_options::overwrite_existing);
    set_mtime(buildtag, 2000);
    catalogs.set(build(config, catalogs.get(), unloader));
    io.restart();
    io.run();
    CHECK_FALSE(old_build.expired());  // the running game holds it

    out.clear();
    session.handle_line(R"({"type":"move","say":"x"})", out);
    CHECK(json::parse(out)["build"] == "a");
    out.clear();
    session.handle_line(R"({"type":"move","say":"end"})", out);
    CHECK(json::parse(out)["over"] == true);
    // The game has ended; the connection's per-game data of the old build
    // was freed with it, so nothing holds the old build but the loop's
    // queue: it goes when the loop runs.
    CHECK_FALSE(old_build.expired());
    io.restart();
    io.run();
    CHECK(old_build.expired());

    out.clear();
    session.handle_line(R"({"type":"play","game":"tag"})", out);
    CHECK(json::parse(out)["build"] == "b");
    CHECK(json::parse(out)["games_here"] == 1);
}
