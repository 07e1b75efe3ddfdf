"""Helpers of the install and package tests (test_install, test_man,
test_deb): install this build directory with `cmake --install`, run
commands with bounded time, and read what an install wrote. Standard
library only.

Environment (set by ctest; defaults point into ../../build):
  DEALER_BUILD_DIR   the build directory to install from
  CMAKE, CPACK       the cmake and cpack that configured it
"""

import gzip
import os
import re
import shutil
import subprocess
import tempfile

from dealerd_harness import BUILD, DEALERD, HERE

SOURCE = os.path.normpath(os.path.join(HERE, "..", ".."))
BUILD_DIR = os.environ.get("DEALER_BUILD_DIR") or BUILD
CMAKE = os.environ.get("CMAKE") or shutil.which("cmake") or "cmake"
CPACK = os.environ.get("CPACK") or shutil.which("cpack") or "cpack"

BUNDLED_GAMES = ("guess", "mancala", "password", "rps")
# (section directory, file) of each installed man page.
MAN_PAGES = (("man1", "dealer.1.gz"), ("man5", "dealerd.toml.5.gz"), ("man8", "dealerd.8.gz"))
# A name a template left unfilled, e.g. @DEALER_INSTALL_BINDIR@.
UNFILLED = re.compile(r"@[A-Z_]+@")


def run(cmd, timeout=600, **kwargs):
    """Runs cmd to completion, stdout and stderr together; CompletedProcess (text)."""
    return subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, text=True, timeout=timeout, **kwargs)


def checked(cmd, timeout=600, **kwargs):
    """Runs cmd; its output, or AssertionError with the output if it failed."""
    r = run(cmd, timeout, **kwargs)
    if r.returncode != 0:
        raise AssertionError("%s exited %d:\n%s" % (" ".join(map(str, cmd)), r.returncode, r.stdout[-6000:]))
    return r.stdout


def temp_dir(name):
    """A new temporary directory; the caller removes it."""
    return tempfile.mkdtemp(prefix="dealerd-%s-" % name)


def install(prefix, destdir=None):
    """`cmake --install BUILD_DIR --prefix prefix`, under DESTDIR=destdir if
    given (and never under a DESTDIR from the environment); its output."""
    env = dict(os.environ)
    env.pop("DESTDIR", None)
    if destdir is not None:
        env["DESTDIR"] = destdir
    return checked([CMAKE, "--install", BUILD_DIR, "--prefix", prefix], env=env)


def version():
    """The project version, as the built dealerd reports it."""
    out = checked([DEALERD, "--version"])
    m = re.match(r"dealerd (\S+) ", out)
    assert m, out
    return m.group(1)


def read_gz(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return f.read()


def unit_settings(path):
    """{key: [values]} of a systemd unit file, in order."""
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith(("#", "[")):
                key, _, value = line.partition("=")
                out.setdefault(key, []).append(value)
    return out
