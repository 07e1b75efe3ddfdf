"""The bundled client `dealer` over UDP (issue #4, SPEC §7): through a proxy
that drops and duplicates datagrams in a fixed pattern, both ways, a whole
game completes with the right result, each move applied once; and when
the server stops answering, dealer says so and exits non-zero within its
--timeout, also when the "server" only ever answers with cookies."""

import socket
import threading
import time
import unittest

from dealer_client import ANY_ESCAPE, ClientTestMixin
from dealerd_harness import DealerdTestCase

WIDE = {"guess": {"plugin": "guess", "min": 1, "max": 1000000}, "rps": {"plugin": "rps"}}


class LossyProxy:
    """A UDP proxy between one client and dealerd. Datagram n (from 1) of
    each direction is dropped when n % drop_every == drop_at, and sent
    twice when n % dup_every == 0. blackhole() drops everything from then on."""

    def __init__(self, server, drop_every=3, dup_every=4):
        self.server = server
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.upstream.bind(("127.0.0.1", 0))
        self.upstream.settimeout(0.1)
        self.drop_every, self.dup_every = drop_every, dup_every
        self.client = None
        self.counts = {"up": 0, "down": 0}
        self.dropped = {"up": 0, "down": 0}
        self.from_client = []   # every datagram the client sent, in order
        self.black = False
        self.running = True
        self.threads = [threading.Thread(target=self._pump, args=(d,), daemon=True) for d in ("up", "down")]
        for t in self.threads:
            t.start()

    @property
    def addr(self):
        return self.sock.getsockname()

    def blackhole(self):
        self.black = True

    def _pump(self, direction):
        src = self.sock if direction == "up" else self.upstream
        while self.running:
            try:
                data, peer = src.recvfrom(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            if direction == "up":
                self.client = peer
                self.from_client.append(data)
            self.counts[direction] += 1
            n = self.counts[direction]
            # Up: the 1st, 4th, 7th... are lost (the first hello too);
            # down: the 2nd, 5th, 8th...
            if self.black or n % self.drop_every == (1 if direction == "up" else 2):
                self.dropped[direction] += 1
                continue
            copies = 2 if n % self.dup_every == 0 else 1
            for _ in range(copies):
                if direction == "up":
                    self.upstream.sendto(data, self.server)
                elif self.client is not None:
                    self.sock.sendto(data, self.client)

    def close(self):
        self.running = False
        for t in self.threads:
            t.join(1)
        self.sock.close()
        self.upstream.close()


class CookiesEveryTime:
    """A UDP "server" that answers every datagram with a new cookie, as no
    dealerd does: the client must neither loop with it nor wait forever."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.received = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def addr(self):
        return self.sock.getsockname()

    def _serve(self):
        while self.running:
            try:
                _, peer = self.sock.recvfrom(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            self.received += 1
            self.sock.sendto(b'{"type":"cookie","cookie":"c%09d"}' % self.received, peer)

    def close(self):
        self.running = False
        self.thread.join(1)
        self.sock.close()


class UdpClient(ClientTestMixin, DealerdTestCase):

    def setUp(self):
        self.d = self.start_daemon(games=WIDE)
        self.proxy = LossyProxy(self.d.udp_addr)
        self.addCleanup(self.proxy.close)

    def test_a_game_survives_loss_and_duplication(self):
        c = self.dealer(self.d, "--timeout", "15", udp=True, addr=self.proxy.addr)
        c.expect(r"connected to dealerd 0\.1\.0", timeout=15)
        c.line("guess")
        n = self.play_guess_by_range(c)
        # Each guess counted once by the server, however often it was sent.
        c.expect(r"found in %d guess" % n, timeout=15)
        c.expect(r"secret verified")
        c.expect(r"\*\*\* you win \*\*\*")
        c.line("rps rounds=1 strategy=random")
        for _ in range(50):
            c.line("rock")
            m = c.expect(r"round (\d+): you rock, dealer \w+ - (you win the round|the dealer wins the round|a tie, replayed)", timeout=15)
            c.expect(r"throw verified", timeout=15)
            if m.group(2) != "a tie, replayed":
                c.expect(r"\*\*\* you %s \*\*\*" % ("win" if m.group(2).startswith("you") else "lose"))
                break
        c.close_input()
        self.assertEqual(c.wait(timeout=20), 0, c.output[-2000:])
        self.assertNotIn("WARNING", c.output)
        self.assertNotIn(ANY_ESCAPE, c.output)
        # The proxy really lost and doubled datagrams, and the client sent
        # the very same datagram again when an answer was lost.
        self.assertGreater(self.proxy.dropped["up"], 3)
        self.assertGreater(self.proxy.dropped["down"], 3)
        sent = self.proxy.from_client
        self.assertTrue(any(a == b for a, b in zip(sent, sent[1:])), "no retransmission seen")

    def test_server_stops_answering(self):
        c = self.dealer(self.d, "--timeout", "1.5", udp=True, addr=self.proxy.addr)
        c.expect(r"connected to dealerd", timeout=10)
        c.line("guess")
        c.expect(r"the secret is between 1 and 1000000", timeout=10)
        self.proxy.blackhole()
        started = time.monotonic()
        c.line("500000")
        c.expect(r"the server at 127\.0\.0\.1:%d is not answering \(nothing for 1\.5 s\)" % self.proxy.addr[1],
                 timeout=10)
        self.assertEqual(c.wait(), 3)
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(elapsed, 1.4)
        self.assertLess(elapsed, 6.0)
        # Retransmitted meanwhile: the same move, more than once.
        moves = [d for d in self.proxy.from_client if b'"guess":500000' in d]
        self.assertGreaterEqual(len(moves), 2)  # 0 and 250 ms; 750 ms too unless the machine stalls
        self.assertEqual(len(set(moves)), 1, "a retransmission changed the datagram")

    def test_a_forgotten_session_is_said_and_replaced(self):
        d = self.start_daemon(games=WIDE, limits={"udp_session_timeout": "1s"})
        c = self.dealer(d, "--timeout", "10", udp=True)
        c.expect(r"connected to dealerd")
        mark = d.log_mark()
        c.line("guess")
        c.expect(r"the secret is between 1 and 1000000")
        # The player thinks longer than the server keeps a quiet session.
        d.wait_log("UDP session timed out", timeout=5, start=mark)
        c.line("500000")
        c.expect(r"the server no longer knew this session .*: the game is lost; back in the lobby", timeout=5)
        c.line("guess")
        c.expect(r"the secret is between 1 and 1000000")
        c.close_input()
        self.assertEqual(c.wait(), 0)

    def test_a_server_that_only_hands_out_cookies(self):
        server = CookiesEveryTime()
        self.addCleanup(server.close)
        c = self.dealer(self.d, "--timeout", "1.5", udp=True, addr=server.addr)
        c.expect(r"is not answering \(nothing for 1\.5 s\)", timeout=10)
        self.assertEqual(c.wait(), 1)
        # The hello, the proof, one proof with the newer cookie at once, and
        # the retransmissions of 1.5 s: a handful, not a storm.
        self.assertLess(server.received, 12)

    def test_no_server_at_all(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))  # a port that never answers
        self.addCleanup(s.close)
        c = self.dealer(self.d, "--timeout", "1", udp=True, addr=s.getsockname())
        c.expect(r"is not answering \(nothing for 1 s\)", timeout=10)
        self.assertEqual(c.wait(), 1)


if __name__ == "__main__":
    unittest.main()
