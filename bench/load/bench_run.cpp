#include "bench/load/bench_run.hpp"

#include <sys/resource.h>

#include <ctime>
#include <ostream>
#include <thread>

#include <asio.hpp>

#include "bench/load/bench_report.hpp"
#include "bench/load/load_thread.hpp"
#include "bench/load/tcp_load_connection.hpp"
#include "bench/load/udp_load_peer.hpp"

namespace dealer::bench {

namespace {

// Descriptors beyond the connections: stdio, the io_contexts' epoll and eventfds.
constexpr rlim_t kSpareDescriptors = 32;

// Each connection is a descriptor; a soft limit of 1024 is common. Raises
// the soft limit as far as the hard one allows, and says so when that is
// not enough (the connections past it fail to open, and the run says why).
void raise_descriptor_limit(unsigned connections, std::ostream& err) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    const rlim_t wanted = connections + kSpareDescriptors;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur >= wanted) return;
    const rlim_t raised = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    limit.rlim_cur = raised;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0 || raised < wanted) {
        err << "dealer-bench: warning: the open-file limit (" << raised << ") is too low for " << connections
            << " connections; raise it (ulimit -Hn, or LimitNOFILE) to at least " << wanted << "\n";
    }
}

double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Waits until every connection has opened or failed. Each connection gives
// up by itself after --timeout, so this ends.
void wait_for_opens(const OpenTally& tally, unsigned connections) {
    while (tally.open_count() + tally.failed_count() < connections) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

template <class Endpoint>
std::string endpoint_text(const Endpoint& e) {
    const auto address = e.address().to_string();
    return (e.address().is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(e.port());
}

// The first address HOST:PORT resolves to; empty and why on failure.
template <class Protocol>
bool resolve(const BenchOptions& o, typename Protocol::endpoint& out, std::string& why) {
    asio::io_context io;
    typename Protocol::resolver resolver(io);
    asio::error_code ec;
    const auto results = resolver.resolve(o.host, o.port, ec);
    if (ec || results.empty()) {
        why = "cannot resolve " + o.host + ": " + (ec ? ec.message() : "no address");
        return false;
    }
    out = results.begin()->endpoint();
    return true;
}

}  // namespace

int run_bench(const BenchOptions& o, std::ostream& out, std::ostream& err) {
    asio::ip::tcp::endpoint tcp_endpoint;
    asio::ip::udp::endpoint udp_endpoint;
    std::string why;
    if (o.udp ? !resolve<asio::ip::udp>(o, udp_endpoint, why) : !resolve<asio::ip::tcp>(o, tcp_endpoint, why)) {
        err << "dealer-bench: " << why << "\n";
        return 1;
    }
    raise_descriptor_limit(o.connections, err);

    OpenTally tally;
    std::vector<std::unique_ptr<LoadThread>> threads;
    for (unsigned t = 0; t < o.threads; ++t) threads.push_back(std::make_unique<LoadThread>(o, tally));
    for (unsigned i = 0; i < o.connections; ++i) {
        LoadThread& thread = *threads[i % o.threads];
        auto workload = make_workload(o, i + 1);
        if (o.udp) thread.add(std::make_unique<UdpLoadPeer>(thread, udp_endpoint, std::move(workload)));
        else thread.add(std::make_unique<TcpLoadConnection>(thread, tcp_endpoint, std::move(workload)));
    }
    for (auto& t : threads) t->start();
    wait_for_opens(tally, o.connections);

    RunReport report;
    report.options = &o;
    report.target = o.udp ? endpoint_text(udp_endpoint) : endpoint_text(tcp_endpoint);
    report.opened = tally.open_count();
    if (tally.failed_count() > 0) {
        for (auto& t : threads) {
            t->stop();
            t->farewell();
        }
        err << "dealer-bench: " << tally.failed_count() << " of " << o.connections
            << " connections could not open (" << report.opened << " did); the first: " << tally.first_failure()
            << "\n";
        return 1;
    }

    double cpu_start = 0;
    Clock::time_point window_start;
    Clock::time_point window_end;
    if (o.hold) {
        err << "dealer-bench: holding " << report.opened << " sessions\n" << std::flush;
        window_start = Clock::now();
        cpu_start = process_cpu_seconds();
        std::this_thread::sleep_until(window_start + o.duration);
        window_end = Clock::now();
        report.cpu_seconds = process_cpu_seconds() - cpu_start;
        if (o.udp) {
            // Only an answer tells whether the server still keeps a UDP session.
            for (auto& t : threads) t->probe_all();
            const auto give_up = Clock::now() + o.timeout + std::chrono::milliseconds(500);
            while (tally.probed_count() < o.connections && Clock::now() < give_up) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        }
    } else {
        Window window;
        window.from = Clock::now() + o.warmup;
        window.until = window.from + o.duration;
        for (auto& t : threads) t->begin_load(window);
        std::this_thread::sleep_until(window.from);
        window_start = Clock::now();
        cpu_start = process_cpu_seconds();
        std::this_thread::sleep_until(window.until);
        window_end = Clock::now();
        report.cpu_seconds = process_cpu_seconds() - cpu_start;
    }
    for (auto& t : threads) {
        t->stop();
        t->farewell();
    }

    report.window_seconds = std::chrono::duration<double>(window_end - window_start).count();
    for (auto& t : threads) {
        report.stats.merge(t->stats());
        report.open_at_end += t->alive_count();
    }
    out << (o.json ? format_json(report) : format_table(report)) << std::flush;
    return 0;
}

}  // namespace dealer::bench
