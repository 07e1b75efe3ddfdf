"""Harness for the dealerd end-to-end tests: runs the real binary with a
temporary TOML config on kernel-chosen ports, and talks to it over TCP and
UDP with bounded timeouts. Standard library only.

Environment (set by ctest; defaults point into the build tree):
  DEALERD             the daemon binary
  DEALER_PLUGIN_DIR   directory holding dealer_guess.so
  DEALER_FIXTURE_DIR  directory holding the fixture plugins (dealer_throws.so, ...)
  DEALER_SANITIZED    the sanitizers dealerd was built with (DEALER_SANITIZE, e.g.
                      "address,undefined"); unset or empty for a normal build
"""

import hashlib
import json
import os
import re
import resource
import shutil
import signal as _signal
import socket
import struct
import subprocess
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.normpath(os.path.join(HERE, "..", "..", "build"))

DEALERD = os.environ.get("DEALERD") or os.path.join(BUILD, "bin", "dealerd")
PLUGIN_DIR = os.environ.get("DEALER_PLUGIN_DIR") or os.path.join(BUILD, "lib", "dealer", "plugins")
FIXTURE_DIR = os.environ.get("DEALER_FIXTURE_DIR") or os.path.join(BUILD, "tests", "fixtures")
SOURCE_CONFIG = os.path.normpath(os.path.join(HERE, "..", "..", "config", "dealerd.toml"))
# Set by tests/CMakeLists.txt for a DEALER_SANITIZE build: the few checks that
# a sanitizer makes meaningless are then reported as skipped, each with its
# reason (DealerdTestCase.skipped_under_sanitizer); a normal build runs them.
SANITIZED = os.environ.get("DEALER_SANITIZED", "")

# Every socket operation and every wait is bounded by this (seconds).
IO_TIMEOUT = 5.0
START_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0

HEX64 = re.compile(r"^[0-9a-f]{64}$")
HEX32 = re.compile(r"^[0-9a-f]{32}$")
COOKIE = re.compile(r"^[a-z2-7]{10}$")
MAX_DATAGRAM = 1200  # SPEC §3: the largest UDP reply


def fixture(name):
    """Path of a fixture plugin, e.g. fixture("throws") -> .../dealer_throws.so."""
    return os.path.join(FIXTURE_DIR, "dealer_%s.so" % name)


def commit_of(value, nonce):
    """SPEC §5: lowercase hex SHA-256 of "<value>:<nonce>"."""
    return hashlib.sha256(("%s:%s" % (value, nonce)).encode()).hexdigest()


# --------------------------------------------------------------------------
# Config files


def find_secret(lo, hi, guess, limit=64):
    """Plays guess by binary search over [lo, hi]. guess(mid) makes one guess,
    checks what the caller wants of the reply, and returns the dealer's hint:
    "too low", "too high" or "found the secret". Returns (secret, guesses).
    Raises AssertionError on an unknown hint, inconsistent hints, or no end."""
    n = 0
    while True:
        if lo > hi:
            raise AssertionError("the dealer's answers are inconsistent")
        mid = (lo + hi) // 2
        n += 1
        if n > limit:
            raise AssertionError("binary search does not end")
        hint = guess(mid)
        if hint == "too low":
            lo = mid + 1
        elif hint == "too high":
            hi = mid - 1
        elif hint == "found the secret":
            return mid, n
        else:
            raise AssertionError("unexpected hint %r" % (hint,))


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)  # a JSON string is a valid TOML basic string
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise TypeError("no TOML form for %r" % (v,))


GUESS_0_9 = {"guess": {"plugin": "guess", "min": 0, "max": 9}}


# The network threads of a test's dealerd unless the test sets its own:
# 2, so that strands are exercised; ctest runs the network tests a second
# time with DEALER_TEST_THREADS=1, where sessions run without strands
# (daemon/serial_executor.hpp).
DEFAULT_THREADS = int(os.environ.get("DEALER_TEST_THREADS", "2"))


