// Commit/reveal helpers of SPEC §5 "Provable fairness": a commitment is the
// lowercase hex SHA-256 of "<value>:<nonce>". Shared by the daemon (host
// services), the client (which checks reveals) and the tests.
#pragma once

#include <string>
#include <string_view>

namespace dealer::protocol {

/// Lowercase hex SHA-256 of data.
std::string sha256_hex(std::string_view data);

/// The commitment to value under nonce: sha256_hex(value + ":" + nonce).
std::string commitment(std::string_view value, std::string_view nonce);

/// True when commit is the commitment to value under nonce.
bool verify_commitment(std::string_view commit, std::string_view value, std::string_view nonce);

}  // namespace dealer::protocol
