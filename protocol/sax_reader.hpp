// What every SAX reader of dealerd's shares (the request's in message.cpp,
// the game reply's in daemon/game_reply.cpp): the nesting depth, the ends
// of containers, and a stop at the first error.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace dealer::protocol {

/// A base for handlers given to nlohmann::json::sax_parse(). The derived
/// reader increments depth_ in its start_object()/start_array().
class SaxReader {
public:
    /// A container ends: one level up.
    bool end_object() {
        --depth_;
        return true;
    }
    /// A container ends: one level up.
    bool end_array() {
        --depth_;
        return true;
    }
    /// Not produced by JSON text; accepted for the interface's sake.
    bool binary(nlohmann::json::binary_t&) { return true; }
    /// The text is not valid JSON: stop, sax_parse() returns false.
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

protected:
    std::size_t depth_ = 0;  ///< containers open around the next value
};

}  // namespace dealer::protocol
