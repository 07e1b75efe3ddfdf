"""Log sinks under a service manager (issue #5): `file:PATH` is reopened on
SIGUSR1 (logrotate moves the file, dealerd starts a new one), and
`journal` sends structured entries whose session lines carry
DEALER_SESSION, DEALER_PEER and DEALER_GAME. The journal test catches
journald's socket in private user and mount namespaces (unshare, from
util-linux): it runs as any user, needs no /run/systemd on the host and
changes nothing outside."""

import os
import re
import shutil
import signal
import socket
import tempfile
import time
import unittest

from dealerd_harness import IO_TIMEOUT, DealerdTestCase, NotifySocket, TcpClient, make_config

WIDE = {"guess": {"plugin": "guess", "min": 1, "max": 1000000}}
LISTEN_RE = re.compile(r"listening on tcp (\S+):(\d+)\s*$")


def wait_file(path, pred, timeout=IO_TIMEOUT):
    """Waits until the file at path exists and pred(its text); returns the text."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with open(path) as f:
                text = f.read()
            if pred(text):
                return text
        except FileNotFoundError:
            text = None
        if time.monotonic() > deadline:
            raise AssertionError("%s: expected content not there within %.1f s: %r" % (path, timeout, text))
        time.sleep(0.01)


class FileSink(DealerdTestCase):

    def test_sigusr1_reopens_the_file_after_logrotate_moved_it(self):
        tmp = tempfile.mkdtemp(prefix="dealerd-log-")
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "dealerd.log")
        notify = NotifySocket(self)
        d = self.start_daemon(make_config(games=WIDE, sink="file:" + path), env=notify.env(), wait_ready=False)
        notify.wait_for(lambda m: m.get("READY") == "1")
        text = wait_file(path, lambda t: "listening on tcp" in t)
        host, port = next(LISTEN_RE.search(l).groups() for l in text.splitlines() if LISTEN_RE.search(l))
        first = TcpClient((host, int(port)))
        self.addCleanup(first.close)
        wait_file(path, lambda t: "connected" in t)

        os.rename(path, path + ".1")  # what logrotate does
        d.send_signal(signal.SIGUSR1)
        wait_file(path, lambda t: "SIGUSR1 received: reopened the log file " + path in t)
        second = TcpClient((host, int(port)))
        self.addCleanup(second.close)
        second.request({"type": "play", "game": "guess"})
        new = wait_file(path, lambda t: "game guess started" in t)
        self.assertNotIn("dealerd 0.1.0 starting", new)
        with open(path + ".1") as f:
            old = f.read()
        self.assertIn("dealerd 0.1.0 starting", old)
        self.assertNotIn("game guess started", old)
        self.assertEqual(d.log_snapshot(), [], "nothing goes to stderr with a file sink")

    def test_sigusr1_with_another_sink_changes_nothing(self):
        d = self.start_daemon(games=WIDE)
        mark = d.log_mark()
        d.send_signal(signal.SIGUSR1)
        d.wait_log("SIGUSR1 received: the log sink is not a file; nothing to reopen", start=mark)
        self.assertEqual(self.tcp(d).request({"type": "ping"}), {"type": "pong"})


class JournalSink(DealerdTestCase):

    def setUp(self):
        self.assertTrue(shutil.which("unshare"), "unshare (util-linux) is missing")
        self.tmp = tempfile.mkdtemp(prefix="dealerd-journal-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        os.mkdir(os.path.join(self.tmp, "journal"))
        self.journal = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.addCleanup(self.journal.close)
        self.journal.bind(os.path.join(self.tmp, "journal", "socket"))
        self.seen = []  # every entry received

    def entries(self, pred, timeout=IO_TIMEOUT):
        """Reads journal entries (dicts) until pred(entry); returns that one."""
        deadline = time.monotonic() + timeout
        seen = self.seen
        while time.monotonic() < deadline:
            self.journal.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                data = self.journal.recv(65536)
            except socket.timeout:
                break
            entry = dict(line.split("=", 1) for line in data.decode().split("\n") if "=" in line)
            seen.append(entry)
            if pred(entry):
                return entry
        raise AssertionError("no matching journal entry; got %r" % seen)

    def test_session_lines_carry_structured_fields(self):
        # In private user and mount namespaces (no root needed), a fresh
        # /run holds this directory as /run/systemd: dealerd's journal
        # socket is ours.
        wrapper = ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private", "sh", "-c",
                   'mount -t tmpfs tmpfs /run && mkdir /run/systemd && mount --bind "$0" /run/systemd && exec "$@"',
                   self.tmp]
        self.start_daemon(make_config(games=WIDE, sink="journal"), wrapper=wrapper, wait_ready=False)
        ready = self.entries(lambda e: e.get("MESSAGE", "").startswith("dealerd ready"))
        self.assertEqual(ready["SYSLOG_IDENTIFIER"], "dealerd")
        self.assertEqual(ready["PRIORITY"], "6")
        self.assertNotIn("DEALER_SESSION", ready)
        port = next(int(LISTEN_RE.search(e["MESSAGE"]).group(2)) for e in self.seen
                    if LISTEN_RE.search(e.get("MESSAGE", "")))
        c = TcpClient(("127.0.0.1", port))
        self.addCleanup(c.close)
        connected = self.entries(lambda e: e.get("MESSAGE", "").endswith(": connected"))
        self.assertEqual(connected["PRIORITY"], "7")
        self.assertRegex(connected["DEALER_SESSION"], r"^\d+$")
        self.assertRegex(connected["DEALER_PEER"], r"^tcp 127\.0\.0\.1:\d+$")
        self.assertNotIn("DEALER_GAME", connected)
        c.request({"type": "play", "game": "guess"})
        started = self.entries(lambda e: "game guess started" in e.get("MESSAGE", ""))
        self.assertEqual(started["DEALER_GAME"], "guess")
        self.assertEqual(started["DEALER_SESSION"], connected["DEALER_SESSION"])
        self.assertEqual(started["DEALER_PEER"], connected["DEALER_PEER"])


if __name__ == "__main__":
    unittest.main()
