// Unit tests for the commit/reveal helpers of SPEC §5 (protocol/fairness.hpp).

#include <doctest/doctest.h>

#include <string>

#include "protocol/fairness.hpp"

namespace protocol = dealer::protocol;

TEST_CASE("sha256_hex: known vectors, lowercase hex") {
    CHECK(protocol::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(protocol::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(protocol::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const std::string with_nul("a\0b", 3);
    CHECK(protocol::sha256_hex(with_nul) != protocol::sha256_hex("a"));
}

TEST_CASE("commitment is sha256 of value:nonce") {
    const std::string nonce = "0123456789abcdef0123456789abcdef";
    CHECK(protocol::commitment("7", nonce) == protocol::sha256_hex("7:" + nonce));
    CHECK(protocol::commitment("a", "bc") == protocol::sha256_hex("a:bc"));
    CHECK(protocol::commitment("ab", "c") != protocol::commitment("a", "bc"));
}

TEST_CASE("verify_commitment") {
    const std::string nonce = "ffeeddccbbaa99887766554433221100";
    const std::string commit = protocol::commitment("paper", nonce);
    CHECK(protocol::verify_commitment(commit, "paper", nonce));
    CHECK_FALSE(protocol::verify_commitment(commit, "rock", nonce));
    CHECK_FALSE(protocol::verify_commitment(commit, "paper", "ffeeddccbbaa99887766554433221101"));
    CHECK_FALSE(protocol::verify_commitment(commit.substr(0, 63), "paper", nonce));
    CHECK_FALSE(protocol::verify_commitment(commit + "0", "paper", nonce));
    CHECK_FALSE(protocol::verify_commitment("", "paper", nonce));
    std::string upper = commit;
    for (char& c : upper) c = (c >= 'a' && c <= 'f') ? static_cast<char>(c - 'a' + 'A') : c;
    REQUIRE(upper != commit);
    CHECK_FALSE(protocol::verify_commitment(upper, "paper", nonce));
}
