"""Plugins (SPEC §8): refused at load without taking the daemon down,
failures inside a game end that game only, and a plain C game plays."""

import os
import unittest

from dealerd_harness import DealerdTestCase, TcpClient, fixture, make_config, run_dealerd, write_temp

GUESS = {"plugin": "guess", "min": 1, "max": 1000000}


class FixtureTestCase(DealerdTestCase):

    def fx(self, name):
        path = fixture(name)
        self.assertTrue(os.path.exists(path),
                        "fixture plugin missing: %s (built by tests/fixtures; rebuild)" % path)
        return path


class RefusedPlugins(FixtureTestCase):

    def games(self):
        return {"guess": GUESS, "abi": {"plugin": self.fx("bad_abi")}, "noentry": {"plugin": self.fx("no_entry")}}

    def test_refused_plugins_logged_daemon_runs(self):
        d = self.start_daemon(games=self.games())
        log = d.log_snapshot()
        abi_lines = [l for l in log if "dealer_bad_abi.so" in l]
        self.assertTrue(abi_lines, "no log line names the refused bad_abi plugin:\n" + d.log_text())
        self.assertTrue(any("ABI" in l and "999" in l for l in abi_lines), abi_lines)
        entry_lines = [l for l in log if "dealer_no_entry.so" in l]
        self.assertTrue(entry_lines, "no log line names the refused no_entry plugin:\n" + d.log_text())
        self.assertTrue(any("dealer_plugin_init" in l or "entry" in l for l in entry_lines), entry_lines)
        self.assertTrue(any(" error " in l or "refused" in l for l in abi_lines + entry_lines))
        c = self.tcp(d)
        self.assertEqual(c.welcome["games"], ["guess"])
        self.assertError(c.request({"type": "play", "game": "abi", "id": 1}), "unknown_game", 1)
        self.assertError(c.request({"type": "play", "game": "noentry", "id": 2}), "unknown_game", 2)
        _, states = self.play_guess_json(c.request, 1, 1000000)
        self.assertEqual(states[-1]["result"], "win")

    def test_check_config_refuses_bad_plugins(self):
        for name in ("bad_abi", "no_entry"):
            with self.subTest(name):
                path = write_temp(make_config(games={"guess": GUESS, "broken": {"plugin": self.fx(name)}}))
                self.addCleanup(os.unlink, path)
                r = run_dealerd(["--check-config", "--config", path])
                self.assertNotEqual(r.returncode, 0, r)
                self.assertIn("dealer_%s.so" % name, r.stderr)
                self.assertRegex(r.stderr, r"%s:\d+:\d+: " % path)

    def test_missing_plugin_file(self):
        d = self.start_daemon(games={"guess": GUESS, "ghost": {"plugin": "/nonexistent/dealer_ghost.so"}})
        self.assertTrue(any("dealer_ghost.so" in l for l in d.log_snapshot()), d.log_text())
        c = self.tcp(d)
        self.assertEqual(c.welcome["games"], ["guess"])
        path = write_temp(make_config(games={"ghost": {"plugin": "ghost"}}))
        self.addCleanup(os.unlink, path)
        r = run_dealerd(["--check-config", "--config", path])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("dealer_ghost.so", r.stderr)


