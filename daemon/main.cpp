// dealerd: parse the command line, load the config and games, serve.
#include <csignal>

#include <pthread.h>
#include <cstdio>
#include <iostream>

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "build_info.hpp"
#include "daemon/command_line.hpp"
#include "daemon/config.hpp"
#include "daemon/game_catalog.hpp"
#include "daemon/hash_password.hpp"
#include "daemon/inherited_sockets.hpp"
#include "daemon/logging.hpp"
#include "daemon/server.hpp"
#include "daemon/unloader.hpp"

namespace {

// Exit codes: 0 success, 1 bad config or cannot start, 2 bad usage.
constexpr int kExitConfig = 1;
constexpr int kExitUsage = 2;

// --check-config: every error, then a verdict, like `nginx -t`.
int check_config(const dealer::Config& config) {
    auto build = dealer::build_catalog(config);
    for (const auto& e : build.errors) std::cerr << e.to_string() << "\n";
    for (const auto& e : build.refused) std::cerr << e.to_string() << "\n";
    if (!build.errors.empty() || !build.refused.empty()) return kExitConfig;
    const auto games = build.catalog->games().size();
    std::cout << config.source << ": ok (" << games << (games == 1 ? " game)\n" : " games)\n");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string why;
    auto cl = dealer::parse_command_line(argc, argv, why);
    if (!cl) {
        std::cerr << "dealerd: " << why << "\n" << dealer::usage_text();
        return kExitUsage;
    }
    if (cl->help) {
        std::cout << dealer::usage_text();
        return 0;
    }
    if (cl->version) {
        std::cout << "dealerd " DEALER_VERSION " (protocol " << DEALER_PROTOCOL_VERSION << ")\n";
        return 0;
    }
    // Sockets never raise SIGPIPE (Asio sends with MSG_NOSIGNAL), but a log
    // written to a closed pipe would: a vanished reader must not kill us.
    std::signal(SIGPIPE, SIG_IGN);
    if (sodium_init() < 0) {
        std::cerr << "dealerd: libsodium failed to initialise\n";
        return kExitConfig;
    }
    if (cl->hash_password) return dealer::run_hash_password(stdout, stderr);

    dealer::Config config;
    if (cl->config_path.empty()) {
        config = dealer::default_config(DEALER_BUNDLED_GAMES);
    } else {
        auto loaded = dealer::load_config_file(cl->config_path);
        for (const auto& e : loaded.errors) std::cerr << e.to_string() << "\n";
        if (!loaded.config) return kExitConfig;
        config = std::move(*loaded.config);
    }
    if (cl->check_config) return check_config(config);

    // SIGHUP and SIGUSR1 kill a process by default, and their handlers come
    // with the Server: until then (loading plugins can take a while) they
    // are blocked, so a `systemctl reload` right after the start waits and
    // is then taken as a reload, not a crash. Threads started meanwhile (a
    // plugin's) inherit the block, which is harmless: the main thread takes
    // the signals.
    sigset_t control_signals;
    sigemptyset(&control_signals);
    sigaddset(&control_signals, SIGHUP);
    sigaddset(&control_signals, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &control_signals, nullptr);

    dealer::init_default_logging();
    if (!dealer::apply_logging(config, why)) {
        spdlog::critical("cannot open the log sink: {}", why);
        return kExitConfig;
    }
    spdlog::info("dealerd {} starting ({})", DEALER_VERSION,
                 config.source.empty() ? std::string("built-in defaults") : config.source);

    // The unloader moves the destruction of games and plugins onto the event
    // loop once the server runs: a reload's replaced plugin is unloaded
    // there, never from inside its own code.
    auto unloader = std::make_shared<dealer::Unloader>();
    auto build = dealer::build_catalog(config, {nullptr, unloader});
    for (const auto& e : build.refused) spdlog::error("{}", e.to_string());
    if (!build.errors.empty()) {
        for (const auto& e : build.errors) spdlog::critical("{}", e.to_string());
        return kExitConfig;
    }
    for (const auto& game : build.catalog->games()) {
        spdlog::info("game {} from plugin {} {} ({})", game->name(), game->plugin().name(),
                     game->plugin().version(), game->plugin().path());
    }
    if (build.catalog->games().empty()) spdlog::warn("no games are offered");

    // Taken before anything could start a process that inherits them.
    auto inherited = dealer::InheritedSockets::take(why);
    if (!inherited) {
        spdlog::critical("{}", why);
        return kExitConfig;
    }
    // SIGHUP reads the same file again, or rebuilds the built-in defaults
    // (then only bundled plugins replaced on disk change anything).
    dealer::ConfigReader reread = [path = cl->config_path]() {
        if (path.empty()) return dealer::ConfigResult{dealer::default_config(DEALER_BUNDLED_GAMES), {}};
        return dealer::load_config_file(path);
    };
    dealer::Server server(config, build.catalog, unloader, std::move(reread));
    // The server's signal_set has its handlers: a signal that came while
    // blocked is delivered now and handled once run() starts.
    pthread_sigmask(SIG_UNBLOCK, &control_signals, nullptr);
    build = {};
    if (!server.listen(*inherited, why)) {
        spdlog::critical("{}", why);
        return kExitConfig;
    }
    return server.run();
}
