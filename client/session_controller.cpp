#include "client/session_controller.hpp"

#include "client/command_line.hpp"
#include "protocol/error_code.hpp"
#include "protocol/text_words.hpp"

namespace dealer::client {

using nlohmann::json;

namespace {

// The error codes after which the server closes the session (SPEC §4).
bool ends_session(std::string_view code) {
    const auto known = protocol::error_code_from_string(code);
    return known && protocol::closes_session(*known);
}

}  // namespace

SessionController::SessionController(const Style& style, std::string peer) : style_(style), peer_(std::move(peer)) {}

bool SessionController::awaiting() const noexcept { return phase_ == Phase::connecting || pending_ != Pending::none; }

Prompt SessionController::prompt() const {
    if (phase_ == Phase::game && view_) return {view_->prompt(), view_->secret_input()};
    return {std::string(kLobbyPrompt), false};
}

int SessionController::final_status(int status) const noexcept {
    const bool replaceable = status == exit_status::ok || status == exit_status::connection_ended;
    return replaceable && tracker_.ever_alarmed() ? exit_status::unfair : status;
}

// Every request gets a fresh id: the reply echoes it, notices carry none.
Reaction SessionController::send(json request, Pending pending, std::string output) {
    pending_id_ = next_id_++;
    request["id"] = pending_id_;
    pending_ = pending;
    if (pending == Pending::bye) leaving_ = true;
    return {std::move(output), std::move(request), std::nullopt};
}

// --- from the server ----------------------------------------------------------

// Replies are told from notices by our id (or the transport's word, which
// keeps the two from ever waiting on different things); the first message
// is the welcome.
Reaction SessionController::on_message(const json& message, bool answer) {
    if (phase_ == Phase::connecting) return on_welcome(message, answer);
    const auto id = message.find("id");
    const bool ours = id != message.end() && id->is_number_integer() && id->get<long long>() == pending_id_;
    if (pending_ != Pending::none && (answer || ours)) {
        const Pending pending = pending_;
        pending_ = Pending::none;
        return on_reply(pending, message);
    }
    return on_notice(message);
}

// The welcome makes the session; the menu is asked for at once. An error
// instead of the welcome (server_busy) ends the run. The welcome's own
// sentence is shown under the client's line.
Reaction SessionController::on_welcome(const json& welcome, bool answer) {
    const auto type = string_field(welcome, "type").value_or("");
    if (type == "error") {
        return {"dealer: the server at " + peer_ + " refused the session: " +
                    printable(string_field(welcome, "text").value_or("no reason given")) + "\n",
                std::nullopt, exit_status::cannot_connect};
    }
    if (type != "welcome") {
        if (!answer) return {style_.paint(Role::note, "(ignored a message before the welcome)") + "\n", {}, {}};
        return {"dealer: the server at " + peer_ + " did not welcome us\n", std::nullopt, exit_status::cannot_connect};
    }
    phase_ = Phase::lobby;
    menu_.from_welcome(welcome);
    const std::string version = printable(string_field(welcome, "version").value_or(""));
    std::string out = "connected to " + printable(string_field(welcome, "server").value_or("a server")) +
                      (version.empty() ? "" : " " + version) + " at " + peer_ + "\n" +
                      text_line(welcome, style_, Role::note);
    if (const auto protocol = int_field(welcome, "protocol"); protocol != 1) {
        out += style_.paint(Role::bad, "this client speaks protocol 1; the server speaks " +
                                           (protocol ? std::to_string(*protocol) : std::string("an unknown one"))) +
               "\n";
    }
    return send({{"type", "games"}}, Pending::games, std::move(out));
}

// Unasked messages: shutdown and timeout end the session; unknown ones are
// shown, never fatal. A shutdown that grants a grace period to a player in a
// game is only shown: the game goes on, and the server closes the
// connection after the reply that ends it (or when the grace runs out),
// which ends the session as any close does.
Reaction SessionController::on_notice(const json& notice) {
    const auto type = string_field(notice, "type").value_or("");
    const std::string text = printable(string_field(notice, "text").value_or(""));
    if (type == "shutdown" && phase_ == Phase::game && int_field(notice, "grace").value_or(0) > 0) {
        return {style_.paint(Role::bad, text.empty() ? "the server is shutting down: finish your game" : text) + "\n",
                {}, {}};
    }
    if (type == "shutdown" || type == "timeout") {
        return {style_.paint(Role::bad, text.empty() ? "the server is closing the connection" : text) + "\n", {},
                exit_status::connection_ended};
    }
    if (type == "error") {
        const auto code = string_field(notice, "code").value_or("");
        std::string out = style_.paint(Role::bad, "error from the server: " + text) + "\n";
        if (ends_session(code)) return {std::move(out), {}, exit_status::connection_ended};
        return {std::move(out), {}, {}};
    }
    if (type == "welcome") return {};
    return {style_.paint(Role::note, "(the server says: " + (text.empty() ? plain_value(notice) : text) + ")") + "\n",
            {}, {}};
}

Reaction SessionController::on_garbage(std::string_view start) {
    return {style_.paint(Role::bad, "the server sent something that is not a JSON object: " + printable(start)) + "\n",
            {}, {}};
}

// A reply of the wrong type for the request is reported, not trusted.
Reaction SessionController::on_reply(Pending pending, const json& reply) {
    const auto type = string_field(reply, "type").value_or("");
    if (type == "error") return on_error_reply(pending, reply);
    switch (pending) {
        case Pending::games:
            if (!menu_.from_games(reply)) break;
            return {menu_.render(style_), {}, {}};
        case Pending::play:
            if (type != "start") break;
            return start_game(reply);
        case Pending::move:
            if (type != "state" || !view_) break;
            return game_state(reply);
        case Pending::quit:
            back_to_lobby();
            return {"you left " + printable(game_name_) + "; back in the lobby\n", {}, {}};
        case Pending::ping: return {"pong from " + peer_ + "\n", {}, {}};
        case Pending::bye: return {{}, {}, final_status(exit_status::ok)};
        case Pending::none: break;
    }
    return {style_.paint(Role::bad, "the server answered with an unexpected " +
                                        (type.empty() ? std::string("message") : "'" + printable(type) + "'")) +
                "\n",
            {}, {}};
}

// The game goes on after illegal_move and rate_limited; internal ended it
// on the server, and not_in_game means it already had.
Reaction SessionController::on_error_reply(Pending pending, const json& reply) {
    const auto code = string_field(reply, "code").value_or("");
    std::string text = printable(string_field(reply, "text").value_or(code));
    if (ends_session(code)) {
        return {style_.paint(Role::bad, "error from the server: " + text) + "\n", {}, exit_status::connection_ended};
    }
    if (pending == Pending::bye) return {{}, {}, final_status(exit_status::ok)};
    if (code == "rate_limited") {
        if (const auto wait = int_field(reply, "retry_after")) text += " (try again in " + std::to_string(*wait) + " s)";
    }
    std::string out = style_.paint(Role::bad, text) + "\n";
    if (pending == Pending::games) return {std::move(out) + menu_.render(style_), {}, {}};
    if (phase_ == Phase::game && (code == "internal" || code == "not_in_game")) {
        back_to_lobby();
        out += "the game is over on the server; back in the lobby\n";
    }
    return {std::move(out), {}, {}};
}

// A start that is already over (a game lost before the first move) is
// shown and leaves the session in the lobby.
Reaction SessionController::start_game(const json& start) {
    if (const auto name = string_field(start, "game")) game_name_ = *name;
    const GameEntry* entry = menu_.find(game_name_);
    view_ = make_game_view(entry != nullptr ? entry->plugin : game_name_, start, style_);
    tracker_.reset();
    std::string heading = printable(game_name_);
    if (entry != nullptr && !entry->title.empty()) heading += " - " + printable(entry->title);
    std::string out = style_.paint(Role::heading, heading) + "\n" + view_->show_start(start) + fairness_lines(start);
    if (is_over(start)) return {out + game_over(start), {}, {}};
    phase_ = Phase::game;
    out += style_.paint(Role::note, "(type your move; /help for help, /quit to leave the game)") + "\n";
    return {std::move(out) + view_->footer(), {}, {}};
}

Reaction SessionController::game_state(const json& state) {
    std::string out = view_->show_state(state) + fairness_lines(state);
    if (is_over(state)) out += game_over(state);
    else out += view_->footer();
    return {std::move(out), {}, {}};
}

// Reveals are checked before the message's new commitment is taken (rps
// reveals one round and commits to the next in one state).
std::string SessionController::fairness_lines(const json& message) {
    std::string out;
    for (const CommitCheck& check : tracker_.observe(message)) out += render_check(check, style_);
    if (const auto commit = string_field(message, "commit"); commit && !is_over(message)) {
        out += style_.paint(Role::note, "(the dealer is committed: " + printable(*commit) + ")") + "\n";
    }
    return out;
}

// The banner, and the way back to another game.
std::string SessionController::game_over(const json& message) {
    const auto result = string_field(message, "result").value_or("");
    std::string banner;
    if (result == "win") banner = style_.paint(Role::good, "*** you win ***");
    else if (result == "lose") banner = style_.paint(Role::bad, "*** you lose ***");
    else if (result == "draw") banner = style_.paint(Role::heading, "*** a draw ***");
    else banner = style_.paint(Role::heading, "*** game over ***");
    back_to_lobby();
    return banner + "\n" +
           style_.paint(Role::note, "(back in the lobby: again plays " + printable(game_name_) +
                                        " again, games lists the games)") +
           "\n";
}

void SessionController::back_to_lobby() noexcept {
    phase_ = Phase::lobby;
    view_.reset();
    tracker_.reset();
}

// A close after bye is the normal end; before the welcome it is a failure
// to connect; otherwise the connection was lost.
Reaction SessionController::on_closed(std::string_view why) {
    if (leaving_) return {{}, {}, final_status(exit_status::ok)};
    if (phase_ == Phase::connecting) {
        return {"dealer: " + std::string(why) + " before welcoming us (" + peer_ + ")\n", {},
                exit_status::cannot_connect};
    }
    return {style_.paint(Role::bad, "the connection to " + peer_ + " ended: " + std::string(why)) + "\n", {},
            exit_status::connection_ended};
}

Reaction SessionController::on_not_answering(std::chrono::milliseconds timeout) {
    if (leaving_) return {{}, {}, final_status(exit_status::ok)};
    std::string out = style_.paint(Role::bad, "the server at " + peer_ + " is not answering (nothing for " +
                                                  seconds_text(timeout) + "); giving up") +
                      "\n";
    return {std::move(out), {}, phase_ == Phase::connecting ? exit_status::cannot_connect : exit_status::connection_ended};
}

// The player hears why a move came to nothing, and is back in the lobby
// once the new session's welcome has come.
Reaction SessionController::on_session_lost() {
    if (leaving_) return {{}, {}, final_status(exit_status::ok)};
    pending_ = Pending::none;
    std::string out = "the server no longer knew this session (it restarted, or the session was idle past its "
                      "udp_session_timeout); starting a new one";
    if (phase_ == Phase::game) {
        back_to_lobby();
        out += ": the game is lost; back in the lobby";
    }
    return {style_.paint(Role::bad, out) + "\n", {}, {}};
}

// --- from the player ------------------------------------------------------------

Reaction SessionController::on_end_of_input() {
    if (leaving_ || awaiting()) return {};
    return send({{"type", "bye"}}, Pending::bye);
}

Reaction SessionController::on_line(std::string_view line) {
    if (awaiting() || leaving_) return {};
    return phase_ == Phase::game ? game_line(line) : lobby_line(line);
}

// Commands first, then a game's name or number, then a sentence that
// lists both.
Reaction SessionController::lobby_line(std::string_view line) {
    const auto words = protocol::split_words(line);
    if (words.empty()) return {};
    const std::string_view command = protocol::command_word(words.front());
    const std::vector<std::string_view> rest(words.begin() + 1, words.end());
    if (command == "help" || command == "?") return {lobby_help(), {}, {}};
    if (command == "games" || command == "list" || command == "menu") return send({{"type", "games"}}, Pending::games);
    if (command == "ping") return send({{"type", "ping"}}, Pending::ping);
    if (command == "bye" || command == "quit" || command == "exit") return send({{"type", "bye"}}, Pending::bye);
    if (command == "play") {
        if (rest.empty()) return {"play which game? e.g. play " + (menu_.entries().empty() ? std::string("guess") : printable(menu_.entries().front().name)) + " (games lists them)\n", {}, {}};
        return play(rest.front(), std::vector<std::string_view>(rest.begin() + 1, rest.end()));
    }
    if (command == "again") {
        if (!last_play_) return {"no game played yet: type a game's name\n", {}, {}};
        if (const auto name = string_field(*last_play_, "game")) game_name_ = *name;
        return send(*last_play_, Pending::play);
    }
    if (menu_.find(words.front()) != nullptr) return play(words.front(), rest);
    if (words.front().find_first_not_of("0123456789") == std::string_view::npos) {
        return {style_.paint(Role::bad, "there is no game number " + printable(words.front())) + "; the games are numbered 1 to " +
                    std::to_string(menu_.entries().size()) + " (games lists them)\n",
                {}, {}};
    }
    return {style_.paint(Role::bad, "unknown command '" + printable(words.front()) + "'") +
                "; type help, or a game: " + menu_.names() + "\n",
            {}, {}};
}

// A number picks from the menu; a name the menu does not know still goes
// to the server, which knows best (the menu may be stale).
Reaction SessionController::play(std::string_view game, const std::vector<std::string_view>& option_words) {
    const GameEntry* entry = menu_.find(game);
    std::string why;
    auto options = GameMenu::read_options(entry, option_words, why);
    if (!options) return {style_.paint(Role::bad, why) + "\n", {}, {}};
    game_name_ = entry != nullptr ? entry->name : std::string(game);
    json request = {{"type", "play"}, {"game", game_name_}};
    if (!options->empty()) request["options"] = std::move(*options);
    last_play_ = request;
    return send(std::move(request), Pending::play);
}

// "//x" sends the move "/x": the way to type a move (a password) that
// starts with a slash.
Reaction SessionController::game_line(std::string_view line) {
    std::string_view move = line;
    const std::string_view trimmed = protocol::trim_blanks(line);
    if (trimmed.empty()) return {};
    if (trimmed.starts_with("//")) {
        move = line.substr(line.find('/') + 1);
    } else if (trimmed.front() == '/') {
        const auto words = protocol::split_words(trimmed);
        const std::string_view command = protocol::command_word(words.front());
        if (command == "help" || command == "?") return {game_help(), {}, {}};
        if (command == "quit") return send({{"type", "quit"}}, Pending::quit);
        if (command == "bye" || command == "exit") return send({{"type", "bye"}}, Pending::bye);
        if (command == "show") return {view_->redraw(), {}, {}};
        return {style_.paint(Role::bad, "no command " + printable(words.front()) + " in a game") + "; type /help\n", {},
                {}};
    }
    MoveInput input = view_->read_move(move);
    if (!input.fields) return {style_.paint(Role::bad, input.error) + "\n", {}, {}};
    view_->move_sent(*input.fields);
    json request = {{"type", "move"}};
    for (auto it = input.fields->begin(); it != input.fields->end(); ++it) request[it.key()] = it.value();
    return send(std::move(request), Pending::move);
}

std::string SessionController::lobby_help() const {
    return "commands:\n"
           "  NAME or NUMBER [key=value ...]  play a game of the list, e.g. " +
           (menu_.entries().empty() ? std::string("guess") : printable(menu_.entries().front().name)) +
           " or 1\n"
           "  play NAME [key=value ...]       the same; options as the list shows them\n"
           "  again                           play the last game again\n"
           "  games                           list the games\n"
           "  ping                            check that the server answers\n"
           "  help                            this help\n"
           "  bye                             leave (also quit, exit, Ctrl-D)\n";
}

std::string SessionController::game_help() const {
    return (view_ ? view_->move_help() : std::string()) +
           "commands:\n"
           "  /show   show the game as it stands\n"
           "  /quit   leave the game, back to the lobby\n"
           "  /bye    leave the server (also /exit, Ctrl-D)\n"
           "  /help   this help\n";
}

}  // namespace dealer::client
