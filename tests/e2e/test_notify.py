"""sd_notify (issue #5): what dealerd tells systemd through NOTIFY_SOCKET,
read here from a test-owned AF_UNIX datagram socket. READY=1 only once the
listeners are bound and the plugins loaded; STATUS= with the players per
game, rate-limited; STOPPING=1 at SIGTERM; WATCHDOG=1 at half of
WATCHDOG_USEC, from the event loop (a wedged loop stops pinging)."""

import os
import signal
import subprocess
import unittest

from dealerd_harness import (DEALERD, START_TIMEOUT, STOP_TIMEOUT, DealerdTestCase, Gate, NotifySocket, fixture,
                             make_config, write_temp)

WIDE = {"guess": {"plugin": "guess", "min": 1, "max": 1000000}}


def is_ready(m):
    return m.get("READY") == "1"


def is_watchdog(m):
    return m.get("WATCHDOG") == "1"


class Notify(DealerdTestCase):

    def start(self, notify, games=WIDE, env_extra=None, **kw):
        d = self.start_daemon(make_config(games=games, **kw), env=notify.env(**(env_extra or {})))
        notify.wait_for(is_ready)
        return d

    def test_ready_only_after_the_plugins_are_loaded_and_the_listeners_bound(self):
        # stderr goes to a file, written synchronously: whatever dealerd
        # logged before it sent READY=1 is in the file when READY arrives.
        notify = NotifySocket(self)
        cfg = write_temp(make_config(games=WIDE))
        self.addCleanup(os.unlink, cfg)
        log_path = cfg + ".log"
        self.addCleanup(lambda: os.path.exists(log_path) and os.unlink(log_path))
        with open(log_path, "w") as log:
            proc = subprocess.Popen([DEALERD, "--config", cfg], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=log, env=dict(os.environ, **notify.env()))
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        first = notify.recv(START_TIMEOUT)
        self.assertEqual(first.get("READY"), "1", first)
        self.assertEqual(first.get("STATUS"), "0 players; 0 connected", first)
        with open(log_path) as f:
            text = f.read()
        self.assertIn("game guess from plugin guess", text)
        self.assertIn("listening on tcp 127.0.0.1:", text)
        self.assertIn("listening on udp 127.0.0.1:", text)
        proc.send_signal(signal.SIGTERM)
        stopping = notify.wait_for(lambda m: "STOPPING" in m)
        self.assertEqual(stopping.get("STOPPING"), "1")
        self.assertEqual(stopping.get("STATUS"), "stopping: 0 players; 0 connected")
        self.assertEqual(stopping.get("EXTEND_TIMEOUT_USEC"), "5000000")  # shutdown_grace 0s
        self.assertEqual(proc.wait(STOP_TIMEOUT), 0)

    def test_no_ready_when_the_start_fails(self):
        notify = NotifySocket(self)
        taken = self.tcp(self.start_daemon())  # any bound port will do: one of a running dealerd
        port = taken.sock.getpeername()[1]
        cfg = write_temp(make_config(tcp=["127.0.0.1:%d" % port]))
        self.addCleanup(os.unlink, cfg)
        r = subprocess.run([DEALERD, "--config", cfg], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           env=dict(os.environ, **notify.env()), timeout=START_TIMEOUT)
        self.assertEqual(r.returncode, 1, r.stderr)
        notify.expect_none(is_ready, 0.2)

    def test_status_counts_players_per_game(self):
        notify = NotifySocket(self)
        games = {"guess": WIDE["guess"], "rps": {"plugin": "rps"}}
        d = self.start(notify, games=games)
        a, b, c = self.tcp(d), self.tcp(d), self.tcp(d)
        a.request({"type": "play", "game": "guess"})
        b.request({"type": "play", "game": "guess"})
        c.request({"type": "play", "game": "rps"})
        u = self.udp(d)
        u.handshake()
        notify.wait_for(lambda m: m.get("STATUS") == "3 players: guess 2, rps 1; 4 connected")
        self.assertEqual(a.request({"type": "quit"})["type"], "left")
        notify.wait_for(lambda m: m.get("STATUS") == "2 players: guess 1, rps 1; 4 connected")
        # Updates are at least a second apart however fast players come: ten
        # newcomers make one or two updates, not ten.
        for _ in range(10):
            self.tcp(d)
        notify.wait_for(lambda m: m.get("STATUS") == "2 players: guess 1, rps 1; 14 connected")
        # "_at" is when dealerd sent each one (the kernel's time stamp), so
        # a test slow to read cannot squeeze two together: an update is
        # armed a full second after the previous one was sent.
        times = [m["_at"] for m in notify.messages if "STATUS" in m and "READY" not in m]
        gaps = [b - a for a, b in zip(times, times[1:])]
        self.assertGreaterEqual(len(gaps), 2, notify.messages)
        self.assertTrue(all(g > 0.9 for g in gaps), gaps)

    def test_stopping_with_a_game_in_progress(self):
        notify = NotifySocket(self)
        d = self.start_daemon(make_config(games=WIDE, server={"shutdown_grace": "30s"}), env=notify.env())
        notify.wait_for(is_ready)
        player = self.tcp(d)
        player.request({"type": "play", "game": "guess"})
        d.send_signal(signal.SIGTERM)
        stopping = notify.wait_for(lambda m: "STOPPING" in m)
        self.assertEqual(stopping["STATUS"], "stopping: 1 player: guess 1; 1 connected")
        # systemd is asked for the grace, 2 s of closing and 3 s to exit
        # (longer than the unit's TimeoutStopSec= when the grace is).
        self.assertEqual(stopping["EXTEND_TIMEOUT_USEC"], "35000000")
        self.assertEqual(player.recv_json()["type"], "shutdown")
        player.request({"type": "quit"})
        notify.wait_for(lambda m: m.get("STATUS", "").startswith("stopping: 0 players;"))
        self.assertEqual(d.wait_exit(STOP_TIMEOUT), 0)

    def test_watchdog_pings_at_half_the_interval(self):
        notify = NotifySocket(self)
        d = self.start(notify, env_extra={"WATCHDOG_USEC": "400000"})
        d.wait_log("systemd watchdog on: pinging every 200 ms")
        first = notify.wait_for(is_watchdog)
        for _ in range(4):
            notify.wait_for(is_watchdog)
        pings = [m["_at"] for m in notify.messages if is_watchdog(m)]
        self.assertGreaterEqual(pings[-1] - first["_at"], 0.6)  # 4 intervals of 200 ms, not a burst

    def test_no_watchdog_unless_asked_for_this_process(self):
        for extra in ({}, {"WATCHDOG_USEC": "400000", "WATCHDOG_PID": "1"}):
            with self.subTest(env=extra):
                notify = NotifySocket(self)
                self.start(notify, env_extra=extra)
                notify.expect_none(is_watchdog, 0.6)

    def test_a_wedged_event_loop_stops_pinging(self):
        # One network thread; the stall fixture's move blocks it until the
        # gate opens. No ping can be sent meanwhile; afterwards they resume.
        gate = Gate(self)
        self.addCleanup(gate.open)
        notify = NotifySocket(self)
        games = {"stall": {"plugin": fixture("stall"), "gate": gate.path}}
        d = self.start(notify, games=games, threads=1, env_extra={"WATCHDOG_USEC": "200000"})
        notify.wait_for(is_watchdog)
        player = self.tcp(d)
        player.request({"type": "play", "game": "stall"})
        player.send_json({"type": "move", "say": "x"})
        gate.wait_held(1)
        # The only network thread is inside the move now. Pings sent before
        # it got there are queued already (a send to a Unix socket is done
        # when sendmsg returns): take them, then no new one may come.
        notify.drain()
        notify.expect_none(is_watchdog, 0.8)
        gate.open()
        self.assertEqual(player.recv_json()["text"], "done x")
        notify.wait_for(is_watchdog)


if __name__ == "__main__":
    unittest.main()
