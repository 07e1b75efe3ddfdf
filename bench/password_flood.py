#!/usr/bin/env python3
"""Floods dealerd's password game with logins and measures what the flood
costs everyone else: the daemon's peak memory (VmHWM) and how long another
player waits for a `ping` while the logins are being checked.

Usage: bench/password_flood.py [--dealerd build/bin/dealerd] [--logins 200]
           [--workers 2] [--queue 256] [--pings 20]

It starts its own dealerd on a free loopback port with a real argon2id hash
(dealerd --hash-password: 64 MiB, 2 passes), opens --logins connections,
sends every login at once, and meanwhile sends --pings pings, one after the
other, from one more connection. Logins beyond the queue get server_busy.
Standard library only; Linux (/proc)."""

import argparse
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def vm_kib(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dealerd", default=os.path.join(ROOT, "build", "bin", "dealerd"))
    ap.add_argument("--logins", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--queue", type=int, default=256)
    ap.add_argument("--pings", type=int, default=20)
    args = ap.parse_args()

    password = "correct horse battery staple"
    hashed = subprocess.run([args.dealerd, "--hash-password"], input=password + "\n", text=True,
                            capture_output=True, check=True).stdout.strip()
    plugin_dir = os.path.join(os.path.dirname(os.path.dirname(args.dealerd)), "lib", "dealer", "plugins")
    config = "\n".join([
        "[server]", 'tcp = ["127.0.0.1:0"]', "udp = []", "threads = 2", "workers = %d" % args.workers,
        'plugin_dir = "%s"' % plugin_dir,
        "[limits]", "max_sessions_per_ip = %d" % (args.logins + 10), "max_queued_moves = %d" % args.queue,
        "new_sessions_per_second_per_ip = 0",
        "[log]", 'level = "info"',
        "[games.vault]", 'plugin = "password"', 'hash = "%s"' % hashed, "max_failures = 100", ""])
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
        f.write(config)
        path = f.name
    proc = subprocess.Popen([args.dealerd, "--config", path], stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in proc.stderr:
            m = re.search(r"listening on tcp 127\.0\.0\.1:(\d+)", line)
            if m:
                port = int(m.group(1))
            if "dealerd ready" in line:
                break
        idle_kib = vm_kib(proc.pid, "VmRSS")

        def connect():
            s = socket.create_connection(("127.0.0.1", port))
            s.makefile("rb").readline()  # welcome
            return s

        logins = []
        for _ in range(args.logins):
            s = connect()
            s.sendall(b'{"type":"play","game":"vault"}\n')
            f = s.makefile("rb")
            f.readline()
            logins.append((s, f))
        other = connect()
        other_f = other.makefile("rb")

        start = time.monotonic()
        move = ('{"type":"move","password":"%s"}\n' % password).encode()
        for s, _ in logins:
            s.sendall(move)
        rtts = []
        for _ in range(args.pings):
            t0 = time.monotonic()
            other.sendall(b'{"type":"ping"}\n')
            other_f.readline()
            rtts.append((time.monotonic() - t0) * 1000)
            time.sleep(0.005)
        granted = busy = 0
        pending = {s.fileno(): f for s, f in logins}
        while pending:
            ready, _, _ = select.select(list(pending), [], [], 120)
            if not ready:
                break
            for fd in ready:
                line = pending.pop(fd).readline()
                if b"access granted" in line:
                    granted += 1
                elif b"server_busy" in line:
                    busy += 1
        elapsed = time.monotonic() - start
        peak_kib = vm_kib(proc.pid, "VmHWM")
    finally:
        proc.terminate()
        proc.wait(10)
        os.unlink(path)

    rtts.sort()
    print("password flood: %d logins at once, %d workers, queue %d" % (args.logins, args.workers, args.queue))
    print("  granted %d, server_busy %d, unanswered %d, in %.2f s" %
          (granted, busy, args.logins - granted - busy, elapsed))
    print("  daemon RSS idle %.1f MiB, peak %.1f MiB (argon2id: 64 MiB per running check)" %
          (idle_kib / 1024, peak_kib / 1024))
    print("  another player's ping during the flood: median %.2f ms, max %.2f ms over %d pings" %
          (rtts[len(rtts) // 2], rtts[-1], len(rtts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
