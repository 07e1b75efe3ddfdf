// Socket activation: the listening sockets systemd (dealerd.socket, or
// systemd-socket-activate) passes in through LISTEN_FDS. When there are
// any, they replace the config's [server] tcp and udp addresses: systemd
// has bound them already, and binding the configured ones too would clash.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dealer {

/// One socket passed by systemd.
struct InheritedSocket {
    int fd = -1;        ///< the descriptor (3 and up)
    bool v6 = false;    ///< AF_INET6 (else AF_INET)
    std::string name;   ///< its LISTEN_FDNAMES entry (FileDescriptorName=), e.g. "dealerd.socket"
};

/// The sockets passed by systemd, sorted into TCP listeners and UDP sockets.
class InheritedSockets {
public:
    /// Takes the sockets passed by systemd (sd_listen_fds_with_names) and
    /// unsets LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES, so that nothing the
    /// daemon might start takes them for its own. nullopt and why when one
    /// is neither a listening TCP socket nor a UDP socket, IPv4 or IPv6.
    static std::optional<InheritedSockets> take(std::string& why);

    /// Sorts the given descriptors and names (take() without the
    /// environment, for tests); the same checks.
    static std::optional<InheritedSockets> classify(const std::vector<std::pair<int, std::string>>& fds,
                                                    std::string& why);

    /// True when systemd passed nothing: the config's addresses apply.
    [[nodiscard]] bool empty() const noexcept { return tcp_.empty() && udp_.empty(); }
    /// Listening TCP sockets.
    [[nodiscard]] const std::vector<InheritedSocket>& tcp() const noexcept { return tcp_; }
    /// UDP sockets.
    [[nodiscard]] const std::vector<InheritedSocket>& udp() const noexcept { return udp_; }

private:
    std::vector<InheritedSocket> tcp_;
    std::vector<InheritedSocket> udp_;
};

}  // namespace dealer
