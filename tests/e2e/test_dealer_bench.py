"""dealer-bench (bench/load/) against the real dealerd over TCP and UDP, in
raw line mode against a small line server written here and against
bench/'s UDP echo server, and the errors it must count when a server
answers wrongly. Runs are short (well under a second measured) and no
assertion is about speed: only counts, fields and exit statuses."""

import json
import os
import signal
import socket
import socketserver
import subprocess
import threading
import unittest

from dealerd_harness import BUILD, DealerdTestCase

DEALER_BENCH = os.environ.get("DEALER_BENCH") or os.path.join(BUILD, "bench", "dealer-bench")
UDP_ECHO_SERVER = os.environ.get("UDP_ECHO_SERVER") or os.path.join(BUILD, "bench", "udp_echo_server")

SHORT = ["--duration", "0.5", "--warmup", "0.2"]
RUN_TIMEOUT = 60

LOAD_FIELDS = {"mode", "transport", "target", "workload", "connections", "threads", "window_s", "in_flight",
               "warmup_s", "requests", "requests_per_s", "games", "latency_us", "errors", "error_kinds", "lost",
               "client_cpu", "client_saturated"}
HOLD_FIELDS = {"mode", "transport", "target", "workload", "connections", "threads", "window_s", "opened",
               "open_at_end", "errors", "error_kinds", "lost", "client_cpu", "client_saturated"}

GAMES = {
    "guess": {"plugin": "guess", "min": 0, "max": 9},
    "guess-wide": {"plugin": "guess", "min": 1, "max": 1000000},
    "rps": {"plugin": "rps"},
    "mancala": {"plugin": "mancala", "think_ms": 5},
}


