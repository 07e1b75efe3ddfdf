// Name resolution and socket set-up that the TCP and UDP transports share.
#pragma once

#include <sys/socket.h>

#include <string>
#include <vector>

namespace dealer::client {

/// One address a host name resolved to.
struct SocketAddress {
    sockaddr_storage storage{};  ///< the address
    socklen_t length = 0;        ///< its length
    int family = AF_UNSPEC;      ///< AF_INET or AF_INET6
};

/// Every address of host:port for sockets of `socktype` (SOCK_STREAM or
/// SOCK_DGRAM), in getaddrinfo's order. Empty, with `why`, on failure.
std::vector<SocketAddress> resolve(const std::string& host, const std::string& port, int socktype, std::string& why);

/// "HOST:PORT", with brackets around an IPv6 address: "[::1]:11267".
std::string host_port(const std::string& host, const std::string& port);

/// A non-blocking, close-on-exec socket; -1 with `why` on failure.
int open_socket(int family, int socktype, std::string& why);

}  // namespace dealer::client
