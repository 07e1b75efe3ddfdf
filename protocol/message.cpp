#include "protocol/message.hpp"

#include "protocol/text_words.hpp"
#include "protocol/utf8.hpp"

namespace dealer::protocol {

LineKind classify(std::string_view line) noexcept {
    const std::string_view t = trim_blanks(line);
    if (t.empty()) return LineKind::blank;
    return t.front() == '{' ? LineKind::json : LineKind::text;
}

bool nests_deeper_than(std::string_view text, std::size_t max_depth) noexcept {
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth) return true;
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return false;
}

// The envelope is checked field by field so that an error reply can still
// echo whatever part of it was valid: a bad seq does not lose the id.
bool decode_request(std::string_view line, Request& req, DecodeError& err) {
    if (nests_deeper_than(line, kMaxJsonDepth)) {
        err = {ErrorCode::bad_json, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", {}};
        return false;
    }
    // Checked for depth just above: parse_untrusted() would check again.
    req.message = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (req.message.is_discarded()) {
        err = {ErrorCode::bad_json, "that line is not valid JSON", {}};
        return false;
    }
    if (!req.message.is_object()) {
        err = {ErrorCode::bad_message, "a message is a JSON object", {}};
        return false;
    }
    Envelope env;
    const char* problem = nullptr;
    if (auto id = req.message.find("id"); id != req.message.end()) {
        if (id->is_structured()) problem = "\"id\" must be a string, number, boolean or null";
        else env.id = *id;
    }
    if (auto seq = req.message.find("seq"); seq != req.message.end()) {
        if (seq->is_number_unsigned()) env.seq = seq->get<std::uint64_t>();
        else if (problem == nullptr) problem = "\"seq\" must be a non-negative integer";
    }
    auto type = req.message.find("type");
    if (problem == nullptr) {
        if (type == req.message.end()) problem = "a message needs a \"type\"";
        else if (!type->is_string()) problem = "\"type\" must be a string";
    }
    if (problem != nullptr) {
        err = {ErrorCode::bad_message, problem, std::move(env)};
        return false;
    }
    req.type = type->get<std::string>();
    req.envelope = std::move(env);
    return true;
}

Reply make_error(ErrorCode code, std::string_view text) {
    Reply r = make_reply("error");
    r["code"] = to_string(code);
    r["text"] = text;
    return r;
}

std::string finish(Reply reply, const Envelope& env) {
    if (env.id) reply["id"] = *env.id;
    if (env.seq) reply["seq"] = *env.seq;
    return finish(reply);
}

std::string finish(const Reply& reply) {
    std::string line = reply.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    line.push_back('\n');
    return line;
}

std::string finish_open(std::string open_object, const Envelope& env) {
    // "{" alone has no member yet: the envelope's first one takes no comma.
    bool first = !open_object.empty() && open_object.back() == '{';
    const auto member = [&](std::string_view key) {
        if (!first) open_object += ',';
        first = false;
        open_object += key;
    };
    if (env.id) {
        member("\"id\":");
        open_object += env.id->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    if (env.seq) {
        member("\"seq\":");
        open_object += std::to_string(*env.seq);
    }
    open_object += "}\n";
    return open_object;
}

std::string error_line(ErrorCode code, std::string_view text, bool as_json, const Envelope& env) {
    return as_json ? finish(make_error(code, text), env) : text_error_line(text);
}

std::string text_error_line(std::string_view text) {
    std::string line = "error: ";
    line.append(to_valid_utf8(text)).push_back('\n');
    return line;
}

}  // namespace dealer::protocol
