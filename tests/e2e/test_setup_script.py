"""scripts/setup, which CI runs before anything else: the package list it
hands to apt-get holds only Debian package names, each installed by the
time the tests run (CI ran scripts/setup first). A merge once left
conflict markers in that list, and apt-get refused the whole install.
The source tree as a whole carries no conflict markers either."""

import os
import re
import subprocess
import unittest

from dealerd_harness import HERE

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SETUP = os.path.join(ROOT, "scripts", "setup")
# Debian policy 5.6.1: lower case letters, digits, + - . ; two or more
# characters, starting with a letter or digit.
PACKAGE_RE = re.compile(r"^[a-z0-9][a-z0-9+.-]+$")
MARKER_RE = re.compile(rb"^(<{7}|>{7})( |$)", re.MULTILINE)
SKIP_DIRS = {".git", "build"}


def setup_packages():
    with open(SETUP) as f:
        text = f.read()
    m = re.search(r'^packages="(.*?)"', text, re.DOTALL | re.MULTILINE)
    assert m, "no packages=\"...\" list in scripts/setup"
    return m.group(1).split()


class SetupScript(unittest.TestCase):

    def test_every_listed_package_is_a_package_name(self):
        packages = setup_packages()
        self.assertIn("systemd", packages)      # systemd-analyze, systemd-socket-activate
        self.assertIn("libedit-dev", packages)  # the client's line editing
        for p in packages:
            self.assertRegex(p, PACKAGE_RE)

    def test_every_listed_package_is_installed(self):
        for p in setup_packages():
            r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", p], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, timeout=60)
            self.assertIn("install ok installed", r.stdout, "%s: run scripts/setup" % p)

    def test_no_conflict_markers_in_the_tree(self):
        found = []
        for top, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith("build")]
            for name in files:
                path = os.path.join(top, name)
                if os.path.islink(path):
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                if b"\0" not in data and MARKER_RE.search(data):
                    found.append(os.path.relpath(path, ROOT))
        self.assertEqual(found, [])


if __name__ == "__main__":
    unittest.main()
