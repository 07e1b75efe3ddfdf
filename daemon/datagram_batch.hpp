// Several datagrams per system call: recvmmsg() to read what waits on a UDP
// socket, sendmmsg() to send the replies collected meanwhile. Without them
// every UDP request costs three system calls (Asio's epoll_wait, recvfrom,
// sendto); the kernel's work per datagram stays, the calls' own cost and
// the reactor's round trip are shared by the batch.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <asio.hpp>

namespace dealer {

/// The most datagrams one recvmmsg() or sendmmsg() call moves.
inline constexpr std::size_t kDatagramBatch = 16;

/// One datagram read by receive_datagrams().
struct ReceivedDatagram {
    asio::ip::udp::endpoint from;  ///< the sender
    /// The bytes, in the caller's buffer; at most the slot size (a longer
    /// datagram is cut: see receive_datagrams()).
    std::string_view bytes;
};

/// Reads the datagrams waiting on the non-blocking socket `fd`, at most
/// min(kDatagramBatch, buffer.size() / slot), without blocking. Datagram i
/// lands in buffer[i * slot, (i + 1) * slot); a longer one is cut to `slot`
/// bytes, so pick a slot larger than anything the caller accepts whole.
/// Returns how many were read: 0 when none waits, or on an error (such as
/// ECONNREFUSED, an earlier send's ICMP); the socket's next read goes on.
std::size_t receive_datagrams(int fd, std::span<char> buffer, std::size_t slot,
                              std::array<ReceivedDatagram, kDatagramBatch>& out);

/// Replies collected while a batch is served, sent together by flush(). The
/// strings are kept for the next batch, so that a busy socket does not
/// allocate for its replies.
class DatagramOutbox {
public:
    /// Queues a copy of bytes for `to`.
    void add(std::string_view bytes, const asio::ip::udp::endpoint& to);
    /// Sends what is queued, in order, kDatagramBatch per call, on the
    /// non-blocking socket `fd`. A datagram the kernel refuses (a full
    /// buffer, an error of one peer) is dropped, as UDP may drop any.
    void flush(int fd);
    /// Datagrams queued and not yet sent.
    [[nodiscard]] std::size_t size() const noexcept { return used_; }

private:
    /// One queued reply.
    struct Item {
        asio::ip::udp::endpoint to;  ///< its peer
        std::string bytes;           ///< its datagram
    };
    std::vector<Item> items_;  // [0, used_) queued; the rest kept for reuse
    std::size_t used_ = 0;
};

}  // namespace dealer