def make_config(games=None, tcp=("127.0.0.1:0",), udp=("127.0.0.1:0",), threads=None, limits=None,
                level="debug", plugin_dir=None, extra="", server=None, sink=None):
    """A TOML config. games: {NAME: {"plugin": ..., option: value}} (None = guess 0..9);
    limits and server: more keys for [limits] and [server]. shutdown_grace is
    "0s" unless server sets it: a test that leaves a game running (UDP
    sessions outlive their client) then still stops at once; the tests of the
    grace period set it."""
    games = GUESS_0_9 if games is None else games
    threads = DEFAULT_THREADS if threads is None else threads
    server = dict({"shutdown_grace": "0s"}, **(server or {}))
    lines = ["[server]",
             "tcp = " + toml_value(list(tcp)),
             "udp = " + toml_value(list(udp)),
             "threads = %d" % threads,
             "plugin_dir = " + toml_value(plugin_dir or PLUGIN_DIR)]
    for k, v in server.items():
        lines.append("%s = %s" % (k, toml_value(v)))
    lines += ["", "[limits]"]
    for k, v in (limits or {}).items():
        lines.append("%s = %s" % (k, toml_value(v)))
    lines += ["", "[log]", "level = " + toml_value(level)]
    if sink is not None:
        lines.append("sink = " + toml_value(sink))
    lines.append("")
    for name, table in games.items():
        lines.append("[games.%s]" % name)
        for k, v in table.items():
            lines.append("%s = %s" % (k, toml_value(v)))
        lines.append("")
    return "\n".join(lines) + extra


def write_temp(text, suffix=".toml"):
    fd, path = tempfile.mkstemp(prefix="dealerd-e2e-", suffix=suffix)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


def run_dealerd(args, timeout=10):
    """Runs dealerd to completion; returns CompletedProcess (text)."""
    return subprocess.run([DEALERD] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, text=True, timeout=timeout)


class Gate:
    """A gate file in a temporary directory: closed until open() creates it.
    The fixture plugin dealer_slow.so blocks each move until its gate file
    exists, and appends a byte to GATE.held when a worker picks a move up."""

    def __init__(self, test):
        self.dir = tempfile.mkdtemp(prefix="dealerd-gate-")
        test.addCleanup(shutil.rmtree, self.dir, True)
        self.path = os.path.join(self.dir, "gate")

    def open(self):
        with open(self.path, "w"):
            pass

    def held(self):
        """How many moves workers have picked up so far."""
        try:
            return os.path.getsize(self.path + ".held")
        except FileNotFoundError:
            return 0

    def wait_held(self, n, timeout=IO_TIMEOUT):
        deadline = time.monotonic() + timeout
        while self.held() < n:
            if time.monotonic() > deadline:
                raise AssertionError("workers picked up %d moves, expected %d" % (self.held(), n))
            time.sleep(0.005)


# SO_TIMESTAMPNS (also its SCM_ type) from asm-generic/socket.h, which
# x86-64 and arm64 use; Python does not export it.
SO_TIMESTAMPNS = 35


