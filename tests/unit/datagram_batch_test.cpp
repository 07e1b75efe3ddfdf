// receive_datagrams() and DatagramOutbox on real loopback UDP sockets: what
// a batch reads, where each datagram lands, what a slot cuts, and that the
// outbox sends everything in order and loses only what the kernel refuses.
#include <doctest/doctest.h>

#include <poll.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <asio.hpp>

#include "daemon/datagram_batch.hpp"

namespace {

using asio::ip::udp;

// A bound, non-blocking loopback socket.
udp::socket bound_socket(asio::io_context& io) {
    udp::socket s(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    s.non_blocking(true);
    return s;
}

// Waits until the socket has a datagram (at most a second), then a little
// longer for the rest: loopback delivers within the sender's call, so this
// only guards against a slow machine.
void settle(udp::socket& s) {
    pollfd p{s.native_handle(), POLLIN, 0};
    (void)::poll(&p, 1, 1000);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

}  // namespace

TEST_CASE("receive_datagrams reads what waits, each datagram into its slot, with its sender") {
    asio::io_context io;
    udp::socket server = bound_socket(io);
    udp::socket a = bound_socket(io);
    udp::socket b = bound_socket(io);
    for (int i = 0; i < 5; ++i) {
        const std::string text = "datagram " + std::to_string(i);
        (i % 2 == 0 ? a : b).send_to(asio::buffer(text), server.local_endpoint());
    }
    settle(server);

    std::vector<char> buffer(8 * 100);
    std::array<dealer::ReceivedDatagram, dealer::kDatagramBatch> batch;
    const std::size_t got = dealer::receive_datagrams(server.native_handle(), buffer, 100, batch);
    REQUIRE(got == 5);
    for (std::size_t i = 0; i < got; ++i) {
        CHECK(batch[i].bytes == "datagram " + std::to_string(i));
        CHECK(batch[i].bytes.data() == buffer.data() + i * 100);
        CHECK(batch[i].from == (i % 2 == 0 ? a : b).local_endpoint());
    }
    // Nothing left: no datagram, no error.
    CHECK(dealer::receive_datagrams(server.native_handle(), buffer, 100, batch) == 0);
}

TEST_CASE("receive_datagrams takes no more than the buffer's slots or a batch, and cuts a long datagram") {
    asio::io_context io;
    udp::socket server = bound_socket(io);
    udp::socket peer = bound_socket(io);
    const std::string long_one(250, 'x');
    peer.send_to(asio::buffer(long_one), server.local_endpoint());
    for (std::size_t i = 0; i < dealer::kDatagramBatch + 3; ++i) peer.send_to(asio::buffer("p", 1), server.local_endpoint());
    settle(server);

    std::array<dealer::ReceivedDatagram, dealer::kDatagramBatch> batch;
    std::vector<char> three_slots(3 * 64 + 10);
    REQUIRE(dealer::receive_datagrams(server.native_handle(), three_slots, 64, batch) == 3);
    CHECK(batch[0].bytes == std::string(64, 'x'));  // cut to its slot
    CHECK(batch[1].bytes == "p");

    std::vector<char> roomy(64 * 1024);
    CHECK(dealer::receive_datagrams(server.native_handle(), roomy, 64, batch) == dealer::kDatagramBatch);
    CHECK(dealer::receive_datagrams(server.native_handle(), roomy, 64, batch) == 1);
    // A slot larger than the buffer reads nothing rather than overflowing.
    peer.send_to(asio::buffer("q", 1), server.local_endpoint());
    settle(server);
    CHECK(dealer::receive_datagrams(server.native_handle(), three_slots, three_slots.size() + 1, batch) == 0);
    CHECK(dealer::receive_datagrams(server.native_handle(), roomy, 64, batch) == 1);
}

TEST_CASE("DatagramOutbox sends everything in order, over several calls, and can be reused") {
    asio::io_context io;
    udp::socket sender = bound_socket(io);
    udp::socket one = bound_socket(io);
    udp::socket two = bound_socket(io);
    dealer::DatagramOutbox outbox;
    const std::size_t total = 2 * dealer::kDatagramBatch + 5;
    for (std::size_t i = 0; i < total; ++i) {
        outbox.add("reply " + std::to_string(i), (i % 2 == 0 ? one : two).local_endpoint());
    }
    CHECK(outbox.size() == total);
    outbox.flush(sender.native_handle());
    CHECK(outbox.size() == 0);

    std::array<char, 100> buf{};
    for (std::size_t i = 0; i < total; ++i) {
        udp::socket& to = i % 2 == 0 ? one : two;
        asio::error_code ec;
        std::size_t n = 0;
        for (int tries = 0; tries < 1000; ++tries) {
            n = to.receive(asio::buffer(buf), 0, ec);
            if (ec != asio::error::would_block) break;
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
        REQUIRE_FALSE(ec);
        CHECK(std::string(buf.data(), n) == "reply " + std::to_string(i));
    }

    outbox.add("again", one.local_endpoint());
    outbox.flush(sender.native_handle());
    asio::error_code ec;
    for (int tries = 0; tries < 1000; ++tries) {
        const std::size_t n = one.receive(asio::buffer(buf), 0, ec);
        if (!ec) {
            CHECK(std::string(buf.data(), n) == "again");
            break;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    CHECK_FALSE(ec);
}

TEST_CASE("DatagramOutbox drops only the datagram the kernel refuses") {
    asio::io_context io;
    udp::socket sender = bound_socket(io);
    udp::socket peer = bound_socket(io);
    dealer::DatagramOutbox outbox;
    outbox.add("before", peer.local_endpoint());
    outbox.add(std::string(70000, 'z'), peer.local_endpoint());  // over UDP's 65507: EMSGSIZE
    outbox.add("after", peer.local_endpoint());
    outbox.flush(sender.native_handle());

    std::vector<std::string> received;
    std::array<char, 100> buf{};
    for (int tries = 0; tries < 1000 && received.size() < 2; ++tries) {
        asio::error_code ec;
        const std::size_t n = peer.receive(asio::buffer(buf), 0, ec);
        if (ec) {
            std::this_thread::sleep_for(std::chrono::microseconds(100));
            continue;
        }
        received.emplace_back(buf.data(), n);
    }
    CHECK(received == std::vector<std::string>{"before", "after"});
}
