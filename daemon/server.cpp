#include "daemon/server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <thread>
#include <type_traits>

#include <spdlog/spdlog.h>

#include "daemon/logging.hpp"
#include "daemon/tcp_connection.hpp"
#include "daemon/tcp_listener.hpp"
#include "daemon/thread_count.hpp"
#include "daemon/udp_endpoint.hpp"
#include "daemon/unloader.hpp"

namespace dealer {

namespace {

// "127.0.0.1:11267" / "[::1]:11267", as in the config file.
template <class Endpoint>
std::string describe(const Endpoint& e) {
    return ListenAddress{e.address().to_string(), e.port()}.to_string();
}

// Every session is a descriptor (TCP) or may hold one briefly (refusals),
// and a soft limit of 1024 is common: raise it to the hard limit, and say
// so when even that cannot hold max_sessions.
void raise_descriptor_limit(std::size_t max_sessions) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) getrlimit(RLIMIT_NOFILE, &limit);
    }
    constexpr rlim_t kHeadroom = 64;  // listeners, plugins, logs
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < max_sessions + kHeadroom) {
        spdlog::warn("the open-file limit ({}) is below max_sessions ({}) plus headroom; raise LimitNOFILE / ulimit -n",
                     limit.rlim_cur, max_sessions);
    }
}

// The per-session limits from a config: at start and on every reload, so
// that the two cannot disagree on which limits a reload changes.
void set_session_limits(SessionLimits& limits, const Config& c) {
    limits.max_line_bytes = c.max_line_bytes;
    limits.max_json_depth = c.max_json_depth;
    limits.idle_timeout = c.idle_timeout;
    limits.line_timeout = c.line_timeout;
    limits.max_output_bytes = c.max_output_bytes;
    limits.send_timeout = c.send_timeout;
    limits.max_messages_per_second = c.max_messages_per_second;
    limits.message_burst = c.message_burst;
    limits.udp_hello_replies_per_second = c.udp_hello_replies_per_second;
    limits.udp_hello_replies_per_second_per_ip = c.udp_hello_replies_per_second_per_ip;
    limits.udp_session_timeout = c.udp_session_timeout;
    limits.shutdown_grace = c.shutdown_grace;
}

}  // namespace

Server::Server(const Config& config, std::shared_ptr<const Catalog> catalog, std::shared_ptr<Unloader> unloader,
               ConfigReader reread)
    : io_(static_cast<int>(one_per_core_if_zero(config.threads))),
      control_(asio::make_strand(io_)),
      signals_(control_, SIGINT, SIGTERM, SIGHUP),
      grace_timer_(control_),
      watchdog_(control_, notifier_),
      status_(control_, notifier_, [this] { return status_text(); }),
      sweep_(control_, context_.live),
      config_(config),
      unloader_(std::move(unloader)),
      reread_(std::move(reread)) {
    // Games and plugins whose last user lets go are destroyed on the
    // control strand from now on (see unloader.hpp).
    if (unloader_) unloader_->attach(control_);
    context_.catalogs.set(std::move(catalog));
    context_.admission = Admission::create(config.max_sessions, config.max_sessions_per_ip);
    context_.admission->set_rate({config.new_sessions_per_second_per_ip, config.new_session_burst_per_ip});
    set_session_limits(context_.limits, config);
    context_.workers = std::make_shared<WorkPool>(config.workers, config.max_queued_moves);
    context_.one_network_thread = one_per_core_if_zero(config.threads) == 1;
    context_.players.on_change([this] { status_.changed(); });
    signals_.add(SIGUSR1);  // reopen the log file (logrotate)
}

// Whatever is released from here on (the catalog, with the members) is
// destroyed at once: no loop runs any more.
Server::~Server() {
    if (unloader_) unloader_->detach();
}

// The one place that knows each listener's constructor arguments; source is
// an endpoint to bind or a socket passed by systemd.
template <class Listener, class Source>
std::shared_ptr<Listener> Server::make_listener(const Source& source) {
    if constexpr (std::is_same_v<Listener, TcpListener>) {
        return std::make_shared<Listener>(io_, source, context_);
    } else {
        return std::make_shared<Listener>(io_, source, context_, cookies_);
    }
}

