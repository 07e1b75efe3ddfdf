// Unit tests for the client's session logic (client/session_controller.hpp):
// what it sends for what the player types, and what it shows and does for
// what the server sends, without sockets.

#include <doctest/doctest.h>

#include <string>

#include "client/session_controller.hpp"
#include "protocol/fairness.hpp"

namespace client = dealer::client;
using client::Reaction;
using nlohmann::json;

namespace {

const client::Style kPlain(false);
const std::string kNonce = "0123456789abcdef0123456789abcdef";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const json kWelcome = json::parse(
    R"({"type":"welcome","server":"dealerd","version":"0.1.0","protocol":1,"games":["guess","rps"],"text":"welcome"})");
const json kGames = json::parse(
    R"({"type":"games","games":[{"name":"guess","plugin":"guess","title":"Guess the number","description":"Guess it.","players":1},{"name":"rps","plugin":"rps","title":"Rock, paper, scissors","description":"Best of N.","players":1,"options":{"rounds":3,"strategy":"adaptive"}}]})");

// A reply to request r: the message with r's id.
json reply_to(const Reaction& r, json message) {
    REQUIRE(r.request);
    message["id"] = (*r.request)["id"];
    return message;
}

// A controller past the welcome and the menu.
struct InLobby {
    client::SessionController session{kPlain, "127.0.0.1:11267"};
    InLobby() {
        CHECK(session.awaiting());
        const Reaction hello = session.on_message(kWelcome);
        CHECK(contains(hello.output, "connected to dealerd 0.1.0 at 127.0.0.1:11267"));
        REQUIRE(hello.request);
        CHECK((*hello.request)["type"] == "games");
        const Reaction menu = session.on_message(reply_to(hello, kGames));
        CHECK(contains(menu.output, "1  guess"));
        CHECK(contains(menu.output, "options: rounds=3 strategy=adaptive"));
        CHECK_FALSE(session.awaiting());
    }
};

}  // namespace

TEST_CASE("session: a game of guess from the lobby to the end") {
    InLobby lobby;
    auto& session = lobby.session;
    CHECK(session.prompt().text == client::SessionController::kLobbyPrompt);
    Reaction play = session.on_line("1");  // by number
    REQUIRE(play.request);
    CHECK((*play.request)["type"] == "play");
    CHECK((*play.request)["game"] == "guess");
    CHECK(session.awaiting());
    CHECK(session.on_line("5").output.empty());  // nothing is read while waiting

    const std::string commit = dealer::protocol::commitment("3", kNonce);
    Reaction started = session.on_message(reply_to(
        play, {{"type", "start"}, {"game", "guess"}, {"min", 0}, {"max", 9}, {"commit", commit}, {"over", false},
               {"text", "guess a number between 0 and 9"}}));
    CHECK(contains(started.output, "guess - Guess the number"));
    CHECK(contains(started.output, "(the dealer is committed: " + commit + ")"));
    CHECK(session.prompt().text == "guess [0-9]> ");

    CHECK(contains(session.on_line("x").output, "whole number"));
    Reaction move = session.on_line("3");
    REQUIRE(move.request);
    CHECK(*move.request == json{{"type", "move"}, {"guess", 3}, {"id", (*move.request)["id"]}});
    Reaction over = session.on_message(reply_to(
        move, {{"type", "state"}, {"game", "guess"}, {"guess", 3}, {"guesses", 1}, {"text", "found the secret"},
               {"over", true}, {"result", "win"}, {"reveal", {{"secret", 3}, {"nonce", kNonce}}}}));
    CHECK(contains(over.output, "secret verified"));
    CHECK(contains(over.output, "*** you win ***"));
    CHECK(session.prompt().text == client::SessionController::kLobbyPrompt);
    CHECK(session.final_status(client::exit_status::ok) == client::exit_status::ok);

    // again replays the last play request; bye leaves with status 0.
    Reaction again = session.on_line("again");
    REQUIRE(again.request);
    CHECK((*again.request)["game"] == "guess");
    session.on_message(reply_to(again, {{"type", "error"}, {"code", "internal"}, {"text", "oops"}}));
    Reaction bye = session.on_line("bye");
    REQUIRE(bye.request);
    CHECK((*bye.request)["type"] == "bye");
    CHECK(session.on_message(reply_to(bye, {{"type", "bye"}})).exit == client::exit_status::ok);
}

