#include "daemon/udp_cookie.hpp"

#include <sodium.h>

namespace dealer {

CookieJar::CookieJar() { randombytes_buf(key_.data(), key_.size()); }

// BLAKE2b keyed with a per-process secret over (window, port, address); the
// first 50 bits become 10 base32 characters.
std::string CookieJar::mac(std::string_view address, std::uint16_t port, std::uint64_t window) const {
    crypto_generichash_state state;
    crypto_generichash_init(&state, key_.data(), key_.size(), 8);
    unsigned char header[10];
    for (int i = 0; i < 8; ++i) header[i] = static_cast<unsigned char>(window >> (8 * i));
    header[8] = static_cast<unsigned char>(port >> 8);
    header[9] = static_cast<unsigned char>(port & 0xff);
    crypto_generichash_update(&state, header, sizeof header);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(address.data()), address.size());
    unsigned char digest[8];
    crypto_generichash_final(&state, digest, sizeof digest);

    std::uint64_t bits = 0;
    for (unsigned char b : digest) bits = (bits << 8) | b;
    static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    std::string cookie(kLength, 'a');
    for (std::size_t i = 0; i < kLength; ++i) cookie[i] = alphabet[(bits >> (59 - 5 * i)) & 31];
    return cookie;
}

std::string CookieJar::issue(std::string_view address, std::uint16_t port, std::uint64_t now) const {
    return mac(address, port, now / kWindowSeconds);
}

bool CookieJar::valid(std::string_view cookie, std::string_view address, std::uint16_t port,
                      std::uint64_t now) const {
    if (cookie.size() != kLength) return false;
    const std::uint64_t window = now / kWindowSeconds;
    for (std::uint64_t back = 0; back < kWindowsAccepted && back <= window; ++back) {
        const std::string expected = mac(address, port, window - back);
        if (sodium_memcmp(expected.data(), cookie.data(), kLength) == 0) return true;
    }
    return false;
}

}  // namespace dealer