// All or nothing for a config file: a daemon that silently runs without one
// of its addresses is worse than one that refuses to start. The built-in
// defaults are the exception for IPv6: a host without ::1 still gets a
// daemon on 127.0.0.1.
template <class Protocol, class Listener>
bool Server::bind_all(const std::vector<ListenAddress>& addresses, const char* proto,
                      std::vector<Listening<Listener>>& out, std::string& why) {
    for (const auto& a : addresses) {
        typename Protocol::endpoint endpoint(asio::ip::make_address(a.host), a.port);
        try {
            out.push_back({a, make_listener<Listener>(endpoint)});
        } catch (const asio::system_error& e) {
            if (config_.source.empty() && endpoint.address().is_v6()) {
                spdlog::warn("not listening on {} {}: {}", proto, a.to_string(), e.what());
                continue;
            }
            why = std::string("cannot listen on ") + proto + " " + a.to_string() + ": " + e.what();
            return false;
        }
    }
    return true;
}

// Socket activation: systemd's sockets replace the configured addresses
// wholesale (it has bound them, and usually the same port).
template <class Listener>
bool Server::adopt_all(const std::vector<InheritedSocket>& sockets, std::vector<Listening<Listener>>& out,
                       std::string& why) {
    for (const auto& socket : sockets) {
        try {
            auto listener = make_listener<Listener>(socket);
            const auto local = listener->local_endpoint();
            out.push_back({ListenAddress{local.address().to_string(), local.port()}, std::move(listener)});
        } catch (const asio::system_error& e) {
            why = "cannot use socket " + std::to_string(socket.fd) + " passed by systemd: " + e.what();
            return false;
        }
    }
    return true;
}

bool Server::listen(const InheritedSockets& inherited, std::string& why) {
    raise_descriptor_limit(config_.max_sessions);
    bool ok = false;
    socket_activated_ = !inherited.empty();
    if (inherited.empty()) {
        ok = bind_all<asio::ip::tcp>(config_.tcp, "tcp", tcp_, why) &&
             bind_all<asio::ip::udp>(config_.udp, "udp", udp_, why);
    } else {
        const std::size_t n = inherited.tcp().size() + inherited.udp().size();
        spdlog::info("using {} socket{} passed by systemd; [server] tcp and udp are not used", n, n == 1 ? "" : "s");
        ok = adopt_all(inherited.tcp(), tcp_, why) && adopt_all(inherited.udp(), udp_, why);
    }
    if (!ok) {
        tcp_.clear();
        udp_.clear();
        return false;
    }
    for (const auto& l : tcp_) spdlog::info("listening on tcp {}", describe(l.listener->local_endpoint()));
    for (const auto& u : udp_) spdlog::info("listening on udp {}", describe(u.listener->local_endpoint()));
    if (tcp_.empty() && udp_.empty()) spdlog::warn("no listen addresses configured: nobody can connect");
    return true;
}

int Server::run() {
    for (auto& l : tcp_) l.listener->start();
    for (auto& u : udp_) u.listener->start();
    wait_for_signal();

    const unsigned n = one_per_core_if_zero(config_.threads);
    const unsigned w = context_.workers->threads();
    spdlog::info("dealerd ready with {} network thread{} and {} worker{}", n, n == 1 ? "" : "s", w,
                 w == 1 ? "" : "s");
    // READY=1 from inside the loop: the listeners are bound, the plugins
    // loaded, and the event loop the watchdog watches is running.
    asio::post(control_, [this] {
        notifier_.ready(status_text());
        watchdog_.start();
        sweep_.start();
    });
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < n; ++i) threads.emplace_back([this] { io_.run(); });
    io_.run();
    for (auto& t : threads) t.join();
    if (unloader_) unloader_->detach();
    spdlog::info("dealerd stopped");
    return 0;
}

// Re-armed after every signal, also while stopping, so that SIGHUP (and
// later signals of a grace period) keep their handling until finish_stop().
// Not after it: a signal whose completion was already queued when
// finish_stop() cancelled the wait still runs this handler, and a wait
// armed then would never complete and keep run() from returning (a SIGHUP
// right behind SIGTERM hung dealerd that way).
void Server::wait_for_signal() {
    signals_.async_wait([this](const asio::error_code& ec, int signo) {
        if (ec) return;
        if (signo == SIGHUP) {
            request_reload();
        } else if (signo == SIGUSR1) {
            reopen_log();
        } else if (!stopping_) {
            // Default action back before the line is written: whoever reads
            // it and sends another one ends dealerd.
            release_stop_signals();
            spdlog::info("{} received: stopping", signo == SIGTERM ? "SIGTERM" : "SIGINT");
            begin_stop();
        }
        if (!finished_) wait_for_signal();
    });
}

