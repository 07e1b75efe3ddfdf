#include "daemon/inherited_sockets.hpp"

#include <sys/socket.h>

#include <cstdlib>
#include <cstring>

#include <systemd/sd-daemon.h>

namespace dealer {

namespace {

// "socket 3 (dealerd.socket)", for messages about a passed socket.
std::string describe(int fd, const std::string& name) {
    return "socket " + std::to_string(fd) + (name.empty() ? "" : " (" + name + ")");
}

}  // namespace

// Called once at start. The names come with the descriptors; an unnamed
// one is "unknown" (systemd's own default), which we keep as it is.
std::optional<InheritedSockets> InheritedSockets::take(std::string& why) {
    char** names = nullptr;
    const int n = sd_listen_fds_with_names(1, &names);
    if (n < 0) {
        why = std::string("cannot read the sockets passed by systemd (LISTEN_FDS): ") + std::strerror(-n);
        return std::nullopt;
    }
    std::vector<std::pair<int, std::string>> fds;
    for (int i = 0; i < n; ++i) {
        fds.emplace_back(SD_LISTEN_FDS_START + i, names != nullptr && names[i] != nullptr ? names[i] : "");
    }
    if (names != nullptr) {
        for (int i = 0; names[i] != nullptr; ++i) std::free(names[i]);
        std::free(names);
    }
    return classify(fds, why);
}

// dealerd serves TCP listeners and UDP sockets of the internet families;
// anything else in a socket unit is a mistake worth refusing to start for,
// rather than a socket silently left unserved. Accept=yes is the likely
// one: it passes connected sockets, one per connection.
std::optional<InheritedSockets> InheritedSockets::classify(const std::vector<std::pair<int, std::string>>& fds,
                                                           std::string& why) {
    InheritedSockets out;
    for (const auto& [fd, name] : fds) {
        const bool v6 = sd_is_socket_inet(fd, AF_INET6, 0, -1, 0) > 0;
        if (sd_is_socket_inet(fd, 0, SOCK_STREAM, 1, 0) > 0) {
            out.tcp_.push_back({fd, v6, name});
        } else if (sd_is_socket_inet(fd, 0, SOCK_DGRAM, -1, 0) > 0) {
            out.udp_.push_back({fd, v6, name});
        } else if (sd_is_socket_inet(fd, 0, SOCK_STREAM, 0, 0) > 0) {
            why = describe(fd, name) + " passed by systemd is a connected TCP socket, not a listener: "
                                       "dealerd.socket must not set Accept=yes";
            return std::nullopt;
        } else {
            why = describe(fd, name) + " passed by systemd is not a TCP listener or a UDP socket "
                                       "(IPv4 or IPv6); use ListenStream= and ListenDatagram= with IP addresses";
            return std::nullopt;
        }
    }
    return out;
}

}  // namespace dealer
