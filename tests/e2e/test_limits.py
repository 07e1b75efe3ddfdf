"""Limits: huge lines, idle timeouts, session caps (SPEC §2, §3, §4)."""

import json
import resource
import socket
import threading
import time
import unittest

from dealerd_harness import DealerdTestCase, TcpClient, UdpClient

MIB = 1024 * 1024

# Why dealerd's RSS says nothing about its own memory in a sanitized build.
SANITIZER_RSS = ("ASan keeps freed blocks in its quarantine (256 MiB by default) instead of reusing them, "
                 "and ASan and TSan map shadow memory for all that dealerd touches, so the RSS grows with "
                 "what dealerd allocated and freed, not with what it holds")


def can_bind(address):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((address, 0))
        return True
    except OSError:
        return False
    finally:
        s.close()


def flood_without_reading(c):
    """Sends `games` requests on c, reading nothing, until the daemon stops
    reading them (a send blocks for 2 s) or 64 MiB are sent; returns the bytes sent."""
    c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    request = b'{"type":"games"}\n' * 1000  # each reply is larger than its request
    sent = 0
    c.sock.settimeout(2)
    try:
        while sent < 64 * MIB:
            c.sock.sendall(request)
            sent += len(request)
    except (socket.timeout, OSError):
        pass
    return sent


def keep_sending(c, payload, stop, every=0.2):
    """Sends payload on c every `every` seconds, in a thread, until stop is set or the socket fails."""
    def run():
        while not stop.is_set():
            try:
                c.send_raw(payload)
            except OSError:
                return
            stop.wait(every)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


class HugeLine(DealerdTestCase):

    def test_10mb_line_without_newline(self):
        d = self.start_daemon()
        # Warm up: one connection and a request, so that lazily allocated
        # buffers exist before the baseline.
        with TcpClient(d.tcp_addr) as w:
            self.assertEqual(w.request({"type": "ping"}), {"type": "pong"})
        before = d.rss_kib()

        c = self.tcp(d)
        sent = [0]
        sender_error = []

        def send():
            chunk = b"A" * 65536
            try:
                for _ in range(160):  # 10 MiB, no newline
                    c.sock.sendall(chunk)
                    sent[0] += len(chunk)
            except (ConnectionResetError, BrokenPipeError, socket.timeout, OSError) as e:
                sender_error.append(e)

        t = threading.Thread(target=send, daemon=True)
        t.start()
        err = c.recv_json(timeout=5)
        self.assertError(err, "line_too_long")
        peak = d.rss_kib()
        lines = c.expect_eof(timeout=5)
        self.assertEqual(lines, [])
        t.join(10)
        self.assertFalse(t.is_alive(), "sender still blocked: the daemon neither read nor closed")
        after = d.rss_kib()
        growth = max(peak, after) - before
        if not self.skipped_under_sanitizer("RSS growth", SANITIZER_RSS):
            self.assertLess(growth, 4 * 1024, "dealerd grew by %d KiB on a 10 MB line" % growth)
        # The daemon still serves.
        with TcpClient(d.tcp_addr) as c2:
            self.assertEqual(c2.request({"type": "ping"}), {"type": "pong"})

    def test_many_partial_lines_memory(self):
        # 50 clients each hold a line just under the limit: memory stays bounded
        # by max_line_bytes per connection, and they are all served after.
        d = self.start_daemon(limits={"max_line_bytes": 4096})
        before = d.rss_kib()
        clients = [self.tcp(d) for _ in range(50)]
        for c in clients:
            c.send_raw('{"type":"ping","id":"' + "q" * 4000)
        for c in clients:
            c.send_raw('"}\n')
        for c in clients:
            self.assertEqual(c.recv_json()["type"], "pong")
        if not self.skipped_under_sanitizer("RSS growth", SANITIZER_RSS):
            self.assertLess(d.rss_kib() - before, 4 * 1024)


