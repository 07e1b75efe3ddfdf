"""The Debian package (issue #5): `cpack -G DEB` on this build directory
makes dealerd_<version>_<arch>.deb. The package is
read with dpkg-deb, never installed on this machine: its file list and
modes, its control fields (Depends from dpkg-shlibdeps, Section,
conffiles, maintainer scripts), and, unpacked into a temporary root with
`dpkg-deb -x`, its dealerd checking its own config and serving a game
from its own plugins."""

import os
import re
import shutil
import stat
import subprocess
import unittest

from dealerd_harness import DealerdTestCase
from install_tree import BUILD_DIR, BUNDLED_GAMES, CPACK, MAN_PAGES, SOURCE, UNFILLED, checked, read_gz, run, \
    temp_dir, unit_settings, version

# What the package must hold, relative to /, besides the plugins.
EXPECTED = [
    "usr/bin/dealerd", "usr/bin/dealer",
    "usr/include/dealer/plugin.h", "usr/include/dealer/plugin.hpp",
    "usr/lib/cmake/dealer/dealerConfig.cmake", "usr/lib/cmake/dealer/dealerConfigVersion.cmake",
    "usr/lib/cmake/dealer/dealerTargets.cmake", "usr/lib/cmake/dealer/DealerPlugin.cmake",
    "etc/dealer/dealerd.toml",
    "lib/systemd/system/dealerd.service", "lib/systemd/system/dealerd.socket",
    "usr/share/doc/dealerd/copyright", "usr/share/doc/dealerd/README.md", "usr/share/doc/dealerd/docs/service.md",
    "usr/share/doc/dealerd/examples/hilo/CMakeLists.txt",
] + ["usr/share/man/%s/%s" % page for page in MAN_PAGES]
# The shared libraries dealerd, dealer and the plugins link: each must be a
# dependency, under its Debian 12 package name.
LINKED = ["libc6", "libstdc++6", "libsodium23", "libsystemd0", "libedit2", "libfmt9", "libtomlplusplus3",
          "libsimdjson14"]


