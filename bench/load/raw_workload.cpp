#include "bench/load/raw_workload.hpp"

namespace dealer::bench {

// The line goes out as given: raw mode carries no seq, whatever the transport.
void RawWorkload::next_request(std::string& out, std::uint64_t /*seq*/) { out += line_; }

Outcome RawWorkload::on_reply(std::string_view reply) {
    if (expect_ && reply != *expect_) return {"unexpected_reply"};
    return {};
}

}  // namespace dealer::bench