class SlowReader(DealerdTestCase):

    def test_client_that_never_reads(self):
        # Requests pipelined by a client that never reads its replies: the
        # daemon stops reading instead of queueing replies without bound
        # (max_output_bytes, 64 KiB by default). "games" replies are ~13x
        # their request, which shows whether the bound holds per line. The
        # message rate, which would close such a flood first, is off.
        d = self.start_daemon(games={"guess": {"plugin": "guess"}}, limits={"max_messages_per_second": 0})
        with TcpClient(d.tcp_addr) as w:
            self.assertEqual(w.request({"type": "games"})["type"], "games")
        before = d.rss_kib()
        c = self.tcp(d)
        sent = flood_without_reading(c)
        self.assertLess(sent, 64 * MIB, "the daemon read 64 MiB of requests whose replies nobody read")
        growth = d.rss_kib() - before
        if not self.skipped_under_sanitizer("RSS growth", SANITIZER_RSS):
            self.assertLess(growth, 4 * 1024, "dealerd grew by %d KiB for a client that does not read" % growth)
        with TcpClient(d.tcp_addr) as other:
            self.assertEqual(other.request({"type": "ping"}), {"type": "pong"})


class UnreadOutput(DealerdTestCase):
    """max_output_bytes and send_timeout: a client that sends but never reads."""

    def test_a_client_that_never_reads_is_closed_after_send_timeout(self):
        d = self.start_daemon(limits={"max_output_bytes": 4096, "send_timeout": "1s", "idle_timeout": "60s",
                                      "max_messages_per_second": 0})  # a flood: the message rate would close it first
        c = self.tcp(d)
        port = c.sock.getsockname()[1]
        mark = d.log_mark()
        sent = flood_without_reading(c)
        self.assertLess(sent, 64 * MIB, "the daemon read 64 MiB of requests whose replies nobody read")
        d.wait_log(lambda l: "replies unread for 1000 ms, closing" in l and ":%d" % port in l, timeout=5,
                   start=mark)
        # The daemon closed with requests unread: the client sees a reset or an end.
        c.sock.settimeout(5)
        with self.assertRaises(OSError):
            for _ in range(1000):
                c.sock.sendall(b'{"type":"ping"}\n')
                time.sleep(0.005)
        with TcpClient(d.tcp_addr) as other:
            self.assertEqual(other.request({"type": "ping"}), {"type": "pong"})

    def test_a_client_that_reads_late_loses_nothing(self):
        # Reading pauses at the cap, and resumes once the client reads: every
        # request is answered, in order, though the client read nothing
        # until it had sent them all.
        d = self.start_daemon(limits={"max_output_bytes": 4096, "send_timeout": "60s",
                                      "max_messages_per_second": 0})
        c = self.tcp(d)
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        n = 400000  # some 10 MiB of requests and of pongs: more than the kernel's buffers hold
        payload = "".join('{"type":"ping","id":%d}\n' % i for i in range(n)).encode()
        t = threading.Thread(target=c.sock.sendall, args=(payload,), daemon=True)
        c.sock.settimeout(30)
        t.start()
        time.sleep(1)
        # The daemon has paused reading: the requests back up to the sender.
        self.assertTrue(t.is_alive(), "the daemon read every request though nobody read its replies")
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * MIB)  # now read at full speed
        for i in range(n):
            self.assertEqual(c.recv_json(timeout=30), {"type": "pong", "id": i})
        t.join(10)
        self.assertFalse(t.is_alive())


