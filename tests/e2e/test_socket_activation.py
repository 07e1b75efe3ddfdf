"""Socket activation (issue #5): dealerd serves the TCP listeners and UDP
sockets systemd passes in (LISTEN_FDS), IPv4 and IPv6, in place of the
config's [server] tcp and udp. systemd-socket-activate stands in for
systemd: it binds, waits for the first connection or datagram, then execs
dealerd with the sockets, so the first request must be served too. Two of
them nest (the inner one passes the outer one's sockets on) to hand over
TCP and UDP sockets together."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import unittest

from dealerd_harness import (DEALERD, STOP_TIMEOUT, DealerdTestCase, TcpClient, UdpClient, make_config,
                             write_temp)

ACTIVATE = shutil.which("systemd-socket-activate") or "/usr/bin/systemd-socket-activate"
WIDE = {"guess": {"plugin": "guess", "min": 1, "max": 1000000}}


def have_ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def free_port(ipv6):
    """A port free for TCP and UDP on 127.0.0.1 (and TCP on ::1): the kernel
    picks it for one socket, the others check it, all are closed. (The
    activator cannot bind port 0 itself: it refuses the address.)"""
    for _ in range(50):
        held = []
        try:
            tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            held.append(tcp)
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            held.append(udp)
            udp.bind(("127.0.0.1", port))
            if ipv6:
                tcp6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
                held.append(tcp6)
                tcp6.bind(("::1", port))
            return port
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
    raise AssertionError("no free port found")


class SocketActivation(DealerdTestCase):

    def setUp(self):
        self.assertTrue(os.access(ACTIVATE, os.X_OK), "systemd-socket-activate is missing: run scripts/setup")
        # The config's own addresses hold a port we keep bound: dealerd would
        # fail to start if it bound them instead of using systemd's sockets.
        self.blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(self.blocker.close)
        self.blocker.bind(("127.0.0.1", 0))
        self.blocker.listen(1)
        blocked = "127.0.0.1:%d" % self.blocker.getsockname()[1]
        self.config = make_config(games=WIDE, tcp=[blocked], udp=[blocked])

    def activate(self, tcp=(), udp=(), extra=()):
        """Starts dealerd under systemd-socket-activate for the given listen
        addresses ("127.0.0.1:PORT"); returns the daemon once the activator
        listens (dealerd itself starts at the first connection)."""
        wrapper = []
        if tcp:
            wrapper += [ACTIVATE] + ["--listen=" + a for a in tcp] + list(extra)
        if udp:
            wrapper += [ACTIVATE, "--datagram"] + ["--listen=" + a for a in udp] + list(extra)
        d = self.start_daemon(self.config, wrapper=wrapper, wait_ready=False)
        for a in list(tcp) + list(udp):
            d.wait_log("Listening on %s as" % a)
        return d

    def test_tcp_and_udp_ipv4_and_ipv6(self):
        v6 = have_ipv6_loopback()
        port = free_port(v6)
        tcp = ["127.0.0.1:%d" % port] + (["[::1]:%d" % port] if v6 else [])
        d = self.activate(tcp=tcp, udp=["127.0.0.1:%d" % port])
        # The connection that wakes the activator is the first one served.
        first = TcpClient(("127.0.0.1", port))
        self.addCleanup(first.close)
        self.assertWelcome(first.welcome, games=["guess"])
        d.wait_ready()
        d.wait_log("using %d sockets passed by systemd" % (len(tcp) + 1))
        self.assertEqual(sorted(d.tcp), sorted([("127.0.0.1", port)] + ([("::1", port)] if v6 else [])))
        self.assertEqual(d.udp, [("127.0.0.1", port)])
        self.assertEqual(self.play_guess_json(first.request, 1, 1000000)[1][-1]["result"], "win")
        if v6:
            c6 = TcpClient(("::1", port))
            self.addCleanup(c6.close)
            self.assertEqual(c6.request({"type": "ping"}), {"type": "pong"})
        u = UdpClient(("127.0.0.1", port))
        self.addCleanup(u.close)
        u.handshake()
        self.assertEqual(self.play_guess_json(self.sequenced(u), 1, 1000000)[1][-1]["result"], "win")

    def test_udp_only_the_waking_datagram_is_answered(self):
        port = free_port(False)
        d = self.activate(udp=["127.0.0.1:%d" % port])
        u = UdpClient(("127.0.0.1", port))
        self.addCleanup(u.close)
        cookie = u.request({"type": "hello", "id": 1})  # wakes the activator, then dealerd reads it
        self.assertEqual((cookie["type"], cookie["id"]), ("cookie", 1))
        d.wait_ready()
        self.assertEqual(d.tcp, [])
        self.assertWelcome(u.request({"type": "hello", "cookie": cookie["cookie"]}))
        self.assertEqual(u.request({"type": "ping", "seq": 1}), {"type": "pong", "seq": 1})

    def test_ipv4_clients_of_a_dual_stack_socket_are_known_by_their_ipv4_address(self):
        # dealerd.socket's ListenStream=11267 is one IPv6 socket that also
        # takes IPv4: limits, penalties and logs must see 127.0.0.1, not
        # ::ffff:127.0.0.1 (IPv6 peers are grouped by /64 for penalties).
        if not have_ipv6_loopback():
            self.skipTest("no IPv6 loopback on this host")
        port = free_port(True)
        d = self.activate(tcp=["[::]:%d" % port], udp=["[::]:%d" % port])
        c = TcpClient(("127.0.0.1", port))
        self.addCleanup(c.close)
        d.wait_ready()
        self.assertEqual(d.tcp, [("::", port)])
        u = UdpClient(("127.0.0.1", port))
        self.addCleanup(u.close)
        u.handshake()
        d.wait_log(lambda l: "tcp 127.0.0.1:" in l and "connected" in l)
        d.wait_log(lambda l: "udp 127.0.0.1:" in l and "connected" in l)
        self.assertNotIn("::ffff:", d.log_text())

    def refused(self, wrapper_args, wake):
        """dealerd, given an unusable socket, exits 1 with a clear line."""
        proc = subprocess.Popen([ACTIVATE] + wrapper_args + [DEALERD, "--config", self.config_path()],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        proc.stderr.readline()  # "Listening on ... as 3."
        wake()
        return proc

    def config_path(self):
        path = write_temp(self.config)
        self.addCleanup(os.unlink, path)
        return path

    def test_a_unix_socket_is_refused(self):
        tmp = tempfile.mkdtemp(prefix="dealerd-sa-")
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "sock")
        waker = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.addCleanup(waker.close)
        proc = self.refused(["--listen=" + path], lambda: waker.connect(path))
        _, err = proc.communicate(timeout=STOP_TIMEOUT)
        self.assertEqual(proc.returncode, 1, err)
        self.assertIn("socket 3", err)
        self.assertIn("is not a TCP listener or a UDP socket", err)
        self.assertNotIn("dealerd ready", err)

    def test_accept_yes_is_refused(self):
        port = free_port(False)
        waker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(waker.close)
        proc = self.refused(["--accept", "--listen=127.0.0.1:%d" % port],
                            lambda: waker.connect(("127.0.0.1", port)))
        # The activator lives on; the dealerd it spawned for the connection
        # refuses and exits: the connection is closed without a welcome.
        waker.settimeout(STOP_TIMEOUT)
        self.assertEqual(waker.recv(100), b"")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=STOP_TIMEOUT)
        self.assertIn("is a connected TCP socket, not a listener: dealerd.socket must not set Accept=yes", err)


if __name__ == "__main__":
    unittest.main()
