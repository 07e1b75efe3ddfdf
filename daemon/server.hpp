// The running daemon: network threads, listeners, UDP endpoints and the
// signal handling that stops them (SPEC §2 signals).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <asio.hpp>

#include "daemon/config.hpp"
#include "daemon/inherited_sockets.hpp"
#include "daemon/server_context.hpp"
#include "daemon/service_notifier.hpp"
#include "daemon/status_reporter.hpp"
#include "daemon/udp_cookie.hpp"
#include "daemon/watchdog.hpp"

namespace dealer {

class TcpListener;
class UdpEndpoint;

/// Owns the io_context and everything that runs on it.
class Server {
public:
    /// catalog: the games to offer (from build_catalog).
    Server(const Config& config, std::shared_ptr<const Catalog> catalog);
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
    void wait_for_signal();
    void release_stop_signals();
    void begin_stop();
    void end_grace();
    void finish_stop();
    void reopen_log();
    [[nodiscard]] std::string status_text() const;
    template <class Listener, class Source>
    std::shared_ptr<Listener> make_listener(const Source& source);
    template <class Protocol, class Listener>
    bool bind_all(const std::vector<ListenAddress>& addresses, const char* proto,
                  std::vector<std::shared_ptr<Listener>>& out, std::string& why);
    template <class Listener>
    bool adopt_all(const std::vector<InheritedSocket>& sockets, std::vector<std::shared_ptr<Listener>>& out,
                   std::string& why);

    asio::io_context io_;
    asio::strand<asio::io_context::executor_type> control_;  // signals and stop, serialised
    asio::signal_set signals_;
    asio::steady_timer grace_timer_;  // shutdown_grace, from the start of a stop
    ServiceNotifier notifier_;        // sd_notify: READY, STOPPING, STATUS
    Watchdog watchdog_;               // WATCHDOG=1 from the control strand
    StatusReporter status_;           // STATUS= as players come and go
    ServerContext context_;
    CookieJar cookies_;
    Config config_;
    std::vector<std::shared_ptr<TcpListener>> tcp_;
    std::vector<std::shared_ptr<UdpEndpoint>> udp_;
    bool stopping_ = false;  // begin_stop() ran (control strand)
    bool finished_ = false;  // finish_stop() ran (control strand)
};

}  // namespace dealer