void Server::stop() {
    asio::post(control_, [this] { begin_stop(); });
}

// SIGUSR1, after logrotate has moved the log file: the first line of the
// new file says why it starts there; a failure goes to stderr too, since
// the file sink cannot carry it.
void Server::reopen_log() {
    std::string path;
    std::string why;
    if (!reopen_log_file(path, why)) {
        std::fprintf(stderr, "dealerd: SIGUSR1: cannot reopen the log file %s: %s\n", path.c_str(), why.c_str());
        return;
    }
    if (path.empty()) {
        spdlog::info("SIGUSR1 received: the log sink is not a file; nothing to reopen");
    } else {
        spdlog::info("SIGUSR1 received: reopened the log file {}", path);
    }
}

// Removing SIGTERM and SIGINT from the set gives them their default action
// back: a second one ends a stop that hangs (say, in a stuck plugin call),
// as with most daemons. Done before anything that may block (the log line,
// STOPPING=1 to a busy service manager). Idempotent; control strand.
void Server::release_stop_signals() {
    asio::error_code ignored;
    signals_.remove(SIGINT, ignored);
    signals_.remove(SIGTERM, ignored);
}

// Step one of a stop (on the control strand): close the doors (listeners;
// UDP endpoints take no new peers), tell every player, and let the games
// in progress run for shutdown_grace. The stop ends with finish_stop() once
// the last connection and endpoint has gone, early or after end_grace().
void Server::begin_stop() {
    if (stopping_) return;
    stopping_ = true;
    release_stop_signals();
    context_.stopping.store(true);
    const auto grace = context_.limits.shutdown_grace.load();
    // What the stop may take: the grace, the closing, and a margin to exit.
    notifier_.stopping(status_text(), grace + kCloseDeadline + std::chrono::seconds(3));
    for (auto& l : tcp_) l.listener->stop();
    context_.live.stop_all();
    if (grace.count() > 0) spdlog::info("games in progress may finish within {}", format_duration(grace));
    grace_timer_.expires_after(grace);
    grace_timer_.async_wait([this](const asio::error_code& ec) {
        if (!ec) end_grace();
    });
    context_.live.when_empty([this] { asio::post(control_, [this] { finish_stop(); }); });
}

// Step two, when shutdown_grace runs out with games still going: close
// them. Only now are queued slow moves skipped (running ones finish): each
// connection's close is already on its strand, so a skipped move's
// completion, posted after, finds it closing and sends nothing.
void Server::end_grace() {
    if (finished_) return;
    spdlog::info("the shutdown grace period is over: closing the sessions still playing");
    context_.live.end_grace_all();
    context_.workers->stop();
}

// The last connection has closed: cancel what would keep the io_context
// running (the grace timer, the signal wait) so that run() returns. The
// signals caught until now are ignored from here on: SIGHUP's default
// action would kill a daemon that has done everything but return 0.
void Server::finish_stop() {
    if (finished_) return;
    finished_ = true;
    grace_timer_.cancel();
    watchdog_.stop();
    sweep_.stop();
    status_.stop();
    context_.workers->stop();
    asio::error_code ignored;
    signals_.cancel(ignored);
    signals_.clear(ignored);
    std::signal(SIGHUP, SIG_IGN);
    std::signal(SIGUSR1, SIG_IGN);
}

// What `systemctl status dealerd` shows: who is playing what, and whether
// a stop is under way. Runs on the control strand.
std::string Server::status_text() const {
    return std::string(stopping_ ? "stopping: " : "") + (reload_failed_ ? "last reload failed (see the log); " : "") +
           context_.players.summary();
}

// SIGHUP, on the control strand. Reloads never overlap: one asked for
// during another runs once that one is done, and any number asked for
// meanwhile make one more (they would all read the same file).
void Server::request_reload() {
    if (stopping_) {
        spdlog::info("SIGHUP received while stopping: not reloading");
        return;
    }
    if (reloading_) {
        spdlog::info(reload_again_ ? "SIGHUP received during a reload: one more reload is already queued"
                                   : "SIGHUP received during a reload: reloading again once it is done");
        reload_again_ = true;
        return;
    }
    spdlog::info("SIGHUP received: reloading {}",
                 config_.source.empty() ? std::string("the built-in defaults and bundled plugins") : config_.source);
    start_reload();
}