class NotifySocket:
    """A test-owned NOTIFY_SOCKET: an AF_UNIX datagram socket that collects
    what dealerd tells its service manager (sd_notify). Each message is a
    dict of its KEY=VALUE lines; .messages keeps every one received, with
    the time the kernel queued it (SO_TIMESTAMPNS, seconds since the epoch)
    under the key "_at". A datagram to a Unix socket is queued within the
    sender's sendmsg(), so "_at" is when dealerd sent it, however late the
    test reads it: gaps between messages are dealerd's, not the test's."""

    def __init__(self, test):
        self.dir = tempfile.mkdtemp(prefix="dealerd-notify-")
        test.addCleanup(shutil.rmtree, self.dir, True)
        self.path = os.path.join(self.dir, "notify")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        test.addCleanup(self.sock.close)
        self.sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self.sock.bind(self.path)
        self.messages = []

    def env(self, **extra):
        """The environment that points dealerd here, plus extra variables."""
        return dict({"NOTIFY_SOCKET": self.path}, **extra)

    def recv(self, timeout=IO_TIMEOUT):
        """The next message; raises socket.timeout when none comes (with
        timeout 0: BlockingIOError when none is queued)."""
        self.sock.settimeout(timeout)
        data, ancillary, _, _ = self.sock.recvmsg(65536, socket.CMSG_SPACE(16))
        stamps = [struct.unpack("qq", cdata[:16]) for level, kind, cdata in ancillary
                  if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS]
        assert stamps, "no SO_TIMESTAMPNS on a notification"
        msg = {"_at": stamps[0][0] + stamps[0][1] / 1e9}
        for line in data.decode().split("\n"):
            if line:
                key, _, value = line.partition("=")
                msg[key] = value
        self.messages.append(msg)
        return msg

    def drain(self):
        """Receives every message queued now, without waiting; returns them."""
        got = []
        while True:
            try:
                got.append(self.recv(0))
            except (BlockingIOError, socket.timeout):
                return got

    def wait_for(self, pred, timeout=IO_TIMEOUT):
        """Receives until pred(message); returns that message."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no matching notification within %.1f s; got %r" % (timeout, self.messages))
            try:
                msg = self.recv(left)
            except socket.timeout:
                continue
            if pred(msg):
                return msg

    def expect_none(self, pred, timeout):
        """Asserts that no message matching pred arrives within timeout."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                msg = self.recv(left)
            except socket.timeout:
                return
            if pred(msg):
                raise AssertionError("unexpected notification %r" % (msg,))


# --------------------------------------------------------------------------
# The daemon


