"""The guess game in JSON over TCP (SPEC §4, §5), and many players at once."""

import threading
import unittest

from dealerd_harness import HEX64, DealerdTestCase, TcpClient, commit_of, find_secret

WIDE = {"guess": {"plugin": "guess", "min": 1, "max": 1000000}}


class GuessJsonTcp(DealerdTestCase):

    def test_welcome_on_connect(self):
        d = self.start_daemon(games=WIDE)
        c = self.tcp(d)
        self.assertWelcome(c.welcome, games=["guess"])
        w = c.request({"type": "hello", "id": 5})
        self.assertWelcome(w, games=["guess"])
        self.assertEqual(w.get("id"), 5)

    def test_games_ping_bye(self):
        d = self.start_daemon(games=WIDE)
        c = self.tcp(d)
        g = c.request({"type": "games", "id": "g"})
        self.assertEqual(g.get("type"), "games", g)
        self.assertEqual(g.get("id"), "g")
        self.assertEqual(len(g["games"]), 1, g)
        entry = g["games"][0]
        self.assertEqual(entry["name"], "guess")
        self.assertEqual(entry["plugin"], "guess")
        self.assertEqual(entry["players"], 1)
        self.assertIsInstance(entry["title"], str)
        self.assertIsInstance(entry["description"], str)
        p = c.request({"type": "ping", "id": 1.5})
        self.assertEqual(p, {"type": "pong", "id": 1.5})
        b = c.request({"type": "bye", "id": None})
        self.assertEqual(b.get("type"), "bye", b)
        self.assertIn("id", b)
        self.assertIsNone(b["id"])
        self.assertEqual(c.expect_eof(), [])

    def test_full_game_binary_search_wide_range(self):
        d = self.start_daemon(games=WIDE)
        c = self.tcp(d)
        start, states = self.play_guess_json(c.request, 1, 1000000)
        self.assertRegex(start["commit"], HEX64)
        self.assertEqual(start.get("id"), "p")
        self.assertLessEqual(len(states), 20)
        texts = {s["text"] for s in states[:-1]}
        self.assertTrue(texts <= {"too low", "too high"}, texts)
        # Back in the lobby: a move is refused, and a new game starts with a new commit.
        self.assertError(c.request({"type": "move", "guess": 3, "id": "m"}), "not_in_game", "m")
        start2, _ = self.play_guess_json(c.request, 1, 1000000)
        self.assertNotEqual(start2["commit"], start["commit"])

    def test_commit_is_fresh_per_game(self):
        d = self.start_daemon(games=WIDE)
        c = self.tcp(d)
        commits = set()
        for _ in range(5):
            s = c.request({"type": "play", "game": "guess"})
            self.assertEqual(s.get("type"), "start", s)
            commits.add(s["commit"])
            self.assertEqual(c.request({"type": "quit"}), {"type": "left", "game": "guess"})
        self.assertEqual(len(commits), 5, "commits repeat: nonces are not fresh")

    def test_lost_game_with_max_guesses(self):
        d = self.start_daemon(games={"guess": {"plugin": "guess", "min": 1, "max": 1000000,
                                               "max_guesses": 3}})
        c = self.tcp(d)
        # Guess 1, 1000000, 2: three guesses cannot find a secret among a
        # million unless it is one of those (then play again; 5 tries).
        for _attempt in range(5):
            start = c.request({"type": "play", "game": "guess"})
            self.assertEqual(start.get("max_guesses"), 3, start)
            final = None
            for n, g in enumerate([1, 1000000, 2], 1):
                st = c.request({"type": "move", "guess": g})
                self.assertEqual(st["guesses"], n, st)
                final = st
                if st["over"]:
                    break
                self.assertNotIn("reveal", st)
            if final["text"] != "found the secret":
                break
        self.assertEqual(final["guesses"], 3, final)
        self.assertIs(final["over"], True, final)
        self.assertEqual(final["result"], "lose", final)
        self.assertIn(final["text"], ("too low", "too high"))
        secret = self.assertFairReveal(start, final)
        self.assertTrue(3 <= secret < 1000000, secret)
        self.assertError(c.request({"type": "move", "guess": 5, "id": 9}), "not_in_game", 9)

    def test_seq_echoed_on_tcp(self):
        d = self.start_daemon(games=WIDE)
        c = self.tcp(d)
        r = c.request({"type": "ping", "seq": 1})
        self.assertEqual(r, {"type": "pong", "seq": 1})
        r2 = c.request({"type": "play", "game": "guess", "seq": 2, "id": "x"})
        self.assertEqual((r2["type"], r2["seq"], r2["id"]), ("start", 2, "x"))

    def test_pipelined_requests_answered_in_order(self):
        # 20,000 at once: far over the default message rate, which is off here.
        d = self.start_daemon(games=WIDE, limits={"max_messages_per_second": 0})
        c = self.tcp(d, timeout=10)
        n = 20000
        payload = b"".join(b'{"type":"ping","id":%d}\n' % i for i in range(n))
        errors = []

        def send():
            try:
                c.sock.sendall(payload)
            except OSError as e:
                errors.append(e)

        t = threading.Thread(target=send, daemon=True)
        t.start()
        for i in range(n):
            self.assertEqual(c.recv_json(), {"type": "pong", "id": i})
        t.join(10)
        self.assertEqual(errors, [])

    def test_secret_distribution_small_range(self):
        # Over a range of two, many games must produce both secrets: a
        # dealer stuck on one value would be caught.
        d = self.start_daemon(games={"guess": {"plugin": "guess", "min": 0, "max": 1}})
        c = self.tcp(d)
        seen = set()
        for _ in range(40):
            s = c.request({"type": "play", "game": "guess"})
            st = c.request({"type": "move", "guess": 0})
            if st["text"] == "too low":
                st = c.request({"type": "move", "guess": 1})
            self.assertEqual(st["result"], "win", st)
            self.assertEqual(commit_of(st["reveal"]["secret"], st["reveal"]["nonce"]), s["commit"])
            seen.add(st["reveal"]["secret"])
        self.assertEqual(seen, {0, 1})


