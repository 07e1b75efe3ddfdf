"""The rps game end to end (SPEC §4, §5, §6, §7): JSON over TCP and UDP, text
mode, player options, illegal throws, and the adaptive dealer learning across
the games of one connection. Every reveal is checked against its commitment."""

import re
import unittest

from dealerd_harness import HEX32, HEX64, MAX_DATAGRAM, DealerdTestCase, commit_of

RPS = {"rps": {"plugin": "rps"}}
BEATS = {"rock": "scissors", "paper": "rock", "scissors": "paper"}  # key beats value
ROUND_LINE = re.compile(r"^round (\d+): you (rock|paper|scissors), dealer (rock|paper|scissors): "
                        r"(you win the round|the dealer wins the round|a tie, replayed)\. "
                        r"score: you (\d+), dealer (\d+), ties (\d+)$")
CHECK = re.compile(r'sha256\("(rock|paper|scissors):([0-9a-f]{32})"\) = ([0-9a-f]{64})')
COMMITTED = re.compile(r"\(the dealer's throw is committed: ([0-9a-f]{64})\)")


def outcome_of(mine, theirs):
    if mine == theirs:
        return "tie"
    return "win" if BEATS[mine] == theirs else "lose"


class RpsTestCase(DealerdTestCase):

    def play_json(self, request, throws, game="rps", options=None, to_win=2):
        """Plays one match with request(obj) -> reply, throwing throws[i % len]
        in turn, and checks every state like a careful client. Returns (start, states)."""
        play = {"type": "play", "game": game, "id": "p"}
        if options is not None:
            play["options"] = options
        start = request(play)
        self.assertEqual(start.get("type"), "start", start)
        self.assertEqual(start.get("game"), game, start)
        self.assertEqual(start.get("to_win"), to_win, start)
        self.assertIs(start.get("over"), False, start)
        self.assertRegex(start.get("commit", ""), HEX64)
        commit = start["commit"]
        score = {"you": 0, "dealer": 0, "ties": 0}
        states = []
        for i in range(200):
            mine = throws[i % len(throws)]
            st = request({"type": "move", "throw": mine, "id": i})
            states.append(st)
            self.assertEqual(st.get("type"), "state", st)
            self.assertEqual((st.get("id"), st.get("game"), st.get("round")), (i, game, i + 1), st)
            self.assertEqual(st["you"], mine, st)
            self.assertIn(st["dealer"], BEATS, st)
            self.assertEqual(st["outcome"], outcome_of(mine, st["dealer"]), st)
            score[{"win": "you", "lose": "dealer", "tie": "ties"}[st["outcome"]]] += 1
            self.assertEqual(st["score"], score, st)
            self.assertEqual(st["reveal"]["throw"], st["dealer"], st)
            self.assertRegex(st["reveal"]["nonce"], HEX32)
            self.assertEqual(commit_of(st["dealer"], st["reveal"]["nonce"]), commit,
                             "round %d: the reveal does not match the commitment" % (i + 1))
            self.assertIsInstance(st.get("text"), str, st)
            over = to_win in (score["you"], score["dealer"])
            self.assertIs(st["over"], over, st)
            if over:
                self.assertEqual(st["result"], "win" if score["you"] == to_win else "lose", st)
                self.assertNotIn("commit", st, st)
                return start, states
            self.assertNotIn("result", st, st)
            self.assertRegex(st.get("commit", ""), HEX64)
            commit = st["commit"]
        self.fail("the match did not end in 200 rounds")


class RpsJson(RpsTestCase):

    def setUp(self):
        self.d = self.start_daemon(games=RPS)

    def test_listed_with_player_options(self):
        c = self.tcp(self.d)
        self.assertWelcome(c.welcome, games=["rps"])
        entry = c.request({"type": "games"})["games"][0]
        self.assertEqual((entry["name"], entry["plugin"], entry["players"]), ("rps", "rps", 1), entry)
        self.assertEqual(entry.get("options"), {"rounds": 3, "strategy": "adaptive"}, entry)

    def test_game_over_tcp(self):
        c = self.tcp(self.d)
        for throws in (["rock"], ["paper", "scissors"], ["scissors", "rock", "paper"]):
            start, states = self.play_json(c.request, throws)
            self.assertEqual((start["rounds"], start["strategy"], start["round"]), (3, "adaptive", 1), start)
            self.assertEqual(start.get("id"), "p")
            # Back in the lobby.
            self.assertError(c.request({"type": "move", "throw": "rock", "id": "m"}), "not_in_game", "m")

    def test_options_rounds_and_strategy(self):
        c = self.tcp(self.d)
        start, states = self.play_json(c.request, ["paper"], options={"rounds": 5}, to_win=3)
        self.assertEqual((start["rounds"], start["strategy"]), (5, "adaptive"), start)
        self.assertGreaterEqual(len(states), 3)
        start, _ = self.play_json(c.request, ["rock", "paper"], options={"strategy": "random"})
        self.assertEqual((start["rounds"], start["strategy"]), (3, "random"), start)
        start, _ = self.play_json(c.request, ["scissors"], options={"rounds": 1, "strategy": "random"}, to_win=1)
        self.assertEqual(start["rounds"], 1, start)

    def test_bad_options(self):
        c = self.tcp(self.d)
        for i, options in enumerate(({"strategy": "nonsense"}, {"strategy": 3}, {"rounds": 0}, {"rounds": 100},
                                     {"rounds": "5"}, {"level": "hard"})):
            reply = c.request({"type": "play", "game": "rps", "options": options, "id": i})
            self.assertError(reply, "bad_option", i)
        # Still in the lobby, and a good play starts.
        self.assertEqual(c.request({"type": "play", "game": "rps"})["type"], "start")

    def test_illegal_throws_do_not_count(self):
        c = self.tcp(self.d)
        start = c.request({"type": "play", "game": "rps", "options": {"rounds": 1}})
        for i, move in enumerate(({"type": "move", "throw": "lizard"}, {"type": "move"},
                                  {"type": "move", "throw": 1}, {"type": "move", "throw": "Rock"},
                                  {"type": "move", "throw": None}, {"type": "move", "throw": ["rock"]})):
            reply = c.request(dict(move, id=i))
            self.assertError(reply, "illegal_move", i)
        st = c.request({"type": "move", "throw": "rock"})
        self.assertEqual((st["type"], st["round"]), ("state", 1), st)
        self.assertEqual(sum(st["score"].values()), 1, st)
        # The commitment did not change while the illegal throws were refused.
        self.assertEqual(commit_of(st["dealer"], st["reveal"]["nonce"]), start["commit"])

    def test_adaptive_learns_across_games_of_a_connection(self):
        c = self.tcp(self.d)
        # Two games to learn from, then eight more: a player who always
        # throws rock meets paper, nearly always, from the dealer.
        for _ in range(2):
            self.play_json(c.request, ["rock"])
        dealer_throws = []
        for _ in range(8):
            _, states = self.play_json(c.request, ["rock"])
            dealer_throws += [st["dealer"] for st in states]
        self.assertGreaterEqual(len(dealer_throws), 16)
        self.assertGreaterEqual(dealer_throws.count("paper"), 0.9 * len(dealer_throws), dealer_throws)

    def test_commits_are_fresh(self):
        c = self.tcp(self.d)
        commits = set()
        for _ in range(5):
            commits.add(c.request({"type": "play", "game": "rps"})["commit"])
            self.assertEqual(c.request({"type": "quit"}), {"type": "left", "game": "rps"})
        self.assertEqual(len(commits), 5)


