#include "client/tty_line_input.hpp"

#include <editline/readline.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace dealer::client {

namespace {

// libedit calls back through a plain function: the one live instance.
TtyLineInput* g_instance = nullptr;

// Moves to the start of the line and erases it: the prompt and what was
// typed give way to output, and the prompt is shown again after it.
void erase_line() {
    std::fputs("\r\033[K", stdout);
    std::fflush(stdout);
}

}  // namespace

TtyLineInput::TtyLineInput(const Style& style, std::string history_file)
    : style_(style), history_file_(std::move(history_file)) {
    g_instance = this;
    rl_readline_name = "dealer";
    // Signals stay the event loop's: Ctrl-C must reach its self-pipe.
    rl_catch_signals = 0;
    using_history();
    stifle_history(kHistoryLines);
    if (!history_file_.empty()) (void)read_history(history_file_.c_str());
}

// Saving the history is best effort: a read-only home is no reason to fail.
TtyLineInput::~TtyLineInput() {
    close_prompt();
    if (!history_file_.empty() && write_history(history_file_.c_str()) == 0) {
        (void)history_truncate_file(history_file_.c_str(), kHistoryLines);
    }
    g_instance = nullptr;
}

std::string TtyLineInput::default_history_file() {
    if (const char* path = std::getenv("DEALER_HISTORY"); path != nullptr) return path;
    const char* home = std::getenv("HOME");
    if (home == nullptr || home[0] == '\0') return {};
    return std::string(home) + "/.dealer_history";
}

// libedit misdraws when its handler stays installed across output, so
// every line ends with the handler removed and the next prompt installs it
// afresh (see close_prompt and take).
void TtyLineInput::open_prompt(const Prompt& prompt) {
    if (mode_ != Mode::closed && prompt == prompt_) return;
    close_prompt();
    prompt_ = prompt;
    typing_ = true;
    if (prompt.secret) {
        // Echo goes off before the prompt shows: nothing typed after the
        // prompt appears can be echoed.
        secret_line_.clear();
        if (::tcgetattr(STDIN_FILENO, &saved_) == 0) {
            termios quiet = saved_;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            quiet.c_lflag |= ICANON;
            echo_off_ = ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
        }
        std::fputs(style_.paint(Role::prompt, prompt.text).c_str(), stdout);
        std::fflush(stdout);
        mode_ = Mode::secret;
        return;
    }
    shown_prompt_ = style_.paint_prompt(prompt.text);
    rl_callback_handler_install(shown_prompt_.c_str(), &TtyLineInput::on_line);
    mode_ = Mode::editing;
}

// Removing libedit's handler restores the terminal; a prompt still being
// typed at is erased so that output can take its line.
void TtyLineInput::close_prompt() {
    if (mode_ == Mode::closed) return;
    if (mode_ == Mode::editing) rl_callback_handler_remove();
    if (mode_ == Mode::secret) restore_terminal();
    if (typing_) erase_line();
    typing_ = false;
    mode_ = Mode::closed;
}

void TtyLineInput::restore_terminal() {
    if (echo_off_) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    echo_off_ = false;
}

// libedit hands over a malloc'd line, or nullptr for Ctrl-D on an empty
// line. Secret lines never come this way, so never reach the history.
void TtyLineInput::on_line(char* line) {
    TtyLineInput* self = g_instance;
    if (self == nullptr) {
        std::free(line);
        return;
    }
    self->typing_ = false;
    if (line == nullptr) {
        std::fputc('\n', stdout);  // Ctrl-D left the cursor after the prompt
        self->queue_.push_back({true, {}});
        return;
    }
    std::string text(line);
    std::free(line);
    // History keeps what is worth recalling: not blank lines, not repeats.
    if (text.find_first_not_of(" \t") != std::string::npos && text != self->last_added_) {
        add_history(text.c_str());
        self->last_added_ = text;
    }
    self->queue_.push_back({false, std::move(text)});
}

// A secret line is read raw in canonical mode: the terminal edits it and
// read() returns at the newline; an empty read is Ctrl-D on an empty line.
// A hangup is the end of input at once: libedit would read nothing from a
// terminal gone away and the loop would spin on it.
void TtyLineInput::on_readable(bool hangup) {
    if (hangup) {
        if (hung_up_) return;
        hung_up_ = true;
        typing_ = false;
        close_prompt();
        queue_.push_back({true, {}});
        return;
    }
    if (mode_ == Mode::editing) {
        rl_callback_read_char();
        return;
    }
    if (mode_ != Mode::secret) return;
    char buffer[1024];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) {
        std::fputc('\n', stdout);
        typing_ = false;
        queue_.push_back({true, {}});
        return;
    }
    secret_line_.append(buffer, static_cast<std::size_t>(n));
    const auto newline = secret_line_.find('\n');
    if (newline == std::string::npos) return;
    secret_line_.resize(newline);
    if (!secret_line_.empty() && secret_line_.back() == '\r') secret_line_.pop_back();
    std::fputc('\n', stdout);  // the Enter that was not echoed
    typing_ = false;
    queue_.push_back({false, std::move(secret_line_)});
    secret_line_.clear();
}

// libedit measures the terminal when a prompt opens; a resize while a line
// is being typed needs telling, or long lines wrap wrongly.
void TtyLineInput::on_resize() {
    if (mode_ == Mode::editing) rl_resize_terminal();
}

std::optional<InputEvent> TtyLineInput::take() {
    if (queue_.empty()) return std::nullopt;
    close_prompt();
    InputEvent event = std::move(queue_.front());
    queue_.pop_front();
    return event;
}

// Like a shell: ^C, a fresh line, the same prompt, nothing of what was typed.
void TtyLineInput::interrupt() {
    if (mode_ == Mode::closed) return;
    const Prompt prompt = prompt_;
    if (mode_ == Mode::secret) ::tcflush(STDIN_FILENO, TCIFLUSH);
    typing_ = false;  // keep what was typed on screen, as a shell does
    close_prompt();
    std::fputs("^C\n", stdout);
    std::fflush(stdout);
    open_prompt(prompt);
}

}  // namespace dealer::client
