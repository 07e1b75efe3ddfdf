#include "bench/load/mancala_workload.hpp"

namespace dealer::bench {

void MancalaWorkload::append_play_options(std::string& out) {
    if (level_.empty()) return;
    out += R"(,"options":{"level":")";
    out += level_;
    out += R"("})";
}

bool MancalaWorkload::read_board(const nlohmann::json& message) {
    const auto board = message.find("board");
    if (board == message.end() || !board->is_object()) return false;
    const auto pits = board->find("pits");
    if (pits == board->end() || !pits->is_array() || pits->size() != 2 || !(*pits)[0].is_array()) return false;
    pits_.clear();
    for (const auto& seeds : (*pits)[0]) {
        if (!seeds.is_number_integer()) return false;
        pits_.push_back(seeds.get<int>());
    }
    return !pits_.empty();
}

// Unless the game is over, it must be the player's turn: the dealer's
// moves were played before the reply was sent.
Outcome MancalaWorkload::on_start(const nlohmann::json& start) {
    if (!read_board(start)) return {"bad_start"};
    const auto over = start.find("over");
    if (over != start.end() && *over == true) return {};
    if (string_field(start, "turn") != "player") return {"bad_start"};
    return {};
}

// A random non-empty pit. A side with no seeds cannot happen in a running
// game; pit 1 is sent then, and the server's illegal_move is counted.
void MancalaWorkload::append_move(std::string& out) {
    std::size_t choices = 0;
    for (const int seeds : pits_) choices += seeds > 0 ? 1 : 0;
    std::size_t pit = 1;
    if (choices > 0) {
        std::size_t pick = random() % choices;
        for (std::size_t i = 0; i < pits_.size(); ++i) {
            if (pits_[i] > 0 && pick-- == 0) {
                pit = i + 1;
                break;
            }
        }
    }
    out += R"("pit":)";
    out += std::to_string(pit);
}

Outcome MancalaWorkload::on_state(const nlohmann::json& state) {
    if (!read_board(state)) return {"bad_state"};
    bool over = false;
    if (auto bad = read_over(state, over); !bad.ok()) return bad;
    if (over) return {{}, true};
    if (string_field(state, "turn") != "player") return {"bad_state"};
    return {};
}

}  // namespace dealer::bench
