"""`cmake --install` (issue #5): the installed tree, and a game built out of
tree against it. The build directory is installed to temporary prefixes;
the tests then run what was installed, never the build tree: the installed
dealerd finds the installed plugins by itself, the units and man pages name
the prefix, an operator's edited config survives a reinstall, and
examples/hilo, built against the installed SDK only, is played through the
installed dealerd over TCP."""

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import unittest

from dealerd_harness import HEX32, HEX64, DealerdTestCase, commit_of, toml_value
from install_tree import (BUNDLED_GAMES, CMAKE, MAN_PAGES, SOURCE, UNFILLED, checked, install, read_gz, run,
                          temp_dir, unit_settings)

ANALYZE = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"
RANKS = ["A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K"]
CARD = re.compile(r"^(A|[2-9]|10|J|Q|K)[CDHS]$")


def rank(card):
    """1 (ace) to 13 (king)."""
    return RANKS.index(card[:-1]) + 1


def config_text(games):
    """A config with no plugin_dir, so that games named by plugin come from
    the directory next to the dealerd that runs it."""
    lines = ["[server]", 'tcp = ["127.0.0.1:0"]', 'udp = ["127.0.0.1:0"]', "threads = 2",
             'shutdown_grace = "0s"', "", "[log]", 'level = "debug"', ""]
    for name, table in games.items():
        lines.append("[games.%s]" % name)
        lines += ["%s = %s" % (k, toml_value(v)) for k, v in table.items()]
        lines.append("")
    return "\n".join(lines)


