#include "daemon/session.hpp"

#include <atomic>
#include <cassert>
#include <utility>

#include <spdlog/spdlog.h>

#include "build_info.hpp"
#include "daemon/game_reply.hpp"
#include "protocol/text_words.hpp"
#include "protocol/utf8.hpp"

namespace dealer {

using protocol::ErrorCode;
using protocol::Reply;

namespace {

constexpr const char* kWelcomeText = "welcome to dealerd " DEALER_VERSION ": type help for commands, games for the games";

constexpr std::string_view kLobbyHelp =
    "commands:\n"
    "  games                      list the games\n"
    "  play GAME [key=value ...]  start a game, e.g. play guess\n"
    "  ping                       check that the server answers\n"
    "  help                       this help\n"
    "  bye                        leave (also quit, exit)\n";

}  // namespace

// One plugin call with everything it needs, so that it can run on another
// thread while the session waits: the inputs are copied in on the strand,
// run_call fills the results, finish_call applies them on the strand.
struct Session::GameCall {
    CallKind kind = CallKind::move;        ///< what to call
    Form form = Form::json;                ///< the request's form: JSON, or text (then render_text too)
    protocol::Envelope env;                ///< the request's id and seq
    std::shared_ptr<const Game> game;      ///< the game being started, or the running one
    dealer_session* handle = nullptr;      ///< the plugin session (move); an open that ran sets it
    std::string input;                     ///< options (open), move JSON (move), typed line (text_move)
    dealer_session_info info{};            ///< who is playing (open)

