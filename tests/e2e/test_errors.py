"""Every error code of SPEC §4 over TCP JSON, with the id echoed, and the
session going on after each error that does not close it."""

import json
import os
import threading
import unittest

from dealerd_harness import DealerdTestCase, TcpClient, find_secret, fixture

WIDE = {"guess": {"plugin": "guess", "min": 1, "max": 1000000}}


class JsonErrors(DealerdTestCase):

    def setUp(self):
        self.d = self.start_daemon(games=WIDE)
        self.c = self.tcp(self.d)

    def still_works(self):
        self.assertEqual(self.c.request({"type": "ping", "id": "alive"}), {"type": "pong", "id": "alive"})

    def test_bad_json(self):
        for line in ('{"type":', '{"type":"ping",}', "{type: ping}", '{"type":"ping"} trailing', "{",
                     '{"type":"ping"}{"type":"ping"}', '{"a":"\\x"}'):
            self.c.send_line(line)
            self.assertError(self.c.recv_json(), "bad_json")
            self.still_works()

    def test_bad_message_envelope(self):
        cases = [
            ({"id": 1}, 1),                                    # no type
            ({"type": 5, "id": "t"}, "t"),                     # type not a string
            ({"type": None, "id": 2}, 2),
            ({"type": ["ping"], "id": 3}, 3),
            ({"type": "ping", "id": {"x": 1}}, None),          # id an object
            ({"type": "ping", "id": [1]}, None),               # id an array
            ({"type": "ping", "seq": -1, "id": "s"}, "s"),     # seq negative
            ({"type": "ping", "seq": 1.5, "id": "f"}, "f"),    # seq not an integer
            ({"type": "ping", "seq": "1", "id": "q"}, "q"),
            ({"type": "play", "game": "guess", "options": [1], "id": "o"}, "o"),   # options not object
            ({"type": "play", "game": "guess", "options": "min=1", "id": "o2"}, "o2"),
        ]
        for msg, id_ in cases:
            reply = self.c.request(msg)
            self.assertError(reply, "bad_message", id_)
            if id_ is None:
                self.assertNotIsInstance(reply.get("id"), (dict, list), reply)
            self.still_works()
        # Leading blanks before "{" still make a JSON message.
        self.c.send_line(' \t{ "type" : "ping" }')
        self.assertEqual(self.c.recv_json(), {"type": "pong"})
        # Not in a game after all that: options errors started nothing.
        self.assertError(self.c.request({"type": "move", "guess": 1, "id": 0}), "not_in_game", 0)

    def test_unknown_type(self):
        for t in ("dance", "", "PING", "Move"):
            self.assertError(self.c.request({"type": t, "id": t or "empty"}), "unknown_type", t or "empty")
            self.still_works()

    def test_unknown_game(self):
        for g in ("nosuch", "", "GUESS", "guess "):
            self.assertError(self.c.request({"type": "play", "game": g, "id": 11}), "unknown_game", 11)
            self.still_works()
        self.assertError(self.c.request({"type": "move", "guess": 1, "id": 1}), "not_in_game", 1)

    def test_bad_option(self):
        # guess lets players choose no option at all (SPEC §4).
        for options in ({"min": 3}, {"max": 10}, {"max_guesses": 1}, {"nosuch": True}, {"min": "x"}):
            self.assertError(self.c.request({"type": "play", "game": "guess", "options": options, "id": "b"}),
                             "bad_option", "b")
            self.still_works()
        # No game was started by the refused plays.
        self.assertError(self.c.request({"type": "quit", "id": "q"}), "not_in_game", "q")
        # Empty options are no options.
        self.assertEqual(self.c.request({"type": "play", "game": "guess", "options": {}})["type"], "start")

    def test_not_in_game(self):
        self.assertError(self.c.request({"type": "move", "guess": 1, "id": True}), "not_in_game", True)
        self.assertError(self.c.request({"type": "quit", "id": False}), "not_in_game", False)
        self.still_works()

    def test_in_game(self):
        start = self.c.request({"type": "play", "game": "guess"})
        self.assertError(self.c.request({"type": "play", "game": "guess", "id": 42}), "in_game", 42)
        self.assertError(self.c.request({"type": "play", "game": "nosuch", "id": 43}), "in_game", 43)
        self.still_works()
        # The first game still runs, unchanged: bring it to the end.
        _, states = self.play_guess_continue(start)
        self.assertEqual(states[-1]["result"], "win")

    def play_guess_continue(self, start):
        states = []

        def guess(mid):
            st = self.c.request({"type": "move", "guess": mid})
            states.append(st)
            self.assertEqual(st["guesses"], len(states), st)
            return st["text"]

        find_secret(1, 1000000, guess)
        self.assertFairReveal(start, states[-1])
        return start, states

    def test_illegal_move(self):
        start = self.c.request({"type": "play", "game": "guess"})
        bad_moves = [{"guess": "5"}, {"guess": 0}, {"guess": 1000001}, {"guess": -3}, {"guess": 1.5},
                     {"guess": None}, {"guess": True}, {"guess": [5]}, {"guess": {"v": 5}}, {},
                     {"guess": 2 ** 64}, {"guess": -(2 ** 63) - 5}, {"guess": 1e300}, {"gues": 5}]
        for i, fields in enumerate(bad_moves):
            msg = dict({"type": "move", "id": "ill%d" % i}, **fields)
            self.assertError(self.c.request(msg), "illegal_move", "ill%d" % i)
        self.still_works()
        # Refused moves did not count.
        st = self.c.request({"type": "move", "guess": 500000})
        self.assertEqual(st["guesses"], 1, st)
        if not st["over"]:
            self.assertError(self.c.request({"type": "move", "guess": "x", "id": 9}), "illegal_move", 9)
            st2 = self.c.request({"type": "move", "guess": 500000})
            self.assertEqual(st2["guesses"], 2, st2)
        self.assertRegex(start["commit"], "^[0-9a-f]{64}$")

    def test_a_move_reaches_the_game_as_the_player_meant_it(self):
        # A flat move is handed to the game as the player wrote it (spaces,
        # escapes and all); a key given twice counts once, with its last
        # value, as in every JSON tree: the game never sees the first one.
        while True:
            self.c.request({"type": "play", "game": "guess"})
            self.c.send_line('  {"type" : "move", "id":"sp", "guess" : 500000, "note":"\\u00e9\\n"}  ')
            st = self.c.recv_json()
            self.assertEqual((st.get("type"), st.get("id"), st.get("guesses")), ("state", "sp", 1), st)
            if not st["over"]:
                break
        # Guesses on the side away from the secret, so the game goes on.
        a, b, c = (1, 2, 3) if st["text"] == "too low" else (999998, 999999, 1000000)
        self.c.send_line('{"type":"move","guess":"x","guess":%d,"id":"a","id":"dup"}' % a)
        st = self.c.recv_json()
        self.assertEqual((st.get("type"), st.get("id"), st.get("guesses"), st.get("guess")),
                         ("state", "dup", 2, a), st)
        self.c.send_line('{"type":"move","guess":%d,"guess":"x","id":"last"}' % b)
        self.assertError(self.c.recv_json(), "illegal_move", "last")
        self.c.send_line('{"type":"move","guess":%d,"extra":{"guess":"x"},"seq":1,"seq":7}' % c)
        st = self.c.recv_json()
        self.assertEqual((st.get("guesses"), st.get("guess"), st.get("seq"), st.get("over")), (3, c, 7, False), st)
        self.still_works()

    def test_id_scalars_echoed(self):
        for id_ in (0, -1, 3.25, "", "ünï", True, None, 2 ** 53):
            reply = self.c.request({"type": "dance", "id": id_})
            self.assertError(reply, "unknown_type")
            self.assertIn("id", reply)
            self.assertEqual(reply["id"], id_)

    def test_every_request_one_reply(self):
        # Pipelined requests of all kinds: exactly one reply each, in order.
        msgs = [{"type": "ping"}, {"type": "dance"}, {"type": "move"}, {"id": 1}, {"type": "games"},
                {"type": "play", "game": "guess"}, {"type": "play", "game": "guess"}, {"type": "move", "guess": 0},
                {"type": "quit"}, {"type": "quit"}, {"type": "hello"}]
        payload = "".join('%s\n' % json.dumps(dict(m, id=i)) for i, m in enumerate(msgs))
        payload = payload.replace('{"type": "ping", "id": 0}', '{"type": "ping", "id": 0}\n{bad json')
        self.c.send_raw(payload + '{"type":"ping","id":"last"}\n')
        replies = [self.c.recv_json() for _ in range(len(msgs) + 2)]
        expected_types = ["pong", "error", "error", "error", "error", "games", "start", "error", "error",
                          "left", "error", "welcome", "pong"]
        self.assertEqual([r["type"] for r in replies], expected_types, replies)
        self.assertEqual(replies[1]["code"], "bad_json")
        self.assertEqual(replies[-1]["id"], "last")
        self.c.send_json({"type": "ping", "id": "end"})
        self.assertEqual(self.c.recv_json(), {"type": "pong", "id": "end"})


