"""The bundled client `dealer` with piped stdin and stdout, as a script runs
it (issue #4): plain output, every bundled game played to its end against
the real dealerd, a game it does not know shown generically, its own
commitment checks, and its exit statuses."""

import os
import re
import signal
import socket
import unittest

from dealer_client import ANY_ESCAPE, DEALER, ClientTestMixin, DealerClient
from dealerd_harness import DealerdTestCase, fixture, make_config
import subprocess

GAMES = {
    "guess": {"plugin": "guess", "min": 1, "max": 1000000},
    "rps": {"plugin": "rps"},
    "mancala": {"plugin": "mancala", "level": "easy"},
    "vault": {"plugin": "password", "password": "open sesame", "max_attempts": 3},
    "coin": {"plugin": fixture("coin")},
    "fair": {"plugin": fixture("cheat")},
}
BOARD_ROW = re.compile(r"^\s+((?:\(\s*\d+\))+)\s+you$", re.M)


class PipedClient(ClientTestMixin, DealerdTestCase):

    def setUp(self):
        self.d = self.start_daemon(games=GAMES)

    def finish(self, c, status=0):
        """Ends the input; dealer says bye and exits with status; the whole
        output is plain text."""
        c.close_input()
        self.assertEqual(c.wait(), status, c.output[-2000:])
        self.assertNotIn(ANY_ESCAPE, c.output, "escape codes in piped output")

    def test_menu_and_guess_to_a_win(self):
        c = self.dealer(self.d)
        c.expect(r"connected to dealerd 0\.1\.0 at 127\.0\.0\.1:%d" % self.d.tcp_addr[1])
        c.expect(r"1\s+coin\s+Coin toss")
        c.expect(r"guess\s+Guess the number")
        c.expect(r"options: rounds=3 strategy=adaptive")
        c.line("play guess")
        c.expect(r"guess - Guess the number")
        n = self.play_guess_by_range(c)
        self.assertLessEqual(n, 20)
        c.expect(r"found in %d guess" % n)
        c.expect(r'secret verified: sha256\("\d+:[0-9a-f]{32}"\) matches')
        c.expect(r"\*\*\* you win \*\*\*")
        commits = re.findall(r"\(the dealer is committed: ([0-9a-f]{64})\)", c.output)
        self.assertEqual(len(commits), 1, c.output)
        self.finish(c)

    def test_rps_both_throws_round_and_score(self):
        c = self.dealer(self.d)
        c.line("rps rounds=3 strategy=random")
        c.expect(r"the first to win 2 rounds takes the match")
        rounds = 0
        while True:
            rounds += 1
            self.assertLess(rounds, 100)
            c.line("r" if rounds % 2 else "paper")
            m = c.expect(r"round (\d+): you (rock|paper), dealer (rock|paper|scissors) - "
                         r"(you win the round|the dealer wins the round|a tie, replayed)\n")
            self.assertEqual(int(m.group(1)), rounds)
            score = c.expect(r"score: you (\d), dealer (\d), ties (\d+) \(first to 2 wins the match\)")
            c.expect(r"throw verified")
            you, dealer = int(score.group(1)), int(score.group(2))
            if 2 in (you, dealer):
                c.expect(r"\*\*\* you %s \*\*\*" % ("win" if you == 2 else "lose"))
                break
        self.assertEqual(c.output.count("throw verified"), rounds)
        self.assertNotIn("WARNING", c.output)
        self.finish(c)

    def test_mancala_board_and_dealer_moves_one_by_one(self):
        c = self.dealer(self.d)
        c.line("play mancala first=dealer")
        turns = 0
        while True:
            m = c.expect(r"(your turn[^\n]*|move again|game over[^\n]*)\n", timeout=10)
            turn_text = c.output[:m.end()]
            if m.group(1).startswith("game over"):
                break
            rows = BOARD_ROW.findall(turn_text)
            self.assertTrue(rows, "no board drawn:\n" + turn_text[-800:])
            pits = [int(x) for x in re.findall(r"\d+", rows[-1])]
            self.assertEqual(len(pits), 6)
            turns += 1
            self.assertLess(turns, 200)
            c.line(str(next(i + 1 for i, seeds in enumerate(pits) if seeds > 0)))
        c.expect(r"\*\*\* (you win|you lose|a draw) \*\*\*")
        out = c.output
        self.assertIn("the dealer sows pit", out)
        self.assertIn("you sow pit", out)
        self.assertIn("            6    5    4    3    2    1\n", out)
        self.assertIn("            1    2    3    4    5    6\n", out)
        self.assertNotIn("could not be replayed", out)
        self.finish(c)

    def test_password(self):
        c = self.dealer(self.d)
        c.line("vault")
        c.expect(r"password required \(3 attempts left\)")
        c.line("hunter2")
        c.expect(r"access denied \(2 attempts left\)")
        c.line("open sesame")
        c.expect(r"access granted\n\*\*\* you win \*\*\*")
        self.finish(c)

    def test_unknown_game_is_shown_generically(self):
        c = self.dealer(self.d)
        c.line("coin")
        c.expect(r"call heads or tails\n")
        c.line("/help")
        c.expect(r"this client does not know this game")
        c.line("edge")
        c.expect(r"call heads or tails\n")  # the server's illegal_move sentence
        c.line("heads")
        m = c.expect(r"(heads|tails)\n  toss: (heads|tails)\n\*\*\* you (win|lose) \*\*\*")
        self.assertEqual(m.group(1), m.group(2))
        self.assertEqual(m.group(3), "win" if m.group(2) == "heads" else "lose")
        self.finish(c)

    def test_commit_mismatch_is_a_loud_warning(self):
        c = self.dealer(self.d)
        c.line("fair")
        c.expect(r"guess the secret")
        c.line("3")
        c.expect(r"!!! WARNING: the dealer's secret does NOT match its commitment !!!")
        c.expect(r"committed:  6d91c799")
        self.assertNotIn("secret verified", c.output)
        self.finish(c, status=4)

    def test_a_cheat_is_status_4_even_when_the_server_then_goes_away(self):
        c = self.dealer(self.d)
        c.line("fair")
        c.expect(r"guess the secret")
        c.line("3")
        c.expect(r"!!! WARNING: the dealer's secret does NOT match its commitment !!!")
        self.server_shuts_down(c, status=4)

    def test_lobby_errors_and_again(self):
        c = self.dealer(self.d)
        c.line("play chess")
        c.expect(r"no game called 'chess'")
        c.line("dance")
        c.expect(r"unknown command 'dance'; type help, or a game: coin, fair, guess, mancala, rps and vault")
        c.line("rps bogus=1")
        c.expect(r"players cannot set option 'bogus'")
        c.line("help")
        c.expect(r"again\s+play the last game again")
        c.line("ping")
        c.expect(r"pong from 127\.0\.0\.1")
        c.line("coin")
        c.expect(r"call heads or tails")
        c.line("/quit")
        c.expect(r"you left coin; back in the lobby")
        c.line("again")
        c.expect(r"coin - Coin toss")
        c.line("/bye")
        self.assertEqual(c.wait(), 0)

    def test_shutdown_notice_ends_with_status_3(self):
        c = self.dealer(self.d)
        c.line("guess")
        c.expect(r"the secret is between 1 and 1000000")
        self.server_shuts_down(c, status=3)

    def test_a_game_in_progress_is_finished_within_the_grace_period(self):
        # dealerd with a grace period: the player is told, plays the game to
        # its end, and only then does the server close the connection.
        d = self.start_daemon(games=GAMES, server={"shutdown_grace": "1h"})
        c = self.dealer(d)
        c.line("guess")
        c.expect(r"the secret is between 1 and 1000000")
        d.send_signal(signal.SIGTERM)
        c.expect(r"the server is shutting down: finish your game within")
        c.line("500000")  # the range shown before the notice was 1..1000000
        if c.expect(r"500000: (too low|too high|found the secret)").group(1) != "found the secret":
            self.play_guess_by_range(c)
        c.expect(r"secret verified")
        self.assertEqual(c.wait(), 3)
        self.assertEqual(d.wait_exit(), 0)

    def server_shuts_down(self, c, status):
        """dealerd is stopped under c, which says so and exits with status."""
        self.d.send_signal(signal.SIGTERM)
        c.expect(r"the server is shutting down")
        self.assertEqual(c.wait(), status)
        self.assertEqual(self.d.wait_exit(), 0)

    def test_started_without_stdin(self):
        # Closed, fd 0 would be taken by the socket and "read" the server.
        r = subprocess.run([DEALER, "127.0.0.1", str(self.d.tcp_addr[1])], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=10, preexec_fn=lambda: os.close(0))
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("type a game's name or number", r.stdout)

    def fake_server(self, *args, protocol=1):
        """dealer (with args) connected to a fake server that has sent its
        welcome; returns (the client, the server's end of the connection)."""
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        self.addCleanup(srv.close)
        c = self.dealer(self.d, *args, addr=srv.getsockname())
        conn, _ = srv.accept()
        self.addCleanup(conn.close)
        conn.sendall(b'{"type":"welcome","server":"fake","version":"9","protocol":%d,"games":[]}\n' % protocol)
        conn.settimeout(5)
        return c, conn

    def test_garbage_from_the_server_is_reported_not_fatal(self):
        c, conn = self.fake_server()
        games = conn.recv(4096)
        self.assertIn(b'"type":"games"', games)
        conn.sendall(b'not json at all\n[1,2]\n{"type":"games","games":"nope","id":1}\n'
                     b'{"type":"who knows","text":"\\u001b[2Jhello"}\n')
        c.expect(r"not a JSON object: not json at all")
        c.expect(r"not a JSON object: \[1,2\]")
        c.expect(r"unexpected 'games'")
        c.expect(r"\(the server says: \?\[2Jhello\)")
        conn.sendall(b'{"type":"shutdown","text":"cut sh')  # the close comes mid-line
        conn.close()
        c.expect(r'not a JSON object: \{"type":"shutdown","text":"cut sh\n')
        c.expect(r"the connection to 127\.0\.0\.1:\d+ ended: the server closed the connection")
        self.assertEqual(c.wait(), 3)
        self.assertNotIn(ANY_ESCAPE, c.output)

    def test_a_reply_with_another_id_is_no_answer(self):
        c, conn = self.fake_server("--timeout", "1")
        self.assertIn(b'"type":"games"', conn.recv(4096))
        conn.sendall(b'{"type":"games","games":[],"id":999}\n')
        c.expect(r"\(the server says: .*\)")
        c.expect(r"the server at 127\.0\.0\.1:\d+ is not answering \(nothing for 1 s\); giving up")
        self.assertEqual(c.wait(), 3)

    def test_a_server_that_never_welcomes(self):
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        self.addCleanup(srv.close)
        c = self.dealer(self.d, "--timeout", "1", addr=srv.getsockname())
        conn, _ = srv.accept()
        self.addCleanup(conn.close)
        conn.sendall(b'{"type":"hi"}\n')
        c.expect(r"ignored a message before the welcome")
        c.expect(r"is not answering \(nothing for 1 s\); giving up")
        self.assertEqual(c.wait(), 1)

    def test_a_huge_line_from_the_server_ends_the_connection(self):
        c, conn = self.fake_server(protocol=2)
        c.expect(r"this client speaks protocol 1; the server speaks 2")
        try:
            conn.sendall(b'{"type":"x","text":"' + b"y" * (2 << 20))
        except OSError:
            pass  # the client may close before it all went out
        c.expect(r"the server sent a line longer than 1 MiB")
        self.assertEqual(c.wait(), 3)


class ClientCommandLine(unittest.TestCase):

    def run_dealer(self, *args):
        return subprocess.run([DEALER] + list(args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=10)

    def test_version_help_usage(self):
        r = self.run_dealer("--version")
        self.assertEqual((r.returncode, r.stdout), (0, "dealer 0.1.0 (protocol 1)\n"))
        r = self.run_dealer("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("usage: dealer [HOST] [PORT]", r.stdout)
        r = self.run_dealer("--bogus")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown option '--bogus'", r.stderr)

    def test_cannot_connect(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()  # nothing listens there now
        r = self.run_dealer("127.0.0.1", str(port))
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot connect to 127.0.0.1:%d" % port, r.stderr)


if __name__ == "__main__":
    unittest.main()