class IdleTimeout(DealerdTestCase):

    def setUp(self):
        self.d = self.start_daemon(limits={"idle_timeout": "1s"})

    def assertClosedForIdleness(self, c, within=3.5, form="json"):
        lines = c.expect_eof(timeout=within)
        self.assertEqual(len(lines), 1, lines)
        if form == "json":
            import json
            notice = json.loads(lines[0])
            self.assertEqual(notice.get("type"), "timeout", notice)
            self.assertNotIn("id", notice)
            self.assertIsInstance(notice.get("text"), str)
        else:
            self.assertFalse(lines[0].startswith("{"), lines)
            self.assertTrue(lines[0], lines)

    def test_idle_client_closed(self):
        c = self.tcp(self.d)
        # welcome already read; no message at all -> timeout then EOF within ~3 s
        self.assertClosedForIdleness(c)

    def test_idle_text_client_gets_text_notice(self):
        c = self.tcp(self.d)
        self.assertEqual(c.text("ping"), "pong")
        self.assertClosedForIdleness(c, form="text")

    def test_idle_in_game_closed(self):
        c = self.tcp(self.d)
        self.assertEqual(c.request({"type": "play", "game": "guess"})["type"], "start")
        self.assertClosedForIdleness(c)

    def assertClosedWhileSending(self, c, payload):
        """Keeps sending payload every 200 ms; the client must still be closed for idleness."""
        stop = threading.Event()
        t = keep_sending(c, payload, stop)
        try:
            self.assertClosedForIdleness(c)
        finally:
            stop.set()
            t.join(2)

    def test_blank_lines_are_not_activity(self):
        self.assertClosedWhileSending(self.tcp(self.d), b"\n \r\n\t\n")

    def test_unfinished_line_is_not_activity(self):
        self.assertClosedWhileSending(self.tcp(self.d), b"x")  # one byte at a time, never a newline

    def test_peer_that_never_closes_is_cut_at_the_closing_deadline(self):
        # After "bye" dealerd shuts down its side and reads until the peer
        # closes; a peer that never does is cut at the 2 s closing deadline
        # (kCloseDeadline), which the shared deadline sweep fires: no timer
        # of the connection's own is left to do it.
        c = self.tcp(self.d)
        self.assertEqual(c.request({"type": "bye"})["type"], "bye")
        t0 = time.monotonic()
        port = c.sock.getsockname()[1]
        self.d.wait_log(lambda l: "disconnected" in l and ":%d" % port in l, timeout=5)
        waited = time.monotonic() - t0
        self.assertGreater(waited, 1.5, "cut before the closing deadline")

    def test_active_client_kept(self):
        c = self.tcp(self.d)
        deadline = time.monotonic() + 2.6
        n = 0
        while time.monotonic() < deadline:
            self.assertEqual(c.request({"type": "ping", "id": n}), {"type": "pong", "id": n})
            n += 1
            time.sleep(0.3)
        self.assertGreaterEqual(n, 5)
        # ... and once it stops talking, it is closed.
        self.assertClosedForIdleness(c)


