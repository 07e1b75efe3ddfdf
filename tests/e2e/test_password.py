"""The password game end to end (SPEC §5): dealerd --hash-password (piped
and on a terminal), logins over TCP (JSON and text) and UDP, penalties
shared across sessions and transports of one address (with shortened
durations), and a burst of 50 argon2id checks during which another player
is still answered at once."""

import os
import pty
import select
import socket
import subprocess
import time
import unittest

from dealerd_harness import DEALERD, DealerdTestCase, make_config, run_dealerd, write_temp

PASSWORD = "correct horse battery"


def hash_of(password):
    """dealerd --hash-password with the password piped in."""
    r = subprocess.run([DEALERD, "--hash-password"], input=password + "\n", stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


class HashPasswordTest(DealerdTestCase):

    def test_piped_password_gives_an_argon2id_string(self):
        h = hash_of(PASSWORD)
        self.assertRegex(h, r"^\$argon2id\$v=19\$m=65536,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$")
        self.assertNotEqual(h, hash_of(PASSWORD))  # a fresh salt every time

    def test_empty_or_missing_password_is_refused(self):
        for stdin in ("", "\n"):
            r = subprocess.run([DEALERD, "--hash-password"], input=stdin, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, timeout=30)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stdout, "")
            self.assertIn("dealerd: ", r.stderr)

    def run_on_terminal(self, first, second):
        """Runs --hash-password on a pseudo-terminal typing first and second;
        returns (exit code, everything the terminal showed)."""
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(DEALERD, [DEALERD, "--hash-password"])
        shown = b""

        def read_until(marker):
            nonlocal shown
            deadline = time.monotonic() + 30
            while marker not in shown and time.monotonic() < deadline:
                ready, _, _ = select.select([fd], [], [], 0.5)
                if ready:
                    try:
                        shown += os.read(fd, 4096)
                    except OSError:
                        return

        read_until(b"password: ")
        os.write(fd, first.encode() + b"\n")
        read_until(b"again: ")
        os.write(fd, second.encode() + b"\n")
        read_until(b"\xff")  # everything, until the terminal closes
        deadline = time.monotonic() + 30
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                self.fail("dealerd --hash-password did not finish; the terminal showed %r" % shown)
            time.sleep(0.01)
        os.close(fd)
        return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")

    def test_on_a_terminal_it_asks_twice_without_echo(self):
        code, shown = self.run_on_terminal("tty secret", "tty secret")
        self.assertEqual(code, 0, shown)
        self.assertIn("password: ", shown)
        self.assertIn("again: ", shown)
        self.assertNotIn("tty secret", shown)
        self.assertRegex(shown, r"\$argon2id\$v=19\$")

    def test_on_a_terminal_two_different_passwords_are_refused(self):
        code, shown = self.run_on_terminal("one", "two")
        self.assertEqual(code, 1)
        self.assertIn("the two passwords differ", shown)
        self.assertNotIn("$argon2id$", shown)

    def test_a_bad_hash_is_a_config_error_with_its_position(self):
        path = write_temp(make_config(games={"vault": {"plugin": "password", "hash": "$2y$10$notargon"}}))
        self.addCleanup(os.unlink, path)
        r = run_dealerd(["--check-config", "--config", path])
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r":\d+:\d+: game 'vault': hash is not an argon2id PHC string")


