// What a password attempt is compared with: an argon2id PHC string (the
// `hash` option, made by `dealerd --hash-password`) or a plain password
// from the config. Both compare in constant time.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dealer::password {

/// The secret of one password game.
class PasswordCheck {
public:
    /// From an argon2id PHC string ("$argon2id$v=19$m=...,t=...,p=...$salt$hash").
    /// Returns nullopt and sets why when it is not one.
    static std::optional<PasswordCheck> from_hash(std::string phc, std::string& why);

    /// From a plain password; only its SHA-256 is kept.
    static PasswordCheck from_plain(std::string_view password);

    /// True when attempt is the password. With a hash this costs what the
    /// hash's parameters say (64 MiB and tens of milliseconds for the
    /// defaults of --hash-password); call it off the network threads.
    [[nodiscard]] bool matches(std::string_view attempt) const noexcept;

    /// True when made from a hash (false: a plain password).
    [[nodiscard]] bool hashed() const noexcept { return !phc_.empty(); }

private:
    PasswordCheck() = default;

    std::string phc_;                         // the argon2id string, or "" for a plain password
    std::array<unsigned char, 32> digest_{};  // SHA-256 of the plain password
};

}  // namespace dealer::password