class LineTimeout(DealerdTestCase):
    """line_timeout: a begun line must end within it, however the bytes trickle in."""

    def test_trickled_line_is_closed_at_its_deadline(self):
        d = self.start_daemon(limits={"line_timeout": "1s", "idle_timeout": "60s"})
        c = self.tcp(d)
        stop = threading.Event()
        began = time.monotonic()
        c.send_raw(b'{"type":')
        t = keep_sending(c, b" ", stop)  # a byte every 200 ms: never idle by the byte
        try:
            lines = c.expect_eof(timeout=5)
        finally:
            stop.set()
            t.join(2)
        took = time.monotonic() - began
        self.assertEqual(len(lines), 1, lines)
        notice = json.loads(lines[0])
        self.assertEqual(notice["type"], "timeout", notice)
        self.assertIn("was not finished", notice["text"])
        self.assertGreaterEqual(took, 0.9, "closed before the line's deadline")
        # Other players are not affected.
        with TcpClient(d.tcp_addr) as other:
            self.assertEqual(other.request({"type": "ping"}), {"type": "pong"})

    def test_text_client_is_told_in_text(self):
        d = self.start_daemon(limits={"line_timeout": "500ms", "idle_timeout": "60s"})
        c = self.tcp(d)
        self.assertEqual(c.text("ping"), "pong")
        c.send_raw(b"pi")
        lines = c.expect_eof(timeout=5)
        self.assertEqual(len(lines), 1, lines)
        self.assertIn("was not finished", lines[0])
        self.assertFalse(lines[0].startswith("{"), lines)

    def test_each_line_has_its_own_deadline(self):
        # Five lines, each sent in two halves 400 ms apart: 2 s in all, twice
        # the deadline, yet every line ends within 1 s of its first byte.
        d = self.start_daemon(limits={"line_timeout": "1s", "idle_timeout": "60s"})
        c = self.tcp(d)
        for i in range(5):
            c.send_raw(b'{"type":"pi')
            time.sleep(0.4)
            c.send_raw(b'ng","id":%d}\n' % i)
            self.assertEqual(c.recv_json(), {"type": "pong", "id": i})
        # Two lines in one write, the second unfinished: its clock starts now.
        c.send_raw(b'{"type":"ping","id":5}\n{"type":"pi')
        self.assertEqual(c.recv_json(), {"type": "pong", "id": 5})
        time.sleep(0.5)
        c.send_raw(b'ng","id":6}\n')
        self.assertEqual(c.recv_json(), {"type": "pong", "id": 6})

    def test_a_thousand_trickling_clients_do_not_hold_up_a_player(self):
        n = 1000
        timeout = 5.0
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY and soft < n + 200:
            if hard != resource.RLIM_INFINITY and hard < n + 200:
                self.skipTest("this process may open only %d files; the test needs %d" % (hard, n + 200))
            resource.setrlimit(resource.RLIMIT_NOFILE, (n + 200, hard))
            self.addCleanup(resource.setrlimit, resource.RLIMIT_NOFILE, (soft, hard))
        d = self.start_daemon(limits={"line_timeout": "%ds" % timeout, "idle_timeout": "60s",
                                      "max_sessions": n + 10, "max_sessions_per_ip": n + 10,
                                      "new_sessions_per_second_per_ip": 0},
                              nofile=n + 200)
        slow = []
        first_began = time.monotonic()
        for _ in range(n):
            c = TcpClient(d.tcp_addr)  # reads its welcome: the daemon holds it
            self.addCleanup(c.close)
            c.send_raw(b'{"type":"ping"')
            slow.append(c)
        with TcpClient(d.tcp_addr) as other:
            for i in range(20):
                self.assertEqual(other.request({"type": "ping", "id": i}), {"type": "pong", "id": i})
            # The player was served while every trickler still held its
            # connection: none of their lines had reached its deadline yet.
            self.assertLess(time.monotonic() - first_began, timeout,
                            "opening the tricklers and serving the player took longer than line_timeout")
            for c in slow:
                c.send_raw(b" ")  # more bytes of the same line: the deadline stays
            # Then every trickler is told and closed, and the player is still served.
            for c in slow:
                lines = c.expect_eof(timeout=2 * timeout)
                self.assertEqual(len(lines), 1, lines)
                self.assertEqual(json.loads(lines[0])["type"], "timeout", lines)
            self.assertEqual(other.request({"type": "ping"}), {"type": "pong"})