class PasswordGameTest(DealerdTestCase):

    @classmethod
    def setUpClass(cls):
        cls.hash = hash_of(PASSWORD)

    def start(self, **options):
        game = {"plugin": "password", "hash": self.hash}
        game.update(options)
        return self.start_daemon(make_config(games={"password": game}, server={"workers": 2}))

    def test_login_over_tcp_json(self):
        d = self.start(max_attempts=3)
        c = self.tcp(d)
        start = c.request({"type": "play", "game": "password", "id": 1})
        self.assertEqual(start, {"type": "start", "game": "password", "attempts_left": 3, "over": False,
                                 "text": "password required", "id": 1})
        denied = c.request({"type": "move", "password": "Tr0ub4dor&3"})
        self.assertEqual(denied, {"type": "state", "game": "password", "attempts_left": 2, "over": False,
                                  "text": "access denied"})
        granted = c.request({"type": "move", "password": PASSWORD, "id": "last"})
        self.assertEqual((granted["over"], granted["result"], granted["text"], granted["id"]),
                         (True, "win", "access granted", "last"))
        self.assertError(c.request({"type": "move", "password": PASSWORD}), "not_in_game", has_id=False)

    def test_denials_are_identical_whatever_was_sent_and_the_game_is_lost(self):
        d = self.start(max_attempts=2, max_failures=100)
        replies = []
        for attempt in ("", "x" * 3000, "correct horse batter", "\u00e9t\u00e9"):
            c = self.tcp(d)
            c.request({"type": "play", "game": "password"})
            c.send_json({"type": "move", "password": attempt})
            replies.append(c.recv_line())
        self.assertEqual(len(set(replies)), 1, replies)
        c = self.tcp(d)
        c.request({"type": "play", "game": "password"})
        c.request({"type": "move", "password": "a"})
        lost = c.request({"type": "move", "password": "b"})
        self.assertEqual((lost["over"], lost["result"], lost["text"]), (True, "lose", "access denied"))

    def test_login_in_text_mode(self):
        d = self.start()
        c = self.tcp(d)
        self.assertEqual(c.text("play password"), "password: password required (3 attempts): type it")
        c.recv_line()  # the hint line
        self.assertEqual(c.text("letmein"), "access denied (2 attempts left)")
        self.assertEqual(c.text(PASSWORD), "access granted")
        self.assertIn("game over", c.recv_line())

    def test_login_over_udp(self):
        d = self.start()
        u = self.udp(d)
        u.handshake()
        self.assertEqual(u.request({"type": "play", "game": "password", "seq": 1})["attempts_left"], 3)
        self.assertEqual(u.request({"type": "move", "password": "no", "seq": 2})["text"], "access denied")
        granted = u.request({"type": "move", "password": PASSWORD, "seq": 3}, timeout=10)
        self.assertEqual((granted["result"], granted["seq"]), ("win", 3))

    def test_failures_are_penalised_across_sessions_and_transports_then_forgiven(self):
        d = self.start(max_failures=2, penalty="1s", max_penalty="2s", failure_window="1m")
        tcp = self.tcp(d)
        tcp.request({"type": "play", "game": "password"})
        tcp.request({"type": "move", "password": "one"})
        tcp.request({"type": "move", "password": "two"})  # the second failure starts a 1 s penalty

        udp = self.udp(d)  # the same address, another transport and session
        udp.handshake()
        udp.request({"type": "play", "game": "password"})
        refused = udp.request({"type": "move", "password": PASSWORD, "id": 9})
        self.assertError(refused, "rate_limited", id_=9)
        self.assertEqual(refused["retry_after"], 1)
        self.assertIn("too many failed logins", refused["text"])
        self.assertTrue(d.wait_log(lambda l: "too many failed logins from 127.0.0.1: refused for 1 s" in l))

        text = self.tcp(d)  # in text mode the host words the wait
        text.text("play password")
        text.recv_line()
        self.assertRegex(text.text("open sesame"),
                         r"^error: too many failed logins from your address \(try again in 1 s\)$")

        other = self.tcp(d, bind="127.0.0.2")  # another address is not affected
        other.request({"type": "play", "game": "password"})
        self.assertEqual(other.request({"type": "move", "password": "three"})["text"], "access denied")

        time.sleep(refused["retry_after"] + 0.2)  # wait as told
        granted = udp.request({"type": "move", "password": PASSWORD}, timeout=10)
        self.assertEqual(granted["text"], "access granted")

    def test_a_burst_of_50_logins_does_not_hold_up_another_player(self):
        # One network thread: were the checks made on it, the ping would wait
        # for all 50 of them and come last.
        d = self.start_daemon(make_config(games={"password": {"plugin": "password", "hash": self.hash}},
                                          server={"workers": 2}, threads=1))
        logins = []
        for _ in range(50):
            c = self.tcp(d, timeout=60)
            self.assertEqual(c.request({"type": "play", "game": "password"})["type"], "start")
            logins.append(c)
        for i, c in enumerate(logins):
            c.send_json({"type": "move", "password": PASSWORD, "id": i})
        other = self.tcp(d)
        other.send_json({"type": "ping", "id": "p"})

        # Record the order in which replies arrive.
        waiting = {c.sock: c for c in logins}
        waiting[other.sock] = other
        order = []
        deadline = time.monotonic() + 120
        while waiting and time.monotonic() < deadline:
            ready, _, _ = select.select(list(waiting), [], [], 1)
            for sock in ready:
                reply = waiting.pop(sock).recv_json()
                order.append(reply)
        self.assertFalse(waiting, "replies missing")
        pong_at = next(i for i, r in enumerate(order) if r.get("type") == "pong")
        self.assertLess(pong_at, len(order) - 1, "the ping was answered only after every login")
        granted = [r for r in order if r.get("type") == "state"]
        self.assertEqual(len(granted), 50)
        self.assertTrue(all(r["text"] == "access granted" for r in granted))


if __name__ == "__main__":
    unittest.main()
