// Unit tests for the client's transports (client/udp_transport.hpp,
// client/tcp_transport.hpp) against a fake server on loopback sockets: what
// goes on the wire, which messages end the wait, and that no server, however
// odd, can keep the client waiting past its deadline. Waits are on socket
// readiness (poll), never on sleeps; times given to the timers are chosen.

#include <doctest/doctest.h>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "client/tcp_transport.hpp"
#include "client/udp_transport.hpp"

namespace client = dealer::client;
using client::TransportEvent;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {

constexpr int kWaitMs = 5000;  // generous: only a broken test waits this long

bool readable(int fd, int timeout_ms) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, timeout_ms) == 1;
}

// A socket bound to 127.0.0.1 on a free port.
int bound_socket(int type, std::string& port) {
    const int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port = std::to_string(ntohs(address.sin_port));
    return fd;
}

// The server side of a UDP conversation: it answers the last peer it heard.
class FakeUdpServer {
public:
    FakeUdpServer() : fd_(bound_socket(SOCK_DGRAM, port_)) {}
    ~FakeUdpServer() { ::close(fd_); }
    FakeUdpServer(const FakeUdpServer&) = delete;
    FakeUdpServer& operator=(const FakeUdpServer&) = delete;

    [[nodiscard]] const std::string& port() const { return port_; }

    // The next datagram from the client (waiting for it), "" if none came.
    std::string receive(int timeout_ms = kWaitMs) {
        if (!readable(fd_, timeout_ms)) return {};
        char buffer[65536];
        socklen_t length = sizeof peer_;
        const ssize_t n = ::recvfrom(fd_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&peer_), &length);
        REQUIRE(n >= 0);
        return std::string(buffer, static_cast<std::size_t>(n));
    }

    // How many datagrams are waiting now (all sent before the call returned:
    // loopback delivers synchronously).
    int drain() {
        int n = 0;
        while (!receive(0).empty()) ++n;
        return n;
    }

    void send(const std::string& datagram) {
        REQUIRE(::sendto(fd_, datagram.data(), datagram.size(), 0, reinterpret_cast<const sockaddr*>(&peer_),
                         sizeof peer_) == static_cast<ssize_t>(datagram.size()));
    }

private:
    std::string port_;
    int fd_;
    sockaddr_in peer_{};
};

// Waits until the transport's socket is readable, then lets it read.
std::vector<TransportEvent> pump(client::Transport& transport, client::Transport::Clock::time_point now) {
    std::vector<TransportEvent> events;
    REQUIRE(readable(transport.fd(), kWaitMs));
    transport.on_readable(now, events);
    return events;
}

client::RetransmitSchedule::Settings deadline(milliseconds ms) {
    client::RetransmitSchedule::Settings settings;
    settings.deadline = ms;
    return settings;
}

// Opens the transport and answers its hello with `cookie`; the proof is
// then on its way to the server.
void send_cookie(FakeUdpServer& server, client::UdpTransport& udp, client::Transport::Clock::time_point now,
                 const std::string& cookie) {
    std::string why;
    REQUIRE(udp.open(why));
    REQUIRE(server.receive() == R"({"type":"hello"})");
    server.send(R"({"type":"cookie","cookie":")" + cookie + R"("})");
    CHECK(pump(udp, now).empty());
}

// Through the handshake to a ready session.
void handshake(FakeUdpServer& server, client::UdpTransport& udp, client::Transport::Clock::time_point now) {
    send_cookie(server, udp, now, "abcdefghij");
    const json proof = json::parse(server.receive());
    CHECK(proof == json{{"type", "hello"}, {"cookie", "abcdefghij"}, {"seq", 1}});
    server.send(R"({"type":"welcome","seq":1})");
    const auto events = pump(udp, now);
    REQUIRE(events.size() == 1);
    CHECK(events[0].answer);
    CHECK(events[0].message["type"] == "welcome");
    CHECK_FALSE(udp.busy());
}

}  // namespace

