#include "bench/load/reply_tree.hpp"

#include <cstdint>
#include <string>

#include "protocol/json_scan.hpp"
#include "protocol/message.hpp"

namespace dealer::bench {

namespace {

// simdjson's element as an nlohmann value, member for member. Integers go
// where nlohmann's parser puts them (a non-negative one is unsigned; for
// "-0" see reply_tree()), a key
// given twice keeps its last value, as in nlohmann. Depth is bounded:
// scan_json() refuses anything nested deeper than kJsonDepthCeiling.
nlohmann::json to_tree(simdjson::dom::element e) {
    using simdjson::dom::element_type;
    switch (e.type()) {
        case element_type::OBJECT: {
            const simdjson::dom::object members = e.get_object().value_unsafe();
            nlohmann::json object = nlohmann::json::object();
            for (const auto [key, value] : members) object[std::string(key)] = to_tree(value);
            return object;
        }
        case element_type::ARRAY: {
            const simdjson::dom::array items = e.get_array().value_unsafe();
            nlohmann::json array = nlohmann::json::array();
            for (const auto value : items) array.push_back(to_tree(value));
            return array;
        }
        case element_type::INT64: {
            const std::int64_t v = e.get_int64().value_unsafe();
            if (v >= 0) return static_cast<std::uint64_t>(v);
            return v;
        }
        case element_type::UINT64: return e.get_uint64().value_unsafe();
        case element_type::DOUBLE: return e.get_double().value_unsafe();
        case element_type::STRING: return std::string(e.get_string().value_unsafe());
        case element_type::BOOL: return e.get_bool().value_unsafe();
        case element_type::NULL_VALUE: return nullptr;
    }
    return nlohmann::json(nlohmann::json::value_t::discarded);  // no other type exists
}

}  // namespace

// simdjson reads "-0" as the integer 0, where nlohmann keeps a signed zero
// apart from an unsigned one; a text that may hold one ("-0" anywhere, a
// string's text included: rare in replies) is left to nlohmann.
nlohmann::json reply_tree(std::string_view text) {
    if (text.find("-0") == std::string_view::npos) {
        if (const auto root = protocol::scan_json(text)) return to_tree(*root);
    }
    return protocol::parse_untrusted(text);
}

}  // namespace dealer::bench