def bench(*args, timeout=RUN_TIMEOUT):
    """Runs dealer-bench to its end; returns the CompletedProcess (text)."""
    return subprocess.run([DEALER_BENCH] + [str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, text=True, timeout=timeout)


class LineServer(socketserver.ThreadingTCPServer):
    """A TCP server on 127.0.0.1 that answers every line with answer(n, line)
    (n counts the lines of its connection from 1), as Redis answers PING;
    an answer of None hangs up."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, answer):
        self.answer = answer

        class Handler(socketserver.StreamRequestHandler):
            def handle(handler):
                n = 0
                for raw in handler.rfile:
                    n += 1
                    reply = self.answer(n, raw.rstrip(b"\r\n"))
                    if reply is None:
                        return
                    handler.wfile.write(reply)

        super().__init__(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self):
        return self.server_address[1]

    def close(self):
        self.shutdown()
        self.server_close()


class BenchTestCase(DealerdTestCase):

    def setUp(self):
        self.assertTrue(os.access(DEALER_BENCH, os.X_OK), "dealer-bench not built at %s" % DEALER_BENCH)

    def run_json(self, *args, fields=LOAD_FIELDS):
        """Runs dealer-bench --json; checks the exit status and the fields; returns the report."""
        r = bench(*args, "--json")
        self.assertEqual(r.returncode, 0, "dealer-bench failed:\n" + r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual(set(report), fields)
        return report

    def assert_clean(self, report):
        """Requests were answered, all of them right."""
        self.assertGreater(report["requests"], 0, report)
        self.assertEqual(report["errors"], 0, report)
        self.assertEqual(report["error_kinds"], {}, report)
        self.assertEqual(report["lost"], 0, report)
        latency = report["latency_us"]
        self.assertEqual(set(latency), {"p50", "p99", "p999", "max", "mean"})
        self.assertGreater(latency["p50"], 0)
        self.assertTrue(latency["p50"] <= latency["p99"] <= latency["p999"] <= latency["max"], latency)
        self.assertGreaterEqual(report["client_cpu"], 0)


class AgainstDealerd(BenchTestCase):

    def daemon(self, limits=None, **kw):
        # A load generator sends far more than a player: the rates are off.
        rates = {"max_messages_per_second": 0, "new_sessions_per_second_per_ip": 0}
        return self.start_daemon(games=GAMES, level="info", threads=2, limits={**rates, **(limits or {})}, **kw)

    def test_ping_over_tcp(self):
        d = self.daemon()
        host, port = d.tcp_addr
        report = self.run_json(host, port, "-c", 4, *SHORT)
        self.assert_clean(report)
        self.assertEqual((report["mode"], report["transport"], report["workload"]), ("load", "tcp", "ping"))
        self.assertEqual((report["connections"], report["in_flight"], report["games"]), (4, 1, 0))

    def test_pipelined_ping_over_tcp_with_two_threads(self):
        d = self.daemon()
        report = self.run_json(*d.tcp_addr, "-c", 6, "--in-flight", 16, "--threads", 2, *SHORT)
        self.assert_clean(report)
        self.assertEqual((report["in_flight"], report["threads"]), (16, 2))

    def test_ping_over_udp(self):
        d = self.daemon()
        report = self.run_json(*d.udp_addr, "--udp", "-c", 4, *SHORT)
        self.assert_clean(report)
        self.assertEqual(report["transport"], "udp")

    def test_guess_games_over_tcp_and_udp(self):
        d = self.daemon()
        for transport, addr in (([], d.tcp_addr), (["--udp"], d.udp_addr)):
            with self.subTest(transport=transport):
                report = self.run_json(*addr, *transport, "-c", 3, "--workload", "guess", *SHORT)
                self.assert_clean(report)
                self.assertGreater(report["games"], 0)
                # A game is a play and at least one move.
                self.assertLessEqual(2 * report["games"], report["requests"] + 2 * 3)

    def test_a_wide_guess_game_is_played_to_the_end_by_binary_search(self):
        d = self.daemon()
        report = self.run_json(*d.tcp_addr, "-c", 2, "--workload", "guess", "--game", "guess-wide", *SHORT)
        self.assert_clean(report)
        self.assertGreater(report["games"], 0)
        # 1..1,000,000 takes about 20 guesses a game, and a play.
        self.assertGreater(report["requests"], 10 * report["games"])

    def test_rps_and_mancala_games(self):
        d = self.daemon()
        for workload in (["--workload", "rps"], ["--workload", "mancala", "--level", "easy"]):
            with self.subTest(workload=workload):
                report = self.run_json(*d.tcp_addr, "-c", 2, *workload, "--duration", "1", "--warmup", "0.2")
                self.assert_clean(report)
                self.assertGreater(report["games"], 0)

    def test_error_replies_are_counted_by_code(self):
        d = self.daemon()
        # No game of that name: every play is unknown_game; the workload
        # recovers (quit, play again) and keeps counting.
        report = self.run_json(*d.tcp_addr, "-c", 2, "--workload", "guess", "--game", "no-such-game", *SHORT)
        self.assertEqual(report["games"], 0)
        self.assertGreater(report["error_kinds"].get("error:unknown_game", 0), 0, report)
        self.assertEqual(report["errors"], sum(report["error_kinds"].values()))

    def test_hold_keeps_tcp_and_udp_sessions_open(self):
        d = self.daemon()
        for transport, addr in (([], d.tcp_addr), (["--udp"], d.udp_addr)):
            with self.subTest(transport=transport):
                report = self.run_json(*addr, *transport, "--hold", "-c", 20, "--duration", "0.5",
                                       fields=HOLD_FIELDS)
                self.assertEqual((report["mode"], report["opened"], report["open_at_end"]), ("hold", 20, 20))
                self.assertEqual(report["errors"], 0, report)

    def test_hold_counts_sessions_the_server_closes(self):
        d = self.daemon()
        host, port = d.tcp_addr
        p = subprocess.Popen([DEALER_BENCH, host, str(port), "--hold", "-c", "5", "--duration", "3", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = p.stderr.readline()
            self.assertIn("holding 5 sessions", line)
            # Every session is open now; stopping dealerd closes them all.
            self.assertEqual(d.stop(), 0)
            out, err = p.communicate(timeout=RUN_TIMEOUT)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        self.assertEqual(p.returncode, 0, err)
        report = json.loads(out)
        self.assertEqual((report["opened"], report["open_at_end"]), (5, 0))
        self.assertEqual(report["error_kinds"].get("closed"), 5, report)

    def test_human_table(self):
        d = self.daemon()
        r = bench(*d.tcp_addr, "-c", 2, *SHORT)
        self.assertEqual(r.returncode, 0, r.stderr)
        for word in ("dealer-bench: ping over tcp", "requests", "latency", "p99.9", "errors       0", "client CPU"):
            self.assertIn(word, r.stdout)

    def test_a_full_server_is_a_connect_failure(self):
        d = self.daemon(limits={"max_sessions": 2, "max_sessions_per_ip": 2})
        for transport, addr in (([], d.tcp_addr), (["--udp"], d.udp_addr)):
            with self.subTest(transport=transport):
                r = bench(*addr, *transport, "-c", 5, *SHORT)
                self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                self.assertIn("could not open", r.stderr)
                self.assertIn("server_busy", r.stderr)
                self.assertEqual(r.stdout, "")


class RawMode(BenchTestCase):

    def line_server(self, answer):
        server = LineServer(answer)
        self.addCleanup(server.close)
        return server

    def test_raw_ping_against_a_line_server_counts_every_reply(self):
        server = self.line_server(lambda n, line: b"+PONG\r\n" if line == b"PING" else b"-ERR what\r\n")
        for in_flight in (1, 8):
            with self.subTest(in_flight=in_flight):
                report = self.run_json("127.0.0.1", server.port, "--raw", "PING", "--expect", "+PONG", "-c", 3,
                                       "-k", in_flight, *SHORT)
                self.assert_clean(report)
                self.assertEqual(report["workload"], "raw")

    def test_wrong_replies_are_errors(self):
        # Every third reply is wrong.
        server = self.line_server(lambda n, line: b"-ERR busy\r\n" if n % 3 == 0 else b"+PONG\r\n")
        report = self.run_json("127.0.0.1", server.port, "--raw", "PING", "--expect", "+PONG", "-c", 2, *SHORT)
        self.assertGreater(report["requests"], 0)
        self.assertGreater(report["error_kinds"].get("unexpected_reply", 0), 0, report)
        self.assertEqual(report["errors"], report["error_kinds"]["unexpected_reply"])

    def test_without_expect_any_reply_line_counts(self):
        server = self.line_server(lambda n, line: b"whatever\n")
        report = self.run_json("127.0.0.1", server.port, "--raw", "PING", "-c", 2, *SHORT)
        self.assert_clean(report)

    def test_a_server_that_closes_is_counted(self):
        # Answers twice, then hangs up.
        server = self.line_server(lambda n, line: b"+PONG\r\n" if n <= 2 else None)
        report = self.run_json("127.0.0.1", server.port, "--raw", "PING", "-c", 2, *SHORT)
        self.assertEqual(report["error_kinds"].get("closed"), 2, report)
        self.assertEqual(report["lost"], 2)

    def test_raw_hold_against_a_line_server(self):
        server = self.line_server(lambda n, line: b"+PONG\r\n")
        report = self.run_json("127.0.0.1", server.port, "--raw", "PING", "--expect", "+PONG", "--hold", "-c", 10,
                               "--duration", "0.3", fields=HOLD_FIELDS)
        self.assertEqual((report["opened"], report["open_at_end"], report["errors"]), (10, 10, 0))

    def test_udp_echo_server(self):
        self.assertTrue(os.access(UDP_ECHO_SERVER, os.X_OK), "udp_echo_server not built at %s" % UDP_ECHO_SERVER)
        p = subprocess.Popen([UDP_ECHO_SERVER, "127.0.0.1", "0"], stdout=subprocess.PIPE, text=True)
        try:
            line = p.stdout.readline()
            self.assertTrue(line.startswith("listening on udp 127.0.0.1:"), line)
            port = int(line.rsplit(":", 1)[1])
            ping = '{"type":"ping"}'
            report = self.run_json("127.0.0.1", port, "--udp", "--raw", ping, "--expect", ping, "-c", 4, *SHORT)
            self.assert_clean(report)
            report = self.run_json("127.0.0.1", port, "--udp", "--raw", ping, "--expect", "something else", "-c", 2,
                                   *SHORT)
            self.assertGreater(report["error_kinds"].get("unexpected_reply", 0), 0, report)
        finally:
            p.send_signal(signal.SIGTERM)
            self.assertEqual(p.wait(10), 0)


class CommandLine(unittest.TestCase):

    def test_bad_flags_exit_2_with_a_sentence(self):
        for args, says in ((["--connections", "0"], "--connections takes 1 to 100000"),
                           (["--bogus"], "unknown option '--bogus'"),
                           (["--workload", "guess", "-k", "4"], "--in-flight above 1 needs a workload")):
            with self.subTest(args=args):
                r = bench(*args)
                self.assertEqual(r.returncode, 2)
                self.assertIn(says, r.stderr)
                self.assertEqual(r.stdout, "")

    def test_help(self):
        r = bench("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("usage: dealer-bench", r.stdout)

    def test_nobody_listening_exits_1(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()  # nothing listens there now
        r = bench("127.0.0.1", port, "-c", 2, *SHORT)
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot connect to 127.0.0.1:%d" % port, r.stderr)

    def test_no_udp_server_exits_1_after_the_timeout(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))  # bound, never answers
        self.addCleanup(s.close)
        r = bench("127.0.0.1", s.getsockname()[1], "--udp", "-c", 2, "--timeout", "0.3", *SHORT)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no cookie over UDP within the timeout", r.stderr)


if __name__ == "__main__":
    unittest.main()
