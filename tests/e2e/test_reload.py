"""SIGHUP reload (issue #5, SPEC §8), with the real dealerd: players in the
middle of a game over TCP and UDP keep playing across a reload and across a
plugin file replaced on disk (the build_a/build_b fixtures: one game, two
builds that say which they are); new games get the new build while the old
one serves its running games and is unloaded after the last of them (its log
line, and /proc/PID/maps no longer listing its private copy); a broken config
is refused, logged, and changes nothing; games added and removed; options
and limits; listen addresses bound and closed without dropping anyone;
RELOADING=1 then READY=1 on a test-owned NOTIFY_SOCKET; reloads run off the
network threads and SIGHUPs during one make exactly one more; socket
activation keeps systemd's sockets."""

import os
import shutil
import signal
import socket
import tempfile
import threading
import time
import unittest

from dealerd_harness import (IO_TIMEOUT, DealerdTestCase, Gate, NotifySocket, TcpClient, UdpClient, fixture,
                             make_config)

RELOADED = "configuration reloaded"
FAILED = "reload failed"


def memfd_copies(pid, file_name):
    """How many private copies (memfd images) of the plugin file called
    file_name dealerd has mapped: one per load."""
    inodes = set()
    with open("/proc/%d/maps" % pid) as f:
        for line in f:
            if "/memfd:dealer:%s " % file_name in line or line.rstrip().endswith("/memfd:dealer:%s" % file_name):
                inodes.add(line.split()[4])
    return len(inodes)


def settled_memfd_copies(pid, file_name, expected, timeout=IO_TIMEOUT):
    """memfd_copies() once it is `expected`, or what it is after timeout. A
    copy that nothing uses any more is unloaded by a handler on dealerd's
    control strand, which may run after the reply or notification that let
    go of it: a reload refused for its log sink has loaded the new build
    and releases it only as it reports the refusal (READY=1)."""
    deadline = time.monotonic() + timeout
    while True:
        copies = memfd_copies(pid, file_name)
        if copies == expected or time.monotonic() > deadline:
            return copies
        time.sleep(0.01)


def read_text(path):
    """The file's text, "" while it does not exist."""
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def listening_port(line):
    """The port of a "listening on tcp 127.0.0.2:PORT" line."""
    return int(line.rsplit(":", 1)[1])


class Games:
    """Plays whole buildtag games back to back on one session until stopped,
    on a thread: every move of a game must come from the build its start came
    from, whatever reloads happen meanwhile. .builds lists the build of each
    finished game; .error is the first failure."""

    def __init__(self, request):
        self.request = request
        self.builds = []
        self.error = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            while not self.stop.is_set():
                start = self.request({"type": "play", "game": "tag"})
                assert start.get("type") == "start", start
                build = start["build"]
                for n in (1, 2, 3):
                    state = self.request({"type": "move", "say": "x"})
                    assert (state.get("build"), state.get("moves")) == (build, n), (build, n, state)
                end = self.request({"type": "move", "say": "end"})
                assert end.get("over") is True and end.get("build") == build, end
                self.builds.append(build)
        except Exception as e:  # reported by finish()
            self.error = e

    def wait_for_build(self, build, timeout=IO_TIMEOUT):
        deadline = time.monotonic() + timeout
        while build not in self.builds and self.error is None:
            if time.monotonic() > deadline:
                raise AssertionError("no %s game finished; builds so far %r" % (build, self.builds))
            time.sleep(0.01)

    def finish(self, test):
        self.stop.set()
        self.thread.join(IO_TIMEOUT * 2)
        test.assertFalse(self.thread.is_alive(), "the load thread hangs")
        test.assertIsNone(self.error, "a game under load went wrong: %r" % (self.error,))


