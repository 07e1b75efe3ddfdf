#include "bench/load/game_workload.hpp"

#include "bench/load/reply_tree.hpp"
#include "protocol/message.hpp"

namespace dealer::bench {

std::string string_field(const nlohmann::json& message, const char* key) {
    const auto it = message.find(key);
    return it != message.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Outcome read_over(const nlohmann::json& state, bool& over) {
    const auto it = state.find("over");
    if (it == state.end() || !it->is_boolean()) return {"bad_state"};
    over = it->get<bool>();
    if (!over) return {};
    const std::string result = string_field(state, "result");
    if (result != "win" && result != "lose" && result != "draw") return {"bad_state"};
    return {};
}

GameWorkload::GameWorkload(std::string game, std::uint64_t seed)
    : game_(std::move(game)), state_(seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL) {
    if (state_ == 0) state_ = 1;
}

std::uint64_t GameWorkload::random() noexcept {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1DULL;
}

// The game's name was checked on the command line: no quote or backslash,
// so it goes into the JSON as it is.
void GameWorkload::next_request(std::string& out, std::uint64_t seq) {
    sent_ = next_;
    awaited_id_ = next_id_++;
    switch (sent_) {
        case Step::play:
            out += R"({"type":"play","game":")";
            out += game_;
            out += '"';
            append_play_options(out);
            break;
        case Step::move:
            out += R"({"type":"move",)";
            append_move(out);
            break;
        case Step::quit: out += R"({"type":"quit")"; break;
    }
    close_request(out, awaited_id_, seq);
}

Outcome GameWorkload::fail(std::string kind) {
    next_ = Step::quit;
    return {std::move(kind)};
}

Outcome GameWorkload::on_reply(std::string_view reply) {
    const auto message = reply_tree(reply);
    if (!message.is_object()) return fail("unparsable_reply");
    const auto id = message.find("id");
    if (id == message.end() || *id != awaited_id_) return fail("wrong_id");
    const std::string type = string_field(message, "type");
    const std::string code = type == "error" ? string_field(message, "code") : std::string();
    if (sent_ == Step::quit) {
        // Either answer means the session is in the lobby now.
        if (type != "left" && code != "not_in_game") return fail(type == "error" ? "error:" + code : "bad_reply");
        next_ = Step::play;
        return {};
    }
    if (type == "error") return fail("error:" + code);
    Outcome outcome;
    if (sent_ == Step::play) {
        if (type != "start") return fail("bad_reply");
        outcome = on_start(message);
        const auto over = message.find("over");
        // A game over at its start is legal (SPEC §4): the session stays in the lobby.
        if (outcome.ok() && over != message.end() && *over == true) outcome.game_over = true;
    } else {
        if (type != "state") return fail("bad_reply");
        outcome = on_state(message);
    }
    if (!outcome.ok()) return fail(std::move(outcome.error));
    next_ = outcome.game_over ? Step::play : Step::move;
    return outcome;
}

}  // namespace dealer::bench
