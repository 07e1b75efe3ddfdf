"""Config validation and the command line (SPEC §1, §2)."""

import os
import re
import unittest

from dealerd_harness import (DEALERD, PLUGIN_DIR, SOURCE_CONFIG, DealerdTestCase, make_config, run_dealerd,
                             toml_value, write_temp)

PLUGIN_DIR_LINE = "plugin_dir = %s\n" % toml_value(PLUGIN_DIR)

# (name, file text, line, column, words the message must contain)
BAD_CONFIGS = [
    ("syntax_error", "[server\nthreads = 2\n", 1, None, []),
    ("syntax_error_value", "[server]\nthreads = = 2\n", 2, None, []),
    ("unknown_key", "[server]\nthreads = 2\nfrobnicate = 1\n", 3, 1, ["frobnicate"]),
    ("unknown_section", "[server]\nthreads = 1\n\n[nosuch]\nx = 1\n", 4, None, ["nosuch"]),
    ("unknown_top_key", "threads = 1\n", 1, 1, ["threads"]),
    ("wrong_type", "[server]\nthreads = \"2\"\n", 2, 11, ["threads"]),
    ("wrong_type_list", "[server]\ntcp = \"127.0.0.1:0\"\n", 2, 7, ["tcp"]),
    ("out_of_range", "[server]\nthreads = 999\n", 2, 11, ["threads", "999"]),
    ("out_of_range_limit", "[limits]\nmax_line_bytes = 10\n", 2, 18, ["max_line_bytes"]),
    ("bad_duration", "[limits]\nidle_timeout = \"5\"\n", 2, 16, ["idle_timeout"]),
    ("duration_too_short", "[limits]\nudp_session_timeout = \"10ms\"\n", 2, 23, ["udp_session_timeout"]),
    ("bad_level", "[log]\nlevel = \"loud\"\n", 2, 9, ["level"]),
    ("host_name_address", "[server]\ntcp = [\"localhost:1\"]\n", 2, 8, ["localhost"]),
    ("per_ip_over_total", "[limits]\nmax_sessions = 5\nmax_sessions_per_ip = 6\n", 3, 23,
     ["max_sessions_per_ip"]),
    ("game_without_plugin", "[games.guess]\nmin = 1\n", 1, None, ["plugin"]),
    ("bad_game_name", "[server]\n" + PLUGIN_DIR_LINE + "[games.Bad]\nplugin = \"guess\"\n", 3, None, ["Bad"]),
    ("unknown_game_option", "[server]\n" + PLUGIN_DIR_LINE + "\n[games.guess]\nplugin = \"guess\"\nmin = 1\n"
     "colour = \"red\"\n", 7, 1, ["colour"]),
    ("game_option_wrong_type", "[server]\n" + PLUGIN_DIR_LINE + "[games.guess]\nplugin = \"guess\"\n"
     "max = \"nine\"\n", 5, 1, ["max"]),
    ("game_option_out_of_range", "[server]\n" + PLUGIN_DIR_LINE + "[games.guess]\nplugin = \"guess\"\n"
     "max_guesses = -1\n", 5, 1, ["max_guesses"]),
    ("game_min_over_max", "[server]\n" + PLUGIN_DIR_LINE + "[games.guess]\nplugin = \"guess\"\n"
     "min = 9\nmax = 1\n", 3, None, ["min"]),
]


def error_regex(path, line, col):
    col_part = r"\d+" if col is None else str(col)
    return re.compile(r"^%s:%d:%s: \S" % (re.escape(path), line, col_part), re.M)


