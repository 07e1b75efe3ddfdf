// One player's conversation with the dealer, whatever the transport: the
// lobby, the running game, JSON and text forms (SPEC §4, §6) and seq
// de-duplication (SPEC §7). It turns one complete line into reply bytes;
// the TCP connection or UDP endpoint that owns it moves the bytes.
//
// Not thread-safe: its owner calls it from one strand at a time.
#pragma once

#include <chrono>
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
#include "daemon/log_context.hpp"
#include "daemon/player_counts.hpp"
#include "daemon/rate_limit.hpp"
#include "daemon/session_limits.hpp"
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

/// A duration as players read it in notices: "10 s", "250 ms".
std::string spoken_duration(std::chrono::milliseconds d);

/// The protocol state of one player.
class Session {
public:
    /// What the owner does after a line.
    enum class After {
        keep_open,  ///< go on reading
        close,      ///< send what is queued, then close
        pending,    ///< a slow plugin call waits: run_pending() off the strand, then finish_pending()
    };

    /// catalogs: where `games` and `play` look; peer: who this is; counts,
    /// if any: told when this session opens and closes and when its games
    /// start and end; limits, if any: the server's, read at each request
    /// (without them, the built-in defaults apply).
    Session(const CatalogRef& catalogs, PeerInfo peer, PlayerCounts* counts = nullptr,
            const SessionLimits* limits = nullptr);
    ~Session();
    Session(const Session&) = delete;             ///< owns plugin sessions
    Session& operator=(const Session&) = delete;  ///< owns plugin sessions

    /// Handles one complete line (no newline) and appends the reply, if any,
    /// to out: one or more '\n'-terminated lines. Blank lines are ignored.
    /// Returns After::pending when the line needs a call into a slow plugin
    /// (DEALER_PLUGIN_SLOW): nothing is appended yet, and the owner must not
    /// pass another line until finish_pending().
    After handle_line(std::string_view line, std::string& out);

    /// True between a handle_line() that returned After::pending and its
    /// finish_pending().
    [[nodiscard]] bool pending() const noexcept { return call_ != nullptr; }

    /// Makes the pending plugin call. Called once per pending line, on any
    /// thread (a worker), while the owner calls nothing but notice(),
    /// error_notice() and peer() on this session.
    void run_pending() noexcept;

    /// Back on the owner's strand after run_pending() (or instead of it, when
    /// the call could not be queued or the server stops: the reply is then
    /// server_busy): appends the reply to out and says what to do next.
    After finish_pending(std::string& out);

    /// Caps every reply (UDP: one datagram). A larger reply is replaced by
    /// error `internal`, still carrying the request's id and seq.
    void set_max_reply_bytes(std::size_t max) noexcept { max_reply_bytes_ = max; }

    /// The JSON welcome line sent on connect and in answer to hello.
    [[nodiscard]] std::string welcome(const protocol::Envelope& env = {}) const;

    /// A message that answers no request (shutdown, timeout), in the form
    /// (JSON or text) of the player's last request; JSON before any. JSON
    /// notices carry `fields` besides type and text.
    [[nodiscard]] std::string notice(std::string_view type, std::string_view text,
                                     const protocol::Reply& fields = protocol::Reply::object()) const;

    /// The `shutdown` notice of a stopping server. A player who is playing()
    /// while grace > 0 may finish: the notice says how long is left (JSON:
    /// "grace", in whole seconds, rounded up). Anyone else is told that the
    /// server is shutting down, and the owner closes.
    [[nodiscard]] std::string shutdown_notice(std::chrono::milliseconds grace) const;

    /// An error that answers no complete request (line_too_long), in the
    /// form of the player's last request; JSON before any.
    [[nodiscard]] std::string error_notice(protocol::ErrorCode code, std::string_view text) const;

    /// The rate_limited error for a player sending messages faster than
    /// [limits] max_messages_per_second allows, with retry_after from
    /// `wait`; the owner closes the session after it.
    [[nodiscard]] std::string flood_notice(std::chrono::steady_clock::duration wait) const;

    /// True while a game runs.
    [[nodiscard]] bool in_game() const noexcept { return game_ != nullptr; }

    /// True while a game runs or a slow `play` is starting one: what a
    /// stopping server lets finish within its grace period.
    [[nodiscard]] bool playing() const noexcept { return in_game() || pending(); }

    /// The peer, for logs.
    [[nodiscard]] const PeerInfo& peer() const noexcept { return peer_; }

    /// Its journal fields (session number, peer, game), for a LogScope
    /// around work its owner does for it. Its own methods open one.
    [[nodiscard]] const LogFields& log_fields() const noexcept { return log_fields_; }

private:
    /// How the player talks: replies take the form of the request.
    enum class Form { json, text };

