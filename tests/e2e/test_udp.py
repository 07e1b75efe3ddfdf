"""UDP: address validation with cookies, sessions, seq de-duplication (SPEC §3, §7)."""

import json
import random
import re
import socket
import time
import unittest

from dealerd_harness import COOKIE, MAX_DATAGRAM, DealerdTestCase, commit_of, find_secret

WIDE = {"guess": {"plugin": "guess", "min": 1, "max": 1000000}}


class UdpHandshake(DealerdTestCase):

    def setUp(self):
        # Many strangers from this one address: the per-source cookie budget
        # (UdpUnprovenPeers tests it) is off.
        self.d = self.start_daemon(games=WIDE, limits={"udp_session_timeout": "1s",
                                                       "udp_hello_replies_per_second_per_ip": 0})

    def test_json_handshake(self):
        u = self.udp(self.d)
        hello = b'{"type":"hello"}'
        u.send_raw(hello)
        raw = u.recv_raw()
        self.assertLessEqual(len(raw), 3 * len(hello), raw)
        cookie = json.loads(raw)
        self.assertEqual(cookie.get("type"), "cookie", cookie)
        self.assertRegex(cookie["cookie"], COOKIE)
        w = u.request({"type": "hello", "cookie": cookie["cookie"], "id": 7})
        self.assertWelcome(w, games=["guess"])
        self.assertEqual(w.get("id"), 7)
        # Now proven: served like TCP lines, a later hello gets welcome again.
        self.assertEqual(u.request({"type": "ping", "id": 1}), {"type": "pong", "id": 1})
        self.assertWelcome(u.request({"type": "hello"}))
        self.assertEqual(u.request({"type": "games"})["type"], "games")

    def test_text_handshake(self):
        u = self.udp(self.d)
        u.send_raw(b"hello\n")
        raw = u.recv_raw()
        self.assertLessEqual(len(raw), 3 * len(b"hello\n"), raw)
        text = raw.decode()
        self.assertRegex(text, r"^cookie [a-z2-7]{10}\n?$")
        cookie = text.split()[1]
        u.send_raw("cookie %s\n" % cookie)
        welcome = u.recv_raw().decode()
        self.assertTrue(welcome.startswith("welcome"), welcome)
        self.assertNotIn("{", welcome)
        u.send_raw(b"ping")
        self.assertEqual(u.recv_raw(), b"pong\n")
        u.send_raw(b"play guess\n")
        start = u.recv_raw().decode()
        self.assertIn("commitment to the secret", start)
        u.send_raw(b"1")
        self.assertIn(u.recv_raw().decode().split("\n")[0], ("too low", "found the secret"))

    def test_cookie_same_for_same_peer(self):
        u = self.udp(self.d)
        c1 = u.request({"type": "hello"})["cookie"]
        c2 = u.request({"type": "hello"})["cookie"]
        self.assertEqual(c1, c2, "the cookie is not a function of the peer and time window")
        other = self.udp(self.d)
        c3 = other.request({"type": "hello"})["cookie"]
        self.assertNotEqual(c1, c3, "two ports got the same cookie")
        # A cookie issued to one port does not prove another.
        other.send_json({"type": "hello", "cookie": c1})
        reply = other.recv_json()
        self.assertEqual(reply.get("type"), "cookie", "another peer's cookie was accepted")
        other.send_json({"type": "ping"})
        other.expect_silence()

    def test_unproven_peer_gets_nothing(self):
        u = self.udp(self.d)
        for datagram in (b'{"type":"ping"}', b'{"type":"play","game":"guess"}', b"ping\n", b"play guess",
                         b"{not json", b"", b"\n", b'{"type":"move","guess":1}', b"help",
                         b'{"hello":1}', b"cookie", b"cookie abcdefghij"):
            u.send_raw(datagram)
        u.expect_silence(0.7)
        # The server is alive and answers hello.
        self.assertEqual(u.request({"type": "hello"})["type"], "cookie")

    def test_amplification_bound(self):
        u = self.udp(self.d)
        cases = [b'{"type":"hello"}', b'{"type":"hello"}\n', b"hello\n", b"hello", b"/hello\n",
                 b'{"type":"hello","id":1}', b'{"type":"hello","id":"' + b"i" * 900 + b'"}',
                 b'{"type":"hello","pad":"' + b"x" * 1000 + b'"}', b"hello " + b"p" * 1100,
                 b'{"type":"hello","seq":5}', b' {"type":"hello"} ']
        for datagram in cases:
            u.send_raw(datagram)
            try:
                raw = u.recv_raw(0.5)
            except OSError:
                continue  # dropping is within the bound
            self.assertLessEqual(len(raw), 3 * len(datagram), (datagram[:40], raw[:80]))
            self.assertLessEqual(len(raw), MAX_DATAGRAM)
        # The usual forms do get a cookie.
        self.assertEqual(u.request({"type": "hello"})["type"], "cookie")

    def test_cookie_reply_fits_a_datagram(self):
        # SPEC §3: every UDP reply is at most 1200 bytes, also the cookie
        # reply to a hello whose echoed id is large (still within 3x).
        u = self.udp(self.d)
        for size in (1000, 1190, 2000, 3000):
            u.send_raw(b'{"type":"hello","id":"' + b"i" * size + b'"}')
            try:
                raw = u.recv_raw(0.5)
            except OSError:
                continue  # dropping it is allowed
            self.assertLessEqual(len(raw), MAX_DATAGRAM, "cookie reply of %d bytes (id of %d)" % (len(raw), size))

    def test_unproven_peers_keep_no_state(self):
        # Many hellos from many ports: no session is made for any of them.
        mark = self.d.log_mark()
        clients = [self.udp(self.d) for _ in range(50)]
        for u in clients:
            for _ in range(5):
                u.send_json({"type": "hello"})
        for u in clients:
            self.assertEqual(u.recv_json()["type"], "cookie")
        probe = self.udp(self.d)
        probe.handshake()  # makes exactly one session, logged as connected
        self.d.wait_log("udp 127.0.0.1:%d: connected" % probe.sock.getsockname()[1], start=mark)
        connected = [l for l in self.d.log_snapshot()[mark:] if "udp " in l and "connected" in l]
        self.assertEqual(len(connected), 1, connected)

    def test_bye_ends_udp_session(self):
        u = self.udp(self.d)
        u.handshake()
        self.assertEqual(u.request({"type": "bye", "seq": 1}), {"type": "bye", "seq": 1})
        u.send_json({"type": "ping"})
        u.expect_silence(0.5)

    def test_wrong_cookie_no_session(self):
        u = self.udp(self.d)
        real = u.request({"type": "hello"})["cookie"]
        wrong = ("a" if real[0] != "a" else "b") + real[1:]
        for bad in (wrong, "aaaaaaaaaa", real.upper(), real[:9], real + "a", 12345):
            u.send_json({"type": "hello", "cookie": bad})
            try:
                reply = u.recv_json(0.5)
                self.assertNotEqual(reply.get("type"), "welcome", (bad, reply))
            except OSError:
                pass
            u.send_json({"type": "ping"})
            u.expect_silence(0.3)
        u.send_raw("cookie %s\n" % wrong)
        u.send_raw(b"ping\n")
        u.expect_silence(0.5)

    def test_session_forgotten_after_timeout(self):
        u = self.udp(self.d)
        u.handshake()
        self.assertEqual(u.request({"type": "play", "game": "guess"})["type"], "start")
        # udp_session_timeout is 1s: within a second of its expiry the
        # session is gone (SPEC §2), and its datagrams are dropped as unproven.
        time.sleep(2.5)
        u.send_json({"type": "ping"})
        u.expect_silence(0.5)
        u.send_json({"type": "move", "guess": 1})
        u.expect_silence(0.5)
        # A new handshake gives a new session, in the lobby.
        u.handshake()
        self.assertError(u.request({"type": "move", "guess": 1, "id": 3}), "not_in_game", 3)

    def test_timed_out_session_frees_its_slot(self):
        d = self.start_daemon(games=WIDE, limits={"udp_session_timeout": "1s", "max_sessions": 1,
                                                  "max_sessions_per_ip": 1})
        u = self.udp(d)
        u.handshake()
        time.sleep(2.5)  # timeout 1s, enforced within a second of expiry
        c = self.tcp(d)  # would get server_busy if the slot were still held
        self.assertWelcome(c.welcome)

    def test_session_kept_while_active(self):
        u = self.udp(self.d)
        u.handshake()
        deadline = time.monotonic() + 2.5
        while time.monotonic() < deadline:
            self.assertEqual(u.request({"type": "ping"}), {"type": "pong"})
            time.sleep(0.3)