class FailingPlugins(FixtureTestCase):

    def test_throws_internal_session_goes_on(self):
        d = self.start_daemon(games={"guess": GUESS, "throws": {"plugin": self.fx("throws")}})
        c = self.tcp(d)
        self.assertIn("throws", c.welcome["games"])
        # Text form: the failure is an error line, and the player is back in the lobby.
        c.send_line("play throws")
        lines = c.recv_until(lambda l: l.startswith("(type your move"))
        self.assertIn("ready", lines[0])
        self.assertEqual(c.text("anything"), "ok")
        c.send_json({"type": "move", "throw": "now", "id": "t"})
        self.assertError(c.recv_json(), "internal", "t")
        self.assertEqual(c.text("ping"), "pong")  # lobby command again
        self.assertTrue(any("throw" in l for l in d.log_snapshot()), d.log_text())
        # Guess still works for this session.
        _, states = self.play_guess_json(c.request, 1, 1000000)
        self.assertEqual(states[-1]["result"], "win")
        self.assertTrue(d.running())

    def test_bad_replies_end_game_with_internal(self):
        d = self.start_daemon(games={"guess": GUESS, "bad": {"plugin": self.fx("bad_reply")}})
        c = self.tcp(d)
        for kind in ("not_json", "no_over", "bad_result"):
            with self.subTest(kind):
                start = c.request({"type": "play", "game": "bad"})
                self.assertEqual(start.get("type"), "start", start)
                ok = c.request({"type": "move", "reply": "fine"})
                self.assertEqual((ok["type"], ok["over"], ok["text"]), ("state", False, "ok"))
                self.assertError(c.request({"type": "move", "reply": kind, "id": kind}), "internal", kind)
                self.assertError(c.request({"type": "move", "reply": "fine", "id": 0}), "not_in_game", 0)
        self.assertTrue(d.running())
        self.assertEqual(c.request({"type": "ping"}), {"type": "pong"})


class CoinGame(FixtureTestCase):

    def setUp(self):
        self.d = self.start_daemon(games={"coin": {"plugin": self.fx("coin")}})

    def test_coin_json(self):
        c = self.tcp(self.d)
        self.assertEqual(c.welcome["games"], ["coin"])
        listing = c.request({"type": "games"})["games"]
        self.assertEqual((listing[0]["name"], listing[0]["plugin"]), ("coin", "coin"))
        results = set()
        for i in range(30):
            start = c.request({"type": "play", "game": "coin", "id": i})
            self.assertEqual((start["type"], start["game"], start["id"]), ("start", "coin", i))
            self.assertError(c.request({"type": "move", "call": "edge", "id": "e"}), "illegal_move", "e")
            self.assertError(c.request({"type": "move", "id": "n"}), "illegal_move", "n")
            call = ("heads", "tails")[i % 2]
            st = c.request({"type": "move", "call": call})
            self.assertEqual((st["type"], st["game"], st["over"]), ("state", "coin", True), st)
            self.assertIn(st.get("toss"), ("heads", "tails"), st)
            self.assertEqual(st["result"], "win" if st["toss"] == call else "lose", st)
            results.add(st["result"])
            self.assertError(c.request({"type": "move", "call": call, "id": "x"}), "not_in_game", "x")
        self.assertEqual(results, {"win", "lose"}, "30 tosses all gave the same result")

    def test_coin_text(self):
        c = self.tcp(self.d)
        c.send_line("play coin")
        lines = c.recv_until(lambda l: l.startswith("(type your move"))
        self.assertTrue(lines[0].startswith("coin: "), lines)
        self.assertTrue(c.text("edge").startswith("error: "))
        reply = c.text("heads")
        self.assertIn(reply, ("heads", "tails"))
        c.recv_until(lambda l: l.startswith("(game over"))
        self.assertEqual(c.text("ping"), "pong")

    def test_coin_udp(self):
        u = self.udp(self.d)
        u.handshake()
        st = None
        self.assertEqual(u.request({"type": "play", "game": "coin", "seq": 1})["type"], "start")
        st = u.request({"type": "move", "call": "tails", "seq": 2})
        self.assertTrue(st["over"])
        self.assertIn(st["result"], ("win", "lose"))

    def test_coin_many_players(self):
        clients = [TcpClient(self.d.tcp_addr) for _ in range(20)]
        for c in clients:
            self.addCleanup(c.close)
        for c in clients:
            c.send_json({"type": "play", "game": "coin"})
        for c in clients:
            self.assertEqual(c.recv_json()["type"], "start")
        for c in clients:
            c.send_json({"type": "move", "call": "heads"})
        for c in clients:
            self.assertTrue(c.recv_json()["over"])


if __name__ == "__main__":
    unittest.main()
