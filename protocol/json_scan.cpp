#include "protocol/json_scan.hpp"

namespace dealer::protocol {

namespace {

// One parser per thread: a parser holds buffers sized to the largest text
// it has read, reused for the next, and is not thread-safe. Network threads
// and worker threads each get theirs on first use.
struct ThreadParser {
    simdjson::dom::parser parser{kMaxScannedJson};
    // The depth limit is set by the first allocation, and ensure_capacity()
    // keeps it as the buffers grow. Should that allocation fail, the parser
    // would not hold the limit: it is then never used (every text takes the
    // exact path).
    bool ready = parser.allocate(4096, kJsonDepthCeiling) == simdjson::SUCCESS;
};

}  // namespace

std::optional<simdjson::dom::element> scan_json(std::string_view text) noexcept {
    thread_local ThreadParser local;
    if (!local.ready || text.size() > kMaxScannedJson) return std::nullopt;
    simdjson::dom::element root;
    // realloc_if_needed (the default): the text is copied into the
    // parser's padded buffer, since a line in a read buffer has no padding.
    if (local.parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) return std::nullopt;
    return root;
}

}  // namespace dealer::protocol
