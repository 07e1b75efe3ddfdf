#include "client/client_app.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "client/pipe_line_input.hpp"
#include "client/session_controller.hpp"
#include "client/signal_pipe.hpp"
#include "client/tcp_transport.hpp"
#include "client/tty_line_input.hpp"
#include "client/udp_transport.hpp"

namespace dealer::client {

namespace {

using Clock = Transport::Clock;

// After this long without an answer the player hears that the client is
// still waiting, and for how long it will.
constexpr std::chrono::seconds kSlowNotice{2};

/// The loop's state that outlives one turn of it.
class EventLoop {
public:
    EventLoop(const ClientOptions& options, const Style& style, LineInput& input, Transport& transport)
        : options_(options), style_(style), input_(input), transport_(transport),
          controller_(style, transport.peer()) {}

    int run();

private:
    /// Shows output, sends the request; returns the exit status if the reaction ends the run.
    std::optional<int> apply(Reaction reaction);
    /// Shows text in place of the prompt.
    void show(const std::string& text);
    /// A signal arrived; returns the exit status if it ends the run.
    std::optional<int> on_signal(int signo);
    /// The poll timeout until the next timer, -1 for none.
    int poll_timeout(Clock::time_point now) const;
    /// True while something is awaited from the server.
    bool waiting() const { return controller_.awaiting() || transport_.busy(); }