class Dealerd:
    """One running dealerd. Its stderr is drained by a thread into .log."""

    LISTEN_RE = re.compile(r"listening on (tcp|udp) (\S+):(\d+)\s*$")

    def __init__(self, config_text, nofile=None, env=None, wrapper=(), binary=None):
        self.config_path = write_temp(config_text)
        self.binary = binary or DEALERD  # another dealerd, e.g. an installed one
        self.nofile = nofile  # RLIMIT_NOFILE (soft and hard) for the daemon, or None
        self.env = env        # variables added to the daemon's environment, or None
        self.wrapper = list(wrapper)  # a command that runs dealerd, e.g. systemd-socket-activate ...
        self.log = []
        self.cond = threading.Condition()
        self.tcp = []   # [(host, port)]
        self.udp = []
        self.proc = None
        self.returncode = None

    # -- start / stop

    def start(self, wait_ready=True):
        """Starts the process; unless wait_ready is False (a wrapper that
        starts dealerd later, such as systemd-socket-activate), waits for
        wait_ready()."""
        limit = None
        if self.nofile is not None:
            def limit():
                resource.setrlimit(resource.RLIMIT_NOFILE, (self.nofile, self.nofile))
        env = None if self.env is None else dict(os.environ, **self.env)
        self.proc = subprocess.Popen(self.wrapper + [self.binary, "--config", self.config_path], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limit, env=env)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        return self.wait_ready() if wait_ready else self

    def wait_ready(self):
        """Waits for "dealerd ready" and learns the listening ports from the log."""
        try:
            self.wait_log(lambda l: "dealerd ready" in l, START_TIMEOUT)
        except AssertionError:
            self.kill()
            raise AssertionError("dealerd did not become ready; log:\n" + self.log_text())
        for line in self.log_snapshot():
            m = self.LISTEN_RE.search(line)
            if m:
                host = m.group(2)
                if host.startswith("[") and host.endswith("]"):
                    host = host[1:-1]
                (self.tcp if m.group(1) == "tcp" else self.udp).append((host, int(m.group(3))))
        return self

    def _drain(self):
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self.cond:
                self.log.append(line)
                self.cond.notify_all()
        with self.cond:
            self.log.append(None)  # EOF marker
            self.cond.notify_all()

    @property
    def pid(self):
        return self.proc.pid

    @property
    def tcp_addr(self):
        return self.tcp[0]

    @property
    def udp_addr(self):
        return self.udp[0]

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def send_signal(self, signo):
        self.proc.send_signal(signo)

    def wait_exit(self, timeout=STOP_TIMEOUT):
        """Waits for the process to exit; returns its code or None on timeout."""
        try:
            self.returncode = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        self._reader.join(2)
        return self.returncode

    def stop(self, signo=_signal.SIGTERM, timeout=STOP_TIMEOUT):
        """Signals and waits; kills on timeout. Returns the exit code (None if it hung)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signo)
        rc = self.wait_exit(timeout)
        if rc is None:
            self.kill()
        return rc

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)

    def cleanup(self):
        self.kill()
        if self.proc is not None:
            self._reader.join(2)
            self.proc.stderr.close()
        try:
            os.unlink(self.config_path)
        except OSError:
            pass

    # -- log

    def log_snapshot(self):
        with self.cond:
            return [l for l in self.log if l is not None]

    def log_text(self):
        return "\n".join(self.log_snapshot())

    def wait_log(self, pred, timeout=IO_TIMEOUT, start=0):
        """Waits for a log line (index >= start) matching pred (callable or substring)."""
        if isinstance(pred, str):
            needle = pred
            pred = lambda l: needle in l  # noqa: E731
        deadline = time.monotonic() + timeout
        with self.cond:
            i = start
            while True:
                while i < len(self.log):
                    line = self.log[i]
                    i += 1
                    if line is None:
                        raise AssertionError("dealerd exited before the expected log line")
                    if pred(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("expected log line not seen within %.1f s" % timeout)
                self.cond.wait(left)

    def log_mark(self):
        with self.cond:
            return len(self.log)

    # -- memory

    def rss_kib(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise AssertionError("no VmRSS for dealerd")


# --------------------------------------------------------------------------
# Clients


class Closed(Exception):
    """The server closed the connection."""


class _Client:
    """What the TCP and UDP clients share: a socket, closing, sending bytes."""

    sock = None

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send_raw(self, data):
        if isinstance(data, str):
            data = data.encode()
        self._send(data)

    def request(self, obj, timeout=None):
        """Sends obj and returns the JSON object that answers it."""
        self.send_json(obj)
        return self.recv_json(timeout)


class TcpClient(_Client):
    """A line-oriented TCP client. recv_line() returns one line without "\\n"."""

    def __init__(self, addr, timeout=IO_TIMEOUT, bind=None, read_welcome=True, family=None):
        host, port = addr
        family = family or (socket.AF_INET6 if ":" in host else socket.AF_INET)
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.timeout = timeout
        self.buf = b""
        self.eof = False
        try:
            self.sock.settimeout(timeout)
            if bind:
                self.sock.bind((bind, 0))
            self.sock.connect((host, port))
            self.welcome = self.recv_json() if read_welcome else None
        except BaseException:
            self.sock.close()
            raise

    def _send(self, data):
        self.sock.sendall(data)

    def send_line(self, text):
        self.send_raw(text + "\n")

    def send_json(self, obj):
        self.send_line(json.dumps(obj))

    def recv_line(self, timeout=None):
        """One line (without newline). Raises Closed at EOF, socket.timeout after timeout."""
        deadline = time.monotonic() + (timeout if timeout is not None else self.timeout)
        while b"\n" not in self.buf:
            if self.eof:
                raise Closed("connection closed; unterminated tail %r" % self.buf)
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout("no line within the timeout; have %r" % self.buf[:200])
            self.sock.settimeout(left)
            chunk = self.sock.recv(65536)
            if not chunk:
                self.eof = True
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return line.decode("utf-8")

    def recv_json(self, timeout=None):
        line = self.recv_line(timeout)
        try:
            obj = json.loads(line)
        except ValueError:
            raise AssertionError("not a JSON line: %r" % line)
        if not isinstance(obj, dict):
            raise AssertionError("not a JSON object: %r" % line)
        return obj

    def text(self, line, timeout=None):
        """Sends a text command, returns the first reply line."""
        self.send_line(line)
        return self.recv_line(timeout)

    def recv_until(self, pred, timeout=None, limit=100):
        """Reads lines until pred(line); returns all of them (the matching one last)."""
        lines = []
        for _ in range(limit):
            line = self.recv_line(timeout)
            lines.append(line)
            if pred(line):
                return lines
        raise AssertionError("no matching line in %r" % lines)

    def expect_eof(self, timeout=IO_TIMEOUT):
        """Reads until the server closes; returns the lines read meanwhile.
        A reset counts as closed. Fails if the connection is still open after timeout."""
        lines = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.recv_line(max(0.01, deadline - time.monotonic()))
                lines.append(line)
            except Closed:
                return lines
            except ConnectionResetError:
                return lines
            except socket.timeout:
                raise AssertionError("connection still open after %.1f s (read %r)" % (timeout, lines))


class UdpClient(_Client):
    """A UDP client: one message per datagram."""

    def __init__(self, addr, timeout=IO_TIMEOUT, bind=None):
        host, port = addr
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.addr = (host, port)
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        self.sock.settimeout(timeout)
        self.sock.bind((bind or host, 0))
        self.timeout = timeout
        self.cookie = None

    def _send(self, data):
        self.sock.sendto(data, self.addr)

    def send_json(self, obj):
        self.send_raw(json.dumps(obj, separators=(",", ":")))

    def recv_raw(self, timeout=None):
        """One datagram's bytes; raises socket.timeout if none comes."""
        self.sock.settimeout(timeout if timeout is not None else self.timeout)
        while True:
            data, peer = self.sock.recvfrom(65536)
            if peer[0] == self.addr[0] and peer[1] == self.addr[1]:
                return data

    def recv_json(self, timeout=None):
        data = self.recv_raw(timeout)
        obj = json.loads(data.decode())
        if not isinstance(obj, dict):
            raise AssertionError("not a JSON object: %r" % data)
        return obj

    def expect_silence(self, timeout=0.5):
        """Asserts that no datagram arrives within timeout."""
        self.sock.settimeout(timeout)
        try:
            data, _ = self.sock.recvfrom(65536)
        except socket.timeout:
            return
        raise AssertionError("expected no reply, got %r" % data[:200])

    def handshake(self):
        """JSON cookie handshake; returns the welcome."""
        reply = self.request({"type": "hello"})
        assert reply.get("type") == "cookie", reply
        self.cookie = reply["cookie"]
        welcome = self.request({"type": "hello", "cookie": self.cookie})
        assert welcome.get("type") == "welcome", welcome
        return welcome


