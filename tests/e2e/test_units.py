"""The systemd units (issue #5), checked offline, with no systemd running:
`systemd-analyze verify` on both units, and `systemd-analyze security
--offline=true --threshold=20` (an exposure of 2.0 or lower) on the
service. Their settings must fit dealerd's own defaults."""

import os
import re
import shutil
import subprocess
import tempfile
import unittest

from dealerd_harness import DEALERD, HERE
from install_tree import unit_settings as settings

UNITS = os.path.normpath(os.path.join(HERE, "..", "..", "systemd"))
ANALYZE = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"
SYSTEMCTL = shutil.which("systemctl") or "/usr/bin/systemctl"
TEMPLATE_EXEC = "ExecStart=@DEALER_INSTALL_BINDIR@/dealerd --config @DEALER_INSTALL_SYSCONFDIR@/dealer/dealerd.toml"
EXPOSURE_RE = re.compile(r"Overall exposure level for dealerd\.service: (\d+\.\d)")


def seconds(value):
    m = re.fullmatch(r"(\d+)(s|min)", value)
    assert m, value
    return int(m.group(1)) * (60 if m.group(2) == "min" else 1)


class Units(unittest.TestCase):

    def setUp(self):
        self.assertTrue(os.access(ANALYZE, os.X_OK), "systemd-analyze is missing: run scripts/setup")
        self.service = settings(os.path.join(UNITS, "dealerd.service.in"))
        self.socket = settings(os.path.join(UNITS, "dealerd.socket.in"))

    def copy_units(self, edit=lambda text: text):
        """The unit templates filled in, as an install does, in a temporary
        directory: the service's ExecStart names the built dealerd (verify
        checks that the command exists), and edit() is applied to the
        service's text. (test_install.py checks the units an install
        really writes.)"""
        tmp = tempfile.mkdtemp(prefix="dealerd-units-")
        self.addCleanup(shutil.rmtree, tmp, True)
        paths = {"BINDIR": os.path.dirname(os.path.abspath(DEALERD)), "SYSCONFDIR": "/etc",
                 "PLUGINDIR": "/usr/lib/dealer/plugins", "DOCDIR": "/usr/share/doc/dealerd"}
        for unit in ("dealerd.service", "dealerd.socket"):
            with open(os.path.join(UNITS, unit + ".in")) as f:
                text = f.read()
            if unit == "dealerd.service":
                self.assertIn(TEMPLATE_EXEC + "\n", text)
                text = edit(text)
            for name, value in paths.items():
                text = text.replace("@DEALER_INSTALL_%s@" % name, value)
            self.assertIsNone(re.search(r"@[A-Z_]+@", text), "a name the test does not fill in")
            with open(os.path.join(tmp, unit), "w") as f:
                f.write(text)
        return tmp

    def analyze(self, *args):
        return subprocess.run([ANALYZE] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True, timeout=60)

    def test_verify(self):
        # --man=no: the Documentation= pages are not installed here;
        # test_install.py verifies the installed units with their pages.
        tmp = self.copy_units()
        r = self.analyze("verify", "--man=no", os.path.join(tmp, "dealerd.service"),
                         os.path.join(tmp, "dealerd.socket"))
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertEqual(r.stdout.strip(), "", "verify warns")

    def test_exposure_is_2_or_lower(self):
        tmp = self.copy_units()
        r = self.analyze("security", "--offline=true", "--threshold=20", os.path.join(tmp, "dealerd.service"))
        self.assertEqual(r.returncode, 0, r.stdout)
        m = EXPOSURE_RE.search(r.stdout)
        self.assertIsNotNone(m, r.stdout)
        self.assertLessEqual(float(m.group(1)), 2.0, r.stdout)

    def test_the_threshold_catches_a_weaker_unit(self):
        # Without its syscall filter and namespaces the same unit fails the
        # check: the test above can fail.
        def weaken(text):
            return re.sub(r"(?m)^(SystemCallFilter|RestrictNamespaces|PrivateUsers|ProtectProc)=.*\n", "", text)
        tmp = self.copy_units(weaken)
        r = self.analyze("security", "--offline=true", "--threshold=20", os.path.join(tmp, "dealerd.service"))
        self.assertNotEqual(r.returncode, 0, r.stdout)

    def test_service_settings_fit_dealerd(self):
        s = self.service
        self.assertEqual(s["Type"], ["notify"])  # systemd 252 has no notify-reload
        self.assertEqual(s["ExecReload"], ["/bin/kill -HUP $MAINPID"])
        self.assertEqual(s["Restart"], ["on-failure"])
        self.assertEqual(s["DynamicUser"], ["yes"])
        self.assertEqual(s["MemoryDenyWriteExecute"], ["yes"])
        self.assertEqual(s["SystemCallFilter"][0], "@system-service")
        self.assertEqual(s["RestrictAddressFamilies"], ["AF_INET AF_INET6 AF_UNIX"])
        # Named by issue #5 and set outright: DynamicUser= implies them, so
        # the exposure score would not notice one gone.
        for key, value in (("ProtectSystem", "strict"), ("PrivateTmp", "yes"), ("NoNewPrivileges", "yes")):
            self.assertEqual(s.get(key), [value], key)
        # max_sessions (10000) descriptors plus dealerd's headroom (64).
        self.assertGreaterEqual(int(s["LimitNOFILE"][0]), 10000 + 64)
        # shutdown_grace (10s) plus the 2 s a closing connection may take.
        self.assertGreater(seconds(s["TimeoutStopSec"][0]), 10 + 2)
        self.assertGreater(seconds(s["WatchdogSec"][0]), 0)

    def enabled_links(self, unit):
        """`systemctl --root enable unit` in an empty root holding both units
        (offline: no systemd needed); the links it made, relative to
        /etc/systemd/system."""
        root = tempfile.mkdtemp(prefix="dealerd-root-")
        self.addCleanup(shutil.rmtree, root, True)
        units = os.path.join(root, "etc", "systemd", "system")
        os.makedirs(units)
        filled = self.copy_units()
        for name in ("dealerd.service", "dealerd.socket"):
            shutil.copy(os.path.join(filled, name), units)
        r = subprocess.run([SYSTEMCTL, "--root=" + root, "enable", unit], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout)
        links = []
        for top, _, files in os.walk(units):
            links += [os.path.relpath(os.path.join(top, f), units) for f in files
                      if os.path.islink(os.path.join(top, f))]
        return sorted(links)

    def test_enabling_the_service_leaves_the_socket_alone(self):
        # While dealerd.socket is active, every start of dealerd.service gets
        # its sockets and ignores [server] tcp and udp: enabling the service
        # alone must not enable the socket too (as Also= once did), or the
        # config's addresses would be replaced by 11267 on every interface
        # from the next boot on.
        self.assertEqual(self.enabled_links("dealerd.service"), ["multi-user.target.wants/dealerd.service"])
        self.assertEqual(self.enabled_links("dealerd.socket"), ["sockets.target.wants/dealerd.socket"])

    def test_socket_listens_on_11267_tcp_and_udp(self):
        self.assertEqual(self.socket["ListenStream"], ["11267"])
        self.assertEqual(self.socket["ListenDatagram"], ["11267"])
        self.assertEqual(self.socket["Accept"], ["no"])  # dealerd refuses connected sockets


if __name__ == "__main__":
    unittest.main()