class UdpGame(DealerdTestCase):

    def setUp(self):
        self.d = self.start_daemon(games=WIDE)

    def test_full_game_with_seq(self):
        u = self.udp(self.d)
        u.handshake()
        start, states = self.play_guess_json(self.sequenced(u), 1, 1000000)
        self.assertLessEqual(len(states), 20)

    def test_duplicate_seq_gets_identical_reply(self):
        u = self.udp(self.d)
        u.handshake()
        seq = 0
        for _attempt in range(3):  # retried only if the secret is 1 (one in a million)
            seq += 1
            start = u.request({"type": "play", "game": "guess", "seq": seq})
            self.assertEqual((start["type"], start["seq"]), ("start", seq))
            seq += 1
            move = json.dumps({"type": "move", "guess": 1, "seq": seq}).encode()
            u.send_raw(move)
            first = u.recv_raw()
            state = json.loads(first)
            if not state["over"]:
                break
        self.assertIs(state["over"], False, state)
        self.assertEqual(state["guesses"], 1, state)
        for _ in range(3):
            u.send_raw(move)
            self.assertEqual(u.recv_raw(), first, "a retransmission got a different reply")
        # A different request carrying the same seq is a duplicate too.
        u.send_json({"type": "move", "guess": 2, "seq": seq})
        self.assertEqual(u.recv_raw(), first)
        st = u.request({"type": "move", "guess": 1, "seq": seq + 1})
        self.assertEqual(st["seq"], seq + 1)
        self.assertEqual(st["guesses"], 2, "a duplicated move was applied twice")

    def test_duplicate_seq_json_error_repeated(self):
        u = self.udp(self.d)
        u.handshake()
        r1 = u.request({"type": "move", "guess": 1, "seq": 10, "id": "a"})
        self.assertError(r1, "not_in_game", "a")
        u.send_json({"type": "move", "guess": 1, "seq": 10, "id": "a"})
        self.assertEqual(u.recv_json(), r1)

    def test_older_seq_dropped(self):
        u = self.udp(self.d)
        u.handshake()
        self.assertEqual(u.request({"type": "ping", "seq": 5}), {"type": "pong", "seq": 5})
        self.assertEqual(u.request({"type": "play", "game": "guess", "seq": 6})["type"], "start")
        u.send_json({"type": "move", "guess": 1, "seq": 4})
        u.send_json({"type": "ping", "seq": 5})
        u.send_json({"type": "ping", "seq": 0})
        # Datagrams on loopback keep their order: the next reply is for seq 7.
        st = u.request({"type": "move", "guess": 1, "seq": 7})
        self.assertEqual(st.get("seq"), 7, "an old seq got a reply: %r" % st)
        self.assertEqual(st["guesses"], 1, "an old seq was applied")
        u.expect_silence(0.3)

    def test_no_seq_not_deduplicated(self):
        u = self.udp(self.d)
        u.handshake()
        for _attempt in range(3):  # retried only if the secret is 1
            u.request({"type": "play", "game": "guess"})
            a = u.request({"type": "move", "guess": 1})
            if not a["over"]:
                break
        b = u.request({"type": "move", "guess": 1})
        self.assertEqual((a["guesses"], b["guesses"]), (1, 2))

    def test_replies_fit_a_datagram(self):
        u = self.udp(self.d)
        u.handshake()
        # A request whose echoed id would make the reply too big still gets
        # one reply of at most 1200 bytes.
        for size in (100, 1100, 1190, 2000, 3500):
            u.send_json({"type": "ping", "id": "x" * size})
            raw = u.recv_raw()
            self.assertLessEqual(len(raw), MAX_DATAGRAM, size)
            reply = json.loads(raw)
            if reply["type"] == "pong":
                self.assertEqual(reply["id"], "x" * size)
        u.send_raw(b"games\n")
        self.assertLessEqual(len(u.recv_raw()), MAX_DATAGRAM)
        u.send_raw(b"help\n")
        self.assertLessEqual(len(u.recv_raw()), MAX_DATAGRAM)

    def test_datagram_too_long(self):
        u = self.udp(self.d)
        u.handshake()
        u.send_json({"type": "ping", "id": "y" * 5000})  # over max_line_bytes (4096)
        reply = u.recv_json()
        self.assertError(reply, "line_too_long")
        self.assertLessEqual(len(json.dumps(reply)), MAX_DATAGRAM)
        # Like a closed TCP connection, the session is over.
        u.send_json({"type": "ping"})
        u.expect_silence(0.5)

    def test_oversized_reply_keeps_seq(self):
        # SPEC §7: a reply carries its request's seq. A reply that cannot fit
        # in a datagram is replaced by a short error, which must still carry
        # the seq, or a retransmitting client can never match it.
        u = self.udp(self.d)
        u.handshake()
        u.send_json({"type": "ping", "seq": 3, "id": "x" * 2000})
        raw = u.recv_raw()
        self.assertLessEqual(len(raw), MAX_DATAGRAM)
        reply = json.loads(raw)
        self.assertEqual(reply.get("seq"), 3, reply)

    def test_game_over_udp_and_commit(self):
        d = self.d
        u = self.udp(d)
        u.send_raw(b"hello\n")
        cookie = u.recv_raw().decode().split()[1]
        u.send_raw(("cookie " + cookie).encode())
        self.assertTrue(u.recv_raw().startswith(b"welcome"))
        u.send_raw(b'{"type":"play","game":"guess"}')
        start = json.loads(u.recv_raw())
        replies = []

        def guess(mid):
            u.send_raw(str(mid).encode())
            replies.append(u.recv_raw().decode())
            return replies[-1].split("\n")[0]

        secret, _ = find_secret(1, 1000000, guess)
        self.assertIn(start["commit"], replies[-1])
        nonce = replies[-1].split('sha256("%d:' % secret)[1][:32]
        self.assertEqual(commit_of(secret, nonce), start["commit"])