# --------------------------------------------------------------------------
# Test base


class DealerdTestCase(unittest.TestCase):
    """Starts daemons on demand; each is stopped with SIGTERM at cleanup and
    must exit 0."""

    def start_daemon(self, config_text=None, check_exit=True, nofile=None, env=None, wrapper=(), wait_ready=True,
                     binary=None, **config_kwargs):
        if config_text is None:
            config_text = make_config(**config_kwargs)
        d = Dealerd(config_text, nofile=nofile, env=env, wrapper=wrapper, binary=binary)
        self.addCleanup(d.cleanup)
        if check_exit:
            self.addCleanup(self._stop_and_check, d)
        d.start(wait_ready)
        return d

    def _stop_and_check(self, d):
        if d.proc is None:
            return
        if d.returncode is not None or d.proc.poll() is not None:
            rc = d.proc.wait()
        else:
            rc = d.stop()
        self.assertEqual(rc, 0, "dealerd did not exit 0 at SIGTERM (rc=%r); log tail:\n%s"
                         % (rc, "\n".join(d.log_snapshot()[-30:])))

    def skipped_under_sanitizer(self, check, why):
        """In a sanitized build: reports `check` as a skipped subtest with
        `why` and returns True, and the caller leaves that one check out
        while the rest of the test goes on. In a normal build: False."""
        if not SANITIZED:
            return False
        with self.subTest(check):
            self.skipTest("%s: not meaningful with -fsanitize=%s: %s" % (check, SANITIZED, why))
        return True

    def tcp(self, d, **kw):
        c = TcpClient(d.tcp_addr, **kw)
        self.addCleanup(c.close)
        return c

    def udp(self, d, **kw):
        c = UdpClient(d.udp_addr, **kw)
        self.addCleanup(c.close)
        return c

    def sequenced(self, u):
        """request(obj) -> reply over the proven UdpClient u: each request gets
        the next seq, and each reply must fit one datagram (SPEC §3) and carry
        that seq (SPEC §7)."""
        seq = [0]

        def request(obj):
            seq[0] += 1
            u.send_json(dict(obj, seq=seq[0]))
            raw = u.recv_raw()
            self.assertLessEqual(len(raw), MAX_DATAGRAM)
            reply = json.loads(raw)
            self.assertEqual(reply.get("seq"), seq[0], reply)
            return reply

        return request

    # -- assertions shared by the modules

    def assertError(self, reply, code, id_=None, has_id=True):
        self.assertEqual(reply.get("type"), "error", reply)
        self.assertEqual(reply.get("code"), code, reply)
        self.assertIsInstance(reply.get("text"), str, reply)
        self.assertTrue(reply["text"], reply)
        if has_id and id_ is not None:
            self.assertIn("id", reply, reply)
            self.assertEqual(reply["id"], id_, reply)

    def assertWelcome(self, w, games=None):
        self.assertEqual(w.get("type"), "welcome", w)
        self.assertEqual(w.get("server"), "dealerd", w)
        self.assertEqual(w.get("version"), "0.1.0", w)
        self.assertEqual(w.get("protocol"), 1, w)
        self.assertIsInstance(w.get("games"), list, w)
        self.assertIsInstance(w.get("text"), str, w)
        if games is not None:
            self.assertEqual(w["games"], games, w)

    def assertFairReveal(self, start, final):
        """final (over) reveals the secret behind start's commit."""
        self.assertIn("reveal", final, final)
        reveal = final["reveal"]
        self.assertRegex(reveal.get("nonce", ""), HEX32)
        self.assertIsInstance(reveal.get("secret"), int, reveal)
        self.assertRegex(start.get("commit", ""), HEX64)
        self.assertEqual(commit_of(reveal["secret"], reveal["nonce"]), start["commit"],
                         "reveal does not match the commit")
        return reveal["secret"]

    def play_guess_json(self, request, lo, hi, game="guess", seq=None):
        """Plays a whole guess game by binary search with request(obj) -> reply.
        Returns (start, states)."""
        start = request({"type": "play", "game": game, "id": "p"})
        self.assertEqual(start.get("type"), "start", start)
        self.assertEqual(start.get("game"), game, start)
        self.assertEqual((start.get("min"), start.get("max")), (lo, hi), start)
        self.assertIs(start.get("over"), False, start)
        states = []

        def guess(mid):
            n = len(states) + 1
            st = request({"type": "move", "guess": mid, "id": n})
            self.assertEqual(st.get("type"), "state", st)
            self.assertEqual(st.get("id"), n, st)
            self.assertEqual(st.get("game"), game, st)
            self.assertEqual(st.get("guesses"), n, st)
            self.assertIs(st["over"], st["text"] == "found the secret", st)
            if not st["over"]:
                self.assertNotIn("reveal", st, "secret revealed before the end")
            states.append(st)
            return st["text"]

        secret, _ = find_secret(lo, hi, guess)
        self.assertEqual(states[-1].get("result"), "win", states[-1])
        self.assertEqual(self.assertFairReveal(start, states[-1]), secret)
        return start, states
