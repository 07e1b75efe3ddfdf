// udp_echo_server: the ceiling for dealerd's UDP ping (issue #7, target 5).
// A plain single-threaded Asio server that sends every datagram back to
// where it came from, unchanged: what any UDP server costs before it does
// any work of its own. Prints "listening on udp HOST:PORT" once bound
// (port 0: the kernel's choice), runs until SIGINT or SIGTERM.
//
// usage: udp_echo_server [HOST] [PORT]   (default 127.0.0.1 0)
#include <array>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <string_view>

#include <asio.hpp>

namespace {

// Receives one datagram and echoes it, then waits for the next: the
// simplest loop there is, three system calls a datagram (Asio's
// epoll_wait, recvfrom, sendto). dealerd reads and answers datagrams that
// queue up in batches (recvmmsg, sendmmsg), which this loop does not: the
// issue's ceiling is the plain server, so dealerd may pass it.
class EchoServer {
public:
    EchoServer(asio::io_context& io, const asio::ip::udp::endpoint& at) : socket_(io, at) {}

    [[nodiscard]] asio::ip::udp::endpoint local_endpoint() const { return socket_.local_endpoint(); }

    void receive() {
        socket_.async_receive_from(asio::buffer(buffer_), peer_, [this](const asio::error_code& ec, std::size_t n) {
            if (ec == asio::error::operation_aborted) return;
            if (!ec) {
                asio::error_code ignored;
                socket_.send_to(asio::buffer(buffer_.data(), n), peer_, 0, ignored);
            }
            receive();
        });
    }

    void close() {
        asio::error_code ignored;
        socket_.close(ignored);
    }

private:
    asio::ip::udp::socket socket_;
    asio::ip::udp::endpoint peer_;
    std::array<char, 65536> buffer_{};
};

}  // namespace

int main(int argc, char** argv) {
    const std::string_view host = argc > 1 ? argv[1] : "127.0.0.1";
    unsigned short port = 0;
    if (argc > 2) {
        const std::string_view text = argv[2];
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
        if (ec != std::errc() || end != text.data() + text.size()) {
            std::fprintf(stderr, "udp_echo_server: '%s' is not a port\n", argv[2]);
            return 2;
        }
    }
    if (argc > 3) {
        std::fputs("usage: udp_echo_server [HOST] [PORT]\n", stderr);
        return 2;
    }
    try {
        asio::io_context io(1);
        EchoServer server(io, {asio::ip::make_address(std::string(host)), port});
        asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](const asio::error_code&, int) { server.close(); });
        server.receive();
        const auto at = server.local_endpoint();
        std::printf("listening on udp %s:%u\n", at.address().to_string().c_str(), at.port());
        std::fflush(stdout);
        io.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "udp_echo_server: %s\n", e.what());
        return 1;
    }
    return 0;
}
