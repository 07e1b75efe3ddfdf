#include "daemon/datagram_batch.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace dealer {

// The kernel writes each sender's address straight into its endpoint, and
// each datagram straight into its slot: nothing is copied afterwards.
std::size_t receive_datagrams(int fd, std::span<char> buffer, std::size_t slot,
                              std::array<ReceivedDatagram, kDatagramBatch>& out) {
    const std::size_t count = slot == 0 ? 0 : std::min(kDatagramBatch, buffer.size() / slot);
    if (count == 0) return 0;
    std::array<mmsghdr, kDatagramBatch> headers{};
    std::array<iovec, kDatagramBatch> parts{};
    for (std::size_t i = 0; i < count; ++i) {
        parts[i] = iovec{buffer.data() + i * slot, slot};
        headers[i].msg_hdr.msg_name = out[i].from.data();
        headers[i].msg_hdr.msg_namelen = static_cast<socklen_t>(out[i].from.capacity());
        headers[i].msg_hdr.msg_iov = &parts[i];
        headers[i].msg_hdr.msg_iovlen = 1;
    }
    int got;
    do {
        got = ::recvmmsg(fd, headers.data(), static_cast<unsigned>(count), MSG_DONTWAIT, nullptr);
    } while (got < 0 && errno == EINTR);
    if (got <= 0) return 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(got); ++i) {
        const auto& header = headers[i].msg_hdr;
        out[i].from.resize(std::min<std::size_t>(header.msg_namelen, out[i].from.capacity()));
        out[i].bytes = std::string_view(buffer.data() + i * slot, std::min<std::size_t>(headers[i].msg_len, slot));
    }
    return static_cast<std::size_t>(got);
}

void DatagramOutbox::add(std::string_view bytes, const asio::ip::udp::endpoint& to) {
    if (used_ == items_.size()) items_.emplace_back();
    Item& item = items_[used_++];
    item.to = to;
    item.bytes.assign(bytes);
}

// sendmmsg() stops at the first datagram it cannot send and reports the
// ones before it; the next call reports that datagram's error. So the loop
// skips one datagram per error, as a single send_to() would have lost it.
void DatagramOutbox::flush(int fd) {
    std::size_t sent = 0;
    while (sent < used_) {
        const std::size_t count = std::min(kDatagramBatch, used_ - sent);
        std::array<mmsghdr, kDatagramBatch> headers{};
        std::array<iovec, kDatagramBatch> parts{};
        for (std::size_t i = 0; i < count; ++i) {
            Item& item = items_[sent + i];
            parts[i] = iovec{item.bytes.data(), item.bytes.size()};
            headers[i].msg_hdr.msg_name = item.to.data();
            headers[i].msg_hdr.msg_namelen = static_cast<socklen_t>(item.to.size());
            headers[i].msg_hdr.msg_iov = &parts[i];
            headers[i].msg_hdr.msg_iovlen = 1;
        }
        const int done = ::sendmmsg(fd, headers.data(), static_cast<unsigned>(count), MSG_DONTWAIT);
        if (done > 0) {
            sent += static_cast<std::size_t>(done);
        } else if (done < 0 && errno == EINTR) {
            continue;
        } else if (done < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)) {
            break;  // the socket's buffer is full: the rest would fail as well
        } else {
            ++sent;  // this datagram's own error
        }
    }
    used_ = 0;
}

}  // namespace dealer
