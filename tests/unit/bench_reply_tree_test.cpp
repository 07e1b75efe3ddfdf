// dealer-bench reads replies with simdjson where it can; the tree it gets
// must be the one nlohmann's parser gives, or a check could pass or fail
// because of the reader rather than the reply.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bench/load/reply_tree.hpp"
#include "damaged_json.hpp"
#include "protocol/message.hpp"

namespace {

// Replies of the kinds dealer-bench checks, and values at the edges.
const std::vector<std::string> kReplies = {
    R"({"type":"pong","id":17,"seq":4})",
    R"({"type":"start","game":"guess","min":0,"max":9,"max_guesses":0,"commit":"ab12","over":false,"text":"guess a number between 0 and 9","id":1})",
    R"({"type":"state","game":"guess","guess":4,"guesses":1,"text":"too low","over":false,"id":2})",
    R"({"type":"state","game":"rps","round":1,"score":{"you":1,"dealer":0,"ties":0},"reveal":{"throw":"rock","nonce":"00"},"over":false,"id":3})",
    R"({"type":"state","board":[4,4,4,4,4,4,0,4,4,4,4,4,4,0],"moves":[[1,2],[]],"id":4})",
    R"({"type":"error","code":"illegal_move","text":"caf\u00e9 \"quoted\" \\ é","id":"x"})",
    R"({"a":-1,"b":-0,"c":0,"d":1.5,"e":-2.5e10,"f":18446744073709551615,"g":9223372036854775807,"h":-9223372036854775808})",
    R"({"k":1,"k":2,"n":null,"t":true,"f":false})",
    R"([1,"two",{"three":3}])",
    R"("just a string")",
    R"(123456789012345678901234567890)",
};

// Same value kinds all the way down: dump() writes 5 for a signed and an
// unsigned 5 alike, and a check such as is_number_unsigned() would not.
bool same_kinds(const nlohmann::json& a, const nlohmann::json& b) {
    if (a.type() != b.type() || a.size() != b.size()) return false;
    if (a.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it)
            if (!b.contains(it.key()) || !same_kinds(it.value(), b.at(it.key()))) return false;
    } else if (a.is_array()) {
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!same_kinds(a[i], b[i])) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("reply_tree: the same tree as nlohmann's parser") {
    for (const auto& text : kReplies) {
        INFO("text: ", text);
        const auto tree = dealer::bench::reply_tree(text);
        const auto expected = dealer::protocol::parse_untrusted(text);
        REQUIRE_FALSE(expected.is_discarded());
        CHECK(tree == expected);
        CHECK(tree.dump() == expected.dump());
        CHECK(same_kinds(tree, expected));
    }
}

TEST_CASE("reply_tree: damaged replies give the same verdict and tree") {
    int valid = 0;
    for (const auto& text : dealer::test::damaged_json(kReplies, 20000)) {
        const auto tree = dealer::bench::reply_tree(text);
        const auto expected = dealer::protocol::parse_untrusted(text);
        INFO("text: ", text);
        REQUIRE(tree.is_discarded() == expected.is_discarded());
        if (expected.is_discarded()) continue;
        ++valid;
        CHECK(tree.dump() == expected.dump());
        CHECK(same_kinds(tree, expected));
    }
    CHECK(valid > 1000);  // the damage leaves enough valid texts to compare
}

TEST_CASE("reply_tree: too deep or not JSON is discarded, as by parse_untrusted") {
    constexpr std::size_t kTooDeep = dealer::protocol::kJsonDepthCeiling + 1;
    CHECK(dealer::bench::reply_tree(std::string(kTooDeep, '[') + std::string(kTooDeep, ']')).is_discarded());
    CHECK_FALSE(dealer::bench::reply_tree(std::string(kTooDeep - 1, '[') + std::string(kTooDeep - 1, ']')).is_discarded());
    CHECK(dealer::bench::reply_tree("{\"type\":").is_discarded());
    CHECK(dealer::bench::reply_tree("").is_discarded());
    CHECK(dealer::bench::reply_tree("{\"s\":\"\xff\"}").is_discarded());
}
