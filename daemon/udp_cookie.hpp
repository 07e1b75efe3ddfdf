// Stateless UDP address validation (SPEC §7): a cookie is a keyed MAC of
// the peer's address, port and a time window, so the server can check a
// returned cookie without having stored anything for the peer.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace dealer {

/// Issues and checks cookies under a random key made at construction.
class CookieJar {
public:
    /// Length of a cookie: 10 characters of lowercase base32 (50 bits).
    static constexpr std::size_t kLength = 10;
    /// Width of one time window in seconds.
    static constexpr std::uint64_t kWindowSeconds = 60;
    /// Windows accepted: the current one and the two before it, so a cookie
    /// stays valid for at least two minutes.
    static constexpr std::uint64_t kWindowsAccepted = 3;

    /// Draws a fresh key from the CSPRNG.
    CookieJar();

    /// The cookie for a peer (address bytes as text is fine: any stable
    /// encoding of address and port) at time now (seconds).
    [[nodiscard]] std::string issue(std::string_view address, std::uint16_t port, std::uint64_t now) const;

    /// True when cookie was issued to this peer within the accepted windows.
    [[nodiscard]] bool valid(std::string_view cookie, std::string_view address, std::uint16_t port,
                             std::uint64_t now) const;

private:
    [[nodiscard]] std::string mac(std::string_view address, std::uint16_t port, std::uint64_t window) const;
    std::array<unsigned char, 32> key_{};
};

}  // namespace dealer