// Tells systemd (RELOADING=1) and hands the slow part to the reload
// thread: reading the file, loading plugins, binding new addresses. The
// result comes back to the control strand through a work-tracking
// executor, so the event loop cannot finish (a stop) while a reload is out.
void Server::start_reload() {
    reloading_ = true;
    notifier_.reloading("reloading the configuration; " + context_.players.summary());
    ReloadBasis basis{config_, context_.catalogs.get(), socket_activated_, unloader_};
    const asio::any_io_executor control = control_;
    auto home = asio::prefer(control, asio::execution::outstanding_work.tracked);
    asio::post(reloader_, [this, basis = std::move(basis), retired = retired_udp_, home = std::move(home)]() mutable {
        PreparedReload plan;
        ReloadListeners bound;
        try {
            plan = prepare_reload(basis, reread_());
            if (plan.errors.empty()) {
                std::string why;
                prepare_listeners(plan, retired, bound, why);
                if (!why.empty()) plan.errors.push_back(why);
            }
        } catch (const std::exception& e) {  // out of memory, say: refuse, never end the thread
            plan.errors.push_back(std::string("internal error: ") + e.what());
        }
        asio::post(home, [this, plan = std::move(plan), bound = std::move(bound)]() mutable {
            finish_reload(std::move(plan), std::move(bound));
        });
    });
}

// On the reload thread, once the config and plugins are ready: binds the
// addresses the reload adds, so that a bind that fails refuses the reload
// before anything has changed (what was bound for it is closed again,
// never started). A UDP address that a reload removed but that still
// serves its sessions is taken back instead of bound anew, which would
// fail with "address in use".
void Server::prepare_listeners(const PreparedReload& plan, const std::vector<Listening<UdpEndpoint>>& retired,
                               ReloadListeners& out, std::string& why) {
    std::vector<ListenAddress> udp_to_bind;
    for (const auto& address : plan.listen.udp_added) {
        auto it = std::find_if(retired.begin(), retired.end(), [&](const auto& r) { return r.address == address; });
        if (it != retired.end() && it->listener->reinstate()) {
            out.reinstated.push_back(*it);
        } else {
            udp_to_bind.push_back(address);
        }
    }
    if (!bind_all<asio::ip::tcp>(plan.listen.tcp_added, "tcp", out.tcp, why) ||
        !bind_all<asio::ip::udp>(udp_to_bind, "udp", out.udp, why)) {
        out.tcp.clear();
        out.udp.clear();
    }
}

// Back on the control strand: apply the reload, or log why it was refused
// (the daemon then runs on exactly as before), and tell systemd READY=1
// either way. A reload that comes back after a stop began is dropped.
void Server::finish_reload(PreparedReload plan, ReloadListeners bound) {
    reloading_ = false;
    if (stopping_) {
        spdlog::info("the reload was ready after the stop began: not applied");
        for (auto& r : bound.reinstated) retire_udp(std::move(r));
        return;
    }
    if (!plan.errors.empty()) {
        for (const auto& e : plan.errors) spdlog::error("reload: {}", e);
        spdlog::error("reload failed: still running on the configuration in effect before it");
        for (auto& r : bound.reinstated) retire_udp(std::move(r));
        reload_failed_ = true;
    } else {
        apply_reload(plan, bound);
        reload_failed_ = false;
    }
    notifier_.ready(status_text());
    if (reload_again_) {
        reload_again_ = false;
        spdlog::info("reloading again for the SIGHUP received meanwhile");
        start_reload();
    }
}