class InstalledTree(unittest.TestCase):
    """One install to a temporary prefix, looked at file by file."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = temp_dir("install")
        cls.prefix = os.path.join(cls.tmp, "prefix")
        cls.output = install(cls.prefix)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def path(self, *parts):
        return os.path.join(self.prefix, *parts)

    def assertFile(self, *parts, mode=0o644):
        p = self.path(*parts)
        self.assertTrue(os.path.isfile(p), "missing: " + p)
        self.assertEqual(stat.S_IMODE(os.stat(p).st_mode), mode, p)

    def test_every_piece_is_in_its_place(self):
        self.assertFile("bin", "dealerd", mode=0o755)
        self.assertFile("bin", "dealer", mode=0o755)
        for game in BUNDLED_GAMES:
            # Shared objects are not executables (CMake on Debian installs them 0644, as policy asks).
            self.assertFile("lib", "dealer", "plugins", "dealer_%s.so" % game)
        self.assertFile("include", "dealer", "plugin.h")
        self.assertFile("include", "dealer", "plugin.hpp")
        for name in ("dealerConfig.cmake", "dealerConfigVersion.cmake", "dealerTargets.cmake", "DealerPlugin.cmake"):
            self.assertFile("lib", "cmake", "dealer", name)
        self.assertFile("etc", "dealer", "dealerd.toml")
        self.assertFile("lib", "systemd", "system", "dealerd.service")
        self.assertFile("lib", "systemd", "system", "dealerd.socket")
        for section, page in MAN_PAGES:
            self.assertFile("share", "man", section, page)
        for doc in ("copyright", "README.md", "CHANGELOG.md", "docs/config.md", "docs/service.md",
                    "docs/plugins.md", "docs/install.md", "examples/hilo/CMakeLists.txt", "examples/hilo/README.md"):
            self.assertFile("share", "doc", "dealerd", *doc.split("/"))

    def test_only_what_users_need(self):
        # The plugin directory holds the bundled games and nothing else: no
        # test fixtures (dealer_throws.so, ...), no static libraries.
        plugins = sorted(os.listdir(self.path("lib", "dealer", "plugins")))
        self.assertEqual(plugins, ["dealer_%s.so" % g for g in BUNDLED_GAMES])
        self.assertEqual(sorted(os.listdir(self.path("bin"))), ["dealer", "dealerd"])
        everything = [os.path.relpath(os.path.join(d, f), self.prefix)
                      for d, _, files in os.walk(self.prefix) for f in files]
        self.assertEqual([f for f in everything if f.endswith((".a", ".o"))], [])
        self.assertFalse(os.path.exists(self.path("share", "doc", "dealerd", "docs", "man")),
                         "the man page templates are not documentation")

    def test_the_config_is_the_example(self):
        with open(self.path("etc", "dealer", "dealerd.toml")) as a, \
                open(os.path.join(SOURCE, "config", "dealerd.toml")) as b:
            self.assertEqual(a.read(), b.read())

    def test_the_installed_dealerd_checks_the_installed_config(self):
        # The config sets no plugin_dir: the installed dealerd must find the
        # installed plugins next to itself.
        config = self.path("etc", "dealer", "dealerd.toml")
        r = subprocess.run([self.path("bin", "dealerd"), "--check-config", "--config", config], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        # The verdict is the last line. (Before it, the password game warns
        # that the example sets no password; dealerd logs that to stdout
        # while checking, since its log sink is not set up yet.)
        self.assertEqual(r.stdout.splitlines()[-1], "%s: ok (5 games)" % config)

    def test_units_name_the_prefix(self):
        service = unit_settings(self.path("lib", "systemd", "system", "dealerd.service"))
        self.assertEqual(service["ExecStart"], ["%s --config %s" % (self.path("bin", "dealerd"),
                                                                    self.path("etc", "dealer", "dealerd.toml"))])
        docs = self.path("share", "doc", "dealerd", "docs", "service.md")
        self.assertEqual(service["Documentation"], ["man:dealerd(8) man:dealerd.toml(5) file:" + docs])
        socket = unit_settings(self.path("lib", "systemd", "system", "dealerd.socket"))
        self.assertEqual(socket["Documentation"], ["man:dealerd(8) file:" + docs])
        for unit in ("dealerd.service", "dealerd.socket"):
            with open(self.path("lib", "systemd", "system", unit)) as f:
                self.assertIsNone(UNFILLED.search(f.read()), unit)

    def test_systemd_verifies_the_installed_units(self):
        # verify also runs man(1) for each Documentation=man: page, found
        # here only in the prefix: the units name pages that were installed.
        self.assertTrue(os.access(ANALYZE, os.X_OK), "systemd-analyze is missing: run scripts/setup")
        units = self.path("lib", "systemd", "system")
        cmd = [ANALYZE, "verify", os.path.join(units, "dealerd.service"), os.path.join(units, "dealerd.socket")]
        r = run(cmd, timeout=60, env=dict(os.environ, MANPATH=self.path("share", "man")))
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertEqual(r.stdout.strip(), "", "verify warns")
        # Without the pages, the same check fails: it can.
        r = run(cmd, timeout=60, env=dict(os.environ, MANPATH=os.path.join(self.tmp, "no-man-pages")))
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertIn("man dealerd(8)", r.stdout)

    def test_man_pages_name_the_prefix(self):
        page = read_gz(self.path("share", "man", "man8", "dealerd.8.gz"))
        self.assertIn(self.path("etc", "dealer", "dealerd.toml"), page)
        self.assertIn(self.path("lib", "dealer", "plugins"), page)
        for section, name in MAN_PAGES:
            self.assertIsNone(UNFILLED.search(read_gz(self.path("share", "man", section, name))), name)


class PrefixRules(unittest.TestCase):
    """Where the config and the units go depends on the prefix, as the GNU
    rules and Debian have it; checked with DESTDIR, as packagers install."""

    def setUp(self):
        self.root = temp_dir("destdir")
        self.addCleanup(shutil.rmtree, self.root, True)

    def service(self, unit_dir):
        return unit_settings(os.path.join(self.root, unit_dir, "dealerd.service"))

    def test_usr_puts_the_config_in_etc_and_the_units_in_lib(self):
        install("/usr", destdir=self.root)
        self.assertTrue(os.path.isfile(os.path.join(self.root, "usr", "bin", "dealerd")))
        self.assertTrue(os.path.isfile(os.path.join(self.root, "etc", "dealer", "dealerd.toml")))
        self.assertFalse(os.path.exists(os.path.join(self.root, "usr", "etc")))
        self.assertFalse(os.path.exists(os.path.join(self.root, "usr", "lib", "systemd")))
        self.assertEqual(self.service("lib/systemd/system")["ExecStart"],
                         ["/usr/bin/dealerd --config /etc/dealer/dealerd.toml"])
        page = read_gz(os.path.join(self.root, "usr", "share", "man", "man5", "dealerd.toml.5.gz"))
        self.assertIn("/etc/dealer/dealerd.toml", page)
        self.assertIn("/usr/lib/dealer/plugins", page)

    def test_opt_puts_the_config_in_etc_opt(self):
        install("/opt/dealerd", destdir=self.root)
        self.assertTrue(os.path.isfile(os.path.join(self.root, "etc", "opt", "dealerd", "dealer", "dealerd.toml")))
        self.assertEqual(self.service("opt/dealerd/lib/systemd/system")["ExecStart"],
                         ["/opt/dealerd/bin/dealerd --config /etc/opt/dealerd/dealer/dealerd.toml"])


class Reinstall(unittest.TestCase):

    def test_an_edited_config_survives_a_reinstall(self):
        tmp = temp_dir("reinstall")
        self.addCleanup(shutil.rmtree, tmp, True)
        install(tmp)
        config = os.path.join(tmp, "etc", "dealer", "dealerd.toml")
        with open(config, "a") as f:
            f.write("\n[games.hard]\nplugin = \"guess\"\nmax = 99\n")
        with open(config) as f:
            edited = f.read()
        out = install(tmp)
        with open(config) as f:
            self.assertEqual(f.read(), edited, "the operator's config was overwritten")
        with open(config + ".new") as a, open(os.path.join(SOURCE, "config", "dealerd.toml")) as b:
            self.assertEqual(a.read(), b.read())
        self.assertIn("Keeping %s" % config, out)
        # An unchanged config is simply reinstalled, without a .new.
        os.unlink(config + ".new")
        shutil.copy(os.path.join(SOURCE, "config", "dealerd.toml"), config)
        install(tmp)
        self.assertFalse(os.path.exists(config + ".new"))


class OutOfTreeGame(DealerdTestCase):
    """examples/hilo, copied out of the source tree, configured with the
    temporary prefix as its only way to the SDK, built, installed next to
    the bundled games, and played through the installed dealerd."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = temp_dir("hilo")
        cls.prefix = os.path.join(cls.tmp, "prefix")
        install(cls.prefix)
        # A copy, so that no relative path can lead back to sdk/include.
        cls.src = os.path.join(cls.tmp, "hilo")
        shutil.copytree(os.path.join(SOURCE, "examples", "hilo"), cls.src,
                        ignore=shutil.ignore_patterns("build", "build-*"))
        cls.build = os.path.join(cls.tmp, "hilo-build")
        checked([CMAKE, "-S", cls.src, "-B", cls.build, "-DCMAKE_BUILD_TYPE=Release",
                 "-DCMAKE_PREFIX_PATH=" + cls.prefix, "-DCMAKE_INSTALL_PREFIX=" + cls.prefix,
                 "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON",
                 "-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF", "-DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF"])
        checked([CMAKE, "--build", cls.build, "-j2"])
        checked([CMAKE, "--install", cls.build])
        cls.plugin = os.path.join(cls.prefix, "lib", "dealer", "plugins", "dealer_hilo.so")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def test_built_against_the_installed_sdk_only(self):
        with open(os.path.join(self.build, "CMakeCache.txt")) as f:
            cache = f.read()
        self.assertIn("dealer_DIR:PATH=%s\n" % os.path.join(self.prefix, "lib", "cmake", "dealer"), cache)
        with open(os.path.join(self.build, "compile_commands.json")) as f:
            commands = json.load(f)
        self.assertEqual(len(commands), 3, commands)
        include = os.path.join(self.prefix, "include")
        for c in commands:
            self.assertIn(include, c["command"], c)
            self.assertNotIn(SOURCE, c["command"], c)

    def test_only_the_abi_symbols_are_exported(self):
        # dealer_add_plugin from the installed package builds with hidden
        # visibility, like the bundled games: of the plugin's own code only
        # the two ABI symbols are exported. (Instantiations of the standard
        # library's templates keep the default visibility libstdc++ gives
        # namespace std.)
        out = checked(["nm", "-D", "--defined-only", "--demangle", self.plugin])
        names = [line.split(" ", 2)[2] for line in out.splitlines() if line.strip()]
        own = sorted(n for n in names if "std::" not in n)
        self.assertEqual(own, ["dealer_plugin_abi", "dealer_plugin_init"], names)

    def start(self):
        d = self.start_daemon(config_text(
            {"hilo": {"plugin": "hilo"}, "hilo-1": {"plugin": "hilo", "rounds": 1},
             "guess": {"plugin": "guess", "min": 0, "max": 9}}),
            binary=os.path.join(self.prefix, "bin", "dealerd"))
        plugins = os.path.join(self.prefix, "lib", "dealer", "plugins")
        log = d.log_text()
        self.assertIn("game hilo from plugin hilo 1.0.0 (%s/dealer_hilo.so)" % plugins, log)
        self.assertIn("game guess from plugin guess 1.0.0 (%s/dealer_guess.so)" % plugins, log)
        return d

    def test_a_whole_game_over_tcp_matches_the_revealed_cards(self):
        d = self.start()
        c = self.tcp(d)
        self.assertEqual(c.welcome["games"], ["guess", "hilo", "hilo-1"])
        listing = {g["name"]: g for g in c.request({"type": "games", "id": 1})["games"]}
        self.assertEqual(listing["hilo"]["title"], "Higher or lower")
        self.assertEqual(listing["hilo"]["plugin"], "hilo")
        self.assertEqual(listing["hilo"]["options"], {"rounds": 5})
        self.assertEqual(listing["hilo-1"]["options"], {"rounds": 1})

        start = c.request({"type": "play", "game": "hilo", "options": {"rounds": 4}, "id": "p"})
        self.assertEqual(start.get("type"), "start", start)
        self.assertEqual((start["game"], start["rounds"], start["streak"], start["over"]), ("hilo", 4, 0, False))
        self.assertRegex(start["card"], CARD)
        self.assertRegex(start["commit"], HEX64)
        seen, streak, n = [start["card"]], 0, 0
        while True:
            # The best call: higher from a low card, lower from a high one.
            call = "higher" if rank(seen[-1]) <= 7 else "lower"
            n += 1
            st = c.request({"type": "move", "call": call, "id": n})
            self.assertEqual((st.get("type"), st.get("id"), st.get("call")), ("state", n, call), st)
            self.assertEqual(st["previous"], seen[-1], st)
            self.assertRegex(st["card"], CARD)
            right = rank(st["card"]) > rank(seen[-1]) if call == "higher" else rank(st["card"]) < rank(seen[-1])
            seen.append(st["card"])
            streak += 1 if right else 0
            self.assertEqual(st["streak"], streak, st)
            if not right or streak == 4:
                self.assertIs(st["over"], True, st)
                self.assertEqual(st["result"], "win" if right else "lose", st)
                break
            self.assertIs(st["over"], False, st)
            self.assertNotIn("reveal", st, "the cards were revealed before the end")
        reveal = st["reveal"]
        self.assertRegex(reveal["nonce"], HEX32)
        self.assertEqual(commit_of(reveal["cards"], reveal["nonce"]), start["commit"], "reveal does not match")
        cards = reveal["cards"].split(" ")
        self.assertEqual(len(cards), 5)  # rounds + 1
        self.assertEqual(cards[:len(seen)], seen, "the cards dealt are not the cards committed to")
        self.assertEqual(len(set(cards)), 5, "one deck has no card twice")
        # The game is over: the session is back in the lobby.
        self.assertError(c.request({"type": "move", "call": "higher", "id": 99}), "not_in_game", 99)

    def test_bad_calls_and_options_are_refused(self):
        d = self.start()
        c = self.tcp(d)
        self.assertError(c.request({"type": "play", "game": "hilo", "options": {"rounds": 13}, "id": 1}),
                         "bad_option", 1)
        start = c.request({"type": "play", "game": "hilo", "id": 2})
        self.assertEqual(start["type"], "start", start)
        self.assertError(c.request({"type": "move", "call": "sideways", "id": 3}), "illegal_move", 3)
        self.assertError(c.request({"type": "move", "call": 1, "id": 4}), "illegal_move", 4)
        # What a client that knows nothing of hilo sends for a typed line.
        st = c.request({"type": "move", "input": " H ", "id": 5})
        self.assertEqual((st["type"], st["call"], st["previous"]), ("state", "higher", start["card"]), st)

    def test_text_mode_and_the_installed_bundled_game(self):
        d = self.start()
        c = self.tcp(d)
        c.send_line("play hilo-1")
        lines = c.recv_until(lambda l: l.startswith("(type your move"))
        m = re.match(r"hilo-1: the first card is (\S+): higher or lower\? \(1 right calls in a row win\)$", lines[0])
        self.assertIsNotNone(m, lines)
        commit = re.search(r"\(commitment to the cards: ([0-9a-f]{64})\)", "\n".join(lines)).group(1)
        c.send_line("lower" if rank(m.group(1)) > 7 else "higher")
        lines = c.recv_until(lambda l: l.startswith("(game over"))
        text = "\n".join(lines)
        self.assertRegex(text, r"you (win: 1 right calls in a row|lose after 0 right calls)\.")
        check = re.search(r'the cards were ([^;]+); check: sha256\("([^"]+)"\) = ([0-9a-f]{64})', text)
        self.assertIsNotNone(check, text)
        self.assertEqual(check.group(3), commit)
        self.assertEqual(hashlib.sha256(check.group(2).encode()).hexdigest(), commit)
        self.assertTrue(check.group(2).startswith(m.group(1) + " "), text)
        # The bundled guess, loaded from the installed plugin directory.
        self.play_guess_json(c.request, 0, 9)

    def test_the_installed_client_plays_it_and_checks_the_dealer(self):
        d = self.start()
        client = os.path.join(self.prefix, "bin", "dealer")
        r = subprocess.run([client, "127.0.0.1", str(d.tcp_addr[1]), "--no-color"],
                           input="play hilo-1\nh\n", stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=30)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"hilo-1 - Higher or lower")
        self.assertRegex(r.stdout, r'cards verified: sha256\("[^"]+:[0-9a-f]{32}"\) matches the dealer\'s commitment')
        self.assertRegex(r.stdout, r"\*\*\* you (win|lose) \*\*\*")


if __name__ == "__main__":
    unittest.main()
