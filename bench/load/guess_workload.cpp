#include "bench/load/guess_workload.hpp"

namespace dealer::bench {

Outcome GuessWorkload::on_start(const nlohmann::json& start) {
    const auto min = start.find("min");
    const auto max = start.find("max");
    if (min == start.end() || max == start.end() || !min->is_number_integer() || !max->is_number_integer()) {
        return {"bad_start"};
    }
    lo_ = min->get<std::int64_t>();
    hi_ = max->get<std::int64_t>();
    if (lo_ > hi_ || string_field(start, "commit").size() != 64) return {"bad_start"};
    return {};
}

void GuessWorkload::append_move(std::string& out) {
    guess_ = lo_ + (hi_ - lo_) / 2;
    out += R"("guess":)";
    out += std::to_string(guess_);
}

// A lost game (max_guesses reached) is a legal end, not an error; a found
// secret must end the game as a win.
Outcome GuessWorkload::on_state(const nlohmann::json& state) {
    const auto guess = state.find("guess");
    if (guess == state.end() || *guess != guess_) return {"bad_state"};
    bool over = false;
    if (auto bad = read_over(state, over); !bad.ok()) return bad;
    const std::string text = string_field(state, "text");
    if (text == "found the secret") {
        if (!over || string_field(state, "result") != "win") return {"bad_state"};
        return {{}, true};
    }
    if (text == "too low") lo_ = guess_ + 1;
    else if (text == "too high") hi_ = guess_ - 1;
    else return {"bad_hint"};
    if (over) return {{}, true};
    if (lo_ > hi_) return {"inconsistent_hints"};
    return {};
}

}  // namespace dealer::bench