// Everything is checked, loaded and bound: switch over. A session in a
// game keeps the Game it holds, and with it the plugin build it started
// on; the next `play` finds the new catalog. A replaced game or plugin is
// destroyed, on this strand, once its last session has let go of it.
void Server::apply_reload(PreparedReload& plan, ReloadListeners& bound) {
    const Config& c = plan.config;
    context_.catalogs.set(plan.catalog);
    context_.admission->set_limits(c.max_sessions, c.max_sessions_per_ip);
    context_.admission->set_rate({c.new_sessions_per_second_per_ip, c.new_session_burst_per_ip});
    context_.workers->set_max_queued(c.max_queued_moves);
    set_session_limits(context_.limits, c);
    if (plan.log_sink) {
        use_log_sink(std::move(*plan.log_sink), c.log_level);
    } else if (c.log_level != config_.log_level) {
        set_log_level(c.log_level);
    }

    for (const auto& name : plan.games.added) {
        const auto game = plan.catalog->find(name);
        spdlog::info("reload: game {} added (plugin {} {}, {})", name, game->plugin().name(), game->plugin().version(),
                     game->plugin().path());
    }
    for (const auto& change : plan.games.changed) {
        const auto game = plan.catalog->find(change.name);
        spdlog::info("reload: game {} changed ({}): new games get plugin {} {}; games in progress finish as they began",
                     change.name, change.how, game->plugin().name(), game->plugin().version());
    }
    for (const auto& name : plan.games.removed) {
        spdlog::info("reload: game {} removed; games in progress finish", name);
    }
    apply_listen_changes(plan.listen, bound);
    if (plan.listen_ignored) {
        spdlog::warn("reload: [server] tcp and udp changed, but the listen sockets are systemd's (socket activation): "
                     "they stay as they are");
    }
    for (const auto& o : plan.options) spdlog::info("reload: {} = {} (was {})", o.name, o.after, o.before);
    for (const auto& o : plan.restart) {
        spdlog::warn("reload: {} = {} needs a restart to take effect; still {}", o.name, o.after, o.before);
    }
    const std::size_t restart = plan.restart.size();
    const std::size_t options = plan.options.size();
    config_ = std::move(plan.config);
    spdlog::info("configuration reloaded: {}", reload_summary(plan.games, plan.listen, options, restart));
}

// New listeners start; a removed TCP listener closes (the connections it
// accepted are not its own and stay); a removed UDP endpoint retires. The
// "listening on" lines say the port the kernel chose for port 0.
void Server::apply_listen_changes(const ListenChanges& changes, ReloadListeners& bound) {
    for (auto& l : bound.tcp) {
        l.listener->start();
        spdlog::info("listening on tcp {}", describe(l.listener->local_endpoint()));
        tcp_.push_back(std::move(l));
    }
    for (auto& u : bound.udp) {
        u.listener->start();
        spdlog::info("listening on udp {}", describe(u.listener->local_endpoint()));
        udp_.push_back(std::move(u));
    }
    for (auto& u : bound.reinstated) {
        std::erase_if(retired_udp_, [&](const auto& r) { return r.listener == u.listener; });
        spdlog::info("listening on udp {} again", describe(u.listener->local_endpoint()));
        udp_.push_back(std::move(u));
    }
    for (const auto& address : changes.tcp_removed) {
        auto it = std::find_if(tcp_.begin(), tcp_.end(), [&](const auto& l) { return l.address == address; });
        if (it == tcp_.end()) continue;  // a default [::1] that could not be bound
        const std::string where = describe(it->listener->local_endpoint());
        it->listener->stop(
            [where] { spdlog::info("stopped listening on tcp {}; the connections accepted on it stay open", where); });
        tcp_.erase(it);
    }
    for (const auto& address : changes.udp_removed) {
        auto it = std::find_if(udp_.begin(), udp_.end(), [&](const auto& u) { return u.address == address; });
        if (it == udp_.end()) continue;
        spdlog::info("udp {} takes no new peers; its sessions go on until they end",
                     describe(it->listener->local_endpoint()));
        retire_udp(std::move(*it));
        udp_.erase(it);
    }
}

// A UDP endpoint whose address left the config (or whose reinstatement a
// failed reload takes back): it serves its sessions to their end, then
// closes and leaves retired_udp_.
void Server::retire_udp(Listening<UdpEndpoint> endpoint) {
    UdpEndpoint* raw = endpoint.listener.get();
    const std::string where = describe(raw->local_endpoint());
    raw->retire([this, raw, where] {
        spdlog::info("stopped listening on udp {}: its last session ended", where);
        asio::post(control_, [this, raw] {
            std::erase_if(retired_udp_, [raw](const auto& r) { return r.listener.get() == raw; });
        });
    });
    const bool known = std::any_of(retired_udp_.begin(), retired_udp_.end(),
                                   [raw](const auto& r) { return r.listener.get() == raw; });
    if (!known) retired_udp_.push_back(std::move(endpoint));
}

}  // namespace dealer
