#include "client/transport.hpp"

#include "protocol/message.hpp"

namespace dealer::client {

// parse_untrusted refuses deep nesting and never throws: whatever the
// server sends becomes a message or a garbage event.
TransportEvent parse_server_text(std::string_view text) {
    nlohmann::json message = protocol::parse_untrusted(text);
    if (message.is_discarded() || !message.is_object()) {
        constexpr std::size_t kShown = 80;
        return {TransportEvent::Kind::garbage, {}, std::string(text.substr(0, kShown)) + (text.size() > kShown ? "..." : "")};
    }
    return {TransportEvent::Kind::message, std::move(message), {}};
}

std::string encode_request(const nlohmann::json& request) {
    return request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Only these two can answer the handshake; a server that sends something
// else first is waited on until the deadline, not trusted.
bool ends_handshake(const nlohmann::json& message) {
    const auto type = message.find("type");
    return type != message.end() && (*type == "welcome" || *type == "error");
}

}  // namespace dealer::client