class LineTooLong(DealerdTestCase):

    def test_line_too_long_closes(self):
        d = self.start_daemon(limits={"max_line_bytes": 100})
        c = self.tcp(d)
        ok = '{"type":"ping","id":"%s"}' % ("p" * 70)
        self.assertLessEqual(len(ok), 100)
        self.assertEqual(c.request(json.loads(ok))["type"], "pong")
        # A request just before the long line is still answered, in order.
        c.send_raw('{"type":"ping","id":1}\n' + "x" * 101 + "\n" + '{"type":"ping","id":2}\n')
        self.assertEqual(c.recv_json(), {"type": "pong", "id": 1})
        err = c.recv_json()
        self.assertError(err, "line_too_long")
        self.assertEqual(c.expect_eof(), [], "the connection stayed open after line_too_long")
        # Others are unaffected.
        c2 = self.tcp(d)
        self.assertEqual(c2.request({"type": "ping"}), {"type": "pong"})

    def test_exact_limit_is_fine_crlf_not_counted(self):
        d = self.start_daemon(limits={"max_line_bytes": 100})
        c = self.tcp(d)
        line = '{"type":"ping","id":"%s"}' % ("z" * (100 - 23))
        self.assertEqual(len(line), 100)
        c.send_raw(line + "\r\n")
        self.assertEqual(c.recv_json()["type"], "pong")
        c.send_raw("x" * 101 + "\r\n")
        self.assertError(c.recv_json(), "line_too_long")
        self.assertEqual(c.expect_eof(), [])

    def test_line_too_long_text_form(self):
        d = self.start_daemon(limits={"max_line_bytes": 64})
        c = self.tcp(d)
        self.assertEqual(c.text("ping"), "pong")
        c.send_raw("y" * 65 + "\n")
        lines = c.expect_eof()
        self.assertEqual(len(lines), 1, lines)
        self.assertTrue(lines[0].startswith("error: "), lines)


