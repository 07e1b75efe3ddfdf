// The text address a peer is known by, for admission limits, password
// penalties, UDP cookies and logs.
#pragma once

#include <string>

#include <asio/ip/address.hpp>

namespace dealer {

/// An IPv4 client of a dual-stack IPv6 socket (what dealerd.socket's
/// `ListenStream=11267` makes) arrives as ::ffff:a.b.c.d; it is known as
/// a.b.c.d, as over an IPv4 socket. Otherwise penalties that group IPv6
/// peers by /64 would put every IPv4 client in one group.
inline std::string peer_address(const asio::ip::address& address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
    }
    return address.to_string();
}

}  // namespace dealer
