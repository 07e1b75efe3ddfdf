// The tree of a reply dealer-bench checks, read cheaply. The generator reads
// every reply of a game workload, and nlohmann's parser costs it about 140
// instructions a byte: for guess, some 21k of the 28k instructions the
// generator spent per request, as much as dealerd's own share of the
// request. On a machine where the generator and the server each fill a
// core, that cost, not the server, capped the game workloads' rates.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace dealer::bench {

/// The same tree as protocol::parse_untrusted(text) (discarded when the
/// text is not valid JSON or nests too deep), read by simdjson when it
/// accepts the text and by nlohmann otherwise. Never throws.
nlohmann::json reply_tree(std::string_view text);

}  // namespace dealer::bench
