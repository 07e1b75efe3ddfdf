"""mancala (Kalah) against the dealer over TCP and UDP, JSON and text (SPEC §5).

Every state is replayed on a small reference implementation of the rules
written here: the player's move and the reported dealer_moves must turn the
previous board into the new one, so a board, a dealer move or a result that
does not follow the rules is caught.
"""

import json
import os
import random
import re
import select
import unittest

from dealerd_harness import MAX_DATAGRAM, DealerdTestCase, make_config, run_dealerd, write_temp

# Easy dealers keep the suite fast where strength does not matter; the hard
# one thinks 5 ms a move.
GAMES = {
    "mancala": {"plugin": "mancala", "level": "easy"},
    "mancala-hard": {"plugin": "mancala", "level": "hard", "think_ms": 5},
    "mancala-big": {"plugin": "mancala", "pits": 12, "seeds": 6, "level": "easy"},
}


class Kalah:
    """The rules of SPEC §5, one seed at a time. Cells: the player's pits,
    the player's store, the dealer's pits, the dealer's store."""

    def __init__(self, board):
        self.n = len(board["pits"][0])
        self.cells = (list(board["pits"][0]) + [board["stores"][0]] +
                      list(board["pits"][1]) + [board["stores"][1]])
        self.over = False

    def board(self):
        n = self.n
        return {"pits": [self.cells[0:n], self.cells[n + 1:2 * n + 1]],
                "stores": [self.cells[n], self.cells[2 * n + 1]]}

    def side_cells(self, side):
        start = side * (self.n + 1)
        return range(start, start + self.n)

    def sow(self, side, pit):
        """Sows pit (1-based) of side (0 player, 1 dealer); returns True when
        the same side moves again."""
        n = self.n
        cell = side * (n + 1) + pit - 1
        own_store, other_store = side * (n + 1) + n, (1 - side) * (n + 1) + n
        seeds, self.cells[cell] = self.cells[cell], 0
        assert seeds > 0, "sowing an empty pit"
        while seeds:
            cell = (cell + 1) % (2 * n + 2)
            if cell == other_store:
                continue
            self.cells[cell] += 1
            seeds -= 1
        again = cell == own_store
        if cell in self.side_cells(side) and self.cells[cell] == 1 and self.cells[2 * n - cell] > 0:
            self.cells[own_store] += 1 + self.cells[2 * n - cell]
            self.cells[cell] = self.cells[2 * n - cell] = 0
        if any(sum(self.cells[c] for c in self.side_cells(s)) == 0 for s in (0, 1)):
            for s in (0, 1):
                for c in self.side_cells(s):
                    self.cells[s * (n + 1) + n] += self.cells[c]
                    self.cells[c] = 0
            self.over = True
            return False
        return again

    def result(self):
        mine, theirs = self.cells[self.n], self.cells[2 * self.n + 1]
        return "win" if mine > theirs else "lose" if mine < theirs else "draw"


