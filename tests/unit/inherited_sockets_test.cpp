// InheritedSockets::classify: which sockets systemd may pass to dealerd.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include "daemon/inherited_sockets.hpp"

namespace {

// A socket of the given kind bound to the loopback address, closed at the
// end of the test.
struct TestSocket {
    int fd = -1;
    TestSocket(int family, int type, bool listening) {
        fd = ::socket(family, type, 0);
        REQUIRE(fd >= 0);
        if (family == AF_INET) {
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        }
        if (listening) REQUIRE(::listen(fd, 1) == 0);
    }
    ~TestSocket() { ::close(fd); }
    TestSocket(const TestSocket&) = delete;
    TestSocket& operator=(const TestSocket&) = delete;
};

}  // namespace

TEST_SUITE("inherited_sockets") {

TEST_CASE("TCP listeners and UDP sockets are sorted, with their names") {
    TestSocket tcp(AF_INET, SOCK_STREAM, true);
    TestSocket udp(AF_INET, SOCK_DGRAM, false);
    std::string why;
    const auto s = dealer::InheritedSockets::classify({{udp.fd, "dealerd-udp"}, {tcp.fd, "dealerd.socket"}}, why);
    REQUIRE(s.has_value());
    CHECK_FALSE(s->empty());
    REQUIRE(s->tcp().size() == 1);
    REQUIRE(s->udp().size() == 1);
    CHECK(s->tcp()[0].fd == tcp.fd);
    CHECK(s->tcp()[0].name == "dealerd.socket");
    CHECK_FALSE(s->tcp()[0].v6);
    CHECK(s->udp()[0].fd == udp.fd);
    CHECK(s->udp()[0].name == "dealerd-udp");
}

TEST_CASE("nothing passed: the config's addresses apply") {
    std::string why;
    const auto s = dealer::InheritedSockets::classify({}, why);
    REQUIRE(s.has_value());
    CHECK(s->empty());
}

TEST_CASE("sockets dealerd cannot serve are refused, with the reason") {
    std::string why;
    SUBCASE("a TCP socket that is not listening (Accept=yes)") {
        TestSocket tcp(AF_INET, SOCK_STREAM, false);
        CHECK_FALSE(dealer::InheritedSockets::classify({{tcp.fd, "x"}}, why).has_value());
        CHECK(why == "socket " + std::to_string(tcp.fd) +
                         " (x) passed by systemd is a connected TCP socket, not a listener: dealerd.socket must "
                         "not set Accept=yes");
    }
    SUBCASE("a unix socket") {
        TestSocket unix_socket(AF_UNIX, SOCK_DGRAM, false);
        CHECK_FALSE(dealer::InheritedSockets::classify({{unix_socket.fd, ""}}, why).has_value());
        CHECK(why.find("is not a TCP listener or a UDP socket") != std::string::npos);
    }
    SUBCASE("a descriptor that is no socket") {
        int pipe_fds[2];
        REQUIRE(::pipe(pipe_fds) == 0);
        CHECK_FALSE(dealer::InheritedSockets::classify({{pipe_fds[0], ""}}, why).has_value());
        CHECK(why.find("socket " + std::to_string(pipe_fds[0]) + " passed by systemd") == 0);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
    }
}

}  // TEST_SUITE
