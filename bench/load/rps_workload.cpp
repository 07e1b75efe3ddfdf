#include "bench/load/rps_workload.hpp"

namespace dealer::bench {

Outcome RpsWorkload::on_start(const nlohmann::json& start) {
    if (string_field(start, "commit").size() != 64) return {"bad_start"};
    return {};
}

void RpsWorkload::append_move(std::string& out) {
    static constexpr const char* kThrows[] = {"rock", "paper", "scissors"};
    throw_ = kThrows[random() % 3];
    out += R"("throw":")";
    out += throw_;
    out += '"';
}

Outcome RpsWorkload::on_state(const nlohmann::json& state) {
    if (string_field(state, "you") != throw_) return {"bad_state"};
    const std::string outcome = string_field(state, "outcome");
    if (outcome != "win" && outcome != "lose" && outcome != "tie") return {"bad_state"};
    bool over = false;
    if (auto bad = read_over(state, over); !bad.ok()) return bad;
    if (over) return {{}, true};
    if (string_field(state, "commit").size() != 64) return {"bad_state"};
    return {};
}

}  // namespace dealer::bench
