#include "client/signal_pipe.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <iterator>

namespace dealer::client {

namespace {

int g_pipe[2] = {-1, -1};
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH};
constexpr std::size_t kCount = std::size(kSignals);
// What each signal did before; restored by the destructor.
struct sigaction g_before[kCount];
bool g_installed[kCount] = {};

// Async-signal-safe: one write of one byte, errno preserved.
extern "C" void on_signal(int signo) {
    const int saved = errno;
    const auto byte = static_cast<unsigned char>(signo);
    (void)!::write(g_pipe[1], &byte, 1);
    errno = saved;
}

// A signal ignored when the client started (nohup, a background job of a
// script) stays ignored, as a well-behaved Unix program leaves it.
bool keeps_ignoring(int signo, const struct sigaction& before) {
    return (signo == SIGINT || signo == SIGHUP || signo == SIGQUIT) && before.sa_handler == SIG_IGN;
}

}  // namespace

// No SA_RESTART: poll() returns EINTR and the loop looks at the pipe at once.
SignalPipe::SignalPipe() {
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < kCount; ++i) {
        if (::sigaction(kSignals[i], nullptr, &g_before[i]) != 0 || keeps_ignoring(kSignals[i], g_before[i])) continue;
        g_installed[i] = ::sigaction(kSignals[i], &action, nullptr) == 0;
    }
}

SignalPipe::~SignalPipe() {
    for (std::size_t i = 0; i < kCount; ++i) {
        if (g_installed[i]) ::sigaction(kSignals[i], &g_before[i], nullptr);
        g_installed[i] = false;
    }
    for (int& end : g_pipe) {
        if (end >= 0) ::close(end);
        end = -1;
    }
}

int SignalPipe::fd() const noexcept { return g_pipe[0]; }

int SignalPipe::take() noexcept {
    unsigned char byte = 0;
    if (g_pipe[0] < 0 || ::read(g_pipe[0], &byte, 1) != 1) return 0;
    return byte;
}

// The default action of SIGTSTP is the stop the player asked for; the
// handler comes back once the process is continued.
void SignalPipe::suspend() noexcept {
    struct sigaction stop {};
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    struct sigaction ours {};
    if (::sigaction(SIGTSTP, &stop, &ours) != 0) return;
    (void)::raise(SIGTSTP);
    ::sigaction(SIGTSTP, &ours, nullptr);
}

}  // namespace dealer::client
