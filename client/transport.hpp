// How the client reaches the server: TCP lines or UDP datagrams. The event
// loop polls the transport's socket and wakes it at its timers; the
// transport turns what arrives into parsed JSON messages, and tells when
// the connection ended or the server stopped answering.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dealer::client {

/// Something the transport has to report.
struct TransportEvent {
    /// What happened.
    enum class Kind {
        message,        ///< a JSON object from the server: `message`
        garbage,        ///< a line or datagram that is not a JSON object: `text` holds its start
        closed,         ///< the connection ended: `text` says why
        not_answering,  ///< no answer within the deadline
        session_lost,   ///< the server forgot the session (UDP): the request in flight is void
    };
    Kind kind = Kind::message;   ///< see Kind
    nlohmann::json message;      ///< the message, for Kind::message
    std::string text;            ///< see Kind
    /// For Kind::message: the transport took it for the answer it awaited
    /// (the welcome, or the reply to the request in flight) and stopped
    /// waiting, so the receiver must stop waiting too.
    bool answer = false;
};

/// One connection to a dealerd server. One request at a time: send()
/// only when !busy().
class Transport {
public:
    using Clock = std::chrono::steady_clock;  ///< the timers' clock

    virtual ~Transport() = default;

    /// Connects (TCP) or sends the first handshake datagram (UDP). Returns
    /// false and a sentence in `why` when the server cannot be reached.
    virtual bool open(std::string& why) = 0;

    /// The socket to poll for reading.
    [[nodiscard]] virtual int fd() const = 0;

    /// Sends one request (a JSON object); the transport adds what it needs
    /// (UDP: `seq`). The answer is awaited until the deadline.
    virtual void send(nlohmann::json request) = 0;

    /// True while the welcome or the answer to a request is awaited.
    [[nodiscard]] virtual bool busy() const = 0;

    /// Reads what the socket holds; appends events.
    virtual void on_readable(Clock::time_point now, std::vector<TransportEvent>& events) = 0;

    /// When on_timer() wants to run next, if at all.
    [[nodiscard]] virtual std::optional<Clock::time_point> next_timer() const = 0;

    /// Retransmits, keeps alive or gives up, as the time has come to.
    virtual void on_timer(Clock::time_point now, std::vector<TransportEvent>& events) = 0;

    /// Sends a last datagram or line without awaiting anything (bye on the
    /// way out after Ctrl-C); best effort, never blocks.
    virtual void send_and_forget(const nlohmann::json& request) = 0;

    /// "HOST:PORT", for sentences.
    [[nodiscard]] virtual std::string peer() const = 0;
};

/// Parses one line or datagram from the server into an event: a message
/// when it is a JSON object, else garbage with the start of the text.
TransportEvent parse_server_text(std::string_view text);

/// A request as sent on the wire, without a newline: compact JSON, invalid
/// UTF-8 in what the player typed replaced (never throws).
std::string encode_request(const nlohmann::json& request);

/// True when message is what ends the wait for the welcome: a `welcome`,
/// or an `error` (the server refusing the session). Anything else before
/// the welcome leaves the wait, and its deadline, running.
bool ends_handshake(const nlohmann::json& message);

/// The most reads (TCP) or datagrams (UDP) one on_readable() call takes,
/// so that a server that floods the socket cannot keep the event loop from
/// the terminal and the signals.
inline constexpr int kMaxReadsPerWakeup = 64;

}  // namespace dealer::client
