"""dealerd inside the seccomp sandbox of its own unit (issue #5): the
SystemCallFilter=, RestrictAddressFamilies= and MemoryDenyWriteExecute= of
systemd/dealerd.service, built by unit_sandbox.py as systemd 252 builds
them, with no systemd running. The bundled games load from their private
copies and play over TCP and UDP, a replaced plugin is loaded at a reload,
sd_notify and the stop work; a plugin that needs an executable stack is
refused with a clear line, as docs/service.md says. The first test shows
that the sandbox refuses what the unit refuses, so that the others can
fail."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

import unit_sandbox
from dealerd_harness import SANITIZED, DealerdTestCase, NotifySocket, fixture, make_config

# Each line tries one thing the unit forbids and says what became of it.
PROBE = r"""
import ctypes, mmap, os, socket
def attempt(name, action):
    try:
        action()
        print(name, "ok")
    except OSError as e:
        print(name, e.errno)
libc = ctypes.CDLL(None, use_errno=True)
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
def add_exec():
    page = mmap.mmap(-1, 4096)
    address = ctypes.addressof(ctypes.c_char.from_buffer(page))
    if libc.mprotect(address, 4096, mmap.PROT_READ | mmap.PROT_EXEC) != 0:
        raise OSError(ctypes.get_errno(), "mprotect")
attempt("mmap-wx", lambda: mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC))
attempt("mprotect-x", add_exec)
attempt("setpriority", lambda: os.setpriority(os.PRIO_PROCESS, 0, os.getpriority(os.PRIO_PROCESS, 0) + 1))
attempt("netlink", lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM).close())
attempt("inet6", lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).close())
"""


class Sandbox(DealerdTestCase):

    def setUp(self):
        why = unit_sandbox.why_unsupported()
        if why:
            self.skipTest(why)
        self.assertTrue(shutil.which("systemd-analyze"), "systemd-analyze is missing: run scripts/setup")
        self.dir = tempfile.mkdtemp(prefix="dealerd-sandbox-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def sandbox_env(self, **variables):
        """The variables a dealerd in the sandbox gets besides the test's.
        In an ASan build, leak checking is off there: LeakSanitizer stops
        dealerd's threads with ptrace() to scan them at exit, which the
        unit's SystemCallFilter= refuses (EPERM), so every run would end in
        "LeakSanitizer has encountered a fatal error" and exit 1 instead of
        dealerd's own code. ASan's other checks stay on, and the tests that
        run dealerd outside the sandbox check for leaks."""
        if "address" in SANITIZED and self.skipped_under_sanitizer(
                "leak check", "LeakSanitizer needs ptrace(), which the unit's SystemCallFilter= refuses"):
            variables["ASAN_OPTIONS"] = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "detect_leaks=0"]))
        return variables

    def probe(self, wrapper):
        """PROBE run under wrapper: {what it tried: "ok" or the errno}."""
        r = subprocess.run(wrapper + [sys.executable, "-c", PROBE], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout)
        return dict(line.split() for line in r.stdout.splitlines())

    def test_the_sandbox_refuses_what_the_unit_refuses(self):
        self.assertEqual(self.probe([]), {"mmap-wx": "ok", "mprotect-x": "ok", "setpriority": "ok", "netlink": "ok",
                                          "inet6": "ok"})
        # MemoryDenyWriteExecute= and ~@resources: EPERM (SystemCallErrorNumber=);
        # RestrictAddressFamilies=: EAFNOSUPPORT.
        self.assertEqual(self.probe(unit_sandbox.command()),
                         {"mmap-wx": "1", "mprotect-x": "1", "setpriority": "1", "netlink": "97", "inet6": "ok"})

    def assertNoErrors(self, d):
        """d logged no error: nothing it needed was refused silently."""
        bad = [l for l in d.log_snapshot() if " error " in l or " critical " in l]
        self.assertEqual(bad, [], d.log_text())

    def test_the_bundled_games_play_reload_and_stop(self):
        tag = os.path.join(self.dir, "dealer_buildtag.so")
        shutil.copyfile(fixture("build_a"), tag)
        games = {"guess": {"plugin": "guess", "min": 1, "max": 1000}, "rps": {"plugin": "rps"},
                 "password": {"plugin": "password", "password": "open sesame"}, "mancala": {"plugin": "mancala"},
                 "tag": {"plugin": tag}}
        notify = NotifySocket(self)
        d = self.start_daemon(make_config(games=games), wrapper=unit_sandbox.command(),
                              env=self.sandbox_env(**notify.env()))
        notify.wait_for(lambda m: m.get("READY") == "1")
        c = self.tcp(d)
        self.play_guess_json(c.request, 1, 1000)
        for game, move, expected in (("rps", {"throw": "rock"}, "state"),
                                     ("password", {"password": "open sesame"}, "state"),
                                     ("mancala", {"pit": 1}, "state")):
            self.assertEqual(c.request({"type": "play", "game": game})["type"], "start", game)
            reply = c.request(dict(move, type="move"))
            self.assertEqual(reply["type"], expected, reply)
            if not reply.get("over"):
                c.request({"type": "quit"})
        u = self.udp(d)
        u.handshake()
        self.play_guess_json(self.sequenced(u), 1, 1000)

        # A reload loads a replaced plugin into a fresh private copy.
        self.assertEqual(c.request({"type": "play", "game": "tag"})["build"], "a")
        shutil.copyfile(fixture("build_b"), tag)
        mark = d.log_mark()
        d.send_signal(signal.SIGHUP)
        d.wait_log(lambda l: "configuration reloaded" in l or "reload failed" in l, start=mark)
        self.assertIn("configuration reloaded", d.log_text())
        notify.wait_for(lambda m: m.get("RELOADING") == "1")
        notify.wait_for(lambda m: m.get("READY") == "1")
        self.assertEqual(self.tcp(d).request({"type": "play", "game": "tag"})["build"], "b")
        self.assertEqual(c.request({"type": "move", "say": "x"})["build"], "a")
        self.assertNoErrors(d)
        self.assertEqual(d.stop(), 0, d.log_text())

    def test_a_plugin_that_needs_an_executable_stack_is_refused_in_the_sandbox_only(self):
        games = {"guess": {"plugin": "guess"}, "coin": {"plugin": fixture("execstack")}}
        plain = self.start_daemon(make_config(games=games))
        self.assertEqual(self.tcp(plain).welcome["games"], ["coin", "guess"])
        d = self.start_daemon(make_config(games=games), wrapper=unit_sandbox.command(), env=self.sandbox_env())
        refused = [l for l in d.log_snapshot() if "game 'coin'" in l]
        self.assertEqual(len(refused), 1, d.log_text())
        self.assertIn(" error ", refused[0])
        self.assertIn("dealer_execstack.so refused", refused[0])
        self.assertIn("cannot enable executable stack", refused[0])
        self.assertEqual(self.tcp(d).welcome["games"], ["guess"])


if __name__ == "__main__":
    unittest.main()
