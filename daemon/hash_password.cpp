#include "daemon/hash_password.hpp"

#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <iostream>

namespace dealer {

namespace {

// The terminal's settings before echo was turned off, restored on every
// way out, including Ctrl-C (a shell left without echo is a poor goodbye).
termios g_saved{};
volatile std::sig_atomic_t g_echo_off = 0;

extern "C" void restore_echo_and_die(int signo) {
    if (g_echo_off != 0) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved);
    std::signal(signo, SIG_DFL);
    std::raise(signo);
}

// One line from the terminal with echo off; false at end of input. Echo
// goes off (discarding typeahead, as getpass does) before the prompt is
// shown, so nothing typed after the prompt is lost or shown.
bool read_hidden(std::FILE* err, const char* prompt, std::string& line) {
    const auto ask = [&] {
        std::fputs(prompt, err);
        std::fflush(err);
        return static_cast<bool>(std::getline(std::cin, line));
    };
    if (::tcgetattr(STDIN_FILENO, &g_saved) != 0) return ask();
    termios quiet = g_saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    auto old_int = std::signal(SIGINT, restore_echo_and_die);
    auto old_term = std::signal(SIGTERM, restore_echo_and_die);
    g_echo_off = 1;
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    const bool ok = ask();
    ::tcsetattr(STDIN_FILENO, TCSANOW, &g_saved);
    g_echo_off = 0;
    std::signal(SIGINT, old_int);
    std::signal(SIGTERM, old_term);
    if (!ok) std::fputc('\n', err);
    return ok;
}

void wipe(std::string& s) {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}

}  // namespace

std::string hash_password(std::string_view password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return {};
    }
    return out;
}

// A person at a terminal types the password twice, unseen; a script pipes
// it in (`printf '%s\n' "$pw" | dealerd --hash-password`). The strings that
// held it are zeroed once it is hashed; copies left by stdio's buffer or a
// reallocation are not, and vanish with this short-lived process.
int run_hash_password(std::FILE* out, std::FILE* err) {
    std::string password;
    if (::isatty(STDIN_FILENO) != 0) {
        std::string again;
        const bool ok = read_hidden(err, "password: ", password) && read_hidden(err, "again: ", again);
        const bool same = ok && password == again;
        wipe(again);
        if (!ok || !same) {
            std::fputs(ok ? "dealerd: the two passwords differ\n" : "dealerd: no password given\n", err);
            wipe(password);
            return 1;
        }
    } else if (!std::getline(std::cin, password)) {
        std::fputs("dealerd: no password on stdin\n", err);
        return 1;
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.empty()) {
        std::fputs("dealerd: the password is empty\n", err);
        return 1;
    }
    const std::string hash = hash_password(password);
    wipe(password);
    if (hash.empty()) {
        std::fputs("dealerd: hashing failed (argon2id needs 64 MiB of memory)\n", err);
        return 1;
    }
    std::fprintf(out, "%s\n", hash.c_str());
    return 0;
}

}  // namespace dealer
