#include "client/socket_address.hpp"

#include <netdb.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace dealer::client {

// Numeric ports only (AI_NUMERICSERV): the command line checked it.
std::vector<SocketAddress> resolve(const std::string& host, const std::string& port, int socktype, std::string& why) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = socktype;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
    std::vector<SocketAddress> addresses;
    if (rc != 0) {
        why = ::gai_strerror(rc);
        return addresses;
    }
    const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owner(found, &::freeaddrinfo);
    for (const addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
        if (ai->ai_addrlen > sizeof(sockaddr_storage)) continue;
        SocketAddress address;
        std::memcpy(&address.storage, ai->ai_addr, ai->ai_addrlen);
        address.length = ai->ai_addrlen;
        address.family = ai->ai_family;
        addresses.push_back(address);
    }
    if (addresses.empty()) why = "no usable address";
    return addresses;
}

std::string host_port(const std::string& host, const std::string& port) {
    if (host.find(':') != std::string::npos) return "[" + host + "]:" + port;
    return host + ":" + port;
}

int open_socket(int family, int socktype, std::string& why) {
    const int fd = ::socket(family, socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) why = std::strerror(errno);
    return fd;
}

}  // namespace dealer::client
