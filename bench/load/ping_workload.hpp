// The ping workload: {"type":"ping","id":N} again and again; the reply must
// be a pong with the same id (and seq). Replies are compared byte for byte
// with the pong dealerd sends, so that checking costs the generator almost
// nothing; a reply that differs is parsed before it is called wrong (keys
// in another order are still a right answer).
#pragma once

#include "bench/load/workload.hpp"

namespace dealer::bench {

/// Pings with consecutive ids; pipelines (replies come back in order).
class PingWorkload final : public Workload {
public:
    void next_request(std::string& out, std::uint64_t seq) override;
    Outcome on_reply(std::string_view reply) override;

private:
    std::uint64_t next_id_ = 1;      ///< the id of the next ping
    std::uint64_t awaited_id_ = 1;   ///< the id the next reply must carry
    std::uint64_t last_seq_ = 0;     ///< the seq of the ping in flight (UDP: one at a time)
    std::string expected_;           ///< scratch: the pong expected
};

}  // namespace dealer::bench