class RateLimits(DealerdTestCase):
    """max_messages_per_second / message_burst, and new sessions per address."""

    def test_a_flood_of_messages_is_refused_then_closed_over_tcp(self):
        d = self.start_daemon(limits={"max_messages_per_second": 10, "message_burst": 5})
        c = self.tcp(d)
        c.send_raw("".join('{"type":"ping","id":%d}\n' % i for i in range(20)))
        for i in range(5):
            self.assertEqual(c.recv_json(), {"type": "pong", "id": i})
        err = c.recv_json()
        self.assertError(err, "rate_limited", has_id=False)
        self.assertNotIn("id", err)
        self.assertGreaterEqual(err["retry_after"], 1)
        self.assertEqual(c.expect_eof(), [])
        with TcpClient(d.tcp_addr) as other:
            self.assertEqual(other.request({"type": "ping"}), {"type": "pong"})

    def test_messages_at_the_rate_are_all_answered(self):
        d = self.start_daemon(limits={"max_messages_per_second": 10, "message_burst": 5})
        c = self.tcp(d)
        for i in range(15):  # 15 pings over 2 s: a third under the rate, and the burst to spare
            self.assertEqual(c.request({"type": "ping", "id": i}), {"type": "pong", "id": i})
            time.sleep(0.15)

    def test_text_form_flood(self):
        d = self.start_daemon(limits={"max_messages_per_second": 10, "message_burst": 2})
        c = self.tcp(d)
        c.send_raw("ping\nping\nping\n")
        lines = c.expect_eof()
        self.assertEqual(lines[:2], ["pong", "pong"])
        self.assertEqual(len(lines), 3, lines)
        self.assertTrue(lines[2].startswith("error: too many messages"), lines)

    def test_a_flood_of_datagrams_is_refused_and_the_session_forgotten(self):
        d = self.start_daemon(limits={"max_messages_per_second": 10, "message_burst": 5})
        u = self.udp(d)
        u.handshake()
        for i in range(8):
            u.send_json({"type": "ping", "id": i})
        for i in range(4):  # the hello that opened the session was the first of the 5
            self.assertEqual(u.recv_json(), {"type": "pong", "id": i})
        err = u.recv_json()
        self.assertError(err, "rate_limited", has_id=False)
        self.assertGreaterEqual(err["retry_after"], 1)
        # Forgotten: a new handshake starts a new session.
        u.expect_silence()
        u.handshake()
        self.assertEqual(u.request({"type": "ping", "id": "again"}), {"type": "pong", "id": "again"})

    def test_new_sessions_from_one_address_over_tcp_and_udp(self):
        d = self.start_daemon(limits={"new_sessions_per_second_per_ip": 1, "new_session_burst_per_ip": 3})
        held = [self.tcp(d), self.tcp(d)]
        u = self.udp(d)
        u.handshake()  # the third session: UDP counts with TCP
        newcomer = self.tcp(d, read_welcome=False)
        err = newcomer.recv_json()
        self.assertError(err, "rate_limited")
        self.assertGreaterEqual(err["retry_after"], 1)
        self.assertEqual(newcomer.expect_eof(), [])
        u2 = self.udp(d)
        cookie = u2.request({"type": "hello"})["cookie"]
        self.assertError(u2.request({"type": "hello", "cookie": cookie}), "rate_limited")
        # Those already in are not affected, and after the wait one more may come.
        for c in held:
            self.assertEqual(c.request({"type": "ping"}), {"type": "pong"})
        time.sleep(err["retry_after"])
        late = self.tcp(d)
        self.assertEqual(late.request({"type": "ping"}), {"type": "pong"})