def nested(levels, id_=None):
    """A ping whose "v" nests the request `levels` deep (the object is level 1)."""
    line = '{"type":"ping","v":' + "[" * (levels - 1) + "]" * (levels - 1)
    return line + (',"id":%d}' % id_ if id_ is not None else "}")


class JsonDepth(DealerdTestCase):
    """[limits] max_json_depth: deeper requests get bad_json and the session goes on."""

    def test_default_limit_over_tcp(self):
        d = self.start_daemon()
        c = self.tcp(d)
        c.send_line(nested(32, 1))
        self.assertEqual(c.recv_json(), {"type": "pong", "id": 1})
        c.send_line(nested(33, 2))
        err = c.recv_json()
        self.assertError(err, "bad_json", id_=None, has_id=False)
        self.assertEqual(err["text"], "JSON nested deeper than 32 levels")
        # An object that opens brackets to the end of a line as long as a line may be.
        c.send_line('{"type":"ping","v":' + "[" * 4000)
        self.assertError(c.recv_json(), "bad_json", has_id=False)
        self.assertEqual(c.request({"type": "ping", "id": 3}), {"type": "pong", "id": 3})

    def test_configured_limit_over_tcp_and_udp(self):
        d = self.start_daemon(limits={"max_json_depth": 4})
        c = self.tcp(d)
        c.send_line(nested(4, 1))
        self.assertEqual(c.recv_json(), {"type": "pong", "id": 1})
        c.send_line(nested(5, 2))
        err = c.recv_json()
        self.assertError(err, "bad_json", has_id=False)
        self.assertEqual(err["text"], "JSON nested deeper than 4 levels")
        self.assertEqual(c.request({"type": "play", "game": "guess", "options": {}})["type"], "start")
        u = self.udp(d)
        u.handshake()
        u.send_raw(nested(4, 3))
        self.assertEqual(u.recv_json(), {"type": "pong", "id": 3})
        u.send_raw(nested(5, 4))
        self.assertEqual(u.recv_json()["text"], "JSON nested deeper than 4 levels")
        self.assertEqual(u.request({"type": "ping", "id": 5}), {"type": "pong", "id": 5})


