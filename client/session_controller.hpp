// What the client does, without any I/O: it is told what the player typed
// and what the server sent, and answers with the text to show, the request
// to send and, at the end, the exit status. The event loop (client_app)
// does the reading, writing and waiting; tests drive this class directly.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "client/commitment_tracker.hpp"
#include "client/game_menu.hpp"
#include "client/game_view.hpp"
#include "client/line_input.hpp"
#include "client/style.hpp"

namespace dealer::client {

/// The exit statuses of `dealer` (docs/client.md).
namespace exit_status {
inline constexpr int ok = 0;                ///< left normally: bye, Ctrl-D, end of input
inline constexpr int cannot_connect = 1;    ///< no connection, no handshake, or refused at once
inline constexpr int usage = 2;             ///< a bad command line
inline constexpr int connection_ended = 3;  ///< the server closed, shut down or stopped answering
inline constexpr int unfair = 4;            ///< a commitment failed its check (left normally or the connection ended)
inline constexpr int interrupted = 130;     ///< Ctrl-C while waiting, or twice at a prompt (128 + SIGINT)
}  // namespace exit_status

/// What to do after an event.
struct Reaction {
    std::string output;                     ///< text to show (lines, each ending in '\n')
    std::optional<nlohmann::json> request;  ///< a request to send (with its id)
    std::optional<int> exit;                ///< leave with this status, after showing output
};

/// The client's state: the lobby or a game, the request awaiting its answer.
class SessionController {
public:
    /// peer: "HOST:PORT" for sentences.
    SessionController(const Style& style, std::string peer);

    /// A JSON object from the server: a reply to our request or a notice.
    /// answer: the transport took it for the answer it awaited (it stopped
    /// waiting), so it is the reply whatever its id; otherwise a message is
    /// the reply when it carries the id of the request in flight.
    Reaction on_message(const nlohmann::json& message, bool answer = false);

    /// A line from the server that is not a JSON object.
    Reaction on_garbage(std::string_view start);

    /// A line the player entered (only while !awaiting()).
    Reaction on_line(std::string_view line);

    /// Ctrl-D at an empty prompt, or the end of piped input: say bye.
    Reaction on_end_of_input();

    /// The connection ended.
    Reaction on_closed(std::string_view why);

    /// The server forgot the UDP session (the transport is making a new
    /// one): the request in flight, and any game, are void.
    Reaction on_session_lost();

    /// The server has not answered for `timeout`.
    Reaction on_not_answering(std::chrono::milliseconds timeout);

    /// True while the welcome or the answer to our request is awaited:
    /// the player is not asked for a line meanwhile.
    [[nodiscard]] bool awaiting() const noexcept;

    /// The prompt for the player's next line.
    [[nodiscard]] Prompt prompt() const;

    /// status, or exit_status::unfair instead of ok or connection_ended when
    /// a commitment of this session failed its check: a script notices a
    /// cheating dealer even when the dealer closes the connection after it.
    [[nodiscard]] int final_status(int status) const noexcept;

    /// The lobby's prompt.
    static constexpr std::string_view kLobbyPrompt = "dealer [game or help]> ";

private:
    /// What our request in flight was.
    enum class Pending { none, games, play, move, quit, ping, bye };
    /// Where the session stands.
    enum class Phase { connecting, lobby, game };

    Reaction on_welcome(const nlohmann::json& welcome, bool answer);
    Reaction on_reply(Pending pending, const nlohmann::json& reply);
    Reaction on_error_reply(Pending pending, const nlohmann::json& reply);
    Reaction on_notice(const nlohmann::json& notice);
    Reaction lobby_line(std::string_view line);
    Reaction game_line(std::string_view line);
    Reaction play(std::string_view game, const std::vector<std::string_view>& option_words);
    Reaction start_game(const nlohmann::json& start);
    Reaction game_state(const nlohmann::json& state);
    /// The commitment checks and the new commitment of a start or state.
    std::string fairness_lines(const nlohmann::json& message);
    /// The game ended: the result, and back to the lobby.
    std::string game_over(const nlohmann::json& message);
    /// Leaves the game for the lobby without a result.
    void back_to_lobby() noexcept;
    /// Makes `request` ours: gives it the next id and remembers what it was.
    Reaction send(nlohmann::json request, Pending pending, std::string output = {});
    [[nodiscard]] std::string lobby_help() const;
    [[nodiscard]] std::string game_help() const;

    const Style& style_;
    std::string peer_;
    Phase phase_ = Phase::connecting;
    Pending pending_ = Pending::none;
    long long next_id_ = 1;
    long long pending_id_ = 0;
    bool leaving_ = false;                  ///< bye was sent
    GameMenu menu_;
    std::string game_name_;                 ///< the game being played (or asked for)
    std::optional<nlohmann::json> last_play_;  ///< the last play request, for `again`
    std::unique_ptr<GameView> view_;
    CommitmentTracker tracker_;
};

}  // namespace dealer::client
