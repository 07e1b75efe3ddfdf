#include "client/signal_pipe.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace dealer::client {

namespace {

int g_pipe[2] = {-1, -1};
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

// Async-signal-safe: one write of one byte, errno preserved.
extern "C" void on_signal(int signo) {
    const int saved = errno;
    const auto byte = static_cast<unsigned char>(signo);
    (void)!::write(g_pipe[1], &byte, 1);
    errno = saved;
}

}  // namespace

// No SA_RESTART: poll() returns EINTR and the loop looks at the pipe at once.
SignalPipe::SignalPipe() {
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    for (const int signo : kSignals) ::sigaction(signo, &action, nullptr);
}

SignalPipe::~SignalPipe() {
    for (const int signo : kSignals) std::signal(signo, SIG_DFL);
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

}  // namespace dealer::client
