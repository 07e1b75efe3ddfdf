// libFuzzer target: decoding a request line (protocol/message.hpp). The
// fast path (simdjson) and the exact one (nlohmann's SAX parser) must never
// disagree on a line the fast one accepts; an accepted request's tree must
// parse; an error's text must not be empty; a line with a raw NUL is never
// accepted.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "protocol/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t max_depth = 2 + data[0] % 40;
    const std::string_view line(reinterpret_cast<const char*>(data) + 1, size - 1);
    (void)dealer::protocol::classify(line);

    dealer::protocol::Request fast;
    const bool fast_ok = dealer::protocol::decode_request_fast(line, fast, max_depth);
    dealer::protocol::Request exact;
    dealer::protocol::DecodeError err;
    const bool exact_ok = dealer::protocol::decode_request_exact(line, exact, err, max_depth);
    if (fast_ok) {
        if (!exact_ok || fast.type != exact.type || fast.envelope.seq != exact.envelope.seq ||
            fast.envelope.id.has_value() != exact.envelope.id.has_value() || fast.flat != exact.flat) {
            std::abort();
        }
        if (fast.object().is_discarded()) std::abort();
    }
    if (!exact_ok && err.text.empty()) std::abort();
    // A raw NUL is never JSON (found by tests/e2e/test_adversarial.py: the
    // parser used to stop at it and accept what came before).
    if (exact_ok && line.find('\0') != std::string_view::npos) std::abort();
    if (exact_ok) {
        // Echoing the envelope must always make one line of valid JSON.
        const std::string reply = dealer::protocol::finish(dealer::protocol::make_reply("pong"), exact.envelope);
        if (reply.empty() || reply.back() != '\n' || reply.find('\n') != reply.size() - 1) std::abort();
        if (dealer::protocol::parse_untrusted(reply).is_discarded()) std::abort();
    }
    return 0;
}