TEST_CASE("udp transport: the cookie handshake, and only a welcome ends it") {
    FakeUdpServer server;
    client::UdpTransport udp("127.0.0.1", server.port(), deadline(milliseconds(2000)));
    const auto t0 = client::Transport::Clock::now();
    std::string why;
    REQUIRE(udp.open(why));
    CHECK(server.receive() == R"({"type":"hello"})");
    // Before the cookie nothing else counts, not even a message that carries
    // the seq the client has not used yet.
    server.send(R"({"type":"welcome","seq":0})");
    CHECK(pump(udp, t0).empty());
    CHECK(udp.busy());
    server.send(R"({"type":"cookie","cookie":"abcdefghij"})");
    CHECK(pump(udp, t0).empty());
    CHECK(json::parse(server.receive()) == json{{"type", "hello"}, {"cookie", "abcdefghij"}, {"seq", 1}});
    // A reply to the proof that is not a welcome is not the welcome.
    server.send(R"({"type":"pong","seq":1})");
    CHECK(pump(udp, t0).empty());
    CHECK(udp.busy());
    server.send(R"({"type":"welcome","seq":1})");
    const auto events = pump(udp, t0);
    REQUIRE(events.size() == 1);
    CHECK(events[0].answer);
    CHECK_FALSE(udp.busy());
}

TEST_CASE("udp transport: a server answering every proof with a new cookie meets the deadline, not a storm") {
    FakeUdpServer server;
    client::UdpTransport udp("127.0.0.1", server.port(), deadline(milliseconds(2000)));
    const auto t0 = client::Transport::Clock::now();
    send_cookie(server, udp, t0, "cookie0000");
    CHECK(server.drain() == 1);  // the proof
    // The same cookie again (a duplicate) changes nothing.
    server.send(R"({"type":"cookie","cookie":"cookie0000"})");
    pump(udp, t0);
    CHECK(server.drain() == 0);
    // New cookies: the first is sent at once, the rest wait for the timer.
    for (int i = 1; i <= 50; ++i) {
        server.send(R"({"type":"cookie","cookie":"cookie)" + std::to_string(1000 + i) + R"("})");
        pump(udp, t0 + milliseconds(10));
    }
    CHECK(server.drain() == 1);
    std::vector<TransportEvent> events;
    udp.on_timer(t0 + milliseconds(300), events);  // the retransmission carries the newest cookie
    CHECK(json::parse(server.receive())["cookie"] == "cookie1050");
    CHECK(events.empty());
    udp.on_timer(t0 + milliseconds(2000), events);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == TransportEvent::Kind::not_answering);
}

TEST_CASE("udp transport: the same bytes again, one answer per seq, notices pass") {
    FakeUdpServer server;
    client::UdpTransport udp("127.0.0.1", server.port(), deadline(milliseconds(20000)));
    const auto t0 = client::Transport::Clock::now();
    handshake(server, udp, t0);
    udp.send({{"type", "ping"}, {"id", 7}});
    CHECK(udp.busy());
    const std::string first = server.receive();
    CHECK(json::parse(first) == json{{"type", "ping"}, {"id", 7}, {"seq", 2}});
    std::vector<TransportEvent> events;
    udp.on_timer(client::Transport::Clock::now() + milliseconds(300), events);
    CHECK(server.receive() == first);  // a retransmission is the very same datagram
    CHECK(events.empty());
    // A late answer to the proof, and garbage: neither ends the wait.
    server.send(R"({"type":"welcome","seq":1})");
    server.send(R"({"type":"pong","seq":"2"})");
    CHECK(pump(udp, t0).empty());
    CHECK(udp.busy());
    // The answer, duplicated by the network, and a notice without seq.
    server.send(R"({"type":"pong","id":7,"seq":2})");
    server.send(R"({"type":"pong","id":7,"seq":2})");
    server.send(R"({"type":"shutdown","text":"bye"})");
    events = pump(udp, t0);
    REQUIRE(events.size() == 2);
    CHECK(events[0].answer);
    CHECK(events[0].message["type"] == "pong");
    CHECK_FALSE(events[1].answer);
    CHECK(events[1].message["type"] == "shutdown");
    CHECK_FALSE(udp.busy());
}

