#include "daemon/server.hpp"

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <thread>
#include <type_traits>

#include <spdlog/spdlog.h>

#include "daemon/logging.hpp"
#include "daemon/tcp_listener.hpp"
#include "daemon/thread_count.hpp"
#include "daemon/udp_endpoint.hpp"

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

}  // namespace

Server::Server(const Config& config, std::shared_ptr<const Catalog> catalog)
    : io_(static_cast<int>(one_per_core_if_zero(config.threads))),
      control_(asio::make_strand(io_)),
      signals_(control_, SIGINT, SIGTERM, SIGHUP),
      grace_timer_(control_),
      watchdog_(control_, notifier_),
      status_(control_, notifier_, [this] { return status_text(); }),
      config_(config) {
    context_.catalogs.set(std::move(catalog));
    context_.admission = Admission::create(config.max_sessions, config.max_sessions_per_ip);
    context_.limits.max_line_bytes = config.max_line_bytes;
    context_.limits.idle_timeout = config.idle_timeout;
    context_.limits.udp_session_timeout = config.udp_session_timeout;
    context_.limits.shutdown_grace = config.shutdown_grace;
    context_.workers = std::make_shared<WorkPool>(config.workers, config.max_queued_moves);
    context_.players.on_change([this] { status_.changed(); });
    signals_.add(SIGUSR1);  // reopen the log file (logrotate)
}

Server::~Server() = default;

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
                      std::vector<std::shared_ptr<Listener>>& out, std::string& why) {
    for (const auto& a : addresses) {
        typename Protocol::endpoint endpoint(asio::ip::make_address(a.host), a.port);
        try {
            out.push_back(make_listener<Listener>(endpoint));
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
bool Server::adopt_all(const std::vector<InheritedSocket>& sockets, std::vector<std::shared_ptr<Listener>>& out,
                       std::string& why) {
    for (const auto& socket : sockets) {
        try {
            out.push_back(make_listener<Listener>(socket));
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
    for (const auto& l : tcp_) spdlog::info("listening on tcp {}", describe(l->local_endpoint()));
    for (const auto& u : udp_) spdlog::info("listening on udp {}", describe(u->local_endpoint()));
    if (tcp_.empty() && udp_.empty()) spdlog::warn("no listen addresses configured: nobody can connect");
    return true;
}

int Server::run() {
    for (auto& l : tcp_) l->start();
    for (auto& u : udp_) u->start();
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
    });
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < n; ++i) threads.emplace_back([this] { io_.run(); });
    io_.run();
    for (auto& t : threads) t.join();
    spdlog::info("dealerd stopped");
    return 0;
}

// Re-armed after every signal, also while stopping, so that SIGHUP (and
// later signals of a grace period) keep their handling until finish_stop().
void Server::wait_for_signal() {
    signals_.async_wait([this](const asio::error_code& ec, int signo) {
        if (ec) return;
        if (signo == SIGHUP) {
            spdlog::warn("SIGHUP received: configuration reload is not supported yet; carrying on");
        } else if (signo == SIGUSR1) {
            reopen_log();
        } else if (!stopping_) {
            // Default action back before the line is written: whoever reads
            // it and sends another one ends dealerd.
            release_stop_signals();
            spdlog::info("{} received: stopping", signo == SIGTERM ? "SIGTERM" : "SIGINT");
            begin_stop();
        }
        wait_for_signal();
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
    notifier_.stopping(status_text());
    for (auto& l : tcp_) l->stop();
    context_.live.stop_all();
    const auto grace = context_.limits.shutdown_grace;
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
    return (stopping_ ? "stopping: " : "") + context_.players.summary();
}

}  // namespace dealer
