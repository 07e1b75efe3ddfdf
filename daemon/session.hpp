// One player's conversation with the dealer, whatever the transport: the
// lobby, the running game, JSON and text forms (SPEC §4, §6) and seq
// de-duplication (SPEC §7). It turns one complete line into reply bytes;
// the TCP connection or UDP endpoint that owns it moves the bytes.
//
// Not thread-safe: its owner calls it from one strand at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/game_catalog.hpp"
#include "protocol/message.hpp"

namespace dealer {

/// Who is on the other end.
struct PeerInfo {
    std::string address;                                ///< IP address as text
    std::uint16_t port = 0;                             ///< source port
    dealer_transport transport = DEALER_TRANSPORT_TCP;  ///< how they arrived
    /// "tcp 127.0.0.1:5555" / "udp [::1]:5555", for log lines.
    [[nodiscard]] std::string to_string() const;
};

/// The protocol state of one player.
class Session {
public:
    /// What the owner does after a line.
    enum class After {
        keep_open,  ///< go on reading
        close,      ///< send what is queued, then close
    };

    /// catalogs: where `games` and `play` look; peer: who this is.
    Session(const CatalogRef& catalogs, PeerInfo peer);
    ~Session();
    Session(const Session&) = delete;             ///< owns plugin sessions
    Session& operator=(const Session&) = delete;  ///< owns plugin sessions

    /// Handles one complete line (no newline) and appends the reply, if any,
    /// to out: one or more '\n'-terminated lines. Blank lines are ignored.
    After handle_line(std::string_view line, std::string& out);

    /// Caps every reply (UDP: one datagram). A larger reply is replaced by
    /// error `internal`, still carrying the request's id and seq.
    void set_max_reply_bytes(std::size_t max) noexcept { max_reply_bytes_ = max; }

    /// The JSON welcome line sent on connect and in answer to hello.
    [[nodiscard]] std::string welcome(const protocol::Envelope& env = {}) const;

    /// A message that answers no request (shutdown, timeout), in the form
    /// (JSON or text) of the player's last request; JSON before any.
    [[nodiscard]] std::string notice(std::string_view type, std::string_view text) const;

    /// An error that answers no complete request (line_too_long), in the
    /// form of the player's last request; JSON before any.
    [[nodiscard]] std::string error_notice(protocol::ErrorCode code, std::string_view text) const;

    /// True while a game runs.
    [[nodiscard]] bool in_game() const noexcept { return game_ != nullptr; }

    /// The peer, for logs.
    [[nodiscard]] const PeerInfo& peer() const noexcept { return peer_; }

private:
    /// How the player talks: replies take the form of the request.
    enum class Form { json, text };

    /// The outcome of one lobby or game operation, before it takes a form.
    struct Outcome {
        std::optional<protocol::ErrorCode> error;  ///< set for an error reply
        std::string text;                          ///< error sentence, or text-form reply
        std::uint64_t retry_after = 0;             ///< for rate_limited
        protocol::Reply reply;                     ///< JSON-form reply (success)
        bool close = false;                        ///< close after replying
        bool from_game = false;                    ///< the reply carries the running game's state
    };

    After handle_json(std::string_view line, std::string& out);
    After handle_text(std::string_view line, std::string& out);
    std::string render(const Outcome& outcome, Form form, const protocol::Envelope& env) const;
    /// render(), replaced by error `internal` when it exceeds max_reply_bytes_.
    std::string render_capped(const Outcome& outcome, Form form, const protocol::Envelope& env);
    protocol::Reply welcome_reply() const;

    Outcome play(std::string_view name, const nlohmann::json& options, Form form);
    Outcome play_text(const std::vector<std::string_view>& words);
    Outcome move(const nlohmann::json& request, Form form);
    Outcome move_text(std::string_view line);
    Outcome quit();
    Outcome games(Form form) const;
    Outcome help() const;

    /// Maps a plugin's failure status and output to an outcome; ends the
    /// game on DEALER_INTERNAL.
    Outcome plugin_failure(const PluginCall& call, std::string_view what);
    /// Text form of a start or state object: the plugin's rendering, else its "text".
    std::optional<std::string> render_game_text(dealer_reply_kind kind, const protocol::Reply& fields) const;
    /// Ends the running game after a plugin failure in call `what` (logged
    /// with why): error internal, back in the lobby.
    Outcome game_failed(std::string_view what, std::string_view why);
    /// Ends the running game (closes the plugin session).
    void end_game(std::string_view how);
    /// The per-connection plugin memory slot for game.
    void** player_slot(const std::shared_ptr<const Game>& game);

    const CatalogRef& catalogs_;
    PeerInfo peer_;
    Form last_form_ = Form::json;
    std::size_t max_reply_bytes_ = SIZE_MAX;

    // The running game, if any.
    std::shared_ptr<const Game> game_;
    dealer_session* game_session_ = nullptr;

    // Plugin memory per game for this connection (dealer_session_info.player_data);
    // a list so that a slot's address stays valid for the connection's life.
    std::list<std::pair<std::shared_ptr<const Game>, void*>> player_data_;

    // seq de-duplication: the last processed seq and its reply.
    std::optional<std::uint64_t> last_seq_;
    std::string last_reply_;
    After last_after_ = After::keep_open;
};

}  // namespace dealer
