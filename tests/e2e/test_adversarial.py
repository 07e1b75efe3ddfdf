"""Adversarial input end to end (SPEC §3, §4, §6, §7): garbage bytes, invalid
UTF-8, duplicate keys, numbers outside every machine range, connection
churn, and UDP garbage from proven and unproven peers. Every reply must stay
well-formed (UTF-8; JSON where it is JSON), every non-blank line must get
exactly one reply, and the session must still answer afterwards."""

import json
import os
import random
import socket
import struct
import time
import unittest
from decimal import Decimal

from dealerd_harness import DealerdTestCase, TcpClient

WIDE = {"guess": {"plugin": "guess", "min": 1, "max": 1000000}}
# Lobby words whose reply is not one line, or that start or end something:
# random garbage that happens to spell one is regenerated.
SPECIAL_WORDS = {b"help", b"games", b"play", b"bye", b"quit", b"exit"}
# A complete object, then a NUL and more: not JSON (RFC 8259 has no NUL
# between tokens), however a C-string reader might see it.
NUL_TAILS = (b'{"type":"ping"}\x00', b'{"type":"ping"}\x00{"type":"games"}', b'{"type":"ping","id":1}\x00\xff\xfe')

# (line, expected reply) in the lobby: a key given twice counts with its
# last value (docs/protocol.md, "move -> state"), also in the envelope. The
# expected reply is a type, a whole reply, or (error code, id).
DUPLICATES = [
    (b'{"type":"ping","type":"games"}', "games"),
    (b'{"type":"games","type":"ping"}', {"type": "pong"}),
    (b'{"type":"ping","\\u0074ype":"games"}', "games"),  # an escaped key is the same key
    (b'{"type":5,"type":"ping"}', {"type": "pong"}),
    (b'{"type":"ping","type":5,"id":"t"}', ("bad_message", "t")),
    (b'{"type":"ping","id":"a","id":"b"}', {"type": "pong", "id": "b"}),
    (b'{"type":"ping","id":[1],"id":"a"}', {"type": "pong", "id": "a"}),
    (b'{"type":"ping","id":"a","id":[1]}', ("bad_message", None)),
    (b'{"type":"ping","seq":-1,"seq":"x","id":"s"}', ("bad_message", "s")),
    (b'{"type":"play","game":"guess","game":"nosuch"}', ("unknown_game", None)),
    (b'{"type":"play","game":"guess","options":{},"options":{"min":3}}', ("bad_option", None)),
    (b'{"type":"play","game":"nosuch","game":"guess"}', "start"),
    (b'{"type":"quit","type":"quit"}', {"type": "left", "game": "guess"}),
    (b'{"type":"play","game":"guess","options":{"min":3},"options":{}}', "start"),
    (b'{"type":"quit"}', {"type": "left", "game": "guess"}),
]


def raw_line(c):
    """The next reply line of TcpClient c as bytes (recv_line would decode)."""
    deadline = time.monotonic() + c.timeout
    while b"\n" not in c.buf:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError("no reply line within the timeout; have %r" % c.buf[:200])
        c.sock.settimeout(left)
        chunk = c.sock.recv(65536)
        if not chunk:
            raise AssertionError("connection closed; tail %r" % c.buf[:200])
        c.buf += chunk
    line, _, c.buf = c.buf.partition(b"\n")
    return line


def gets_reply(line):
    """SPEC §3: a trailing \\r is dropped; lines of blanks get no reply."""
    if line.endswith(b"\r"):
        line = line[:-1]
    return bool(line.strip(b" \t"))


def special(line):
    """True when line's first word is one of SPECIAL_WORDS (SPEC §6)."""
    words = line.replace(b"\t", b" ").split()
    return bool(words) and words[0].lstrip(b"/").rstrip(b"\r\n") in SPECIAL_WORDS


def random_line(rng, max_len=200):
    while True:
        line = rng.randbytes(rng.randint(1, max_len)).replace(b"\n", b"\x00")
        if not special(line):
            return line