class PluginErrors(DealerdTestCase):
    """rate_limited and internal come from fixture plugins."""

    def fixture_games(self, *names):
        games = dict(WIDE)
        for game, so in names:
            path = fixture(so)
            self.assertTrue(os.path.exists(path), "fixture plugin missing: %s (built by tests/fixtures)" % path)
            games[game] = {"plugin": path}
        return games

    def test_rate_limited(self):
        d = self.start_daemon(games=self.fixture_games(("limited", "rate_limit")))
        c = self.tcp(d)
        self.assertIn("limited", c.welcome["games"])
        start = c.request({"type": "play", "game": "limited", "id": 1})
        self.assertEqual(start.get("type"), "start", start)
        for i in range(3):
            reply = c.request({"type": "move", "x": i, "id": "r%d" % i})
            self.assertError(reply, "rate_limited", "r%d" % i)
            self.assertEqual(reply.get("retry_after"), 7, reply)
        # The session goes on, still in the game.
        self.assertEqual(c.request({"type": "ping"}), {"type": "pong"})
        self.assertError(c.request({"type": "play", "game": "guess", "id": 2}), "in_game", 2)
        self.assertEqual(c.request({"type": "quit"}), {"type": "left", "game": "limited"})
        # Text form.
        c.send_line("play limited")
        c.recv_until(lambda l: l.startswith("(type your move"))
        reply = c.text("anything")
        self.assertTrue(reply.startswith("error: "), reply)

    def test_internal(self):
        d = self.start_daemon(games=self.fixture_games(("throws", "throws")))
        other = self.tcp(d)
        ostart = other.request({"type": "play", "game": "guess"})
        self.assertEqual(ostart["type"], "start")
        c = self.tcp(d)
        start = c.request({"type": "play", "game": "throws", "id": "s"})
        self.assertEqual(start.get("type"), "start", start)
        self.assertEqual(start.get("text"), "ready", start)
        ok = c.request({"type": "move", "x": 1})
        self.assertEqual((ok.get("type"), ok.get("over"), ok.get("text")), ("state", False, "ok"), ok)
        reply = c.request({"type": "move", "throw": True, "id": "boom"})
        self.assertError(reply, "internal", "boom")
        # The game was ended: back in the lobby.
        self.assertError(c.request({"type": "move", "x": 1, "id": "after"}), "not_in_game", "after")
        self.assertError(c.request({"type": "quit", "id": "q"}), "not_in_game", "q")
        self.assertEqual(c.request({"type": "ping"}), {"type": "pong"})
        # The daemon and the other session go on.
        self.assertTrue(d.running())
        st = other.request({"type": "move", "guess": 1})
        self.assertEqual(st.get("type"), "state", st)
        # Same session may play again, both games.
        self.assertEqual(c.request({"type": "play", "game": "throws"})["type"], "start")
        self.assertError(c.request({"type": "move", "throw": 1, "id": 2}), "internal", 2)
        self.assertEqual(c.request({"type": "play", "game": "guess"})["type"], "start")

    def test_internal_concurrent_sessions(self):
        d = self.start_daemon(games=self.fixture_games(("throws", "throws")), threads=2)
        errors = []

        def worker(i):
            try:
                with TcpClient(d.tcp_addr) as c:
                    for _ in range(20):
                        assert c.request({"type": "play", "game": "throws"})["type"] == "start"
                        r = c.request({"type": "move", "throw": i, "id": i})
                        assert r["type"] == "error" and r["code"] == "internal" and r["id"] == i, r
            except BaseException as e:  # noqa: BLE001
                errors.append(repr(e))

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertFalse(any(t.is_alive() for t in threads))
        self.assertEqual(errors, [])
        self.assertTrue(d.running())


if __name__ == "__main__":
    unittest.main()
