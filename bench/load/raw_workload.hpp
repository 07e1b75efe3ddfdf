// Raw line mode: the same fixed line again and again, one reply line per
// request, checked against --expect when given. It lets dealer-bench drive
// servers that do not speak dealerd's protocol: Redis' inline PING (+PONG),
// or the UDP echo server of bench/.
#pragma once

#include <optional>

#include "bench/load/workload.hpp"

namespace dealer::bench {

/// Sends line; a reply other than expect (when set) is an error.
class RawWorkload final : public Workload {
public:
    /// line: what to send; expect: what every reply must be, if anything.
    RawWorkload(std::string line, std::optional<std::string> expect)
        : line_(std::move(line)), expect_(std::move(expect)) {}

    void next_request(std::string& out, std::uint64_t seq) override;
    Outcome on_reply(std::string_view reply) override;

private:
    std::string line_;
    std::optional<std::string> expect_;
};

}  // namespace dealer::bench
