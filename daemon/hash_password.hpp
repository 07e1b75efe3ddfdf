// dealerd --hash-password: turns a password into the argon2id PHC string
// that the password game's `hash` option takes, so that no plain password
// needs to sit in a config file.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace dealer {

/// The argon2id PHC string of password with libsodium's interactive limits
/// (64 MiB, 2 passes, a random salt). Empty when hashing failed (no memory).
std::string hash_password(std::string_view password);

/// Reads a password — on a terminal without echo, asked twice; otherwise the
/// first line of stdin — and prints its hash on out. Problems go to err.
/// Returns the process exit code.
int run_hash_password(std::FILE* out, std::FILE* err);

}  // namespace dealer