class DebPackage(DealerdTestCase):

    @classmethod
    def setUpClass(cls):
        cls.out = temp_dir("deb")
        # -B: the package and cpack's staging tree go to a directory of
        # this test's own, not into the build directory.
        checked([CPACK, "-G", "DEB", "--config", os.path.join(BUILD_DIR, "CPackConfig.cmake"), "-B", cls.out],
                cwd=BUILD_DIR)
        cls.arch = checked(["dpkg", "--print-architecture"]).strip()
        cls.version = version()
        cls.deb = os.path.join(cls.out, "dealerd_%s_%s.deb" % (cls.version, cls.arch))
        cls.listing = checked(["dpkg-deb", "-c", cls.deb])
        cls.control = os.path.join(cls.out, "control")
        checked(["dpkg-deb", "-e", cls.deb, cls.control])
        cls.root = os.path.join(cls.out, "root")
        checked(["dpkg-deb", "-x", cls.deb, cls.root])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, True)

    def field(self, name, deb=None):
        return checked(["dpkg-deb", "-f", deb or self.deb, name]).strip()

    def entries(self):
        """{path: (mode string, owner)} of the package's files."""
        out = {}
        for line in self.listing.splitlines():
            parts = line.split()
            out[parts[5][2:].rstrip("/")] = (parts[0], parts[1])
        return out

    def test_the_file_name_has_the_version_and_architecture(self):
        self.assertTrue(os.path.isfile(self.deb), os.listdir(self.out))
        packages = [f for f in os.listdir(self.out) if f.endswith((".deb", ".ddeb"))]
        self.assertEqual(packages, [os.path.basename(self.deb)])

    def test_every_file_in_its_debian_place(self):
        entries = self.entries()
        expected = EXPECTED + ["usr/lib/dealer/plugins/dealer_%s.so" % g for g in BUNDLED_GAMES]
        for path in expected:
            self.assertIn(path, entries)
        plugins = sorted(p for p in entries if p.startswith("usr/lib/dealer/plugins/") and p.endswith(".so"))
        self.assertEqual(plugins, ["usr/lib/dealer/plugins/dealer_%s.so" % g for g in BUNDLED_GAMES])
        for path, (mode, owner) in entries.items():
            self.assertEqual(owner, "root/root", path)
            # Nothing under /usr/etc, /usr/local or /usr/lib/systemd, nothing
            # of the build tree, no files outside the places above.
            self.assertFalse(path.startswith(("usr/etc", "usr/local", "usr/lib/systemd", "build", "tmp")), path)
            self.assertTrue(path.split("/")[0] in ("etc", "lib", "usr"), path)
        self.assertEqual(entries["usr/bin/dealerd"][0], "-rwxr-xr-x")
        self.assertEqual(entries["usr/bin/dealer"][0], "-rwxr-xr-x")
        self.assertEqual(entries["etc/dealer/dealerd.toml"][0], "-rw-r--r--")
        self.assertEqual(entries["usr/lib/dealer/plugins/dealer_guess.so"][0], "-rw-r--r--")

    def test_control_fields(self):
        self.assertEqual(self.field("Package"), "dealerd")
        self.assertEqual(self.field("Version"), self.version)
        self.assertEqual(self.field("Architecture"), self.arch)
        self.assertEqual(self.field("Section"), "net")
        self.assertEqual(self.field("Priority"), "optional")
        self.assertRegex(self.field("Maintainer"), r"^[^<>]+ <[^@<>\s]+@[^@<>\s]+>$")
        description = self.field("Description").splitlines()
        self.assertEqual(description[0], "game-dealing daemon: fair games over TCP and UDP")
        self.assertNotIn(description[0].strip(), [l.strip() for l in description[1:]], "the summary twice")
        self.assertIn("nlohmann-json3-dev", self.field("Suggests"))

    def test_depends_names_every_linked_library(self):
        depends = {re.match(r"[a-z0-9.+-]+", d.strip()).group(0) for d in self.field("Depends").split(",")}
        for package in LINKED:
            self.assertIn(package, depends)
        self.assertTrue(any(d.startswith("libspdlog1.10") for d in depends), depends)
        # Built against this machine's packages: each named one is installed
        # here, or provided by one that is (libspdlog1.10 provides
        # libspdlog1.10-fmt9, the name that pins the fmt it was built with).
        installed = set()
        for line in checked(["dpkg-query", "-W", "-f=${db:Status-Abbrev} ${Package} ${Provides}\n"]).splitlines():
            if line.startswith("ii "):
                installed.update(re.findall(r"[a-z0-9][a-z0-9.+-]+", re.sub(r"\([^)]*\)", "", line[3:])))
        self.assertLessEqual(depends, installed)

    def test_the_config_is_a_conffile(self):
        with open(os.path.join(self.control, "conffiles")) as f:
            self.assertEqual(f.read(), "/etc/dealer/dealerd.toml\n")

    def test_maintainer_scripts(self):
        # Never run here (they would act on this machine's systemd state);
        # they must be the project's, executable, and valid sh.
        for script in ("postinst", "prerm", "postrm"):
            path = os.path.join(self.control, script)
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o755, script)
            with open(path) as a, open(os.path.join(SOURCE, "packaging", "deb", script)) as b:
                self.assertEqual(a.read(), b.read(), script)
            self.assertEqual(run(["sh", "-n", path]).returncode, 0, script)
        self.assertFalse(os.path.exists(os.path.join(self.control, "preinst")))

    def test_units_and_man_pages_name_the_installed_paths(self):
        service = unit_settings(os.path.join(self.root, "lib", "systemd", "system", "dealerd.service"))
        self.assertEqual(service["ExecStart"], ["/usr/bin/dealerd --config /etc/dealer/dealerd.toml"])
        self.assertEqual(service["Documentation"],
                         ["man:dealerd(8) man:dealerd.toml(5) file:/usr/share/doc/dealerd/docs/service.md"])
        page = read_gz(os.path.join(self.root, "usr", "share", "man", "man8", "dealerd.8.gz"))
        self.assertIn("/etc/dealer/dealerd.toml", page)
        self.assertIn("/usr/lib/dealer/plugins/", page)
        self.assertIn("/lib/systemd/system/dealerd.service", page)
        for section, name in MAN_PAGES:
            self.assertIsNone(UNFILLED.search(read_gz(os.path.join(self.root, "usr", "share", "man", section, name))))

    def test_binaries_are_stripped(self):
        binaries = ["usr/bin/dealerd", "usr/bin/dealer"] + \
            ["usr/lib/dealer/plugins/dealer_%s.so" % g for g in BUNDLED_GAMES]
        for binary in binaries:
            sections = checked(["readelf", "-S", "-W", os.path.join(self.root, binary)])
            self.assertNotIn(".debug_info", sections, binary)
            self.assertNotIn(".symtab", sections, binary)
        # The build's own binary still has them: the check can fail.
        self.assertIn(".debug_info", checked(["readelf", "-S", "-W", os.path.join(BUILD_DIR, "bin", "dealerd")]))

    def test_a_debian_changelog(self):
        changelog = os.path.join(self.root, "usr", "share", "doc", "dealerd", "changelog.gz")
        parsed = checked(["dpkg-parsechangelog", "-l", changelog])
        self.assertIn("Source: dealerd\n", parsed)
        self.assertIn("Version: %s\n" % self.version, parsed)
        self.assertIn("Maintainer: %s\n" % self.field("Maintainer"), parsed)

    def test_the_unpacked_dealerd_checks_its_own_config(self):
        config = os.path.join(self.root, "etc", "dealer", "dealerd.toml")
        r = subprocess.run([os.path.join(self.root, "usr", "bin", "dealerd"), "--check-config", "--config", config],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                           timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines()[-1], "%s: ok (5 games)" % config)

    def test_the_unpacked_dealerd_serves_its_own_plugins(self):
        plugins = os.path.join(self.root, "usr", "lib", "dealer", "plugins")
        text = "\n".join(['[server]', 'tcp = ["127.0.0.1:0"]', 'udp = []', 'threads = 1', 'shutdown_grace = "0s"',
                          '', '[games.guess]', 'plugin = "guess"', 'min = 0', 'max = 9', ''])
        d = self.start_daemon(text, binary=os.path.join(self.root, "usr", "bin", "dealerd"))
        self.assertIn("game guess from plugin guess 1.0.0 (%s/dealer_guess.so)" % plugins, d.log_text())
        c = self.tcp(d)
        self.assertWelcome(c.welcome, ["guess"])
        self.play_guess_json(c.request, 0, 9)


if __name__ == "__main__":
    unittest.main()
