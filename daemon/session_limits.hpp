// The per-session limits of [limits], shared by every connection and
// endpoint and changed by a reload.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "daemon/rate_limit.hpp"
#include "protocol/message.hpp"

namespace dealer {

/// The per-session limits of [limits] (the totals live in Admission).
/// Atomic: a reload changes them on the control strand while the network
/// threads read them. A TCP connection takes max_line_bytes, the timeouts
/// and max_output_bytes when it opens; the others are read where they apply
/// (max_json_depth by the session, at each request).
struct SessionLimits {
    using Duration = std::atomic<std::chrono::milliseconds>;  ///< a duration read while a reload may set it
    std::atomic<std::size_t> max_line_bytes{4096};                   ///< TCP line / UDP datagram
    std::atomic<std::size_t> max_json_depth{protocol::kDefaultMaxJsonDepth};  ///< a request's deepest nesting
    Duration idle_timeout{std::chrono::minutes(5)};                  ///< TCP: no message -> closed
    Duration line_timeout{std::chrono::seconds(30)};                 ///< TCP: a begun line must end within this
    std::atomic<std::size_t> max_output_bytes{64 * 1024};            ///< TCP: replies queued before reading pauses
    Duration send_timeout{std::chrono::seconds(30)};                 ///< TCP: replies over the cap this long -> closed
    std::atomic<std::uint32_t> max_messages_per_second{1000};        ///< a session's messages, on average; 0 = no limit
    std::atomic<std::uint32_t> message_burst{2000};                  ///< a session's messages at once
    std::atomic<std::uint32_t> udp_hello_replies_per_second{10000};  ///< UDP: cookies a second, per endpoint
    std::atomic<std::uint32_t> udp_hello_replies_per_second_per_ip{100};  ///< UDP: cookies a second, per source

    /// The message rate as a RateSpec, for a session that opens now.
    [[nodiscard]] RateSpec message_rate() const noexcept { return {max_messages_per_second, message_burst}; }
    Duration udp_session_timeout{std::chrono::seconds(60)};          ///< UDP: no message -> forgotten
    Duration shutdown_grace{std::chrono::seconds(10)};               ///< after a stop: time to finish a game
};

}  // namespace dealer
