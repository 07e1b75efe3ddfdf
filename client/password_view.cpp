#include "client/password_view.hpp"

namespace dealer::client {

using nlohmann::json;

std::string PasswordView::show_start(const json& start) {
    attempts_left_ = int_field(start, "attempts_left");
    const auto text = string_field(start, "text").value_or("password required");
    return style_.paint(Role::heading, printable(text)) + attempts() + "\n";
}

// Granted in green, denied in red, and the attempts left while it goes on.
std::string PasswordView::show_state(const json& state) {
    attempts_left_ = int_field(state, "attempts_left");
    const auto text = string_field(state, "text").value_or("");
    const Role role = text == "access granted" ? Role::good : Role::bad;
    std::string out = style_.paint(role, printable(text));
    if (!is_over(state)) out += attempts();
    return out + "\n";
}

std::string PasswordView::attempts() const {
    if (!attempts_left_) return {};
    return " (" + std::to_string(*attempts_left_) + (*attempts_left_ == 1 ? " attempt left)" : " attempts left)");
}

// The line goes as typed: blanks may be part of a password. (The server's
// text mode trims them; JSON carries them faithfully.)
MoveInput PasswordView::read_move(std::string_view line) const {
    return {json{{"password", std::string(line)}}, {}};
}

std::string PasswordView::move_help() const {
    return "type the password (it is not shown; start it with // to send one that begins with /)\n";
}

std::string PasswordView::redraw() const {
    const std::string left = attempts();
    return left.empty() ? std::string() : "password required" + left + "\n";
}

}  // namespace dealer::client