class MancalaCase(DealerdTestCase):

    def setUp(self):
        self.d = self.start_daemon(games=GAMES)

    def replay(self, before, player_pit, reply, dealer_first=False):
        """Checks that reply follows from the board `before` by the player's
        pit (None for a start, where dealer_first says who opened) and the
        reported dealer moves."""
        game = Kalah(before)
        dealer_turn = dealer_first
        if player_pit is not None:
            dealer_turn = not game.sow(0, player_pit) and not game.over
        moves = reply.get("dealer_moves", [])
        self.assertIsInstance(moves, list, reply)
        for i, pit in enumerate(moves):
            self.assertTrue(dealer_turn, "the dealer moved out of turn: %r" % reply)
            self.assertFalse(game.over, "the dealer moved after the end: %r" % reply)
            self.assertGreater(game.cells[game.n + pit], 0, "the dealer sowed an empty pit: %r" % reply)
            dealer_turn = game.sow(1, pit)
        self.assertFalse(dealer_turn and not game.over, "the dealer's turn stopped early: %r" % reply)
        self.assertEqual(reply["board"], game.board(), reply)
        self.assertIs(reply["over"], game.over, reply)
        if game.over:
            self.assertEqual(reply.get("result"), game.result(), reply)
            self.assertNotIn("turn", reply, reply)
        else:
            self.assertEqual(reply.get("turn"), "player", reply)
            self.assertNotIn("result", reply, reply)
        self.assertIsInstance(reply.get("text"), str, reply)
        self.assertTrue(reply["text"], reply)
        return game

    def play_json(self, request, game="mancala", options=None, seed=1):
        """Plays a whole game with random legal moves through request(obj) -> reply."""
        rng = random.Random(seed)
        play = {"type": "play", "game": game, "id": "p"}
        if options is not None:
            play["options"] = options
        start = request(play)
        self.assertEqual((start.get("type"), start.get("game"), start.get("id")), ("start", game, "p"), start)
        n = len(start["board"]["pits"][0])
        total = sum(start["board"]["stores"]) + sum(map(sum, start["board"]["pits"]))
        opening = {"pits": [[total // (2 * n)] * n] * 2, "stores": [0, 0]}
        self.replay(opening, None, start, dealer_first=(options or {}).get("first") == "dealer")
        state = start
        for moves in range(1, 1000):
            if state["over"]:
                return start, state, moves - 1
            pits = [i + 1 for i, seeds in enumerate(state["board"]["pits"][0]) if seeds > 0]
            pit = rng.choice(pits)
            reply = request({"type": "move", "pit": pit, "id": moves})
            self.assertEqual((reply.get("type"), reply.get("game"), reply.get("id")), ("state", game, moves), reply)
            self.assertIsInstance(reply.get("dealer_moves"), list, reply)
            self.replay(state["board"], pit, reply)
            state = reply
        self.fail("the game did not end")


class MancalaJson(MancalaCase):

    def test_full_game_tcp(self):
        c = self.tcp(self.d)
        self.assertIn("mancala", c.welcome["games"])
        for seed in range(3):
            start, final, moves = self.play_json(c.request, seed=seed)
            self.assertEqual(start["board"], {"pits": [[4] * 6, [4] * 6], "stores": [0, 0]})
            self.assertNotIn("dealer_moves", start)
            self.assertEqual(sum(final["board"]["stores"]), 48)
            self.assertIn(final["result"], ("win", "lose", "draw"))
            self.assertIn("game over: ", final["text"])
            self.assertGreater(moves, 1)
            # Back in the lobby.
            self.assertError(c.request({"type": "move", "pit": 1, "id": "m"}), "not_in_game", "m")

    def test_hard_dealer_game(self):
        c = self.tcp(self.d)
        _, final, _ = self.play_json(c.request, game="mancala-hard", options={"first": "dealer"})
        self.assertIs(final["over"], True)

    def test_dealer_moves_first(self):
        c = self.tcp(self.d)
        for level in ("easy", "medium", "hard"):
            start = c.request({"type": "play", "game": "mancala-hard",
                               "options": {"first": "dealer", "level": level}})
            self.assertEqual(start.get("type"), "start", start)
            self.assertIsInstance(start.get("dealer_moves"), list, start)
            self.assertGreaterEqual(len(start["dealer_moves"]), 1, start)
            self.replay({"pits": [[4] * 6, [4] * 6], "stores": [0, 0]}, None, start, dealer_first=True)
            self.assertTrue(start["text"].startswith("the dealer played "), start)
            self.assertEqual(c.request({"type": "quit"}), {"type": "left", "game": "mancala-hard"})

    def test_bad_options(self):
        c = self.tcp(self.d)
        for options in ({"level": "genius"}, {"first": "nobody"}, {"level": 3}, {"pits": 4},
                        {"seeds": 3}, {"think_ms": 1000}, {"colour": "red"}):
            reply = c.request({"type": "play", "game": "mancala", "options": options, "id": 1})
            self.assertError(reply, "bad_option", 1)
        # Still in the lobby, and a sensible choice plays.
        self.assertError(c.request({"type": "move", "pit": 1}), "not_in_game")
        start = c.request({"type": "play", "game": "mancala", "options": {"level": "medium", "first": "player"}})
        self.assertEqual(start["type"], "start", start)

    def test_operator_nonsense_refused(self):
        for table, needle in (({"pits": 0}, "pits"), ({"level": "genius"}, "level"),
                              ({"pits": 12, "seeds": 7}, "pits x seeds must be at most 72")):
            path = write_temp(make_config(games={"mancala": dict({"plugin": "mancala"}, **table)}))
            try:
                r = run_dealerd(["--check-config", "--config", path])
            finally:
                os.unlink(path)
            self.assertNotEqual(r.returncode, 0, (table, r.stdout, r.stderr))
            self.assertIn(needle, r.stdout + r.stderr, table)

    def test_illegal_moves_keep_the_game(self):
        c = self.tcp(self.d)
        start = c.request({"type": "play", "game": "mancala"})
        # Pit 3 ends in the store: pit 3 is then empty and it is still the player's turn.
        state = c.request({"type": "move", "pit": 3})
        self.assertEqual(state["board"]["pits"][0], [4, 4, 0, 5, 5, 5], state)
        self.assertEqual(state["dealer_moves"], [], state)
        for i, move in enumerate(({"pit": 3}, {"pit": 0}, {"pit": 7}, {"pit": -1}, {"pit": "2"},
                                  {"pit": 2.5}, {"pit": None}, {"pit": [1]}, {}, {"hole": 1})):
            reply = c.request(dict({"type": "move", "id": i}, **move))
            self.assertError(reply, "illegal_move", i)
        self.assertIn("pit 3 is empty", c.request({"type": "move", "pit": 3})["text"])
        # The game goes on from where it was.
        after = c.request({"type": "move", "pit": 1})
        self.assertEqual(after.get("type"), "state", after)
        self.replay(state["board"], 1, after)
        self.assertEqual(start["board"]["stores"], [0, 0])


class MancalaThinking(DealerdTestCase):
    """The hard dealer thinks on a worker thread (DEALER_PLUGIN_SLOW): while
    it does, other players are answered."""

    def test_a_thinking_dealer_does_not_delay_other_players(self):
        d = self.start_daemon(games={"slowpoke": {"plugin": "mancala", "level": "hard", "think_ms": 1500}},
                              server={"workers": 1}, threads=1)
        thinker = self.tcp(d, timeout=60)
        # The dealer opens: the reply to play waits for at least one full
        # 1.5 s search of the opening (far from solved at that depth).
        thinker.send_json({"type": "play", "game": "slowpoke", "options": {"first": "dealer"}})
        other = self.tcp(d)  # on the same single network thread
        self.assertEqual(other.request({"type": "ping", "id": 1}), {"type": "pong", "id": 1})
        self.assertEqual(other.request({"type": "games"})["type"], "games")
        ready, _, _ = select.select([thinker.sock], [], [], 0)
        self.assertEqual(ready, [], "the dealer answered before the other player")
        start = thinker.recv_json(timeout=60)
        self.assertEqual(start["type"], "start")
        self.assertGreaterEqual(len(start["dealer_moves"]), 1)


class MancalaText(MancalaCase):

    BOARD_LINE = re.compile(r"^ *(\(\s*\d+\))+ +(dealer|you)$")

    def read_board(self, c):
        """Reads the five lines of a drawn board; returns them."""
        lines = [c.recv_line() for _ in range(5)]
        self.assertRegex(lines[0], r"^ +6 +5 +4 +3 +2 +1$")
        self.assertRegex(lines[1], self.BOARD_LINE)
        self.assertTrue(lines[1].endswith("dealer"), lines)
        self.assertRegex(lines[2], r"^ +\[ *\d+\] +\[ *\d+\]$")
        self.assertRegex(lines[3], self.BOARD_LINE)
        self.assertTrue(lines[3].endswith("you"), lines)
        self.assertRegex(lines[4], r"^ +1 +2 +3 +4 +5 +6$")
        return lines

    @staticmethod
    def playable(board):
        """The player's non-empty pits on a drawn board."""
        seeds = re.findall(r"\(\s*(\d+)\)", board[3])
        return [i + 1 for i, n in enumerate(seeds) if int(n) > 0]

    def test_text_game(self):
        c = self.tcp(self.d)
        c.send_line("play mancala")
        self.assertEqual(c.recv_line(), "mancala: your turn: sow a pit from 1 to 6")
        board = self.read_board(c)
        self.assertEqual(board[3], "         (  4)(  4)(  4)(  4)(  4)(  4)   you")
        self.assertTrue(c.recv_line().startswith("(type your move"))
        # "3" is the move: the last seed falls in the store.
        self.assertEqual(c.text("3"), "you sowed pit 3 into your store: move again")
        board = self.read_board(c)
        self.assertEqual(board[3], "         (  4)(  4)(  0)(  5)(  5)(  5)   you")
        self.assertEqual(board[2], "   [  0]                               [  1]")
        # Refused lines: an error, and the game goes on.
        for line in ("three", "3", "0", "7", "3 4"):
            self.assertTrue(c.text(line).startswith("error: "), line)
        reply = c.text("6")
        self.assertTrue(reply.startswith("you sowed pit 6; the dealer played "), reply)
        board = self.read_board(c)
        # JSON in the middle of a text game gets JSON.
        state = c.request({"type": "move", "pit": self.playable(board)[0]})
        self.assertEqual(state.get("type"), "state", state)
        self.assertEqual(c.text("/quit"), "you left mancala; back in the lobby")

    def test_text_game_to_the_end(self):
        c = self.tcp(self.d)
        c.send_line("play mancala first=dealer")
        first = c.recv_line()
        self.assertTrue(first.startswith("mancala: the dealer played "), first)
        board = self.read_board(c)
        c.recv_line()  # (type your move ...)
        rng = random.Random(3)
        for _ in range(200):
            sentence = c.text(str(rng.choice(self.playable(board))))
            board = self.read_board(c)
            if "game over: " in sentence:
                self.assertRegex(sentence, r"game over: (you win|you lose|a draw,) \d+ to \d+$")
                self.assertTrue(c.recv_line().startswith("(game over"))
                return
        self.fail("the text game did not end")

    def test_text_bad_option(self):
        c = self.tcp(self.d)
        for line in ("play mancala level=genius", "play mancala pits=4", "play mancala first=me"):
            self.assertTrue(c.text(line).startswith("error: "), line)


class MancalaUdp(MancalaCase):

    def test_full_game_udp(self):
        u = self.udp(self.d)
        u.handshake()
        request = self.sequenced(u)
        for game, seed in (("mancala", 1), ("mancala-big", 2)):
            _, final, _ = self.play_json(request, game=game, seed=seed)
            self.assertIs(final["over"], True)

    def test_udp_retransmitted_move_is_not_applied_twice(self):
        u = self.udp(self.d)
        u.handshake()
        self.assertEqual(u.request({"type": "play", "game": "mancala", "seq": 1})["type"], "start")
        move = json.dumps({"type": "move", "pit": 1, "seq": 2}).encode()
        u.send_raw(move)
        first = u.recv_raw()
        u.send_raw(move)
        self.assertEqual(u.recv_raw(), first)
        state = json.loads(first)
        nxt = u.request({"type": "move", "pit": 2, "seq": 3})
        self.replay(state["board"], 2, nxt)

    def test_text_over_udp(self):
        u = self.udp(self.d)
        u.send_raw(b"hello\n")
        cookie = u.recv_raw().decode().split()[1]
        u.send_raw(("cookie " + cookie).encode())
        self.assertTrue(u.recv_raw().startswith(b"welcome"))
        u.send_raw(b"play mancala-big")
        start = u.recv_raw().decode()
        self.assertLessEqual(len(start.encode()), MAX_DATAGRAM)
        self.assertIn("  12   11   10", start)
        u.send_raw(b"12")
        reply = u.recv_raw().decode()
        self.assertLessEqual(len(reply.encode()), MAX_DATAGRAM)
        self.assertTrue(reply.startswith("you sowed pit 12"), reply)


if __name__ == "__main__":
    unittest.main()