    const ClientOptions& options_;
    const Style& style_;
    LineInput& input_;
    Transport& transport_;
    SessionController controller_;
    SignalPipe signals_;
    Clock::time_point waiting_since_ = Clock::now();
    bool told_slow_ = false;
    int interrupts_in_a_row_ = 0;
};

// Output replaces the prompt line; the loop shows the prompt again when it
// next asks for a line.
void EventLoop::show(const std::string& text) {
    if (text.empty()) return;
    input_.close_prompt();
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

// What ends the run with a failure goes to stderr, where a script looks
// for it; the rest of the conversation to stdout. The status is the
// controller's final word (a failed fairness check outranks the rest).
std::optional<int> EventLoop::apply(Reaction reaction) {
    if (reaction.exit && *reaction.exit != exit_status::ok && *reaction.exit != exit_status::unfair) {
        input_.close_prompt();
        std::fflush(stdout);
        const std::string text = ::isatty(STDERR_FILENO) != 0 ? reaction.output : without_color(reaction.output);
        std::fwrite(text.data(), 1, text.size(), stderr);
        return controller_.final_status(*reaction.exit);
    }
    show(reaction.output);
    if (reaction.exit) return controller_.final_status(*reaction.exit);
    if (reaction.request) {
        transport_.send(std::move(*reaction.request));
        waiting_since_ = Clock::now();
        told_slow_ = false;
    }
    return std::nullopt;
}

// Ctrl-C at a prompt clears the line (twice in a row leaves); anywhere
// else, or piped, it leaves at once. A bye goes out on the way, unawaited,
// so that a UDP session does not linger on the server. Ctrl-Z gives the
// terminal back as it was before stopping; SIGCONT (after any stop, also
// one the client did not see coming) closes the prompt so that the next
// turn opens it afresh and sets the terminal up again (a shell restores its
// own modes while a job is stopped: a password would be echoed otherwise).
std::optional<int> EventLoop::on_signal(int signo) {
    switch (signo) {
        case SIGWINCH: input_.on_resize(); return std::nullopt;
        case SIGCONT: input_.close_prompt(); return std::nullopt;
        case SIGTSTP:
            input_.close_prompt();
            std::fflush(stdout);
            signals_.suspend();
            return std::nullopt;
        default: break;
    }
    if (signo == SIGINT && input_.interactive() && input_.wants_input() && !waiting()) {
        if (++interrupts_in_a_row_ < 2) {
            input_.interrupt();
            return std::nullopt;
        }
    }
    input_.close_prompt();
    transport_.send_and_forget({{"type", "bye"}});
    if (signo == SIGINT) {
        if (input_.interactive()) std::fputs("^C\ninterrupted\n", stdout);
        else std::fputs("dealer: interrupted\n", stderr);
        return exit_status::interrupted;
    }
    return 128 + signo;
}

// Sleeps until the transport's next timer or the "still waiting" notice,
// whichever comes first; forever when neither is pending.
int EventLoop::poll_timeout(Clock::time_point now) const {
    std::optional<Clock::time_point> next = transport_.next_timer();
    if (waiting() && !told_slow_) next = std::min(next.value_or(Clock::time_point::max()), waiting_since_ + kSlowNotice);
    if (!next) return -1;
    if (*next <= now) return 0;
    // Rounded up, so that the timer is due when poll returns.
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(*next - now).count();
    return static_cast<int>(std::min<long long>(ms, 60000));
}

// One turn: hand a waiting line to the controller if it is ready for one
// (else show the prompt), poll, then signals first, the socket and the
// timers next, stdin last, so that a reply is shown before more is read.
int EventLoop::run() {
    std::vector<TransportEvent> events;
    for (;;) {
        if (!waiting()) {
            if (auto line = input_.take()) {
                interrupts_in_a_row_ = 0;
                auto reaction = line->end ? controller_.on_end_of_input() : controller_.on_line(line->line);
                if (auto status = apply(std::move(reaction))) return *status;
                continue;
            }
            input_.open_prompt(controller_.prompt());
        } else {
            input_.close_prompt();
        }
        pollfd fds[3] = {{signals_.fd(), POLLIN, 0}, {transport_.fd(), POLLIN, 0},
                         {input_.wants_input() ? STDIN_FILENO : -1, POLLIN, 0}};
        const int ready = ::poll(fds, 3, poll_timeout(Clock::now()));
        if (ready < 0 && errno != EINTR) {
            std::perror("dealer: poll");
            return exit_status::connection_ended;
        }
        if (ready > 0 && (fds[0].revents & POLLIN) != 0) {
            while (const int signo = signals_.take()) {
                if (auto status = on_signal(signo)) return *status;
            }
        }
        const auto now = Clock::now();
        events.clear();
        if (ready > 0 && (fds[1].revents & (POLLIN | POLLERR | POLLHUP)) != 0) transport_.on_readable(now, events);
        transport_.on_timer(now, events);
        for (TransportEvent& event : events) {
            Reaction reaction;
            switch (event.kind) {
                case TransportEvent::Kind::message: reaction = controller_.on_message(event.message, event.answer); break;
                case TransportEvent::Kind::garbage: reaction = controller_.on_garbage(event.text); break;
                case TransportEvent::Kind::closed: reaction = controller_.on_closed(event.text); break;
                case TransportEvent::Kind::session_lost: reaction = controller_.on_session_lost(); break;
                case TransportEvent::Kind::not_answering:
                    reaction = controller_.on_not_answering(options_.timeout);
                    break;
            }
            if (auto status = apply(std::move(reaction))) return *status;
        }
        if (waiting() && !told_slow_ && now - waiting_since_ >= kSlowNotice) {
            told_slow_ = true;
            show(style_.paint(Role::note, "(no answer from " + transport_.peer() + " yet; waiting up to " +
                                              seconds_text(options_.timeout) + ")") +
                 "\n");
        }
        if (ready > 0 && fds[2].fd >= 0 && (fds[2].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0) {
            interrupts_in_a_row_ = 0;
            input_.on_readable((fds[2].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0);
        }
    }
}

// A standard descriptor the client was started without would be taken by
// its socket, and stdin would then read the server: /dev/null stands in.
void open_standard_descriptors() {
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
        if (::fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
        const int null = ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
        if (null >= 0 && null != fd) ::close(null);  // not the lowest free descriptor: give up on it
    }
}

}  // namespace

// The transport is opened before anything touches the terminal, so a
// failure to connect leaves the terminal as it found it.
int run_client(const ClientOptions& options) {
    open_standard_descriptors();
    // A closed stdout or socket must not kill the client before it restores
    // the terminal; writes then fail instead.
    std::signal(SIGPIPE, SIG_IGN);
    const bool interactive = ::isatty(STDIN_FILENO) != 0;
    const Style style(decide_color(options.color, ::isatty(STDOUT_FILENO) != 0, std::getenv("NO_COLOR"),
                                   std::getenv("TERM")));
    std::unique_ptr<Transport> transport;
    if (options.udp) {
        RetransmitSchedule::Settings settings;
        settings.deadline = options.timeout;
        transport = std::make_unique<UdpTransport>(options.host, options.port, settings);
    } else {
        transport = std::make_unique<TcpTransport>(options.host, options.port, options.timeout);
    }
    std::string why;
    if (!transport->open(why)) {
        std::fprintf(stderr, "dealer: cannot connect to %s%s: %s\n", transport->peer().c_str(),
                     options.udp ? " (udp)" : "", why.c_str());
        return exit_status::cannot_connect;
    }
    std::unique_ptr<LineInput> input;
    if (interactive) input = std::make_unique<TtyLineInput>(style, TtyLineInput::default_history_file());
    else input = std::make_unique<PipeLineInput>(STDIN_FILENO);
    EventLoop loop(options, style, *input, *transport);
    return loop.run();
}

}  // namespace dealer::client