TEST_CASE("session: options are typed by the menu's defaults; bad words are refused") {
    InLobby lobby;
    Reaction play = lobby.session.on_line("play rps rounds=5 strategy=random");
    REQUIRE(play.request);
    CHECK((*play.request)["options"] == json{{"rounds", 5}, {"strategy", "random"}});
    lobby.session.on_message(reply_to(play, {{"type", "error"}, {"code", "bad_option"}, {"text", "no"}}));
    CHECK(contains(lobby.session.on_line("rps rounds").output, "key=value"));
    CHECK(contains(lobby.session.on_line("chess").output, "unknown command 'chess'"));
    CHECK(contains(lobby.session.on_line("7").output, "there is no game number 7; the games are numbered 1 to 2"));
    CHECK(contains(lobby.session.on_line("help").output, "play NAME"));
    CHECK(lobby.session.on_line("   ").output.empty());
    CHECK(lobby.session.on_line("   ").request == std::nullopt);
}

TEST_CASE("session: a cheating dealer is a warning and exit status 4") {
    InLobby lobby;
    auto& session = lobby.session;
    Reaction play = session.on_line("guess");
    session.on_message(reply_to(play, {{"type", "start"}, {"game", "guess"}, {"min", 0}, {"max", 9},
                                       {"commit", dealer::protocol::commitment("3", kNonce)}, {"over", false}}));
    Reaction move = session.on_line("4");
    Reaction over = session.on_message(
        reply_to(move, {{"type", "state"}, {"guess", 4}, {"text", "found the secret"}, {"over", true},
                        {"result", "win"}, {"reveal", {{"secret", 4}, {"nonce", kNonce}}}}));
    CHECK(contains(over.output, "!!! WARNING: the dealer's secret does NOT match its commitment !!!"));
    CHECK(session.final_status(client::exit_status::ok) == client::exit_status::unfair);
    // A dealer that cheats and then hangs up is still reported as cheating.
    CHECK(session.final_status(client::exit_status::connection_ended) == client::exit_status::unfair);
    CHECK(session.final_status(client::exit_status::interrupted) == client::exit_status::interrupted);
}

TEST_CASE("session: the transport's answer ends the wait whatever its id") {
    InLobby lobby;
    auto& session = lobby.session;
    Reaction ping = lobby.session.on_line("ping");
    REQUIRE(ping.request);
    // Not ours and not the transport's answer: a notice; the wait goes on.
    CHECK(contains(session.on_message({{"type", "pong"}, {"id", 999}}).output, "the server says"));
    CHECK(session.awaiting());
    // The transport stopped waiting for it (its seq matched): so do we.
    CHECK(contains(session.on_message({{"type", "pong"}, {"id", 999}}, true).output, "pong from"));
    CHECK_FALSE(session.awaiting());
    // An answer with nothing awaited is a notice.
    CHECK(session.on_message({{"type", "welcome"}}, true).output.empty());
}

TEST_CASE("session: the welcome shows the server's sentence; a handshake answered otherwise fails") {
    client::SessionController session(kPlain, "h:1");
    const Reaction hello = session.on_message(
        {{"type", "welcome"}, {"server", "dealerd"}, {"text", "welcome to dealerd\033[2J"}, {"protocol", 1}});
    CHECK(contains(hello.output, "connected to dealerd at h:1\nwelcome to dealerd?[2J\n"));
    client::SessionController odd(kPlain, "h:1");
    CHECK(contains(odd.on_message({{"type", "pong"}}).output, "ignored a message before the welcome"));
    CHECK(odd.awaiting());
    const Reaction failed = odd.on_message({{"type", "pong"}}, true);
    CHECK(failed.exit == client::exit_status::cannot_connect);
    CHECK(contains(failed.output, "did not welcome us"));
}

TEST_CASE("session: in a game, /commands, illegal moves and the game failing") {
    InLobby lobby;
    auto& session = lobby.session;
    Reaction play = session.on_line("rps");
    session.on_message(reply_to(play, {{"type", "start"}, {"game", "rps"}, {"rounds", 3}, {"to_win", 2}, {"over", false}}));
    CHECK(contains(session.on_line("/help").output, "/quit"));
    CHECK(contains(session.on_line("/dance").output, "no command /dance in a game"));
    Reaction move = session.on_line("paper");
    CHECK(contains(session.on_message(reply_to(move, {{"type", "error"}, {"code", "rate_limited"}, {"text", "slow down"},
                                                      {"retry_after", 7}}))
                       .output,
                   "slow down (try again in 7 s)"));
    CHECK(session.prompt().text == "rock, paper or scissors> ");
    move = session.on_line("rock");
    const Reaction failed = session.on_message(reply_to(move, {{"type", "error"}, {"code", "internal"}, {"text", "boom"}}));
    CHECK(contains(failed.output, "boom"));
    CHECK(contains(failed.output, "back in the lobby"));
    CHECK(session.prompt().text == client::SessionController::kLobbyPrompt);

    play = session.on_line("rps");
    session.on_message(reply_to(play, {{"type", "start"}, {"game", "rps"}, {"rounds", 3}, {"over", false}}));
    Reaction quit = session.on_line("/quit");
    REQUIRE(quit.request);
    CHECK((*quit.request)["type"] == "quit");
    CHECK(contains(session.on_message(reply_to(quit, {{"type", "left"}, {"game", "rps"}})).output, "you left rps"));
}