    // Results, written by run_call.
    bool ran = false;                      ///< run_call happened
    PluginCall call;                       ///< the answer of session_open/session_move (or a failed text_to_move)
    std::string failed_in;                 ///< the function whose answer was unusable ("" = none)
    std::string why;                       ///< what was wrong with it
    Reply fields;                          ///< the checked start/state fields (unless spliced)
    std::string reply_head;                ///< the JSON reply spliced from the plugin's text, open (JSON requests)
    bool over = false;                     ///< the game ended with this reply
    std::string result;                    ///< win, lose or draw, when over
    std::string text;                      ///< the text-form rendering (text requests)
};

std::string PeerInfo::to_string() const {
    return (transport == DEALER_TRANSPORT_UDP ? "udp " : "tcp ") + ListenAddress{address, port}.to_string();
}

// Session numbers are unique in this process, so that a journal query for
// one (DEALER_SESSION=17) finds one player's lines even when the peer's
// address and port are reused.
Session::Session(const CatalogRef& catalogs, PeerInfo peer, PlayerCounts* counts, const SessionLimits* limits)
    : catalogs_(catalogs),
      peer_(std::move(peer)),
      counts_(counts),
      limits_(limits),
      catalog_generation_(catalogs.generation()) {
    static std::atomic<std::uint64_t> next_id{1};
    log_fields_.session = std::to_string(next_id.fetch_add(1));
    log_fields_.peer = peer_.to_string();
    if (counts_ != nullptr) counts_->session_opened();
}

Session::~Session() {
    const LogScope scope(log_fields_);
    // An open that ran but was never finished (the server stopped meanwhile)
    // left a plugin session nobody adopted.
    if (call_ && call_->kind == CallKind::open && call_->handle != nullptr) {
        call_->game->plugin().close_session(call_->handle);
    }
    if (game_) end_game("connection closed");
    for (auto& [game, data] : player_data_) game->plugin().free_player_data(data);
    if (counts_ != nullptr) counts_->session_closed();
}

Reply Session::welcome_reply() const {
    Reply r = protocol::make_reply("welcome");
    r["server"] = "dealerd";
    r["version"] = DEALER_VERSION;
    r["protocol"] = DEALER_PROTOCOL_VERSION;
    r["games"] = catalogs_.get()->names();
    r["text"] = kWelcomeText;
    return r;
}

std::string Session::welcome(const protocol::Envelope& env) const { return protocol::finish(welcome_reply(), env); }

std::string spoken_duration(std::chrono::milliseconds d) {
    return d.count() % 1000 == 0 ? std::to_string(d.count() / 1000) + " s" : std::to_string(d.count()) + " ms";
}

std::string Session::notice(std::string_view type, std::string_view text, const Reply& fields) const {
    if (last_form_ == Form::text) return protocol::to_valid_utf8(text) + "\n";
    Reply r = protocol::make_reply(type);
    r["text"] = text;
    r.update(fields);
    return protocol::finish(r);
}

// Sent once, when the stop begins (or when a connection is accepted just as
// it begins). The wording tells a netcat player in a game that the next
// moves still count; a client reads "grace" instead.
std::string Session::shutdown_notice(std::chrono::milliseconds grace) const {
    if (!playing() || grace.count() <= 0) return notice("shutdown", "the server is shutting down");
    Reply fields = Reply::object();
    fields["grace"] = (grace.count() + 999) / 1000;
    return notice("shutdown", "the server is shutting down: finish your game within " + spoken_duration(grace),
                  fields);
}

std::string Session::error_notice(ErrorCode code, std::string_view text) const {
    return protocol::error_line(code, text, last_form_ == Form::json);
}

std::string Session::flood_notice(std::chrono::steady_clock::duration wait) const {
    const std::uint64_t seconds = retry_after_seconds(wait);
    const std::string text =
        "too many messages: this session ends; wait " + std::to_string(seconds) + " s before you start another";
    if (last_form_ == Form::text) return protocol::text_error_line(text);
    return protocol::finish(protocol::make_rate_limited(text, seconds));
}

Session::After Session::handle_line(std::string_view line, std::string& out) {
    const LogScope scope(log_fields_);
    if (!game_ && catalogs_.generation() != catalog_generation_) forget_retired_games();
    switch (protocol::classify(line)) {
        case protocol::LineKind::blank: return After::keep_open;
        case protocol::LineKind::json: last_form_ = Form::json; return handle_json(line, out);
        case protocol::LineKind::text: last_form_ = Form::text; return handle_text(line, out);
    }
    return After::keep_open;
}

// SPEC §7: a request with the seq just processed gets the cached reply and
// is not applied again; an older seq is dropped without a reply.
Session::After Session::handle_json(std::string_view line, std::string& out) {
    protocol::Request req;
    protocol::DecodeError bad;
    const std::size_t max_depth = limits_ != nullptr ? limits_->max_json_depth.load(std::memory_order_relaxed)
                                                     : protocol::kDefaultMaxJsonDepth;
    if (!protocol::decode_request(line, req, bad, max_depth)) {
        out += protocol::finish(protocol::make_error(bad.code, bad.text), bad.envelope);
        return After::keep_open;
    }
    const auto& env = req.envelope;
    if (env.seq && last_seq_) {
        if (*env.seq == *last_seq_) {
            out += last_reply_;
            return last_after_;
        }
        if (*env.seq < *last_seq_) return After::keep_open;
    }

    Outcome outcome;
    const std::string& type = req.type;
    if (type == "ping") {
        // The commonest request: its reply is fixed text, so no tree is built.
        outcome.reply_head = R"({"type":"pong")";
    } else if (type == "move") {
        outcome = move(req);
    } else if (type == "play") {
        static const nlohmann::json kNoOptions = nlohmann::json::object();
        if (req.game_without_options) {
            // The fast reading found the game and no options: no tree.
            outcome = play(*req.game_without_options, kNoOptions);
        } else {
            const nlohmann::json& message = req.object();
            auto game = message.find("game");
            auto options = message.find("options");
            if (game == message.end() || !game->is_string()) {
                outcome.error = ErrorCode::bad_message;
                outcome.text = "play needs a string \"game\"";
            } else if (options != message.end() && !options->is_object()) {
                outcome.error = ErrorCode::bad_message;
                outcome.text = "\"options\" must be an object";
            } else {
                outcome = play(game->get_ref<const std::string&>(),
                               options != message.end() ? *options : kNoOptions);
            }
        }
    } else if (type == "hello") {
        outcome.reply = welcome_reply();
    } else if (type == "games") {
        outcome = games(Form::json);
    } else if (type == "quit") {
        outcome = quit();
    } else if (type == "bye") {
        outcome.reply = protocol::make_reply("bye");
        outcome.close = true;
    } else {
        outcome.error = ErrorCode::unknown_type;
        outcome.text = "no request of type \"" + type + "\"";
    }

    return respond(std::move(outcome), Form::json, env, out);
}

Session::After Session::handle_text(std::string_view line, std::string& out) {
    const std::string_view trimmed = protocol::trim_blanks(line);
    const auto words = protocol::split_words(trimmed);
    const std::string_view cmd = protocol::command_word(words.front());
    Outcome outcome;

    if (game_ && trimmed.front() != '/') {
        outcome = move_text(trimmed);
    } else if (game_) {
        if (cmd == "quit") {
            outcome = quit();
        } else if (cmd == "bye" || cmd == "exit") {
            outcome.text = "bye";
            outcome.close = true;
        } else if (cmd == "help") {
            outcome.text = "you are playing " + game_->name() +
                           ": type your move, or\n  /quit  leave the game\n  /help  this help\n  /bye   leave the server";
        } else {
            outcome.error = ErrorCode::unknown_type;
            outcome.text = "no command /" + std::string(cmd) + " in a game; type /help";
        }
    } else if (cmd == "help") {
        outcome = help();
    } else if (cmd == "games") {
        outcome = games(Form::text);
    } else if (cmd == "play") {
        outcome = play_text(words);
    } else if (cmd == "ping") {
        outcome.text = "pong";
    } else if (cmd == "bye" || cmd == "quit" || cmd == "exit") {
        outcome.text = "bye";
        outcome.close = true;
    } else if (cmd == "hello" || cmd == "cookie") {
        outcome.text = kWelcomeText;
    } else {
        outcome.error = ErrorCode::unknown_type;
        outcome.text = "unknown command '" + std::string(cmd) + "'; type help";
    }

    return respond(std::move(outcome), Form::text, {}, out);
}

// A fast plugin is called right here, on the network thread; a slow one
// (DEALER_PLUGIN_SLOW) is left to the owner, which runs it on a worker.
Session::After Session::respond(Outcome outcome, Form form, const protocol::Envelope& env, std::string& out) {
    if (!call_) return deliver(std::move(outcome), form, env, out);
    call_->form = form;
    call_->env = env;
    if (call_->game->plugin().slow()) return After::pending;
    run_call(*call_);
    return finish_pending(out);
}

void Session::run_pending() noexcept {
    assert(call_ && !call_->ran);
    const LogScope scope(log_fields_);
    run_call(*call_);
}

Session::After Session::finish_pending(std::string& out) {
    assert(call_);
    const LogScope scope(log_fields_);
    const std::unique_ptr<GameCall> call = std::move(call_);
    return deliver(finish_call(*call), call->form, call->env, out);
}

// SPEC §7: the reply to a request with a seq is kept, to be sent again if
// the same seq arrives again (a retransmission).
Session::After Session::deliver(Outcome outcome, Form form, const protocol::Envelope& env, std::string& out) {
    std::string reply = render_capped(outcome, form, env);
    const After after = outcome.close ? After::close : After::keep_open;
    out += reply;
    if (env.seq) {
        last_seq_ = env.seq;
        last_reply_ = std::move(reply);
        last_after_ = after;
    }
    return after;
}

// Gives an outcome the form of its request: an error object or the reply
// with id/seq for JSON; "error: ..." or the text lines for text.
std::string Session::render(Outcome& outcome, Form form, const protocol::Envelope& env) const {
    if (form == Form::text) {
        if (outcome.error == ErrorCode::rate_limited) {
            return protocol::text_error_line(outcome.text + " (try again in " + std::to_string(outcome.retry_after) +
                                             " s)");
        }
        if (outcome.error) return protocol::text_error_line(outcome.text);
        // Text may echo the player's words or a plugin's rendering.
        std::string text = protocol::to_valid_utf8(outcome.text);
        if (text.empty() || text.back() != '\n') text.push_back('\n');
        return text;
    }
    if (outcome.error) {
        Reply r = *outcome.error == ErrorCode::rate_limited
                      ? protocol::make_rate_limited(outcome.text, outcome.retry_after)
                      : protocol::make_error(*outcome.error, outcome.text);
        return protocol::finish(std::move(r), env);
    }
    if (!outcome.reply_head.empty()) return protocol::finish_open(std::move(outcome.reply_head), env);
    return protocol::finish(std::move(outcome.reply), env);
}

// A game state the player cannot receive is a game the player cannot
// follow: when the oversized reply came from the running game, that game
// ends, so what the client is told (internal) matches the server's state.
std::string Session::render_capped(Outcome& outcome, Form form, const protocol::Envelope& env) {
    std::string reply = render(outcome, form, env);
    if (reply.size() <= max_reply_bytes_) return reply;
    spdlog::warn("{}: a reply of {} bytes exceeds {} bytes; sending an error instead", peer_.to_string(),
                 reply.size(), max_reply_bytes_);
    Outcome too_large;
    too_large.error = ErrorCode::internal;
    too_large.text = "the reply does not fit in a datagram";
    if (outcome.from_game && game_) {
        end_game("reply too large");
        too_large.text += "; the game was ended";
    }
    too_large.close = outcome.close;
    reply = render(too_large, form, env);
    if (reply.size() <= max_reply_bytes_) return reply;
    // Only a huge id can make even the error too large: drop it, keep seq
    // (a few bytes), which is what a retransmitting client matches on.
    return render(too_large, form, protocol::Envelope{std::nullopt, env.seq});
}

Session::Outcome Session::games(Form form) const {
    auto catalog = catalogs_.get();
    Outcome o;
    if (form == Form::json) {
        o.reply = protocol::make_reply("games");
        o.reply["games"] = catalog->listing();
        return o;
    }
    if (catalog->games().empty()) {
        o.text = "no games are offered";
        return o;
    }
    for (const auto& g : catalog->games()) {
        o.text += g->name() + ": " + g->plugin().title();
        if (!g->plugin().description().empty()) o.text += ". " + g->plugin().description();
        o.text += "\n";
    }
    o.text += "type: play NAME";
    return o;
}

Session::Outcome Session::help() const {
    Outcome o;
    o.text = std::string(kLobbyHelp);
    return o;
}

Session::Outcome Session::play(std::string_view name, const nlohmann::json& options) {
    Outcome o;
    if (game_) {
        o.error = ErrorCode::in_game;
        o.text = "already playing " + game_->name() + "; quit it first";
        return o;
    }
    auto game = catalogs_.get()->find(name);
    if (!game) {
        o.error = ErrorCode::unknown_game;
        o.text = "no game called '" + std::string(name) + "'; see games";
        return o;
    }
    const PluginLibrary& plugin = game->plugin();
    std::string options_json;
    if (!options.empty()) {
        nlohmann::json effective;
        if (auto bad = plugin.options().apply_player(options, game->options(), effective); !bad.empty()) {
            o.error = ErrorCode::bad_option;
            o.text = std::move(bad);
            return o;
        }
        options_json = effective.dump();
    }

    auto call = std::make_unique<GameCall>();
    call->kind = CallKind::open;
    call->game = game;
    call->input = options_json.empty() ? game->options_json() : std::move(options_json);
    call->info.struct_size = sizeof call->info;
    call->info.transport = peer_.transport;
    call->info.peer_address = peer_.address.data();
    call->info.peer_address_len = peer_.address.size();
    call->info.player_data = player_slot(game);
    call_ = std::move(call);
    return o;
}

// "play GAME key=value ...": values are typed by the game's option schema.
Session::Outcome Session::play_text(const std::vector<std::string_view>& words) {
    Outcome o;
    if (words.size() < 2) {
        o.error = ErrorCode::bad_message;
        o.text = "play which game? e.g. play guess (see games)";
        return o;
    }
    nlohmann::json options = nlohmann::json::object();
    auto game = catalogs_.get()->find(words[1]);
    for (std::size_t i = 2; game && i < words.size(); ++i) {
        const auto eq = words[i].find('=');
        if (eq == std::string_view::npos || eq == 0) {
            o.error = ErrorCode::bad_option;
            o.text = "options are key=value, not '" + std::string(words[i]) + "'";
            return o;
        }
        const std::string key(words[i].substr(0, eq));
        const OptionSpec* spec = game->plugin().options().find(key);
        if (spec == nullptr || !spec->player_settable()) {
            o.error = ErrorCode::bad_option;
            o.text = "players cannot set option '" + key + "'";
            return o;
        }
        nlohmann::json value;
        if (auto bad = spec->from_text(words[i].substr(eq + 1), value); !bad.empty()) {
            o.error = ErrorCode::bad_option;
            o.text = "option '" + key + "' " + bad;
            return o;
        }
        options[key] = std::move(value);
    }
    return play(words[1], options);
}

// The game gets the player's whole request object. A flat one is passed
// on as the player wrote it (valid JSON, each key once: any JSON reader
// sees what the tree would say); any other is written out from its tree,
// so that a key given twice reaches the game once, with its last value.
Session::Outcome Session::move(const protocol::Request& request) {
    Outcome o;
    if (!game_) {
        o.error = ErrorCode::not_in_game;
        o.text = "not in a game; play one first";
        return o;
    }
    prepare_move(CallKind::move, request.flat ? std::string(request.text)
                                              : request.object().dump(-1, ' ', false,
                                                                       nlohmann::json::error_handler_t::replace));
    return o;
}

Session::Outcome Session::move_text(std::string_view line) {
    prepare_move(CallKind::text_move, std::string(line));
    return {};
}

void Session::prepare_move(CallKind kind, std::string input) {
    auto call = std::make_unique<GameCall>();
    call->kind = kind;
    call->game = game_;
    call->handle = game_session_;
    call->input = std::move(input);
    call_ = std::move(call);
}

// Only plugin calls and pure checks: this may run on a worker thread while
// the strand goes on with other sessions, so it reads and writes nothing
// but the call itself.
void Session::run_call(GameCall& c) noexcept {
    c.ran = true;
    try {
        const PluginLibrary& plugin = c.game->plugin();
        const bool is_open = c.kind == CallKind::open;
        if (is_open) {
            c.call = plugin.open_session(c.game->handle(), c.info, c.input, &c.handle);
            if (c.call.status != DEALER_OK) return;
        } else {
            if (c.kind == CallKind::text_move) {
                PluginCall typed = plugin.text_to_move(c.handle, c.input);
                if (typed.status != DEALER_OK) {
                    c.call = std::move(typed);
                    return;
                }
                auto request = protocol::parse_untrusted(typed.output);
                if (!request.is_object()) {
                    c.failed_in = "text_to_move";
                    c.why = "it did not return a JSON object";
                    return;
                }
                request["type"] = "move";
                c.input = request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            }
            c.call = plugin.move(c.handle, c.input);
            if (c.call.status != DEALER_OK) return;
        }
        // A JSON player gets the plugin's object as it is, when it can be
        // passed on without parsing it into a tree (see game_reply.hpp).
        if (c.form == Form::json) {
            GameTextCheck check = check_game_text(c.call.output, /*is_state=*/!is_open);
            if (!check.valid) {
                c.failed_in = is_open ? "session_open" : "session_move";
                c.why = std::move(check.why);
                return;
            }
            if (check.spliceable) {
                c.over = check.over;
                c.result = std::move(check.result);
                c.reply_head = splice_game_reply(is_open ? "start" : "state", c.game->name(), c.call.output);
                return;
            }
        }
        if (!check_game_object(c.call.output, /*is_state=*/!is_open, c.fields, c.over, c.why)) {
            c.failed_in = is_open ? "session_open" : "session_move";
            return;
        }
        if (c.over) c.result = c.fields.value("result", "");
        if (c.form != Form::text) return;
        // Without render_text in the plugin, the object's "text" is the rendering.
        if (!plugin.has_render_text()) {
            c.text = c.fields.value("text", "");
            return;
        }
        PluginCall rendered =
            plugin.render_text(c.handle, is_open ? DEALER_REPLY_START : DEALER_REPLY_STATE, c.fields.dump());
        if (rendered.status != DEALER_OK) {
            c.failed_in = "render_text";
            c.why = "it failed";
            return;
        }
        c.text = std::move(rendered.output);
    } catch (const std::exception& e) {  // out of memory while copying answers
        c.failed_in = "the host";
        c.why = e.what();
    }
}

// A start that failed ends nothing (there was no game yet); a move that
// failed ends the game when the plugin is at fault.
Session::Outcome Session::finish_call(GameCall& c) {
    Outcome o;
    if (!c.ran) {
        o.error = ErrorCode::server_busy;
        o.text = "the server is too busy to take that move; try again later";
        o.close = true;
        return o;
    }
    const PluginLibrary& plugin = c.game->plugin();
    if (c.kind == CallKind::open) {
        if (c.failed_in.empty() && c.call.status != DEALER_OK) return plugin_failure(c.call, "start");
        if (!c.failed_in.empty()) {
            spdlog::error("plugin {}: game {} failed to start: {}: {}", plugin.name(), c.game->name(), c.failed_in,
                          c.why);
            if (c.handle != nullptr) plugin.close_session(c.handle);
            c.handle = nullptr;
            o.error = ErrorCode::internal;
            o.text = "the game failed to start";
            return o;
        }
        game_ = c.game;
        game_session_ = std::exchange(c.handle, nullptr);
        log_fields_.game = game_->name();
        spdlog::debug("{}: game {} started", peer_.to_string(), game_->name());
        if (counts_ != nullptr) counts_->game_started(game_->name());
    } else if (!c.failed_in.empty()) {
        return game_failed(c.failed_in, c.why);
    } else if (c.call.status != DEALER_OK) {
        return plugin_failure(c.call, "move");
    }

    const bool opening = c.kind == CallKind::open;
    o.from_game = true;
    if (c.form == Form::text && opening) {
        o.text = game_->name() + ": " + c.text + "\n(type your move; /help for help, /quit to leave the game)";
    } else if (c.form == Form::text) {
        o.text = std::move(c.text);
        if (c.over) o.text += "\n(game over: back in the lobby; play " + game_->name() + " to play again)";
    } else if (!c.reply_head.empty()) {
        o.reply_head = std::move(c.reply_head);
    } else {
        o.reply = protocol::make_reply(opening ? "start" : "state");
        o.reply["game"] = game_->name();
        // Moved, not copied (update() would copy every value).
        for (auto it = c.fields.begin(); it != c.fields.end(); ++it) o.reply[it.key()] = std::move(it.value());
    }
    if (c.over) end_game(c.result);
    return o;
}

Session::Outcome Session::quit() {
    Outcome o;
    if (!game_) {
        o.error = ErrorCode::not_in_game;
        o.text = "not in a game";
        return o;
    }
    const std::string name = game_->name();
    end_game("left");
    o.reply = protocol::make_reply("left");
    o.reply["game"] = name;
    o.text = "you left " + name + "; back in the lobby";
    return o;
}

// `what` is "start" or "move": a failure to start ends nothing.
Session::Outcome Session::plugin_failure(const PluginCall& call, std::string_view what) {
    Outcome o;
    const PluginError detail = call.error();
    o.text = detail.text;
    switch (call.status) {
        case DEALER_BAD_OPTION: o.error = ErrorCode::bad_option; break;
        case DEALER_ILLEGAL_MOVE: o.error = ErrorCode::illegal_move; break;
        case DEALER_RATE_LIMITED:
            o.error = ErrorCode::rate_limited;
            o.retry_after = detail.retry_after > 0 ? detail.retry_after : 1;
            break;
        case DEALER_BUSY:
            o.error = ErrorCode::server_busy;
            o.close = true;
            break;
        default:
            if (game_) return game_failed(what, "it returned an internal error");
            o.error = ErrorCode::internal;
            o.text = "the game failed to start";
            break;
    }
    if (o.text.empty()) o.text = "the game refused that";
    return o;
}

Session::Outcome Session::game_failed(std::string_view what, std::string_view why) {
    spdlog::warn("{}: game {} ended: plugin {} failed in {}: {}", peer_.to_string(), game_->name(),
                 game_->plugin().name(), what, why);
    end_game("failed");
    Outcome o;
    o.error = ErrorCode::internal;
    o.text = "the game failed and was ended";
    return o;
}

void Session::end_game(std::string_view how) {
    spdlog::debug("{}: game {} ended: {}", peer_.to_string(), game_->name(), how);
    game_->plugin().close_session(game_session_);
    if (counts_ != nullptr) counts_->game_ended(game_->name());
    game_session_ = nullptr;
    game_.reset();
    log_fields_.game.clear();
    if (catalogs_.generation() != catalog_generation_) forget_retired_games();
}

// Called in the lobby and at the end of a game once the catalog has been
// replaced: the last references a connection holds to an old build are its
// per-game memory slots, and an idle connection would otherwise keep that
// build loaded until it closes. A slot of a pending `play` (call_) is in
// use and stays.
void Session::forget_retired_games() {
    catalog_generation_ = catalogs_.generation();
    const auto catalog = catalogs_.get();
    for (auto it = player_data_.begin(); it != player_data_.end();) {
        const auto& game = it->first;
        const bool in_use = game == game_ || (call_ && game == call_->game);
        if (in_use || catalog->find(game->name()) == game) {
            ++it;
            continue;
        }
        game->plugin().free_player_data(it->second);
        it = player_data_.erase(it);
    }
}

void** Session::player_slot(const std::shared_ptr<const Game>& game) {
    for (auto& [g, data] : player_data_) {
        if (g == game) return &data;
    }
    player_data_.emplace_back(game, nullptr);
    return &player_data_.back().second;
}

}  // namespace dealer
