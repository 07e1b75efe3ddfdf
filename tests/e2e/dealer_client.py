"""Runs the real `dealer` client for the end-to-end tests: with pipes (as a
script would) or on a pseudo-terminal (as a person would), reading its
output on a thread so that a test waits for what it expects to see, never
for a fixed time. Standard library only.

Environment (set by ctest; the default points into the build tree):
  DEALER   the client binary
"""

import fcntl
import os
import re
import signal
import subprocess
import tempfile
import termios
import threading
import time

from dealerd_harness import BUILD, IO_TIMEOUT

DEALER = os.environ.get("DEALER") or os.path.join(BUILD, "bin", "dealer")

# Any ANSI SGR sequence (colour, bold), as `dealer` writes them.
SGR = re.compile(r"\x1b\[[0-9;]*m")
# Escape sequences of any kind, for the piped tests: none may appear.
ANY_ESCAPE = "\x1b"

EXIT_TIMEOUT = 10.0

# A test run started in the background of a script inherits SIGINT and
# SIGQUIT ignored, and dealer (rightly) keeps ignoring what it was started
# ignoring; the tests that press Ctrl-C need them back as a terminal has them.
for _signo in (signal.SIGINT, signal.SIGQUIT):
    if signal.getsignal(_signo) == signal.SIG_IGN:
        signal.signal(_signo, signal.default_int_handler if _signo == signal.SIGINT else signal.SIG_DFL)


class DealerClient:
    """One running `dealer`. .output grows as it prints (stdout, and stderr
    for piped runs); expect() waits for a regular expression in what has
    not been consumed yet."""

    def __init__(self, args, tty=False, env=None, cwd=None):
        self.tty = tty
        self.buf = ""
        self.pos = 0          # what expect() has consumed
        self.cond = threading.Condition()
        self.eof = False
        self.history = tempfile.NamedTemporaryFile(prefix="dealer-history-", delete=False)
        self.history.close()
        full_env = dict(os.environ)
        full_env.pop("NO_COLOR", None)
        full_env.update({"TERM": "xterm", "DEALER_HISTORY": self.history.name})
        full_env.update(env or {})
        if tty:
            self.master, slave = os.openpty()
            self.initial_modes = termios.tcgetattr(slave)  # as dealer found the terminal
            # A session of its own with the pty as its controlling terminal,
            # so that Ctrl-C typed there is a SIGINT, as in a real terminal.
            self.proc = subprocess.Popen([DEALER] + list(args), stdin=slave, stdout=slave, stderr=slave,
                                         env=full_env, cwd=cwd, start_new_session=True,
                                         preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
            os.close(slave)
            self._reader = threading.Thread(target=self._drain_pty, daemon=True)
        else:
            self.proc = subprocess.Popen([DEALER] + list(args), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, env=full_env, cwd=cwd)
            self._reader = threading.Thread(target=self._drain_pipe, daemon=True)
        self._reader.start()

    # -- reading

    def _append(self, data):
        with self.cond:
            if data:
                self.buf += data.decode("utf-8", "replace")
            else:
                self.eof = True
            self.cond.notify_all()

    def _drain_pipe(self):
        while True:
            data = self.proc.stdout.read1(65536)
            self._append(data)
            if not data:
                return

    def _drain_pty(self):
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: the other side closed
                data = b""
            self._append(data)
            if not data:
                return

    @property
    def output(self):
        with self.cond:
            return self.buf

    def expect(self, pattern, timeout=IO_TIMEOUT):
        """Waits until `pattern` (a regex) matches the output after what was
        consumed; consumes up to the end of the match and returns the match."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                m = regex.search(self.buf, self.pos)
                if m:
                    self.pos = m.end()
                    return m
                left = deadline - time.monotonic()
                if self.eof or left <= 0:
                    raise AssertionError("dealer never printed %r (%s); it printed after the last match:\n%s"
                                         % (pattern, "it exited" if self.eof else "timeout", self.buf[self.pos:][-3000:]))
                self.cond.wait(left)

    def wait_eof(self, timeout=EXIT_TIMEOUT):
        deadline = time.monotonic() + timeout
        with self.cond:
            while not self.eof:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("dealer's output did not end; it printed:\n" + self.buf[-2000:])
                self.cond.wait(left)

    # -- writing

    def send(self, text):
        """Types text: a line (add "\\n") or keys ("\\x03" is Ctrl-C on a tty)."""
        data = text.encode()
        if self.tty:
            os.write(self.master, data)
        else:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()

    def line(self, text):
        self.send(text + ("\r" if self.tty else "\n"))

    def close_input(self):
        """The end of piped input (on a tty, send "\\x04" instead)."""
        self.proc.stdin.close()

    # -- the end

    def wait(self, timeout=EXIT_TIMEOUT):
        """Waits for the exit; returns the status (negative: killed by a signal)."""
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError("dealer did not exit within %.1f s; it printed:\n%s" % (timeout, self.output[-2000:]))
        self._reader.join(2)
        return rc

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        if self.tty:
            try:
                os.close(self.master)
            except OSError:
                pass
        else:
            for f in (self.proc.stdin, self.proc.stdout):
                try:
                    f.close()
                except (OSError, ValueError):
                    pass
        try:
            os.unlink(self.history.name)
        except OSError:
            pass

    def interrupt(self):
        self.proc.send_signal(signal.SIGINT)

    # -- the terminal (tty=True)

    # On Linux the master end reads and sets the slave's modes; holding the
    # slave open here would keep the reader from ever seeing the end.

    def tty_modes(self):
        """The pseudo-terminal's modes now (termios.tcgetattr's list)."""
        return termios.tcgetattr(self.master)

    def set_tty_modes(self, modes):
        termios.tcsetattr(self.master, termios.TCSANOW, modes)


class ClientTestMixin:
    """For DealerdTestCase subclasses: start `dealer` against a daemon."""

    def dealer(self, d, *args, udp=False, addr=None, tty=False, env=None):
        host, port = addr or (d.udp_addr if udp else d.tcp_addr)
        argv = [host, str(port)] + (["--udp"] if udp else []) + list(args)
        c = DealerClient(argv, tty=tty, env=env)
        self.addCleanup(c.close)
        return c

    def play_guess_by_range(self, c, move=None):
        """Plays a guess game to the win by reading the range dealer shows:
        each guess is the middle of it. Returns the number of guesses."""
        move = move or c.line
        n = 0
        while True:
            m = c.expect(r"the secret (?:is between (-?\d+) and (-?\d+)|must be (-?\d+))")
            lo, hi = (int(m.group(3)), int(m.group(3))) if m.group(3) else (int(m.group(1)), int(m.group(2)))
            self.assertLessEqual(lo, hi)
            guess = (lo + hi) // 2
            n += 1
            self.assertLessEqual(n, 40, "the range does not narrow")
            move(str(guess))
            m = c.expect(r"%d: (too low|too high|found the secret)" % guess)
            if m.group(1) == "found the secret":
                return n