class UdpBursts(DealerdTestCase):
    """Datagrams that queue up while dealerd serves one are read and answered
    in batches (recvmmsg, sendmmsg): none is lost, reordered, or answered to
    the wrong peer."""

    BURST = 20

    def setUp(self):
        # Bursts of strangers from this one address: the per-source cookie budget is off.
        self.d = self.start_daemon(games=WIDE, limits={"udp_hello_replies_per_second_per_ip": 0})

    def proven_peers(self, n):
        peers = [self.udp(self.d) for _ in range(n)]
        for u in peers:
            u.handshake()
        return peers

    def test_bursts_from_many_peers_are_all_answered_in_order(self):
        peers = self.proven_peers(8)
        for seq in range(1, self.BURST + 1):
            for n, u in enumerate(peers):
                u.send_json({"type": "ping", "seq": seq, "id": "peer%d-%d" % (n, seq)})
        for n, u in enumerate(peers):
            replies = [u.recv_json() for _ in range(self.BURST)]
            expected = [{"type": "pong", "seq": s, "id": "peer%d-%d" % (n, s)} for s in range(1, self.BURST + 1)]
            self.assertEqual(replies, expected)
        for u in peers:
            u.expect_silence(0.2)

    def test_a_game_sent_in_one_burst_is_played_in_order(self):
        peers = self.proven_peers(4)
        for u in peers:
            u.send_json({"type": "play", "game": "guess", "seq": 1})
            for g in range(1, 6):
                u.send_json({"type": "move", "guess": g, "seq": 1 + g})
        for u in peers:
            start = u.recv_json()
            self.assertEqual((start["type"], start["seq"]), ("start", 1), start)
            for g in range(1, 6):
                state = u.recv_json()
                self.assertEqual((state["type"], state["seq"]), ("state", 1 + g), state)
                self.assertEqual(state["guess"], g, state)
                self.assertEqual(state["guesses"], g, state)
                if state["over"]:  # the secret was g (five in a million)
                    break

    def test_strangers_saying_hello_at_once_each_get_their_own_cookie(self):
        strangers = [self.udp(self.d) for _ in range(24)]
        for u in strangers:
            u.send_raw(b'{"type":"hello"}')
        cookies = set()
        for u in strangers:
            reply = u.recv_json()
            self.assertEqual(reply.get("type"), "cookie", reply)
            cookies.add(reply["cookie"])
            welcome = u.request({"type": "hello", "cookie": reply["cookie"]})
            self.assertEqual(welcome.get("type"), "welcome", welcome)
        self.assertEqual(len(cookies), len(strangers), "two peers got the same cookie")

    def test_an_over_long_datagram_in_a_burst_ends_only_its_peer(self):
        long_one, other = self.proven_peers(2)
        other.send_json({"type": "ping", "seq": 1})
        long_one.send_json({"type": "ping", "seq": 1})
        long_one.send_json({"type": "ping", "seq": 2, "id": "y" * 5000})  # over max_line_bytes (4096)
        long_one.send_json({"type": "ping", "seq": 3})
        other.send_json({"type": "ping", "seq": 2})
        self.assertEqual(long_one.recv_json(), {"type": "pong", "seq": 1})
        self.assertError(long_one.recv_json(), "line_too_long")
        long_one.expect_silence(0.3)  # its session is over: seq 3 came from a stranger
        self.assertEqual([other.recv_json(), other.recv_json()], [{"type": "pong", "seq": 1}, {"type": "pong", "seq": 2}])