class RpsUdp(RpsTestCase):

    def test_game_over_udp_with_seq(self):
        d = self.start_daemon(games=RPS)
        u = self.udp(d)
        u.handshake()
        request = self.sequenced(u)
        self.play_json(request, ["rock", "scissors"])
        self.play_json(request, ["paper"], options={"rounds": 5}, to_win=3)

    def test_text_move_over_udp(self):
        d = self.start_daemon(games=RPS)
        u = self.udp(d)
        u.handshake()
        u.send_raw(b"play rps rounds=1")
        start = u.recv_raw().decode()
        commit = COMMITTED.search(start).group(1)
        for _ in range(100):
            u.send_raw(b"s")
            raw = u.recv_raw()
            self.assertLessEqual(len(raw), MAX_DATAGRAM)
            lines = raw.decode().rstrip("\n").split("\n")
            self.assertRegex(lines[0], ROUND_LINE)
            m = CHECK.search("\n".join(lines))
            self.assertEqual(commit_of(m.group(1), m.group(2)), commit)
            self.assertEqual(m.group(3), commit)
            if lines[-1].startswith("(game over"):
                return
            commit = COMMITTED.search(lines[-1]).group(1)
        self.fail("a hundred ties in a row")


class RpsText(RpsTestCase):

    def test_text_game(self):
        d = self.start_daemon(games=RPS)
        c = self.tcp(d)
        c.send_line("play rps")
        lines = c.recv_until(lambda l: l.startswith("(type your move"))
        self.assertTrue(lines[0].startswith("rps: best of 3 against the adaptive dealer"), lines)
        commit = COMMITTED.search("\n".join(lines)).group(1)
        typed = ["r", "rock", "P", "Paper", "s", "SCISSORS"]
        for i in range(200):
            c.send_line(typed[i % len(typed)])
            reply = c.recv_until(lambda l: l.startswith("round %d: your throw?" % (i + 2))
                                 or l.startswith("(game over"))
            m = ROUND_LINE.match(reply[0])
            self.assertIsNotNone(m, reply)
            self.assertEqual(int(m.group(1)), i + 1)
            self.assertEqual(m.group(2)[0], typed[i % len(typed)][0].lower())
            check = CHECK.search("\n".join(reply))
            self.assertEqual(check.group(1), m.group(3), reply)
            self.assertEqual(commit_of(check.group(1), check.group(2)), commit, reply)
            self.assertEqual(check.group(3), commit, reply)
            if reply[-1].startswith("(game over"):
                you, dealer = int(m.group(5)), int(m.group(6))
                self.assertIn(2, (you, dealer))
                verdict = "you win the match" if you == 2 else "the dealer wins the match"
                self.assertIn("%s %d-%d." % (verdict, you, dealer), reply)
                self.assertTrue(any(l.startswith("the dealer's throws were committed in advance; reveal: ")
                                    for l in reply), reply)
                break
            commit = COMMITTED.search(reply[-1]).group(1)
        else:
            self.fail("the match did not end")
        # Back in the lobby: a throw is now an unknown command.
        self.assertTrue(c.text("rock").startswith("error: "))

    def test_text_errors_and_options(self):
        d = self.start_daemon(games=RPS)
        c = self.tcp(d)
        for line in ("play rps rounds=0", "play rps rounds=100", "play rps strategy=nonsense", "play rps level=1"):
            self.assertTrue(c.text(line).startswith("error: "), line)
        c.send_line("play rps rounds=5 strategy=random")
        lines = c.recv_until(lambda l: l.startswith("(type your move"))
        self.assertTrue(lines[0].startswith("rps: best of 5 against the random dealer: first to 3"), lines)
        self.assertEqual(c.text("lizard"), "error: type rock, paper or scissors (or r, p, s)")
        # The refused line did not count: the next throw plays round 1.
        self.assertRegex(c.text("p"), r"^round 1: you paper, dealer ")


if __name__ == "__main__":
    unittest.main()
