"""Text commands as a netcat user types them (SPEC §3, §6)."""

import re
import socket
import unittest

from dealerd_harness import DealerdTestCase, commit_of, find_secret

WIDE = {"guess": {"plugin": "guess", "min": 1, "max": 1000000}}
COMMIT_LINE = re.compile(r"\(commitment to the secret: ([0-9a-f]{64})\)")
CHECK_LINE = re.compile(r'the secret was (-?\d+); check: sha256\("(-?\d+):([0-9a-f]{32})"\) = ([0-9a-f]{64})')


class TextMode(DealerdTestCase):

    def play_text(self, c, eol="\n"):
        """Starts guess with `play guess`; returns the commit shown."""
        c.send_raw("play guess" + eol)
        lines = c.recv_until(lambda l: l.startswith("(type your move"))
        self.assertTrue(lines[0].startswith("guess: guess a number between 1 and 1000000"), lines)
        commits = [m.group(1) for m in map(COMMIT_LINE.search, lines) if m]
        self.assertEqual(len(commits), 1, lines)
        return commits[0]

    def test_full_game_text_binary_search(self):
        d = self.start_daemon(games=WIDE)
        c = self.tcp(d)
        commit = self.play_text(c)
        secret, n = find_secret(1, 1000000, lambda mid: c.text(str(mid)), limit=20)
        rest = c.recv_until(lambda l: l.startswith("(game over"))
        m = CHECK_LINE.search("\n".join(rest))
        self.assertIsNotNone(m, rest)
        self.assertIn("you win in %d guesses" % n, rest[0])
        self.assertEqual(int(m.group(1)), secret)
        self.assertEqual(m.group(4), commit)
        self.assertEqual(commit_of(m.group(2), m.group(3)), commit)
        # Back in the lobby: a number is now an unknown command.
        self.assertTrue(c.text("5").startswith("error: "))
        self.assertEqual(c.text("bye"), "bye")
        self.assertEqual(c.expect_eof(), [])

    def test_crlf_and_blank_lines(self):
        d = self.start_daemon(games=WIDE)
        c = self.tcp(d)
        c.send_raw("\r\n\n   \n\t\r\n")
        self.assertEqual(c.text("ping\r"), "pong")  # sent as "ping\r\n"
        commit = self.play_text(c, eol="\r\n")
        c.send_raw("\r\n\n  \r\n1\r\n")
        first = c.recv_line()
        self.assertIn(first, ("too low", "found the secret"))
        # Blank lines produced no reply: the next line answers "/quit".
        c.send_raw("\n\r\n/quit\r\n")
        if first == "found the secret":
            c.recv_until(lambda l: l.startswith("(game over"))
            self.assertTrue(c.recv_line().startswith("error: "))
        else:
            self.assertEqual(c.recv_line(), "you left guess; back in the lobby")
        self.assertRegex(commit, "^[0-9a-f]{64}$")
        c.send_raw("  ping  \r\n")
        self.assertEqual(c.recv_line(), "pong")

    def test_help_games_ping(self):
        d = self.start_daemon(games=WIDE)
        c = self.tcp(d)
        c.send_line("help")
        lines = c.recv_until(lambda l: "bye" in l)
        joined = "\n".join(lines)
        for word in ("games", "play", "ping", "help", "bye"):
            self.assertIn(word, joined)
        c.send_line("/games")
        lines = c.recv_until(lambda l: l.startswith("type: play"))
        self.assertTrue(lines[0].startswith("guess: "), lines)
        self.assertEqual(c.text("/ping"), "pong")

    def test_error_prefixes(self):
        d = self.start_daemon(games=WIDE)
        c = self.tcp(d)
        for line in ("frobnicate", "play", "play nosuchgame", "play guess min=5", "play guess junk"):
            reply = c.text(line)
            self.assertTrue(reply.startswith("error: "), (line, reply))
        self.play_text(c)
        for line in ("abc", "0", "1000001", "5 6", "/nosuch"):
            reply = c.text(line)
            self.assertTrue(reply.startswith("error: "), (line, reply))
        # Refused guesses do not count: the first real guess is guess 1.
        self.assertIn(c.text("500000"), ("too low", "too high", "found the secret"))
        c.send_json({"type": "move", "guess": 1, "id": 1})
        st = c.recv_json()
        self.assertEqual(st.get("type"), "state", st)
        if not st["over"]:
            self.assertEqual(st["guesses"], 2, st)

    def test_in_game_commands(self):
        d = self.start_daemon(games=WIDE)
        c = self.tcp(d)
        self.play_text(c)
        c.send_line("/help")
        lines = c.recv_until(lambda l: "/bye" in l)
        self.assertIn("/quit", "\n".join(lines))
        self.assertEqual(c.text("/quit"), "you left guess; back in the lobby")
        # In the lobby, /quit is bye: the connection ends.
        self.assertEqual(c.text("/quit"), "bye")
        self.assertEqual(c.expect_eof(), [])

    def test_bye_in_game_closes(self):
        d = self.start_daemon(games=WIDE)
        for cmd in ("/bye", "/exit"):
            c = self.tcp(d)
            self.play_text(c)
            self.assertEqual(c.text(cmd), "bye")
            self.assertEqual(c.expect_eof(), [])

    def test_lobby_quit_and_exit_close(self):
        d = self.start_daemon(games=WIDE)
        for cmd in ("quit", "exit", "bye", "/bye"):
            c = self.tcp(d)
            self.assertEqual(c.text(cmd), "bye", cmd)
            self.assertEqual(c.expect_eof(), [], cmd)

    def test_lost_game_text(self):
        d = self.start_daemon(games={"guess": {"plugin": "guess", "min": 1, "max": 1000000,
                                               "max_guesses": 2}})
        c = self.tcp(d)
        for _attempt in range(5):
            c.send_line("play guess")
            lines = c.recv_until(lambda l: l.startswith("(type your move"))
            self.assertIn("in at most 2 guesses", lines[0])
            commit = COMMIT_LINE.search("\n".join(lines)).group(1)
            first = c.text("1")
            if first == "found the secret":
                c.recv_until(lambda l: l.startswith("(game over"))
                continue
            self.assertEqual(first, "too low")
            second = c.text("1000000")
            if second == "found the secret":
                c.recv_until(lambda l: l.startswith("(game over"))
                continue
            self.assertEqual(second, "too high")
            rest = c.recv_until(lambda l: l.startswith("(game over"))
            self.assertIn("you lose", "\n".join(rest))
            m = CHECK_LINE.search("\n".join(rest))
            self.assertIsNotNone(m, rest)
            self.assertEqual(commit_of(m.group(2), m.group(3)), commit)
            return
        self.fail("five games in a row found the secret in two guesses")

    def test_piped_netcat_session(self):
        # `printf 'games\nplay guess\n1\n' | nc -N host port`: the client
        # half-closes after its input; every line is answered, then EOF.
        d = self.start_daemon(games=WIDE)
        c = self.tcp(d)
        c.send_raw("games\nplay guess\n1\n")
        c.sock.shutdown(socket.SHUT_WR)
        lines = c.expect_eof()
        self.assertTrue(lines[0].startswith("guess: "), lines)
        self.assertEqual(lines[1], "type: play NAME")
        self.assertTrue(any(COMMIT_LINE.search(l) for l in lines), lines)
        self.assertIn(lines[5], ("too low", "found the secret"), lines)

    def test_last_line_without_newline_is_answered_at_eof(self):
        # `printf 'ping' | nc -N host port`: no final newline, then EOF.
        d = self.start_daemon()
        c = self.tcp(d)
        c.send_raw("games\nping")
        c.sock.shutdown(socket.SHUT_WR)
        lines = c.expect_eof()
        self.assertEqual(lines[-1], "pong", lines)

    def test_reply_form_follows_request(self):
        d = self.start_daemon(games=WIDE)
        c = self.tcp(d)
        self.assertEqual(c.text("ping"), "pong")
        self.assertEqual(c.request({"type": "ping"}), {"type": "pong"})
        self.play_text(c)
        st = c.request({"type": "move", "guess": 1})
        self.assertEqual(st["type"], "state")
        if not st["over"]:
            self.assertIn(c.text("2"), ("too low", "found the secret"))


if __name__ == "__main__":
    unittest.main()
