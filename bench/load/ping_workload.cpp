#include "bench/load/ping_workload.hpp"

#include "bench/load/reply_tree.hpp"
#include "protocol/message.hpp"

namespace dealer::bench {

void PingWorkload::next_request(std::string& out, std::uint64_t seq) {
    out += R"({"type":"ping")";
    close_request(out, next_id_++, seq);
    last_seq_ = seq;
}

// The fast path is dealerd's own bytes: type, then id, then seq. Anything
// else is parsed: a pong with the right id and seq is right whatever the
// order of its keys; an error reply is reported by its code.
Outcome PingWorkload::on_reply(std::string_view reply) {
    const std::uint64_t id = awaited_id_++;
    expected_ = R"({"type":"pong")";
    close_request(expected_, id, last_seq_);
    if (reply == expected_) return {};
    const auto message = reply_tree(reply);
    if (!message.is_object()) return {"unparsable_reply"};
    const auto type = message.find("type");
    if (type != message.end() && *type == "error") {
        const auto code = message.find("code");
        return {"error:" + (code != message.end() && code->is_string() ? code->get<std::string>() : "?")};
    }
    if (type == message.end() || *type != "pong") return {"bad_reply"};
    const auto got_id = message.find("id");
    if (got_id == message.end() || *got_id != id) return {"wrong_id"};
    if (last_seq_ != 0) {
        const auto seq = message.find("seq");
        if (seq == message.end() || *seq != last_seq_) return {"wrong_seq"};
    }
    return {};
}

}  // namespace dealer::bench