if __name__ == "__main__":
    unittest.main()


class UdpUnprovenPeers(DealerdTestCase):
    """Budgets for replies to peers that have not proven their address, and
    what happens to datagrams from them that are not a valid hello."""

    def cookies_for(self, clients, timeout=0.5):
        """Sends a hello from each client, then counts the cookies that come back."""
        for c in clients:
            c.send_json({"type": "hello"})
        got = 0
        for c in clients:
            while True:
                try:
                    reply = c.recv_json(timeout=timeout)
                except socket.timeout:
                    break
                self.assertEqual(reply["type"], "cookie", reply)
                got += 1
        return got

    def test_one_source_gets_at_most_its_budget(self):
        d = self.start_daemon(limits={"udp_hello_replies_per_second_per_ip": 3})
        u = self.udp(d)
        self.assertEqual(self.cookies_for([u] * 10), 3)
        # Its budget comes back with time.
        time.sleep(1.1)
        self.assertEqual(self.cookies_for([u]), 1)

    def test_hellos_too_short_to_answer_spend_no_budget(self):
        d = self.start_daemon(limits={"udp_hello_replies_per_second_per_ip": 3})
        u = self.udp(d)
        for _ in range(10):
            u.send_raw(b"hello")  # 5 bytes: the 18-byte answer would be over three times that
        u.expect_silence()
        self.assertEqual(self.cookies_for([u] * 3), 3)

    def test_the_endpoint_budget_bounds_every_source_together(self):
        d = self.start_daemon(limits={"udp_hello_replies_per_second": 5,
                                      "udp_hello_replies_per_second_per_ip": 0})
        clients = [self.udp(d) for _ in range(10)]  # ten sources (ports) of one address
        self.assertEqual(self.cookies_for(clients), 5)
        line = d.wait_log(lambda l: "over the hello budget" in l, timeout=12)
        self.assertNotIn(" 0 over the hello budget", line)

    def test_invalid_datagrams_are_dropped_counted_and_logged(self):
        d = self.start_daemon()
        u = self.udp(d)
        for i in range(50):
            u.send_raw(b"\x00\xff junk %d" % i)
            u.send_json({"type": "ping", "id": i})  # not a hello: no session yet
        u.expect_silence()
        line = d.wait_log(lambda l: "dropped" in l and "not a valid hello" in l, timeout=12)
        m = re.search(r"dropped (\d+) datagrams from unproven peers: (\d+) not a valid hello, (\d+) over", line)
        self.assertIsNotNone(m, line)
        self.assertGreater(int(m.group(2)), 0)
        self.assertLessEqual(int(m.group(2)), 100)
        # A real handshake still works.
        u.handshake()
        self.assertEqual(u.request({"type": "ping"}), {"type": "pong"})

    def ping_through_the_flood(self, player, id_):
        """A validated player's ping is answered; like any UDP client it
        resends when the kernel dropped its datagram in a full buffer."""
        for _ in range(10):
            player.send_json({"type": "ping", "id": id_})
            deadline = time.monotonic() + 1
            while time.monotonic() < deadline:
                try:
                    reply = player.recv_json(timeout=max(0.01, deadline - time.monotonic()))
                except socket.timeout:
                    break
                if reply.get("id") == id_:
                    self.assertEqual(reply, {"type": "pong", "id": id_})
                    return
        self.fail("ping %r was never answered during the flood" % (id_,))

    def test_a_million_random_datagrams_leave_memory_flat(self):
        d = self.start_daemon(limits={"udp_session_timeout": "60s"})
        player = self.udp(d)
        player.handshake()
        self.assertEqual(player.request({"type": "ping"}), {"type": "pong"})
        before = d.rss_kib()
        rng = random.Random(20261206)
        senders = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(16)]
        for s in senders:
            self.addCleanup(s.close)
        kinds = [lambda: rng.randbytes(rng.randint(1, 300)),
                 lambda: b'{"type":"hello","n":%d}' % rng.getrandbits(32),
                 lambda: b"hello %d" % rng.getrandbits(32),
                 lambda: b'{"type":"hello","cookie":"%s"}' % rng.randbytes(5).hex().encode()]
        payloads = [kinds[i % len(kinds)]() for i in range(4096)]
        for i in range(1000000):
            try:
                senders[i % 16].sendto(payloads[i % 4096], d.udp_addr)
            except BlockingIOError:
                pass
            if i % 20000 == 0:  # keep pace with the daemon rather than overrun the socket buffer
                self.ping_through_the_flood(player, i)
        self.ping_through_the_flood(player, "after")
        growth = d.rss_kib() - before
        if not self.skipped_under_sanitizer("RSS growth", "sanitizers keep freed memory in quarantine"):
            self.assertLess(growth, 8 * 1024, "dealerd grew by %d KiB under a flood of random datagrams" % growth)
        d.wait_log(lambda l: "from unproven peers" in l, timeout=12)
