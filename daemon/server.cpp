#include "daemon/server.hpp"

#include <csignal>
#include <thread>

#include <spdlog/spdlog.h>

#include "daemon/tcp_listener.hpp"
#include "daemon/udp_endpoint.hpp"

namespace dealer {

namespace {

unsigned thread_count(unsigned configured) {
    if (configured != 0) return configured;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

std::string describe(const asio::ip::tcp::endpoint& e) {
    return e.address().is_v6() ? "[" + e.address().to_string() + "]:" + std::to_string(e.port())
                               : e.address().to_string() + ":" + std::to_string(e.port());
}

std::string describe(const asio::ip::udp::endpoint& e) {
    return e.address().is_v6() ? "[" + e.address().to_string() + "]:" + std::to_string(e.port())
                               : e.address().to_string() + ":" + std::to_string(e.port());
}

}  // namespace

Server::Server(const Config& config, std::shared_ptr<const Catalog> catalog)
    : io_(static_cast<int>(thread_count(config.threads))), signals_(io_, SIGINT, SIGTERM, SIGHUP), config_(config) {
    context_.catalogs.set(std::move(catalog));
    context_.admission = Admission::create(config.max_sessions, config.max_sessions_per_ip);
    context_.limits.max_line_bytes = config.max_line_bytes;
    context_.limits.idle_timeout = config.idle_timeout;
    context_.limits.udp_session_timeout = config.udp_session_timeout;
}

Server::~Server() = default;

// All or nothing: a daemon that silently runs without one of its addresses
// is worse than one that refuses to start.
bool Server::listen(std::string& why) {
    try {
        for (const auto& a : config_.tcp) {
            asio::ip::tcp::endpoint endpoint(asio::ip::make_address(a.host), a.port);
            why = "cannot listen on tcp " + a.to_string();
            tcp_.push_back(std::make_shared<TcpListener>(io_, endpoint, context_));
        }
        for (const auto& a : config_.udp) {
            asio::ip::udp::endpoint endpoint(asio::ip::make_address(a.host), a.port);
            why = "cannot listen on udp " + a.to_string();
            udp_.push_back(std::make_shared<UdpEndpoint>(io_, endpoint, context_, cookies_));
        }
    } catch (const std::exception& e) {
        why += std::string(": ") + e.what();
        tcp_.clear();
        udp_.clear();
        return false;
    }
    why.clear();
    for (const auto& l : tcp_) spdlog::info("listening on tcp {}", describe(l->local_endpoint()));
    for (const auto& u : udp_) spdlog::info("listening on udp {}", describe(u->local_endpoint()));
    if (tcp_.empty() && udp_.empty()) spdlog::warn("no listen addresses configured: nobody can connect");
    return true;
}

int Server::run() {
    for (auto& l : tcp_) l->start();
    for (auto& u : udp_) u->start();
    wait_for_signal();

    const unsigned n = thread_count(config_.threads);
    spdlog::info("dealerd ready with {} network thread{}", n, n == 1 ? "" : "s");
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < n; ++i) threads.emplace_back([this] { io_.run(); });
    io_.run();
    for (auto& t : threads) t.join();
    spdlog::info("dealerd stopped");
    return 0;
}

void Server::wait_for_signal() {
    signals_.async_wait([this](const asio::error_code& ec, int signo) {
        if (ec) return;
        if (signo == SIGHUP) {
            spdlog::warn("SIGHUP received: configuration reload is not supported yet; carrying on");
            wait_for_signal();
            return;
        }
        spdlog::info("{} received: stopping", signo == SIGTERM ? "SIGTERM" : "SIGINT");
        stop();
    });
}

// Closes the doors first (listeners, UDP sockets), then tells every
// connected player; each connection closes itself once its notice is out,
// and run() returns when nothing is left. The signal set stays registered
// (a second signal is swallowed, not fatal) but has no waiter, so it does
// not keep run() going.
void Server::stop() {
    asio::post(io_, [this] {
        if (stopping_) return;
        stopping_ = true;
        signals_.cancel();
        for (auto& l : tcp_) l->stop();
        for (auto& u : udp_) u->stop();
        context_.live.stop_all();
    });
}

}  // namespace dealer
