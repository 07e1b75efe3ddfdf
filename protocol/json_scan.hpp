// A fast first reading of untrusted JSON text with simdjson, for the two
// texts dealerd reads per request: the player's line and the game's reply.
//
// simdjson validates a document (its structure, numbers, strings and UTF-8)
// about five times faster than nlohmann's SAX parser on these small texts
// (docs/benchmarks.md). It is only ever a fast path: whenever it refuses a
// text, or a reader finds something it does not decide itself, the caller
// goes down its exact path with nlohmann, which gives the verdict and the
// error message. simdjson refuses some texts nlohmann accepts (integers
// beyond 64 bits) and never accepts one nlohmann refuses; the unit tests
// hold the two paths to one verdict.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <simdjson.h>

#include "protocol/message.hpp"

namespace dealer::protocol {

/// The largest text scan_json() reads; a larger one takes the exact path, so
/// that no thread keeps simdjson's buffers for a rare huge document. A
/// thread's parser grows with the largest text it has read, to about 15
/// bytes a byte of text (tape, strings, structural indexes, the copy):
/// some 60 KiB for a 4 KiB line (the default max_line_bytes), about 1 MiB
/// at this limit.
inline constexpr std::size_t kMaxScannedJson = 64 * 1024;

/// Parses text with this thread's simdjson parser, refusing nesting deeper
/// than kJsonDepthCeiling and texts over kMaxScannedJson bytes. Returns nullopt
/// when simdjson does not accept the text. OWNERSHIP: the element lives in
/// the thread's parser, valid until the next call on the same thread.
std::optional<simdjson::dom::element> scan_json(std::string_view text) noexcept;

}  // namespace dealer::protocol
