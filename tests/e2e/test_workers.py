"""Slow games (DEALER_PLUGIN_SLOW) run on worker threads: other players are
answered meanwhile, replies keep the order of requests, a full queue gets
server_busy, and shutdown and EOF with moves outstanding behave.

The fixture plugin dealer_slow.so blocks each move until a gate file
exists, and appends a byte to GATE.held when a worker picks a move up, so
every ordering below is forced by the test, never left to timing."""

import select
import signal
import socket
import unittest

from dealerd_harness import DealerdTestCase, GUESS_0_9, IO_TIMEOUT, Gate, fixture, make_config


def assert_no_line(client, timeout=0.3):
    """Nothing arrives: the reply cannot come while its gate is closed."""
    try:
        line = client.recv_line(timeout)
    except socket.timeout:
        return
    raise AssertionError("unexpected line %r" % line)


class WorkersTest(DealerdTestCase):

    def start_slow(self, workers=2, queued=256, **kw):
        self.gate = Gate(self)
        games = {"slow": {"plugin": fixture("slow"), "gate": self.gate.path}, "guess": GUESS_0_9["guess"]}
        d = self.start_daemon(make_config(games=games, server={"workers": workers},
                                          limits={"max_queued_moves": queued}, **kw))
        self.addCleanup(self.gate.open)  # runs before the daemon's stop: never leave a worker blocked
        return d

    def playing(self, d, n):
        clients = []
        for _ in range(n):
            c = self.tcp(d)
            start = c.request({"type": "play", "game": "slow"})
            self.assertEqual(start["type"], "start", start)
            clients.append(c)
        return clients

    def test_other_players_are_answered_while_slow_moves_wait(self):
        d = self.start_slow(workers=2)
        slow = self.playing(d, 4)
        for i, c in enumerate(slow):
            c.send_json({"type": "move", "say": str(i), "id": i})
        self.gate.wait_held(2)  # both workers are busy; two moves wait in the queue

        other = self.tcp(d)
        self.assertEqual(other.request({"type": "ping", "id": "p"}), {"type": "pong", "id": "p"})
        start = other.request({"type": "play", "game": "guess"})
        self.assertEqual(start["type"], "start")
        state = other.request({"type": "move", "guess": 0})
        self.assertEqual(state["type"], "state")
        for c in slow:
            assert_no_line(c, 0.05)

        self.gate.open()
        for i, c in enumerate(slow):
            state = c.recv_json()
            self.assertEqual((state["type"], state["id"], state["text"], state["moves"]),
                             ("state", i, "done %d" % i, 1))

    def test_replies_keep_the_order_of_pipelined_requests(self):
        d = self.start_slow()
        self.gate.open()
        c = self.playing(d, 1)[0]
        c.send_raw('{"type":"move","say":"a","id":1}\n{"type":"ping","id":2}\n'
                   '{"type":"move","say":"b","id":3}\nc\n{"type":"move","say":"end","id":4}\n')
        self.assertEqual(c.recv_json()["id"], 1)
        self.assertEqual(c.recv_json(), {"type": "pong", "id": 2})
        third = c.recv_json()
        self.assertEqual((third["id"], third["moves"]), (3, 2))
        self.assertEqual(c.recv_line(), "done c")  # a typed move, answered in text
        last = c.recv_json()
        self.assertEqual((last["id"], last["over"], last["result"]), (4, True, "win"))
        self.assertEqual(c.request({"type": "quit"})["code"], "not_in_game")

    def test_a_full_queue_answers_server_busy_and_closes(self):
        d = self.start_slow(workers=1, queued=1)
        a, b, c = self.playing(d, 3)
        a.send_json({"type": "move", "say": "a"})
        self.gate.wait_held(1)  # a runs on the only worker; the queue is empty
        # b and c race for the one place in the queue (their connections may
        # be served by different network threads): one gets it, the other is
        # told server_busy at once and closed.
        b.send_json({"type": "move", "say": "b", "id": "b"})
        c.send_json({"type": "move", "say": "c", "id": "c"})
        ready, _, _ = select.select([b.sock, c.sock], [], [], IO_TIMEOUT)
        self.assertEqual(len(ready), 1, "exactly one of the two is refused before the gate opens")
        refused, queued = (b, c) if ready[0] is b.sock else (c, b)
        busy = refused.recv_json()
        self.assertError(busy, "server_busy", id_="b" if refused is b else "c")
        refused.expect_eof()
        assert_no_line(a, 0.05)
        assert_no_line(queued, 0.05)
        self.gate.open()
        self.assertEqual(a.recv_json()["text"], "done a")
        self.assertEqual(queued.recv_json()["text"], "done b" if queued is b else "done c")
        self.assertTrue(d.wait_log(lambda l: "worker queue is full" in l))

    def test_udp_datagrams_wait_behind_a_slow_move_and_seq_is_not_applied_twice(self):
        d = self.start_slow()
        u = self.udp(d)
        u.handshake()
        self.assertEqual(u.request({"type": "play", "game": "slow"})["type"], "start")
        u.send_json({"type": "move", "say": "x", "seq": 7})
        self.gate.wait_held(1)
        u.send_json({"type": "move", "say": "x", "seq": 7})  # a retransmission, held
        u.send_json({"type": "ping", "id": "after"})          # held behind it
        u.expect_silence(0.1)
        self.gate.open()
        first = u.recv_json()
        again = u.recv_json()
        self.assertEqual((first["type"], first["seq"], first["moves"]), ("state", 7, 1))
        self.assertEqual(again, first)  # the cached reply, not a second move
        self.assertEqual(u.recv_json(), {"type": "pong", "id": "after"})
        self.assertEqual(u.request({"type": "move", "say": "y", "seq": 8})["moves"], 2)

    def test_text_move_and_eof_right_after_it_still_get_the_reply(self):
        d = self.start_slow()
        self.gate.open()
        c = self.tcp(d)
        c.send_raw("play slow\nhello there")  # no newline: EOF ends the last line
        c.sock.shutdown(socket.SHUT_WR)
        lines = c.expect_eof()
        self.assertTrue(lines[0].startswith("slow: ready"), lines)
        self.assertIn("done hello there", lines)

    def test_shutdown_with_moves_running_and_queued(self):
        d = self.start_slow(workers=1)
        a, b = self.playing(d, 2)
        a.send_json({"type": "move", "say": "a"})
        self.gate.wait_held(1)
        mark = d.log_mark()
        b.send_json({"type": "move", "say": "b"})
        # Both moves are out on workers (a running, b queued) before the signal.
        self.assertTrue(d.wait_log(lambda l: "a move waits for a worker" in l, start=mark))
        d.send_signal(signal.SIGTERM)
        for c in (a, b):
            notice = c.recv_json()
            self.assertEqual(notice["type"], "shutdown", notice)
        # The running move holds the stop until it returns; then the daemon
        # exits 0 without making the queued move.
        self.assertIsNone(d.proc.poll())
        self.gate.open()
        self.assertEqual(d.wait_exit(), 0)
        self.assertEqual(self.gate.held(), 1)


if __name__ == "__main__":
    unittest.main()
