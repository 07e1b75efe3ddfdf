// The running daemon: network threads, listeners, UDP endpoints and the
// signal handling that stops them and reloads the config (SPEC §2 signals,
// §8 reload).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <asio.hpp>

#include "daemon/config.hpp"
#include "daemon/config_reload.hpp"
#include "daemon/deadline_sweep.hpp"
#include "daemon/inherited_sockets.hpp"
#include "daemon/server_context.hpp"
#include "daemon/service_notifier.hpp"
#include "daemon/status_reporter.hpp"
#include "daemon/udp_cookie.hpp"
#include "daemon/watchdog.hpp"

namespace dealer {

class TcpListener;
class UdpEndpoint;
class Unloader;

/// Reads the configuration again at SIGHUP: the --config file, or the
/// built-in defaults when dealerd runs without one.
using ConfigReader = std::function<ConfigResult()>;

/// Owns the io_context and everything that runs on it.
class Server {
public:
    /// catalog: the games to offer (from build_catalog with this unloader,
    /// which the server attaches to its event loop); reread: the config
    /// again, at each SIGHUP.
    Server(const Config& config, std::shared_ptr<const Catalog> catalog, std::shared_ptr<Unloader> unloader,
           ConfigReader reread);
    ~Server();
    Server(const Server&) = delete;             ///< owns sockets and threads
    Server& operator=(const Server&) = delete;  ///< owns sockets and threads

    /// Serves the sockets systemd passed (socket activation) or, when there
    /// are none, binds every configured TCP and UDP address. Returns false
    /// and why when one cannot be bound or used (nothing is left listening
    /// then).
    bool listen(const InheritedSockets& inherited, std::string& why);

    /// Serves until SIGTERM or SIGINT, then closes listeners, tells players,
    /// lets games in progress finish within shutdown_grace, closes every
    /// connection and returns 0.
    int run();

    /// Starts the graceful stop from any thread (what SIGTERM does).
    void stop();

private:
    /// A listener or UDP endpoint with the config address it was bound for
    /// (for a socket passed by systemd, the address it has).
    template <class Listener>
    struct Listening {
        ListenAddress address;              ///< as in [server] tcp or udp
        std::shared_ptr<Listener> listener; ///< bound, started once in service
    };
    /// Listeners a reload bound (or took back) before it is applied.
    struct ReloadListeners {
        std::vector<Listening<TcpListener>> tcp;         ///< newly bound
        std::vector<Listening<UdpEndpoint>> udp;         ///< newly bound
        std::vector<Listening<UdpEndpoint>> reinstated;  ///< retired ones serving new peers again
    };

    void wait_for_signal();
    void release_stop_signals();
    void request_reload();
    void start_reload();
    void prepare_listeners(const PreparedReload& plan, const std::vector<Listening<UdpEndpoint>>& retired,
                           ReloadListeners& out, std::string& why);
    void finish_reload(PreparedReload plan, ReloadListeners bound);
    void apply_reload(PreparedReload& plan, ReloadListeners& bound);
    void apply_listen_changes(const ListenChanges& changes, ReloadListeners& bound);
    void retire_udp(Listening<UdpEndpoint> endpoint);
    void begin_stop();
    void end_grace();
    void finish_stop();
    void reopen_log();
    [[nodiscard]] std::string status_text() const;
    template <class Listener, class Source>
    std::shared_ptr<Listener> make_listener(const Source& source);
    template <class Protocol, class Listener>
    bool bind_all(const std::vector<ListenAddress>& addresses, const char* proto,
                  std::vector<Listening<Listener>>& out, std::string& why);
    template <class Listener>
    bool adopt_all(const std::vector<InheritedSocket>& sockets, std::vector<Listening<Listener>>& out,
                   std::string& why);

    asio::io_context io_;
    asio::strand<asio::io_context::executor_type> control_;  // signals and stop, serialised
    asio::signal_set signals_;
    asio::steady_timer grace_timer_;  // shutdown_grace, from the start of a stop
    ServiceNotifier notifier_;        // sd_notify: READY, STOPPING, STATUS
    Watchdog watchdog_;               // WATCHDOG=1 from the control strand
    StatusReporter status_;           // STATUS= as players come and go
    ServerContext context_;
    DeadlineSweep sweep_;             // idle and closing deadlines of every TCP connection
    CookieJar cookies_;
    Config config_;  // the config in effect (control strand)
    std::shared_ptr<Unloader> unloader_;
    ConfigReader reread_;
    std::vector<Listening<TcpListener>> tcp_;
    std::vector<Listening<UdpEndpoint>> udp_;
    std::vector<Listening<UdpEndpoint>> retired_udp_;  // removed by a reload, still serving their sessions
    bool socket_activated_ = false;  // the listen sockets are systemd's
    bool stopping_ = false;  // begin_stop() ran (control strand)
    bool finished_ = false;  // finish_stop() ran (control strand)
    bool reloading_ = false;      // a reload is being prepared (control strand)
    bool reload_again_ = false;   // SIGHUP came during it: reload once more when it is done
    bool reload_failed_ = false;  // the last reload was refused: STATUS= says so until one succeeds
    // The reload's own thread: dlopen and plugins' start-up never run on a
    // network thread. Declared last, so that it is joined first.
    asio::thread_pool reloader_{1};
};

}  // namespace dealer
