"""The bundled client `dealer` on a terminal (a pseudo-terminal), as a
person uses it (issue #4): colour and prompts, --no-color and NO_COLOR,
history recall with the up arrow, Ctrl-C at a prompt, Ctrl-D, a password
typed without echo (also after a stop and a continue), a server notice
while the player is typing, and the terminal's modes restored whatever
signal ends the client."""

import os
import select
import signal
import subprocess
import termios
import unittest

from dealer_client import DEALER, EXIT_TIMEOUT, SGR, ClientTestMixin
from dealerd_harness import IO_TIMEOUT, DealerdTestCase, fixture
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
        c.expect(r"\(no answer from 127\.0\.0\.1:\d+ yet; waiting up to 20 s\)", timeout=10)
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

    def assert_terminal_restored(self, c):
        """The modes that matter to the shell afterwards are as dealer found them."""
        now, before = c.tty_modes(), c.initial_modes
        for index, flags in ((0, termios.ICRNL), (1, termios.OPOST), (3, termios.ECHO | termios.ICANON | termios.ISIG)):
            self.assertEqual(now[index] & flags, before[index] & flags, "termios flags %d not restored" % index)

    def test_the_terminal_is_restored_when_a_signal_ends_dealer(self):
        for signo, status in ((signal.SIGTERM, 143), (signal.SIGQUIT, 131), (signal.SIGHUP, 129)):
            c = self.dealer(self.d, tty=True)
            c.expect(LOBBY_PROMPT)
            self.assertFalse(c.tty_modes()[3] & termios.ICANON, "libedit is not editing the line")
            c.send("half a li")
            c.expect("half a li")
            c.proc.send_signal(signo)
            self.assertEqual(c.wait(), status)
            self.assert_terminal_restored(c)

    def test_the_terminal_is_restored_when_sigterm_comes_at_the_password_prompt(self):
        c = self.dealer(self.d, tty=True)
        c.expect(LOBBY_PROMPT)
        c.line("vault")
        c.expect(r"password> ")
        self.assertFalse(c.tty_modes()[3] & termios.ECHO, "the password would be echoed")
        c.proc.send_signal(signal.SIGTERM)
        self.assertEqual(c.wait(), 143)
        self.assert_terminal_restored(c)

    def test_echo_stays_off_for_a_password_across_a_stop(self):
        c = self.dealer(self.d, tty=True)
        c.expect(LOBBY_PROMPT)
        c.line("vault")
        c.expect(r"password> ")
        os.kill(c.proc.pid, signal.SIGSTOP)
        _, status = os.waitpid(c.proc.pid, os.WUNTRACED)
        self.assertTrue(os.WIFSTOPPED(status))
        # What a shell does while a job is stopped: its own modes, echo on.
        modes = c.tty_modes()
        modes[3] |= termios.ECHO | termios.ICANON
        c.set_tty_modes(modes)
        os.kill(c.proc.pid, signal.SIGCONT)
        c.expect(r"password> ")  # asked again, once echo is off again
        self.assertFalse(c.tty_modes()[3] & termios.ECHO)
        c.line("hunter2-after-fg")
        c.expect(r"access denied")
        self.assertNotIn("hunter2-after-fg", c.output)
        c.send(CTRL_D)
        self.assertEqual(c.wait(), 0)
        self.assert_terminal_restored(c)

    def test_a_terminal_that_goes_away_under_nohup_ends_the_input(self):
        # SIGHUP ignored (nohup): the hangup itself must end the input, or
        # libedit reads nothing for ever from a terminal that is gone.
        master, slave = os.openpty()
        proc = subprocess.Popen([DEALER, "127.0.0.1", str(self.d.tcp_addr[1])], stdin=slave, stdout=slave,
                                stderr=slave, env=dict(os.environ, DEALER_HISTORY=""),
                                preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
        os.close(slave)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        seen = b""
        while b"help]>" not in seen:
            self.assertTrue(select.select([master], [], [], IO_TIMEOUT)[0], "no prompt: " + repr(seen[-300:]))
            chunk = os.read(master, 4096)
            self.assertTrue(chunk, "dealer ended before its prompt")
            seen += chunk
        os.close(master)
        self.assertEqual(proc.wait(EXIT_TIMEOUT), 0)

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