class ServerBusy(DealerdTestCase):

    def test_per_ip_cap(self):
        d = self.start_daemon(limits={"max_sessions": 10, "max_sessions_per_ip": 2})
        a = self.tcp(d)
        b = self.tcp(d)
        self.assertEqual(a.request({"type": "play", "game": "guess"})["type"], "start")
        newcomer = self.tcp(d, read_welcome=False)
        err = newcomer.recv_json()
        self.assertError(err, "server_busy")
        self.assertEqual(newcomer.expect_eof(), [])
        # Existing players are unaffected.
        self.assertEqual(a.request({"type": "move", "guess": 0})["type"], "state")
        self.assertEqual(b.request({"type": "ping"}), {"type": "pong"})
        # A UDP session from the same address counts too.
        u = self.udp(d)
        cookie = u.request({"type": "hello"})["cookie"]
        self.assertError(u.request({"type": "hello", "cookie": cookie}), "server_busy")
        u.send_json({"type": "ping"})
        u.expect_silence()
        # A slot freed is a slot usable.
        b.close()
        deadline = time.monotonic() + 5
        while True:
            c = TcpClient(d.tcp_addr, read_welcome=False)
            self.addCleanup(c.close)
            first = c.recv_json()
            if first["type"] == "welcome":
                break
            self.assertLess(time.monotonic(), deadline, "the closed session's slot was never released")
            time.sleep(0.1)
        self.assertEqual(c.request({"type": "ping"}), {"type": "pong"})

    def test_max_sessions_cap(self):
        addrs = ["127.0.0.%d" % i for i in (2, 3, 4)]
        if not all(can_bind(a) for a in addrs):
            self.skipTest("cannot bind 127.0.0.2-4 on this host: other loopback sources unavailable")
        d = self.start_daemon(limits={"max_sessions": 3, "max_sessions_per_ip": 2})
        a = self.tcp(d)
        b = self.tcp(d, bind="127.0.0.2")
        self.assertEqual(b.request({"type": "play", "game": "guess"})["type"], "start")
        u = UdpClient(d.udp_addr, bind="127.0.0.3")
        self.addCleanup(u.close)
        u.handshake()
        # All transports together: the fourth session, from yet another address, is refused.
        newcomer = self.tcp(d, bind="127.0.0.4", read_welcome=False)
        self.assertError(newcomer.recv_json(), "server_busy")
        self.assertEqual(newcomer.expect_eof(), [])
        u2 = UdpClient(d.udp_addr, bind="127.0.0.4")
        self.addCleanup(u2.close)
        cookie = u2.request({"type": "hello"})["cookie"]
        self.assertError(u2.request({"type": "hello", "cookie": cookie}), "server_busy")
        # Existing players are unaffected.
        self.assertEqual(a.request({"type": "ping"}), {"type": "pong"})
        self.assertEqual(b.request({"type": "move", "guess": 0})["type"], "state")
        self.assertEqual(u.request({"type": "ping"}), {"type": "pong"})

    def test_busy_newcomer_that_sends_first(self):
        # A refused client that already sent a request still reads its
        # server_busy line (not a reset).
        d = self.start_daemon(limits={"max_sessions": 1, "max_sessions_per_ip": 1})
        a = self.tcp(d)
        for _ in range(5):
            n = TcpClient(d.tcp_addr, read_welcome=False)
            self.addCleanup(n.close)
            n.send_raw(b'{"type":"ping"}\n' * 50)
            self.assertError(n.recv_json(), "server_busy")
            self.assertEqual(n.expect_eof(), [])
        self.assertEqual(a.request({"type": "ping"}), {"type": "pong"})


if __name__ == "__main__":
    unittest.main()


class DescriptorExhaustion(DealerdTestCase):
    """Out of file descriptors, the daemon waits instead of spinning on accept()."""

    def test_accept_backs_off_and_recovers(self):
        d = self.start_daemon(nofile=48, threads=1, udp=(),
                              limits={"max_sessions": 1000, "max_sessions_per_ip": 1000})
        flood = []
        try:
            for _ in range(80):  # the kernel queues what the daemon cannot accept
                flood.append(socket.create_connection(d.tcp_addr, timeout=5))
            d.wait_log(lambda l: "accept failed" in l)
            time.sleep(1.5)
            # Spinning would log on every retry (hundreds of thousands of lines
            # a second); backing off warns once for the whole episode.
            failures = [l for l in d.log_snapshot() if "accept failed" in l]
            self.assertEqual(len(failures), 1, failures[:5])
        finally:
            for s in flood:
                s.close()
        d.wait_log(lambda l: "accepting again" in l)
        with TcpClient(d.tcp_addr) as c:  # served once descriptors are free
            self.assertEqual(c.welcome["type"], "welcome")
            self.assertEqual(c.request({"type": "ping"})["type"], "pong")
