#include "protocol/fairness.hpp"

#include <sodium.h>

namespace dealer::protocol {

std::string sha256_hex(std::string_view data) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return std::string(hex, sizeof hex - 1);
}

std::string commitment(std::string_view value, std::string_view nonce) {
    std::string text;
    text.reserve(value.size() + 1 + nonce.size());
    text.append(value).append(1, ':').append(nonce);
    return sha256_hex(text);
}

bool verify_commitment(std::string_view commit, std::string_view value, std::string_view nonce) {
    const std::string expected = commitment(value, nonce);
    return commit.size() == expected.size() &&
           sodium_memcmp(commit.data(), expected.data(), expected.size()) == 0;
}

}  // namespace dealer::protocol
