"""The bundled client `dealer` on a terminal (a pseudo-terminal), as a
person uses it (issue #4): colour and prompts, --no-color and NO_COLOR,
history recall with the up arrow, Ctrl-C at a prompt, Ctrl-D, a password
typed without echo, and a server notice while the player is typing."""

import signal
import unittest

from dealer_client import SGR, ClientTestMixin
from dealerd_harness import DealerdTestCase, fixture
from test_workers import Gate

GAMES = {
    "guess": {"plugin": "guess", "min": 1, "max": 1000000},
    "vault": {"plugin": "password", "password": "open sesame"},
}
LOBBY_PROMPT = r"dealer \[game or help\]>"
UP = "\x1b[A"
CTRL_C = "\x03"
CTRL_D = "\x04"


class TerminalClient(ClientTestMixin, DealerdTestCase):

    def setUp(self):
        self.d = self.start_daemon(games=GAMES)

    def test_colour_and_prompt_on_a_terminal(self):
        c = self.dealer(self.d, tty=True)
        c.expect(r"\x1b\[1mdealer \[game or help\]>\x1b\[0m ")
        self.assertRegex(c.output, r"\x1b\[36mguess\x1b\[0m")  # the menu's names in colour
        c.line("guess")
        c.expect(r"\x1b\[1mguess \[1-1000000\]>\x1b\[0m ")
        c.send(CTRL_D)
        self.assertEqual(c.wait(), 0)

    def test_no_colour_with_the_option_or_no_color(self):
        for args, env in ((["--no-color"], None), ([], {"NO_COLOR": "1"})):
            c = self.dealer(self.d, *args, tty=True, env=env)
            c.expect(LOBBY_PROMPT + " ")
            c.line("guess")
            c.expect(r"guess \[1-1000000\]> ")
            c.line("/bye")
            self.assertEqual(c.wait(), 0)
            self.assertIsNone(SGR.search(c.output), (args, env, c.output[-500:]))

    def test_history_recall_with_the_up_arrow(self):
        c = self.dealer(self.d, tty=True)
        c.expect(LOBBY_PROMPT)
        c.line("guess")
        c.expect(r"guess \[1-1000000\]>")
        c.line("500000")
        c.expect(r"500000\x1b\[0m: \x1b\[36mtoo (low|high)")
        c.expect(r"1 guess so far")
        c.expect(r"guess \[\d+-\d+\]>")
        c.send(UP)
        c.send("\r")
        # The recalled line is the same guess, sent again.
        c.expect(r"500000\x1b\[0m: \x1b\[36mtoo (low|high)")
        c.expect(r"2 guesses so far")
        c.line("/bye")
        self.assertEqual(c.wait(), 0)

    def test_ctrl_c_clears_the_line_then_bye_works(self):
        c = self.dealer(self.d, tty=True)
        c.expect(LOBBY_PROMPT)
        c.send("gues")
        c.expect("gues")
        c.send(CTRL_C)
        c.expect(r"\^C\r?\n(?:\x1b\[1m)?" + LOBBY_PROMPT)
        self.assertIsNone(c.proc.poll(), "Ctrl-C at a prompt ended dealer")
        # What was typed before Ctrl-C is gone: this line is only "bye".
        c.line("bye")
        self.assertEqual(c.wait(), 0)

    def test_ctrl_c_twice_leaves_and_ctrl_d_says_bye(self):
        c = self.dealer(self.d, tty=True)
        c.expect(LOBBY_PROMPT)
        c.send(CTRL_C)
        c.expect(r"\^C")
        c.expect(LOBBY_PROMPT)
        c.send(CTRL_C)
        c.expect(r"interrupted")
        self.assertEqual(c.wait(), 130)

        c = self.dealer(self.d, tty=True)
        c.expect(LOBBY_PROMPT)
        mark = self.d.log_mark()
        c.send(CTRL_D)
        self.assertEqual(c.wait(), 0)
        self.d.wait_log("disconnected", start=mark)

    def test_ctrl_c_while_waiting_for_an_answer_leaves(self):
        gate = Gate(self)
        d = self.start_daemon(games={"slow": {"plugin": fixture("slow"), "gate": gate.path}})
        self.addCleanup(gate.open)  # runs first: no worker is left blocked
        c = self.dealer(d, tty=True)
        c.expect(LOBBY_PROMPT)
        c.line("slow")
        c.expect(r"slow move>")
        c.line("x")
        gate.wait_held(1)  # the move is on a worker; its answer cannot come
        c.expect(r"\(no answer from 127\.0\.0\.1:\d+ yet; waiting up to 20 s\)", timeout=5)
        c.send(CTRL_C)
        c.expect(r"interrupted")
        self.assertEqual(c.wait(), 130)

    def test_password_is_not_echoed(self):
        c = self.dealer(self.d, tty=True)
        c.expect(LOBBY_PROMPT)
        c.line("vault")
        c.expect(r"password> ")
        c.line("swordfish-42")
        c.expect(r"access denied")
        c.expect(r"password> ")
        c.line("open sesame")
        c.expect(r"access granted")
        c.expect(LOBBY_PROMPT)
        self.assertNotIn("swordfish-42", c.output)
        self.assertNotIn("open sesame", c.output)
        c.send(CTRL_D)
        self.assertEqual(c.wait(), 0)
        # ...and not remembered in the history file either.
        with open(c.history.name, encoding="utf-8", errors="replace") as f:
            history = f.read()
        self.assertIn("vault", history)
        self.assertNotIn("swordfish", history)

    def test_a_notice_shows_while_the_player_types(self):
        c = self.dealer(self.d, tty=True)
        c.expect(LOBBY_PROMPT)
        c.send("half a li")
        c.expect("half a li")
        self.d.send_signal(signal.SIGTERM)
        c.expect(r"the server is shutting down")
        self.assertEqual(c.wait(), 3)
        self.assertEqual(self.d.wait_exit(), 0)


if __name__ == "__main__":
    unittest.main()