TEST_CASE("udp transport: a refused session ends; a flood is read a bounded batch at a time") {
    FakeUdpServer server;
    client::UdpTransport refused("127.0.0.1", server.port(), deadline(milliseconds(2000)));
    const auto t0 = client::Transport::Clock::now();
    send_cookie(server, refused, t0, "abcdefghij");
    server.receive();
    server.send(R"({"type":"error","code":"server_busy","text":"full","seq":1})");
    const auto events = pump(refused, t0);
    REQUIRE(events.size() == 2);
    CHECK(events[0].answer);
    CHECK(events[1].kind == TransportEvent::Kind::closed);

    FakeUdpServer flooding;
    client::UdpTransport udp("127.0.0.1", flooding.port(), deadline(milliseconds(2000)));
    handshake(flooding, udp, t0);
    const int flood = client::kMaxReadsPerWakeup + 20;
    for (int i = 0; i < flood; ++i) flooding.send(R"({"type":"notice"})");
    CHECK(pump(udp, t0).size() == static_cast<std::size_t>(client::kMaxReadsPerWakeup));
    CHECK(pump(udp, t0).size() == 20U);
}

TEST_CASE("tcp transport: only the welcome, then only our id, ends the wait; else the deadline does") {
    std::string port;
    const int listener = bound_socket(SOCK_STREAM, port);
    REQUIRE(::listen(listener, 1) == 0);
    client::TcpTransport tcp("127.0.0.1", port, milliseconds(2000));
    std::string why;
    REQUIRE(tcp.open(why));
    REQUIRE(readable(listener, kWaitMs));
    const int server = ::accept(listener, nullptr, nullptr);
    REQUIRE(server >= 0);
    const auto say = [&](const std::string& line) {
        REQUIRE(::send(server, line.data(), line.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(line.size()));
    };
    const auto t0 = client::Transport::Clock::now();

    say("{\"type\":\"hi\"}\n");
    auto events = pump(tcp, t0);
    REQUIRE(events.size() == 1);
    CHECK_FALSE(events[0].answer);
    CHECK(tcp.busy());
    say("{\"type\":\"welcome\"}\n");
    events = pump(tcp, t0);
    REQUIRE(events.size() == 1);
    CHECK(events[0].answer);
    CHECK_FALSE(tcp.busy());

    tcp.send({{"type", "games"}, {"id", 5}});
    REQUIRE(readable(server, kWaitMs));
    char buffer[256];
    const ssize_t n = ::recv(server, buffer, sizeof buffer, 0);
    CHECK(std::string(buffer, static_cast<std::size_t>(n)) == "{\"id\":5,\"type\":\"games\"}\n");
    say("{\"type\":\"games\",\"id\":4}\n{\"type\":\"timeout\"}\n");
    events = pump(tcp, t0);
    REQUIRE(events.size() == 2);
    CHECK_FALSE(events[0].answer);
    CHECK_FALSE(events[1].answer);
    CHECK(tcp.busy());
    REQUIRE(tcp.next_timer());
    events.clear();
    tcp.on_timer(*tcp.next_timer(), events);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == TransportEvent::Kind::not_answering);
    CHECK_FALSE(tcp.busy());

    tcp.send({{"type", "ping"}, {"id", 6}});
    say("{\"type\":\"pong\",\"id\":6}\n");
    events = pump(tcp, t0);
    REQUIRE(events.size() == 1);
    CHECK(events[0].answer);
    ::close(server);
    ::close(listener);
}