class AdversarialCase(DealerdTestCase):

    def well_formed(self, raw, sent=None):
        """raw is valid UTF-8, and a JSON object with a string type if it starts with {."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self.fail("reply is not UTF-8: %r (to %r)" % (raw[:200], (sent or b"")[:80]))
        if not text.startswith("{"):
            return text
        try:
            obj = json.loads(text)
        except ValueError:
            self.fail("reply is not JSON: %r (to %r)" % (raw[:200], (sent or b"")[:80]))
        self.assertIsInstance(obj, dict, text)
        self.assertIsInstance(obj.get("type"), str, text)
        return obj

    def exchange(self, c, line):
        """Sends one line that must get one reply; returns it, checked."""
        c.send_raw(line + b"\n")
        return self.well_formed(raw_line(c), line)

    def still_pongs(self, c, id_="alive"):
        self.assertEqual(self.exchange(c, b'{"type":"ping","id":"%s"}' % id_.encode()), {"type": "pong", "id": id_})


class TcpAdversarial(AdversarialCase):

    def setUp(self):
        self.d = self.start_daemon(games=WIDE)
        self.c = self.tcp(self.d)

    def test_garbage_lines_then_ping(self):
        rng = random.Random(20240611)
        lines = [random_line(rng) for _ in range(400)]
        lines += [b"\x00", b"\x00" * 1000, b"{\x00}", b'{"type":"ping\x00"}', b"\r", b"\r\r\r", b"ping\rping",
                  b" \t\r", b"{" * 4096, b"{" * 4096 + b"\r", b'{"a":' + b"[" * 4000,
                  b'{"type":"ping","a":"' + b"{" * 4000 + b'"}', *NUL_TAILS]
        rng.shuffle(lines)
        replies = []
        # Batches keep the unread replies under max_output_bytes.
        for start in range(0, len(lines), 40):
            batch = lines[start:start + 40]
            self.c.send_raw(b"".join(l + b"\n" for l in batch))
            for line in batch:
                if gets_reply(line):
                    replies.append((line, raw_line(self.c)))
        by_line = {}
        for line, raw in replies:
            reply = self.well_formed(raw, line)
            # SPEC §3: the reply takes the form of the request.
            self.assertEqual(isinstance(reply, dict), line.lstrip(b" \t").startswith(b"{"), (line[:80], raw[:200]))
            by_line[line] = reply
        # {-runs within max_line_bytes are bad JSON, not line_too_long; braces
        # inside a string are not nesting. A NUL is not JSON whitespace, so
        # bytes after the object make the line bad JSON, NUL or not.
        for line in (b"{" * 4096, b"{" * 4096 + b"\r", b'{"a":' + b"[" * 4000, b'{"type":"ping\x00"}') + NUL_TAILS:
            with self.subTest(line=line[:40]):
                self.assertError(by_line[line], "bad_json")
        self.assertEqual(by_line[b'{"type":"ping","a":"' + b"{" * 4000 + b'"}'], {"type": "pong"})
        self.assertEqual(by_line[b"\r\r\r"], "error: unknown command '\r\r'; type help")
        # Nothing more is queued: the very next line answers the ping.
        self.still_pongs(self.c)

    def test_invalid_utf8_in_json_strings_and_text_commands(self):
        bad_json = [b'{"type":"ping","id":"\xff\xfe"}', b'{"type":"ping","id":"\xc0\xaf"}',  # an overlong "/"
                    b'{"type":"ping","id":"\xed\xa0\x80"}',       # a surrogate encoded as UTF-8
                    b'{"type":"ping","id":"\xf4\x90\x80\x80"}',   # above U+10FFFF
                    b'{"type":"ping","id":"\xe2\x82"}',           # truncated
                    b'{"type":"\xff"}', b'{"\xff":1,"type":"ping"}', b'{"type":"play","game":"\xc3\x28"}',
                    b'{"type":"ping","id":"\\ud800"}', b'{"type":"ping","id":"\\udc00x"}']  # lone surrogate escapes
        for line in bad_json:
            reply = self.exchange(self.c, line)
            self.assertError(reply, "bad_json")
            self.assertNotIn("id", reply)  # nothing of a line that is not JSON is echoed
        # Well-formed non-ASCII, raw or escaped, is echoed as the same string.
        for line in (b'{"type":"ping","id":"\xf0\x9f\x98\x80"}', b'{"type":"ping","id":"\\ud83d\\ude00"}'):
            self.assertEqual(self.exchange(self.c, line), {"type": "pong", "id": "\U0001F600"})
        # docs/protocol.md: ill-formed bytes a text reply echoes become U+FFFD, one per byte.
        r = "\ufffd"
        text = [(b"play \xc3\x28", "error: no game called '%s('; see games" % r),
                (b"play \xc0\xaf", "error: no game called '%s'; see games" % (r * 2)),
                (b"play \xed\xa0\x80", "error: no game called '%s'; see games" % (r * 3)),
                (b"\xff\xfe", "error: unknown command '%s'; type help" % (r * 2)),
                (b"/\xf4\x90\x80\x80", "error: unknown command '%s'; type help" % (r * 4))]
        for line, expected in text:
            self.assertEqual(self.exchange(self.c, line), expected)
        # In a game: the same bytes as moves and as commands; none counts.
        self.assertEqual(self.exchange(self.c, b'{"type":"play","game":"guess"}')["type"], "start")
        self.assertEqual(self.exchange(self.c, b"5\xff"), "error: a guess is a whole number between 1 and 1000000")
        self.assertEqual(self.exchange(self.c, b"/\xff"), "error: no command /%s in a game; type /help" % r)
        self.assertError(self.exchange(self.c, b'{"type":"move","guess":"\xff"}'), "bad_json")
        st = self.exchange(self.c, b'{"type":"move","guess":500000}')
        self.assertEqual((st["type"], st["guesses"]), ("state", 1), st)
        self.still_pongs(self.c)

    def check(self, reply, expected, line):
        if isinstance(expected, str):
            self.assertEqual(reply.get("type"), expected, (line, reply))
        elif isinstance(expected, tuple):
            self.assertError(reply, expected[0], expected[1])
            if expected[1] is None:
                self.assertNotIn("id", reply, (line, reply))
        else:
            self.assertEqual(reply, expected, line)

    def test_duplicate_keys_last_value_counts(self):
        # One request at a time, twice over, then all pipelined in one write:
        # the same verdicts every time.
        for line, expected in DUPLICATES * 2:
            self.check(self.exchange(self.c, line), expected, line)
        self.c.send_raw(b"".join(line + b"\n" for line, _ in DUPLICATES))
        for line, expected in DUPLICATES:
            self.check(self.well_formed(raw_line(self.c), line), expected, line)
        # In a game the game sees the last "guess" only; the first, even an
        # illegal one, is gone. (test_errors covers "x" then a number.)
        while True:
            self.assertEqual(self.exchange(self.c, b'{"type":"play","game":"guess"}')["type"], "start")
            st = self.exchange(self.c, b'{"type":"move","guess":1,"guess":500000}')
            self.assertEqual((st["guess"], st["guesses"]), (500000, 1), st)
            if not st["over"]:
                break
        far = b"1" if st["text"] == "too low" else b"1000000"  # away from the secret: the game goes on
        st = self.exchange(self.c, b'{"type":"move","guess":[5],"gu\\u0065ss":' + far + b"}")
        self.assertEqual((st["type"], st["guess"], st["guesses"], st["over"]), ("state", int(far), 2, False), st)
        self.assertEqual(self.exchange(self.c, b'{"type":"move","guess":' + far + b',"type":"ping"}'),
                         {"type": "pong"})
        st = self.exchange(self.c, b'{"type":"ping","type":"move","guess":' + far + b"}")
        self.assertEqual((st["type"], st["guesses"]), ("state", 3), st)
        self.still_pongs(self.c)

    def test_huge_numbers_as_ids(self):
        # Outside the range of a double: the parser refuses the line (an
        # implementation limit RFC 8259 §9 allows), and nothing is echoed.
        for raw in (b"1e400", b"-1e400"):
            reply = self.exchange(self.c, b'{"type":"ping","id":%s}' % raw)
            self.assertError(reply, "bad_json")
            self.assertNotIn("id", reply)
        # An integer beyond 64 bits could only come back rounded: refused
        # with bad_message (docs/protocol.md), the session goes on.
        for raw in (b"18446744073709551616", b"99999999999999999999999", b"-9223372036854775809"):
            with self.subTest(id=raw):
                reply = self.exchange(self.c, b'{"type":"ping","id":%s}' % raw)
                self.assertError(reply, "bad_message")
                self.assertNotIn("id", reply)
                self.assertIn("beyond 64 bits", reply["text"])
        # Any other integer is "the same id" in its reply: the same integer, exactly.
        for raw in (b"18446744073709551615", b"-9223372036854775808", b"-0"):
            with self.subTest(id=raw):
                self.c.send_raw(b'{"type":"ping","id":%s}\n' % raw)
                line = raw_line(self.c)
                self.assertEqual(self.well_formed(line)["type"], "pong")
                echoed = json.loads(line, parse_float=Decimal, parse_int=Decimal)["id"]
                self.assertEqual(echoed, Decimal(raw.decode()), "id %s came back as %s" % (raw, line))
        # A fraction is a double, as for any JSON reader: the same double back.
        for raw in (b"-0.0", b"1.0e2", b"0.1", b"3.14159265358979323846", b"1e-400"):
            reply = self.exchange(self.c, b'{"type":"ping","id":%s}' % raw)
            self.assertIsInstance(reply.get("id"), float, reply)
            self.assertEqual(reply["id"], float(raw), reply)
        self.still_pongs(self.c)

    def test_huge_numbers_as_seq(self):
        for raw in (b"1e400", b"-1e400"):
            self.assertError(self.exchange(self.c, b'{"type":"ping","seq":%s,"id":"k"}' % raw), "bad_json")
        # Not a non-negative integer dealerd can hold: bad_message, the id
        # still echoed, no seq echoed. -0 is read as a signed integer.
        for raw in (b"18446744073709551616", b"99999999999999999999999", b"-0", b"1.0e2", b"100.0", b"-1"):
            reply = self.exchange(self.c, b'{"type":"ping","seq":%s,"id":"k"}' % raw)
            self.assertError(reply, "bad_message", "k")
            self.assertNotIn("seq", reply)
        # Refused seqs were not remembered: 0 is still new, then the largest.
        self.assertEqual(self.exchange(self.c, b'{"type":"ping","seq":0}'), {"type": "pong", "seq": 0})
        top = 2 ** 64 - 1
        self.assertEqual(self.exchange(self.c, b'{"type":"games","seq":%d}' % top)["seq"], top)
        # Older now: dropped without a reply, so the next line answers the ping.
        self.c.send_raw(b'{"type":"ping","seq":0}\n{"type":"ping","seq":1e2}\n')
        self.assertError(self.well_formed(raw_line(self.c)), "bad_message")
        # The same seq gets the remembered reply, not a pong.
        self.assertEqual(self.exchange(self.c, b'{"type":"ping","seq":%d}' % top)["type"], "games")
        self.still_pongs(self.c)

    def test_huge_numbers_as_guesses(self):
        self.assertEqual(self.exchange(self.c, b'{"type":"play","game":"guess"}')["type"], "start")
        for raw in (b"1e400", b"-1e400"):
            self.assertError(self.exchange(self.c, b'{"type":"move","guess":%s,"id":1}' % raw), "bad_json")
        for raw in (b"18446744073709551616", b"99999999999999999999999", b"-9223372036854775809", b"-0",
                    b"1.0e2", b"1e2", b"100.0", b"-0.0", b"1e-400"):
            self.assertError(self.exchange(self.c, b'{"type":"move","guess":%s,"id":2}' % raw), "illegal_move", 2)
        # None of them counted, and the game goes on.
        st = self.exchange(self.c, b'{"type":"move","guess":500000}')
        self.assertEqual((st["type"], st["guesses"]), ("state", 1), st)
        self.still_pongs(self.c)


def open_fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


class ConnectionChurn(AdversarialCase):

    def test_ten_thousand_connect_and_drop_cycles(self):
        # Every cycle is a new session from 127.0.0.1: the default per-address
        # caps (64 open, 100 new a second, burst 200) would refuse most of them
        # with server_busy or rate_limited, which tests the caps, not the
        # cleanup after abrupt closes. So they are lifted here.
        d = self.start_daemon(limits={"new_sessions_per_second_per_ip": 0, "max_sessions_per_ip": 20000,
                                      "max_sessions": 20000})
        keeper = self.tcp(d)
        linger0 = struct.pack("ii", 1, 0)

        def cycle(i):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                s.settimeout(5)
                kind = i % 5
                if kind in (3, 4):  # close sends RST, not FIN
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger0)
                s.connect(d.tcp_addr)
                if kind == 1:
                    s.sendall(b'{"type":"pi')  # half a line, answered (bad_json) into a closed socket
                elif kind == 2:
                    self.assertTrue(s.recv(4096).startswith(b'{"type":"welcome"'))  # a real session
                elif kind == 4:
                    s.sendall(b'{"type":"games"}\n{"type":"ga')
            finally:
                s.close()

        for i in range(50):  # warm up buffers and thread caches before the baseline
            cycle(i)
        self.still_pongs(keeper, "warm")
        base_fds, base_rss = open_fds(d.pid), d.rss_kib()
        for i in range(10000):
            cycle(i)
            if i % 100 == 99:  # keep pace with the daemon: the accept queue stays short
                self.still_pongs(keeper, str(i))
        deadline = time.monotonic() + 10
        while open_fds(d.pid) > base_fds + 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertLessEqual(open_fds(d.pid), base_fds + 5, "descriptors leaked (baseline %d)" % base_fds)
        growth = d.rss_kib() - base_rss
        if not self.skipped_under_sanitizer("RSS growth", "sanitizers keep freed memory in quarantine"):
            self.assertLess(growth, 4 * 1024, "dealerd grew by %d KiB over 10,000 sessions" % growth)
        self.still_pongs(keeper, "after")
        with TcpClient(d.tcp_addr) as fresh:
            self.assertEqual(fresh.welcome["type"], "welcome")
            self.assertEqual(fresh.request({"type": "ping"}), {"type": "pong"})


class UdpAdversarial(AdversarialCase):

    def setUp(self):
        self.d = self.start_daemon(games=WIDE)

    def datagrams(self, rng):
        grams = [rng.randbytes(rng.randint(1, 200)) for _ in range(300)]
        grams += [b"\x00", b"\x00" * 500, b"\r", b"\r\n", b"\r\r\n", b" \t\n", b"{" * 4096, b'{"a":' + b"[" * 2000,
                  b'{"type":"ping","id":"\xff"}', b"play \xc3\x28", b"\xed\xa0\x80\n"]
        rng.shuffle(grams)
        return grams

    def test_garbage_from_a_validated_peer(self):
        u = self.udp(self.d)
        u.handshake()
        rng = random.Random(7001)
        for i, g in enumerate(self.datagrams(rng)):
            line = g[:-1] if g.endswith(b"\n") else g
            if special(line):
                continue
            u.send_raw(g)
            if gets_reply(line):  # in lockstep, so no reply is lost in a full buffer
                reply = self.well_formed(u.recv_raw(), g)
                self.assertEqual(isinstance(reply, dict), line.lstrip(b" \t").startswith(b"{"), (g[:80], reply))
            else:
                # A blank datagram gets nothing: the next reply is this pong.
                self.assertEqual(u.request({"type": "ping", "id": i}), {"type": "pong", "id": i})
        self.assertEqual(u.request({"type": "ping", "id": "end"}), {"type": "pong", "id": "end"})
        u.expect_silence(0.3)  # exactly one reply each: nothing left over

    def test_garbage_from_an_unproven_peer(self):
        u, sync = self.udp(self.d), self.udp(self.d)
        sync.handshake()
        grams = self.datagrams(random.Random(7002))
        for start in range(0, len(grams), 20):
            for g in grams[start:start + 20]:
                u.send_raw(g)
            # One socket, read in order: once sync's pong is here, the daemon
            # has read (and answered, if at all) all of the above, and its
            # receive queue never overflowed.
            self.assertEqual(sync.request({"type": "ping", "id": start}), {"type": "pong", "id": start})
        u.expect_silence(0.2)  # SPEC §7: nothing but a hello is answered
        # Look-alikes of a hello that are not one get nothing either.
        for g in (b'{"type":"hello"}\xff', b"hello\xff\n", b'{"type":"hello","cookie":"\xff"}', b"cookie \xff\xff\n",
                  b'{"type":"hello","type":"ping"}', b"hello", b'{"type":"ping"}') + tuple(
                      t.replace(b'"ping"', b'"hello"') for t in NUL_TAILS):
            with self.subTest(datagram=g):
                u.send_raw(g)
                self.assertEqual(sync.request({"type": "ping", "id": "s"}), {"type": "pong", "id": "s"})
                u.expect_silence(0.1)
        u.handshake()
        self.assertEqual(u.request({"type": "ping", "id": 1}), {"type": "pong", "id": 1})


if __name__ == "__main__":
    unittest.main()
