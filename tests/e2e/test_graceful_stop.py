"""Graceful stop with a grace period (issue #5): at SIGTERM dealerd stops
accepting, tells every player `shutdown`, closes the lobby at once, lets
the games in progress run for [server] shutdown_grace, and exits 0 as soon
as the last one has ended, or when the grace period is over."""

import json
import signal
import socket
import time
import unittest

from dealerd_harness import (IO_TIMEOUT, STOP_TIMEOUT, Closed, DealerdTestCase, Gate, NotifySocket, TcpClient, find_secret,
                             fixture, make_config)

WIDE = {"guess": {"plugin": "guess", "min": 1, "max": 1000000}}
LONG_GRACE = "30s"  # far longer than any test: an early exit proves the daemon did not wait for it


def wait_signal_taken(pid, signo, timeout=IO_TIMEOUT):
    """Waits until signo, sent to the process pid, is no longer pending: a
    thread has taken it, and its disposition at that moment decided what it
    did. Also returns when the process has died (a zombie keeps showing
    the signal as pending) or is gone."""
    bit = 1 << (signo - 1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open("/proc/%d/status" % pid) as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except FileNotFoundError:
            return
        if fields["State"].strip().startswith("Z") or not int(fields["ShdPnd"], 16) & bit:
            return
        time.sleep(0.001)
    raise AssertionError("signal %d still pending for process %d" % (signo, pid))


class GracefulStop(DealerdTestCase):

    def start(self, grace=LONG_GRACE, games=WIDE, **kw):
        return self.start_daemon(make_config(games=games, server={"shutdown_grace": grace}, **kw))

    def assertShutdown(self, notice, grace=None):
        self.assertEqual(notice.get("type"), "shutdown", notice)
        self.assertNotIn("id", notice)
        if grace is None:
            self.assertNotIn("grace", notice)
            self.assertEqual(notice.get("text"), "the server is shutting down")
        else:
            self.assertEqual(notice.get("grace"), grace, notice)
            self.assertIn("finish your game within", notice.get("text", ""))

    def assertClosedThenExit(self, d, client):
        """The server closes client with nothing more said, and dealerd exits 0."""
        self.assertEqual(client.expect_eof(), [])
        client.close()  # so that the daemon need not linger for our side
        self.assertEqual(d.wait_exit(STOP_TIMEOUT), 0, d.log_text())

    def test_a_game_in_progress_is_played_to_its_end(self):
        d = self.start()
        lobby = self.tcp(d)
        player = self.tcp(d)
        start = player.request({"type": "play", "game": "guess"})
        self.assertEqual(start["type"], "start", start)
        d.send_signal(signal.SIGTERM)

        # The lobby is told and closed at once.
        lines = lobby.expect_eof()
        self.assertEqual(len(lines), 1, lines)
        self.assertShutdown(json.loads(lines[0]))
        # The player is told how long is left, and stays.
        self.assertShutdown(player.recv_json(), grace=30)
        # logrotate's SIGUSR1 and a SIGHUP during the grace period are
        # handled, not fatal (both would kill by default).
        d.send_signal(signal.SIGUSR1)
        d.send_signal(signal.SIGHUP)
        d.wait_log("SIGUSR1 received")
        d.wait_log("SIGHUP received")
        self.assertTrue(d.running())
        # No new player gets in: the listener is closed (or, caught in its
        # backlog as it closed, the newcomer is told and closed at once).
        try:
            late = TcpClient(d.tcp_addr, timeout=2)
        except (OSError, Closed):
            pass
        else:
            self.addCleanup(late.close)
            self.assertShutdown(late.recv_json())
            self.assertEqual(late.expect_eof(), [])

        # The game goes on, every move answered, to its end; then the
        # connection closes and the daemon exits 0, because the game ended:
        # the 30 s grace period never ran out.
        states = []

        def guess(mid):
            st = player.request({"type": "move", "guess": mid})
            self.assertEqual(st["type"], "state", st)
            states.append(st)
            return st["text"]

        find_secret(1, 1000000, guess)
        self.assertEqual(states[-1]["result"], "win")
        self.assertFairReveal(start, states[-1])
        self.assertClosedThenExit(d, player)
        d.wait_log("dealerd stopped")
        self.assertNotIn("the shutdown grace period is over", d.log_text())

    def test_leaving_the_game_ends_the_connection(self):
        d = self.start()
        player = self.tcp(d)
        self.assertEqual(player.text("play guess").split(":")[0], "guess")
        player.recv_until(lambda l: l.startswith("(type your move"))
        d.send_signal(signal.SIGTERM)
        self.assertEqual(player.recv_line(), "the server is shutting down: finish your game within 30 s")
        reply = player.text("500000")
        self.assertIn(reply, ("too low", "too high", "found the secret"))
        self.assertEqual(player.text("/quit"), "you left guess; back in the lobby")
        self.assertClosedThenExit(d, player)

    def test_the_grace_period_runs_out(self):
        d = self.start(grace="1s")
        idle = self.tcp(d)
        idle.request({"type": "play", "game": "guess"})
        t0 = time.monotonic()
        d.send_signal(signal.SIGTERM)
        self.assertShutdown(idle.recv_json(), grace=1)
        d.wait_log("the shutdown grace period is over")
        self.assertClosedThenExit(d, idle)
        self.assertGreaterEqual(time.monotonic() - t0, 0.9)

    def test_udp_game_in_progress_finishes_and_new_peers_are_ignored(self):
        d = self.start(games={"guess": {"plugin": "guess", "min": 0, "max": 9}})
        lobby = self.udp(d)
        lobby.handshake()
        player = self.udp(d)
        player.handshake()
        request = self.sequenced(player)
        start = request({"type": "play", "game": "guess"})
        self.assertEqual(start["type"], "start", start)
        d.send_signal(signal.SIGTERM)
        self.assertShutdown(lobby.recv_json())
        self.assertShutdown(player.recv_json(), grace=30)
        # A newcomer gets no cookie, and the lobby peer has no session left.
        late = self.udp(d)
        late.send_json({"type": "hello"})
        late.expect_silence(0.3)
        lobby.send_json({"type": "ping"})
        lobby.expect_silence(0.3)

        def guess(mid):
            st = request({"type": "move", "guess": mid})
            self.assertEqual(st["type"], "state", st)
            return st["text"]

        find_secret(0, 9, guess)
        self.assertEqual(d.wait_exit(STOP_TIMEOUT), 0, d.log_text())

    def test_a_slow_move_made_during_the_grace_period_is_answered(self):
        gate = Gate(self)
        self.addCleanup(gate.open)
        d = self.start(games={"slow": {"plugin": fixture("slow"), "gate": gate.path}})
        player = self.tcp(d)
        self.assertEqual(player.request({"type": "play", "game": "slow"})["type"], "start")
        player.send_json({"type": "move", "say": "a", "id": 1})
        gate.wait_held(1)
        d.send_signal(signal.SIGTERM)
        self.assertShutdown(player.recv_json(), grace=30)
        gate.open()
        self.assertEqual(player.recv_json(), {"type": "state", "game": "slow", "over": False, "text": "done a",
                                              "moves": 1, "id": 1})
        self.assertEqual(player.request({"type": "move", "say": "end"})["over"], True)
        self.assertClosedThenExit(d, player)

    def test_a_second_sigterm_sent_after_the_first_is_logged_ends_dealerd(self):
        # An operator (or a test) who sees "SIGTERM received" and sends
        # another must end dealerd: SIGTERM has its default action back by
        # the time that line is written. To hold dealerd just after the
        # line, its service manager stops reading: the notify socket is
        # filled to its queue limit, so the STOPPING=1 that follows the
        # line blocks until the test reads again.
        notify = NotifySocket(self)
        d = self.start_daemon(make_config(games=WIDE, server={"shutdown_grace": LONG_GRACE}), env=notify.env(),
                              check_exit=False)
        notify.wait_for(lambda m: m.get("READY") == "1")
        player = self.tcp(d)
        player.request({"type": "play", "game": "guess"})  # a game: the stop would wait 30 s for it
        notify.wait_for(lambda m: m.get("STATUS", "").startswith("1 player:"))
        filler = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.addCleanup(filler.close)
        filled = 0
        while True:
            try:
                filler.sendto(b"X-FILLER=1", socket.MSG_DONTWAIT, notify.path)
                filled += 1
            except BlockingIOError:
                break
        self.assertGreater(filled, 0)
        d.send_signal(signal.SIGTERM)
        d.wait_log("SIGTERM received: stopping")
        d.send_signal(signal.SIGTERM)
        wait_signal_taken(d.proc.pid, signal.SIGTERM)  # caught by a handler, or fatal: decided now
        notify.drain()  # lets STOPPING=1 through
        self.assertEqual(d.wait_exit(STOP_TIMEOUT), -signal.SIGTERM, d.log_text())

    def test_zero_grace_closes_games_at_once(self):
        d = self.start(grace="0s")
        player = self.tcp(d)
        player.request({"type": "play", "game": "guess"})
        d.send_signal(signal.SIGTERM)
        lines = player.expect_eof()
        self.assertEqual(len(lines), 1, lines)
        self.assertShutdown(json.loads(lines[0]))
        self.assertEqual(d.wait_exit(STOP_TIMEOUT), 0)


if __name__ == "__main__":
    unittest.main()