class ReloadTestCase(DealerdTestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dealerd-reload-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.tag_path = os.path.join(self.dir, "dealer_buildtag.so")
        shutil.copyfile(fixture("build_a"), self.tag_path)

    def reload(self, d, config_text=None, ok=True):
        """Writes config_text (if given) over d's config, sends SIGHUP and
        waits for the outcome; returns the log lines of that reload."""
        if config_text is not None:
            with open(d.config_path, "w") as f:
                f.write(config_text)
        mark = d.log_mark()
        d.send_signal(signal.SIGHUP)
        line = d.wait_log(lambda l: RELOADED in l or FAILED in l, start=mark)
        lines = d.log_snapshot()[mark:]
        self.assertIn(RELOADED if ok else FAILED, line, "\n".join(lines))
        return lines

    def play_tag(self, request, build):
        start = request({"type": "play", "game": "tag"})
        self.assertEqual((start.get("type"), start.get("build")), ("start", build), start)
        return start

    def move_tag(self, request, build, moves):
        state = request({"type": "move", "say": "x"})
        self.assertEqual((state.get("type"), state.get("build"), state.get("moves")), ("state", build, moves), state)

    def end_tag(self, request, build):
        end = request({"type": "move", "say": "end"})
        self.assertEqual((end.get("over"), end.get("build")), (True, build), end)

    def udp_player(self, d, addr=None):
        u = UdpClient(addr or d.udp_addr)
        self.addCleanup(u.close)
        u.handshake()
        return u, self.sequenced(u)

    def tag_config(self, **kw):
        games = kw.pop("games", {"tag": {"plugin": self.tag_path}, "guess": {"plugin": "guess"}})
        return make_config(games=games, **kw)


class ReplacedPlugin(ReloadTestCase):

    def test_running_games_finish_on_their_build_new_games_get_the_new_one_under_load(self):
        d = self.start_daemon(self.tag_config())
        self.assertEqual(memfd_copies(d.pid, "dealer_buildtag.so"), 1)
        tcp = self.tcp(d)
        self.play_tag(tcp.request, "a")
        self.move_tag(tcp.request, "a", 1)
        _, udp = self.udp_player(d)
        self.play_tag(udp, "a")
        self.move_tag(udp, "a", 1)
        load = [Games(self.tcp(d).request), Games(self.udp_player(d)[1])]
        for g in load:
            g.wait_for_build("a")

        # Copied over in place, as `cp` does: same inode, new contents.
        shutil.copyfile(fixture("build_b"), self.tag_path)
        lines = self.reload(d)
        self.assertTrue(any("game tag changed (plugin file replaced)" in l and "plugin buildtag b" in l
                            for l in lines), lines)
        self.assertTrue(any("0 games added, 0 removed, 1 changed, 1 unchanged" in l for l in lines), lines)

        # The games in progress go on with build a ...
        self.move_tag(tcp.request, "a", 2)
        self.move_tag(udp, "a", 2)
        # ... new ones get build b, on a new connection and on the busy ones.
        fresh = self.tcp(d)
        self.play_tag(fresh.request, "b")
        for g in load:
            g.wait_for_build("b")
        self.assertEqual(memfd_copies(d.pid, "dealer_buildtag.so"), 2)

        # Build a is unloaded once its last game has ended, though the
        # connections that played it stay open.
        for g in load:
            g.finish(self)
        self.end_tag(tcp.request, "a")
        mark = d.log_mark()
        self.end_tag(udp, "a")
        d.wait_log("unloaded plugin buildtag a (%s)" % self.tag_path, start=mark)
        self.assertEqual(memfd_copies(d.pid, "dealer_buildtag.so"), 1)
        again = self.play_tag(tcp.request, "b")
        self.assertEqual(again["games_here"], 1, "build b starts with no data of build a")
        self.move_tag(fresh.request, "b", 1)

    def test_a_new_file_renamed_over_the_old_one(self):
        d = self.start_daemon(self.tag_config())
        player = self.tcp(d)
        self.play_tag(player.request, "a")
        new = os.path.join(self.dir, "new.so")
        shutil.copyfile(fixture("build_b"), new)
        os.rename(new, self.tag_path)  # how package managers install
        self.reload(d)
        self.play_tag(self.tcp(d).request, "b")
        self.move_tag(player.request, "a", 1)

    def test_an_unchanged_plugin_is_reused_not_reloaded(self):
        d = self.start_daemon(self.tag_config())
        player = self.tcp(d)
        self.play_tag(player.request, "a")
        self.end_tag(player.request, "a")
        lines = self.reload(d)
        self.assertTrue(any("0 games added, 0 removed, 0 changed, 2 unchanged" in l for l in lines), lines)
        self.assertFalse(any("unloaded plugin" in l for l in lines), lines)
        self.assertEqual(memfd_copies(d.pid, "dealer_buildtag.so"), 1)
        # The same load and game: the connection's data is still there.
        self.assertEqual(self.play_tag(player.request, "a")["games_here"], 2)

    def test_a_slow_move_on_a_worker_finishes_on_the_old_build(self):
        gate = Gate(self)
        self.addCleanup(gate.open)
        path = os.path.join(self.dir, "dealer_g.so")
        shutil.copyfile(fixture("slow"), path)
        d = self.start_daemon(make_config(games={"g": {"plugin": path, "gate": gate.path}}))
        player = self.tcp(d)
        self.assertEqual(player.request({"type": "play", "game": "g"})["text"], "ready")
        player.send_json({"type": "move", "say": "x"})
        gate.wait_held(1)  # the move is inside the old build, on a worker
        shutil.copyfile(fixture("stall"), path)
        lines = self.reload(d)
        self.assertTrue(any("game g changed (plugin file replaced)" in l and "plugin stall" in l for l in lines),
                        lines)
        gate.open()
        self.assertEqual(player.recv_json(), {"type": "state", "game": "g", "over": False, "text": "done x",
                                              "moves": 1})
        listing = self.tcp(d).request({"type": "games"})["games"]
        self.assertEqual([(g["name"], g["plugin"]) for g in listing], [("g", "stall")])
        mark = d.log_mark()
        self.assertTrue(player.request({"type": "move", "say": "end"})["over"])
        d.wait_log("unloaded plugin slow 1.0.0", start=mark)


class RefusedReloads(ReloadTestCase):

    def broken_configs(self):
        good = self.tag_config()
        return {
            "syntax": (good + "\n[limits\n", "Error while parsing"),
            "value": (self.tag_config(limits={"max_sessions": 0}), "[limits] max_sessions"),
            "missing plugin": (self.tag_config(games={"tag": {"plugin": self.tag_path},
                                                      "ghost": {"plugin": "/nonexistent/dealer_ghost.so"}}),
                               "dealer_ghost.so refused"),
            "bad ABI": (self.tag_config(games={"tag": {"plugin": self.tag_path},
                                               "abi": {"plugin": fixture("bad_abi")}}),
                        "ABI version 999"),
            "bad option": (self.tag_config(games={"tag": {"plugin": self.tag_path, "colour": "red"}}),
                           "unknown option 'colour'"),
            "log sink": (self.tag_config(sink="file:/proc/no/such/dir/dealerd.log"), "[log] sink: cannot open it"),
        }

    def test_a_broken_config_is_refused_logged_and_changes_nothing(self):
        notify = NotifySocket(self)
        d = self.start_daemon(self.tag_config(), env=notify.env())
        notify.wait_for(lambda m: m.get("READY") == "1")
        player = self.tcp(d)
        self.play_tag(player.request, "a")
        shutil.copyfile(fixture("build_b"), self.tag_path)  # a change that must not be applied either
        moves = 0
        for what, (text, expected) in self.broken_configs().items():
            with self.subTest(what):
                lines = self.reload(d, text, ok=False)
                errors = [l for l in lines if " error reload: " in l]
                self.assertTrue(errors, lines)
                self.assertTrue(any(expected in l for l in errors), errors)
                self.assertTrue(any(d.config_path + ":" in l for l in errors), errors)
                ready = notify.wait_for(lambda m: m.get("READY") == "1")
                self.assertTrue(ready["STATUS"].startswith("last reload failed (see the log); "), ready)
                moves += 1
                self.move_tag(player.request, "a", moves)
                self.play_tag(self.tcp(d).request, "a")  # build b was not loaded
                self.assertEqual(settled_memfd_copies(d.pid, "dealer_buildtag.so", 1), 1)
        # A good config again: applied, and the status is clean.
        self.reload(d, self.tag_config())
        ready = notify.wait_for(lambda m: m.get("READY") == "1")
        self.assertNotIn("reload failed", ready["STATUS"])
        self.play_tag(self.tcp(d).request, "b")

    def test_an_address_that_cannot_be_bound_refuses_the_reload(self):
        d = self.start_daemon(self.tag_config())
        taken = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(taken.close)
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        busy = "127.0.0.1:%d" % taken.getsockname()[1]
        games = {"tag": {"plugin": self.tag_path}, "coin": {"plugin": fixture("coin")}}
        lines = self.reload(d, self.tag_config(games=games, tcp=["127.0.0.1:0", "127.0.0.2:0", busy]), ok=False)
        self.assertTrue(any("cannot listen on tcp %s" % busy in l for l in lines), lines)
        self.assertFalse(any("listening on" in l for l in lines), lines)
        self.assertEqual(self.tcp(d).welcome["games"], ["guess", "tag"])


class ChangedGamesAndOptions(ReloadTestCase):

    def test_games_added_and_removed(self):
        d = self.start_daemon(self.tag_config())
        player = self.tcp(d)
        self.play_tag(player.request, "a")
        games = {"guess": {"plugin": "guess"}, "coin": {"plugin": fixture("coin")}}
        lines = self.reload(d, self.tag_config(games=games))
        self.assertTrue(any("game coin added (plugin coin" in l for l in lines), lines)
        self.assertTrue(any("game tag removed" in l for l in lines), lines)
        self.assertTrue(any("1 game added, 1 removed, 0 changed, 1 unchanged" in l for l in lines), lines)
        newcomer = self.tcp(d)
        self.assertEqual(newcomer.welcome["games"], ["coin", "guess"])
        self.assertEqual([g["name"] for g in player.request({"type": "games"})["games"]], ["coin", "guess"])
        self.assertError(newcomer.request({"type": "play", "game": "tag", "id": 1}), "unknown_game", 1)
        self.assertEqual(newcomer.request({"type": "play", "game": "coin"})["type"], "start")
        # The removed game's player finishes, then the plugin goes.
        self.move_tag(player.request, "a", 1)
        mark = d.log_mark()
        self.end_tag(player.request, "a")
        d.wait_log("unloaded plugin buildtag a", start=mark)
        self.assertError(player.request({"type": "play", "game": "tag", "id": 2}), "unknown_game", 2)

    def test_options_and_limits_follow_threads_wait_for_a_restart(self):
        d = self.start_daemon(make_config(games={"guess": {"plugin": "guess", "max": 9}}, threads=2))
        first = self.tcp(d)
        start = first.request({"type": "play", "game": "guess"})
        self.assertEqual(start["max"], 9)
        lines = self.reload(d, make_config(games={"guess": {"plugin": "guess", "max": 99}}, threads=3,
                                           limits={"max_sessions_per_ip": 2}))
        self.assertTrue(any("game guess changed (options changed)" in l for l in lines), lines)
        self.assertTrue(any("reload: [limits] max_sessions_per_ip = 2 (was 64)" in l for l in lines), lines)
        self.assertTrue(any(" warning reload: [server] threads = 3 needs a restart to take effect; still 2" in l
                            for l in lines), lines)
        self.assertTrue(any("1 option changed, 1 waiting for a restart" in l for l in lines), lines)
        second = self.tcp(d)
        self.assertEqual(second.request({"type": "play", "game": "guess"})["max"], 99)
        # A third session from this address is over the new limit; the two stay.
        third = TcpClient(d.tcp_addr, read_welcome=False)
        self.addCleanup(third.close)
        self.assertError(third.recv_json(), "server_busy")
        # The game begun before goes on with its range.
        self.assertError(first.request({"type": "move", "guess": 50, "id": 7}), "illegal_move", 7)
        self.assertEqual(first.request({"type": "move", "guess": 5})["type"], "state")
        # threads still waits: the next reload says so again.
        lines = self.reload(d)
        self.assertTrue(any("[server] threads = 3 needs a restart" in l for l in lines), lines)
        self.assertTrue(any("0 options changed, 1 waiting for a restart" in l for l in lines), lines)

    def test_the_log_sink_follows(self):
        log_path = os.path.join(self.dir, "logs", "dealerd.log")
        d = self.start_daemon(self.tag_config())
        with open(d.config_path, "w") as f:
            f.write(self.tag_config(sink="file:" + log_path))
        mark = d.log_mark()
        d.send_signal(signal.SIGHUP)
        d.wait_log("SIGHUP received: reloading", start=mark)
        deadline = time.monotonic() + IO_TIMEOUT
        while RELOADED not in read_text(log_path):
            self.assertLess(time.monotonic(), deadline, "no reload line in the new log file")
            time.sleep(0.01)
        self.tcp(d).request({"type": "play", "game": "tag"})
        self.assertNotIn(RELOADED, "\n".join(d.log_snapshot()[mark:]), "a line after the switch went to stderr")
        self.assertFalse(any("connected" in l for l in d.log_snapshot()[mark:]))
        self.assertIn("game tag started", read_text(log_path))


class ListenAddresses(ReloadTestCase):

    def test_tcp_added_and_removed_without_dropping_anyone(self):
        d = self.start_daemon(self.tag_config(tcp=["127.0.0.1:0", "127.0.0.3:0"]))
        old, kept = d.tcp
        player = self.tcp(d)  # on 127.0.0.1
        self.play_tag(player.request, "a")
        lines = self.reload(d, self.tag_config(tcp=["127.0.0.2:0", "127.0.0.3:0"]))
        added = [l for l in lines if "listening on tcp 127.0.0.2:" in l]
        self.assertEqual(len(added), 1, lines)
        # Said on the listener's own strand, once its socket is closed.
        d.wait_log("stopped listening on tcp 127.0.0.1:%d; the connections accepted on it stay open" % old[1])
        self.assertFalse(any("127.0.0.3" in l for l in lines), "an unchanged address was touched:\n%s" % lines)
        self.assertTrue(any("1 listener added, 1 removed" in l for l in lines), lines)
        # The connection accepted on the removed address plays on.
        self.move_tag(player.request, "a", 1)
        self.end_tag(player.request, "a")
        with self.assertRaises(ConnectionRefusedError):
            TcpClient(old)
        self.assertWelcome(self.tcp_to(("127.0.0.2", listening_port(added[0]))).welcome)
        self.assertWelcome(self.tcp_to(kept).welcome)  # same socket, same port

    def test_udp_removed_serves_its_sessions_to_their_end(self):
        d = self.start_daemon(self.tag_config(udp=["127.0.0.1:0"]))
        old = d.udp_addr
        u, player = self.udp_player(d)
        self.play_tag(player, "a")
        lines = self.reload(d, self.tag_config(udp=["127.0.0.2:0"]))
        added = [l for l in lines if "listening on udp 127.0.0.2:" in l]
        self.assertEqual(len(added), 1, lines)
        self.assertTrue(any("udp 127.0.0.1:%d takes no new peers" % old[1] in l for l in lines), lines)
        # The session plays on, finishes its game and may start another.
        self.move_tag(player, "a", 1)
        self.end_tag(player, "a")
        self.play_tag(player, "a")
        # Nobody new: a hello gets nothing.
        stranger = UdpClient(old)
        self.addCleanup(stranger.close)
        stranger.send_json({"type": "hello"})
        stranger.expect_silence()
        # The new address serves.
        self.udp_player(d, ("127.0.0.2", listening_port(added[0])))
        # When the last session ends, the socket closes.
        mark = d.log_mark()
        self.assertEqual(player({"type": "bye"})["type"], "bye")
        d.wait_log("stopped listening on udp 127.0.0.1:%d: its last session ended" % old[1], start=mark)

    def test_a_removed_udp_address_added_back_while_it_serves_is_taken_back(self):
        d = self.start_daemon(self.tag_config(udp=["127.0.0.1:0"]))
        old = d.udp_addr
        u, player = self.udp_player(d)
        self.play_tag(player, "a")
        self.reload(d, self.tag_config(udp=["127.0.0.2:0"]))
        lines = self.reload(d, self.tag_config(udp=["127.0.0.1:0"]))
        self.assertTrue(any("listening on udp 127.0.0.1:%d again" % old[1] in l for l in lines), lines)
        self.move_tag(player, "a", 1)
        self.udp_player(d, old)  # new peers are welcome again, on the same port

    def test_socket_activation_keeps_systemds_sockets(self):
        activate = shutil.which("systemd-socket-activate") or "/usr/bin/systemd-socket-activate"
        self.assertTrue(os.access(activate, os.X_OK), "systemd-socket-activate is missing: run scripts/setup")
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        d = self.start_daemon(self.tag_config(), wrapper=[activate, "--listen=127.0.0.1:%d" % port],
                              wait_ready=False)
        d.wait_log("Listening on 127.0.0.1:%d as" % port)
        player = TcpClient(("127.0.0.1", port))
        self.addCleanup(player.close)
        d.wait_ready()
        self.play_tag(player.request, "a")
        lines = self.reload(d, self.tag_config(tcp=["127.0.0.2:0"], udp=[]))
        self.assertTrue(any("the listen sockets are systemd's (socket activation): they stay as they are" in l
                            for l in lines), lines)
        self.assertFalse(any("listening on" in l for l in lines), lines)
        self.move_tag(player.request, "a", 1)
        self.assertWelcome(self.tcp_to(("127.0.0.1", port)).welcome)

    def tcp_to(self, addr):
        c = TcpClient(addr)
        self.addCleanup(c.close)
        return c


class Orchestration(ReloadTestCase):

    def test_reloading_then_ready_on_the_notify_socket(self):
        notify = NotifySocket(self)
        d = self.start_daemon(self.tag_config(), env=notify.env())
        notify.wait_for(lambda m: m.get("READY") == "1")
        before = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
        d.send_signal(signal.SIGHUP)
        reloading = notify.wait_for(lambda m: "RELOADING" in m)
        after = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
        self.assertEqual(reloading["RELOADING"], "1")
        self.assertTrue(before <= int(reloading["MONOTONIC_USEC"]) <= after, (before, reloading, after))
        self.assertTrue(reloading["STATUS"].startswith("reloading the configuration; "), reloading)
        ready = notify.wait_for(lambda m: "READY" in m or "RELOADING" in m)
        self.assertEqual(ready.get("READY"), "1", ready)
        self.assertEqual(ready["STATUS"], "0 players; 0 connected")
        d.wait_log(RELOADED)

    def test_reloads_run_off_the_network_threads_and_sighups_meanwhile_make_one_more(self):
        # One network thread; the reload's game_create waits for a gate. The
        # player is served meanwhile, so the reload is not on that thread.
        gate = Gate(self)
        self.addCleanup(gate.open)
        d = self.start_daemon(self.tag_config(threads=1))
        player = self.tcp(d)
        self.play_tag(player.request, "a")
        with open(d.config_path, "w") as f:
            f.write(self.tag_config(threads=1, games={
                "tag": {"plugin": self.tag_path},
                "held": {"plugin": fixture("build_b"), "create_gate": gate.path}}))
        d.send_signal(signal.SIGHUP)
        gate.wait_held(1)
        self.move_tag(player.request, "a", 1)
        self.assertEqual(self.tcp(d).request({"type": "ping"}), {"type": "pong"})
        d.send_signal(signal.SIGHUP)
        d.wait_log("SIGHUP received during a reload: reloading again once it is done")
        d.send_signal(signal.SIGHUP)
        d.wait_log("SIGHUP received during a reload: one more reload is already queued")
        self.assertNotIn(RELOADED, d.log_text())
        gate.open()
        d.wait_log("reloading again for the SIGHUP received meanwhile")
        d.wait_log(lambda l: RELOADED in l and "0 changed, 2 unchanged" in l)
        self.assertEqual(self.tcp(d).welcome["games"], ["held", "tag"])
        self.assertEqual(d.stop(), 0)
        log = d.log_text()
        self.assertEqual(log.count("SIGHUP received: reloading"), 1, log)
        self.assertEqual(log.count(RELOADED), 2, log)
        self.assertEqual(gate.held(), 1, "the second reload created the unchanged game again")

    def test_sighup_and_sigusr1_while_starting_wait_for_the_server(self):
        # A plugin's game_create holds the start (as a slow plugin would);
        # SIGHUP and SIGUSR1 then, whose default action is to kill, wait for
        # dealerd's handlers: it comes up, and the SIGHUP is a reload.
        gate = Gate(self)
        self.addCleanup(gate.open)
        d = self.start_daemon(self.tag_config(games={"held": {"plugin": fixture("build_b"), "create_gate": gate.path}}),
                              wait_ready=False)
        gate.wait_held(1)
        d.send_signal(signal.SIGUSR1)
        d.send_signal(signal.SIGHUP)
        time.sleep(0.1)  # not needed for the result: gives a missing block time to kill dealerd
        self.assertIsNone(d.proc.poll(), "a signal during the start killed dealerd")
        gate.open()
        d.wait_ready()
        d.wait_log("SIGHUP received: reloading")
        d.wait_log(RELOADED)
        d.wait_log("SIGUSR1 received")
        self.assertEqual(self.tcp(d).request({"type": "ping"}), {"type": "pong"})

    def test_sighup_while_stopping_does_not_reload(self):
        d = self.start_daemon(self.tag_config(server={"shutdown_grace": "30s"}))
        player = self.tcp(d)
        self.play_tag(player.request, "a")
        d.send_signal(signal.SIGTERM)
        self.assertEqual(player.recv_json()["type"], "shutdown")
        d.send_signal(signal.SIGHUP)
        d.wait_log("SIGHUP received while stopping: not reloading")
        self.end_tag(player.request, "a")
        self.assertEqual(d.wait_exit(), 0)


if __name__ == "__main__":
    unittest.main()