class ManyPlayers(DealerdTestCase):

    PLAYERS = 200

    def test_200_concurrent_players(self):
        d = self.start_daemon(games=WIDE, threads=2,
                              limits={"max_sessions": 1000, "max_sessions_per_ip": 1000})
        clients = [TcpClient(d.tcp_addr, timeout=10) for _ in range(self.PLAYERS)]
        for c in clients:
            self.addCleanup(c.close)
        barrier = threading.Barrier(self.PLAYERS, timeout=15)
        results = [None] * self.PLAYERS

        def play(i):
            c = clients[i]
            try:
                barrier.wait()
                start = c.request({"type": "play", "game": "guess"})
                assert start["type"] == "start", start
                states = []

                def guess(mid):
                    st = c.request({"type": "move", "guess": mid, "id": i})
                    states.append(st)
                    assert st["type"] == "state" and st["id"] == i and st["guesses"] == len(states), st
                    return st["text"]

                secret, _ = find_secret(1, 1000000, guess, limit=40)
                st = states[-1]
                assert st["over"] and st["result"] == "win" and st["reveal"]["secret"] == secret, st
                assert commit_of(secret, st["reveal"]["nonce"]) == start["commit"], st
                results[i] = ("ok", start["commit"])
            except BaseException as e:  # noqa: BLE001 - reported below
                results[i] = ("error", repr(e))

        threads = [threading.Thread(target=play, args=(i,)) for i in range(self.PLAYERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertFalse(any(t.is_alive() for t in threads), "players hung")
        failures = [r for r in results if r is None or r[0] != "ok"]
        self.assertEqual(failures, [], "%d players failed" % len(failures))
        self.assertEqual(len({r[1] for r in results}), self.PLAYERS, "two games shared a commit")
        # Everyone still connected is still served.
        self.assertEqual(clients[0].request({"type": "ping"}), {"type": "pong"})


if __name__ == "__main__":
    unittest.main()