class CheckConfig(DealerdTestCase):

    def bad_file(self, text):
        path = write_temp(text)
        self.addCleanup(os.unlink, path)
        return path

    def test_check_config_errors(self):
        for name, text, line, col, words in BAD_CONFIGS:
            with self.subTest(name):
                path = self.bad_file(text)
                r = run_dealerd(["--check-config", "--config", path])
                self.assertNotEqual(r.returncode, 0, r)
                self.assertRegex(r.stderr, error_regex(path, line, col))
                for w in words:
                    self.assertIn(w, r.stderr)

    def test_start_with_bad_config_fails_with_same_message(self):
        for name, text, line, col, words in BAD_CONFIGS:
            with self.subTest(name):
                path = self.bad_file(text)
                check = run_dealerd(["--check-config", "--config", path])
                r = run_dealerd(["--config", path])
                self.assertNotEqual(r.returncode, 0, r)
                self.assertNotIn("dealerd ready", r.stderr)
                messages = re.findall(r"^%s:\d+:\d+: .*$" % re.escape(path), check.stderr, re.M)
                self.assertTrue(messages, check.stderr)
                for m in messages:
                    self.assertIn(m, r.stderr)

    def test_all_errors_reported(self):
        path = self.bad_file("[server]\nthreads = 999\nnope = 1\n[limits]\nmax_line_bytes = \"big\"\n")
        r = run_dealerd(["--check-config", "--config", path])
        self.assertNotEqual(r.returncode, 0)
        for line in (2, 3, 5):
            self.assertRegex(r.stderr, error_regex(path, line, None))

    def test_valid_file(self):
        path = self.bad_file(make_config(games={"guess": {"plugin": "guess", "min": 1, "max": 5},
                                                "guess-hard": {"plugin": "guess", "max_guesses": 3}},
                                         limits={"idle_timeout": "250ms", "udp_session_timeout": "1h"}))
        r = run_dealerd(["--check-config", "--config", path])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr.strip(), "")

    def test_shipped_config_is_valid(self):
        self.assertTrue(os.path.exists(SOURCE_CONFIG), SOURCE_CONFIG)
        r = run_dealerd(["-t", "-c", SOURCE_CONFIG])
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_missing_file(self):
        path = "/nonexistent/dealerd-e2e.toml"
        for args in (["--check-config", "--config", path], ["--config", path]):
            r = run_dealerd(args)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn(path, r.stderr)

    def test_check_config_on_directory(self):
        r = run_dealerd(["--check-config", "--config", "/tmp"])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("/tmp", r.stderr)


class CommandLine(DealerdTestCase):

    def test_help(self):
        for flag in ("--help", "-h"):
            r = run_dealerd([flag])
            self.assertEqual(r.returncode, 0)
            self.assertIn("--config", r.stdout)
            self.assertIn("--check-config", r.stdout)

    def test_version(self):
        for flag in ("--version", "-V"):
            r = run_dealerd([flag])
            self.assertEqual(r.returncode, 0)
            self.assertIn("0.1.0", r.stdout)

    def test_unknown_argument(self):
        for args in (["--bogus"], ["extra"], ["--config"], ["--check-config"]):
            r = run_dealerd(args)
            self.assertEqual(r.returncode, 2, (args, r))
            self.assertTrue(r.stderr.strip(), args)

    def test_binary_exists(self):
        self.assertTrue(os.access(DEALERD, os.X_OK), DEALERD)


class NoGames(DealerdTestCase):

    def test_config_without_games_offers_none(self):
        d = self.start_daemon(games={})
        self.assertTrue(any("no games" in l for l in d.log_snapshot()), d.log_text())
        c = self.tcp(d)
        self.assertWelcome(c.welcome, games=[])
        self.assertEqual(c.request({"type": "games"}), {"type": "games", "games": []})
        self.assertError(c.request({"type": "play", "game": "guess", "id": 1}), "unknown_game", 1)
        self.assertEqual(c.text("games"), "no games are offered")

    def test_only_configured_games_offered(self):
        d = self.start_daemon(games={"zeta": {"plugin": "guess"}, "alpha": {"plugin": "guess", "max": 3}})
        c = self.tcp(d)
        self.assertEqual(sorted(c.welcome["games"]), ["alpha", "zeta"])
        s = c.request({"type": "play", "game": "alpha"})
        self.assertEqual((s["game"], s["min"], s["max"]), ("alpha", 0, 3))
        c.request({"type": "quit"})
        s = c.request({"type": "play", "game": "zeta"})
        self.assertEqual((s["game"], s["min"], s["max"]), ("zeta", 0, 9))
        self.assertError(c.request({"type": "play", "game": "guess", "id": 2}), "in_game", 2)
        c.request({"type": "quit"})
        self.assertError(c.request({"type": "play", "game": "guess", "id": 2}), "unknown_game", 2)


if __name__ == "__main__":
    unittest.main()