TEST_CASE("session: notices, garbage and the end of the connection") {
    InLobby lobby;
    auto& session = lobby.session;
    CHECK(contains(session.on_garbage("<html>").output, "not a JSON object: <html>"));
    CHECK_FALSE(session.on_message({{"type", "party"}}).exit);
    CHECK(contains(session.on_message({{"type", "party"}, {"text", "hi"}}).output, "(the server says: hi)"));
    const Reaction down = session.on_message({{"type", "shutdown"}, {"text", "the server is shutting down"}});
    CHECK(contains(down.output, "the server is shutting down"));
    CHECK(down.exit == client::exit_status::connection_ended);
    CHECK(session.on_closed("the server closed the connection").exit == client::exit_status::connection_ended);
    const Reaction silent = session.on_not_answering(std::chrono::seconds(3));
    CHECK(contains(silent.output, "the server at 127.0.0.1:11267 is not answering (nothing for 3 s)"));
    CHECK(silent.exit == client::exit_status::connection_ended);
}

TEST_CASE("session: a shutdown with a grace period lets a game go on; without a game or grace it ends the session") {
    InLobby lobby;
    auto& session = lobby.session;
    const json grace = {{"type", "shutdown"}, {"text", "the server is shutting down: finish your game within 10 s"},
                        {"grace", 10}};
    Reaction play = session.on_line("guess");
    session.on_message(reply_to(play, {{"type", "start"}, {"game", "guess"}, {"min", 0}, {"max", 9}, {"over", false}}));
    const Reaction shown = session.on_message(grace);
    CHECK(contains(shown.output, "finish your game within 10 s"));
    CHECK_FALSE(shown.exit);
    Reaction move = session.on_line("5");
    REQUIRE(move.request);  // the game goes on
    CHECK((*move.request)["type"] == "move");
    CHECK(session.on_closed("the server closed the connection").exit == client::exit_status::connection_ended);

    InLobby idle;  // in the lobby, even a notice with a grace ends the session
    CHECK(idle.session.on_message(grace).exit == client::exit_status::connection_ended);
}

TEST_CASE("session: a forgotten UDP session voids the move and the game") {
    InLobby lobby;
    auto& session = lobby.session;
    Reaction play = session.on_line("guess");
    session.on_message(reply_to(play, {{"type", "start"}, {"game", "guess"}, {"min", 0}, {"max", 9}, {"over", false}}));
    session.on_line("5");
    CHECK(session.awaiting());
    const Reaction lost = session.on_session_lost();
    CHECK(contains(lost.output, "no longer knew this session"));
    CHECK(contains(lost.output, "the game is lost"));
    CHECK_FALSE(lost.exit);
    CHECK_FALSE(session.awaiting());
    CHECK(session.prompt().text == client::SessionController::kLobbyPrompt);
    // The new session's welcome is no reply to anything: nothing to show.
    CHECK(session.on_message(kWelcome).output.empty());
    // In the lobby only the note.
    CHECK_FALSE(contains(session.on_session_lost().output, "game is lost"));
}

TEST_CASE("session: before the welcome") {
    client::SessionController session(kPlain, "h:1");
    const Reaction busy = session.on_message({{"type", "error"}, {"code", "server_busy"}, {"text", "full"}});
    CHECK(busy.exit == client::exit_status::cannot_connect);
    CHECK(contains(busy.output, "refused the session: full"));
    client::SessionController quiet(kPlain, "h:1");
    CHECK(quiet.on_not_answering(std::chrono::seconds(1)).exit == client::exit_status::cannot_connect);
    // End of input right after the menu says bye, and a close after bye is normal.
    InLobby lobby;
    Reaction bye = lobby.session.on_end_of_input();
    REQUIRE(bye.request);
    CHECK((*bye.request)["type"] == "bye");
    CHECK(lobby.session.on_closed("closed").exit == client::exit_status::ok);
}