    /// The outcome of one lobby or game operation, before it takes a form.
    struct Outcome {
        std::optional<protocol::ErrorCode> error;  ///< set for an error reply
        std::string text;                          ///< error sentence, or text-form reply
        std::uint64_t retry_after = 0;             ///< for rate_limited
        protocol::Reply reply;                     ///< JSON-form reply (success)
        std::string reply_head;                    ///< instead of reply when set: the JSON reply serialised, open for the envelope
        bool close = false;                        ///< close after replying
        bool from_game = false;                    ///< the reply carries the running game's state
    };

    /// Which plugin function a request needs.
    enum class CallKind {
        open,       ///< session_open (play)
        move,       ///< session_move (a JSON move)
        text_move,  ///< text_to_move, then session_move (a typed move)
    };
    /// A call into the running (or starting) game's plugin, in three steps:
    /// prepared on the strand, run anywhere (run_call), finished on the
    /// strand (finish_call), which alone changes the session's state.
    struct GameCall;

    After handle_json(std::string_view line, std::string& out);
    After handle_text(std::string_view line, std::string& out);
    /// Runs a call prepared by play/move inline (fast plugin) or returns
    /// After::pending (slow plugin); otherwise delivers outcome.
    After respond(Outcome outcome, Form form, const protocol::Envelope& env, std::string& out);
    /// Renders outcome, remembers it for seq de-duplication, appends it to out.
    After deliver(Outcome outcome, Form form, const protocol::Envelope& env, std::string& out);
    /// The reply's bytes; a JSON reply is moved out of outcome.reply, not copied.
    std::string render(Outcome& outcome, Form form, const protocol::Envelope& env) const;
    /// render(), replaced by error `internal` when it exceeds max_reply_bytes_.
    std::string render_capped(Outcome& outcome, Form form, const protocol::Envelope& env);
    protocol::Reply welcome_reply() const;

    /// Checks a play request and prepares the session_open call (call_).
    Outcome play(std::string_view name, const nlohmann::json& options);
    Outcome play_text(const std::vector<std::string_view>& words);
    /// Prepares the session_move call for a JSON move (call_).
    Outcome move(const protocol::Request& request);
    /// Prepares text_to_move + session_move for a typed move (call_).
    Outcome move_text(std::string_view line);
    /// Sets call_ to a move of the running game with the given input.
    void prepare_move(CallKind kind, std::string input);
    Outcome quit();
    Outcome games(Form form) const;
    Outcome help() const;

    /// Maps a plugin's failure status and output to an outcome; ends the
    /// game on DEALER_INTERNAL.
    Outcome plugin_failure(const PluginCall& call, std::string_view what);
    /// The plugin calls of a prepared GameCall; touches nothing but *call.
    static void run_call(GameCall& call) noexcept;
    /// Turns a GameCall that ran into the outcome, starting or ending the game.
    Outcome finish_call(GameCall& call);
    /// Ends the running game after a plugin failure in call `what` (logged
    /// with why): error internal, back in the lobby.
    Outcome game_failed(std::string_view what, std::string_view why);
    /// Ends the running game (closes the plugin session).
    void end_game(std::string_view how);
    /// The per-connection plugin memory slot for game.
    void** player_slot(const std::shared_ptr<const Game>& game);
    /// After a reload: frees the plugin memory of games no longer offered
    /// as they were (removed, or replaced by a new build or new options),
    /// unless one is running, so that the old plugin can be unloaded.
    void forget_retired_games();

    const CatalogRef& catalogs_;
    PeerInfo peer_;
    PlayerCounts* counts_;
    const SessionLimits* limits_;
    LogFields log_fields_;
    Form last_form_ = Form::json;
    std::size_t max_reply_bytes_ = SIZE_MAX;

    // The running game, if any.
    std::shared_ptr<const Game> game_;
    dealer_session* game_session_ = nullptr;

    // The plugin call being prepared or waiting for its finish, if any.
    std::unique_ptr<GameCall> call_;

    // Plugin memory per game for this connection (dealer_session_info.player_data);
    // a list so that a slot's address stays valid for the connection's life.
    std::list<std::pair<std::shared_ptr<const Game>, void*>> player_data_;
    // catalogs_.generation() when player_data_ was last checked against it.
    std::uint64_t catalog_generation_ = 0;

    // seq de-duplication: the last processed seq and its reply.
    std::optional<std::uint64_t> last_seq_;
    std::string last_reply_;
    After last_after_ = After::keep_open;
};

}  // namespace dealer
