#include "password_check.hpp"

#include <sodium.h>

namespace dealer::password {

namespace {

std::array<unsigned char, 32> sha256(std::string_view text) {
    std::array<unsigned char, 32> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
    return digest;
}

}  // namespace

// libsodium answers -1 from needs_rehash for a string it cannot parse as
// argon2id, which is the check wanted here: refuse at load, not at the
// first attempt.
std::optional<PasswordCheck> PasswordCheck::from_hash(std::string phc, std::string& why) {
    if (sodium_init() < 0) {
        why = "libsodium failed to initialise";
        return std::nullopt;
    }
    if (!phc.starts_with(crypto_pwhash_argon2id_STRPREFIX) || phc.size() >= crypto_pwhash_STRBYTES ||
        crypto_pwhash_str_needs_rehash(phc.c_str(), crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN) < 0) {
        why = "hash is not an argon2id PHC string ($argon2id$v=19$m=...); make one with dealerd --hash-password";
        return std::nullopt;
    }
    PasswordCheck check;
    check.phc_ = std::move(phc);
    return check;
}

PasswordCheck PasswordCheck::from_plain(std::string_view password) {
    PasswordCheck check;
    check.digest_ = sha256(password);
    return check;
}

// A plain password is compared by digest with sodium_memcmp: the time taken
// depends neither on where the attempt differs nor on its length. argon2id
// verification compares in constant time itself.
bool PasswordCheck::matches(std::string_view attempt) const noexcept {
    if (hashed()) return crypto_pwhash_str_verify(phc_.c_str(), attempt.data(), attempt.size()) == 0;
    const auto digest = sha256(attempt);
    return sodium_memcmp(digest.data(), digest_.data(), digest.size()) == 0;
}

}  // namespace dealer::password
