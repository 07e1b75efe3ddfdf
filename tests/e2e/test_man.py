"""The man pages dealerd(8), dealer(1) and dealerd.toml(5) (issue #5), as
`cmake --install` writes them: they render without a warning from groff
(what man(1) runs) or mandoc's linter, and they cannot drift from the
programs: every option of `dealerd --help` and `dealer --help` is
documented and no other, and so is every key of the config table with its
default, and every option of the bundled games."""

import glob
import os
import re
import shutil
import subprocess
import unittest

from dealer_client import DEALER
from dealerd_harness import DEALERD
from install_tree import MAN_PAGES, SOURCE, UNFILLED, checked, install, read_gz, temp_dir, version

GROFF = shutil.which("groff") or "/usr/bin/groff"
MANDOC = shutil.which("mandoc") or "/usr/bin/mandoc"
# An option word of --help or of a man page: -c, --check-config, --color.
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][a-z-]*)")


def plain(roff):
    """roff source with font changes and the escapes these pages use turned
    into the characters they print, so that text can be searched."""
    text = re.sub(r"\\f[BIRP]", "", roff)
    for escape, char in (("\\-", "-"), ("\\(dq", '"'), ("\\(aq", "'"), ("\\(lq", '"'), ("\\(rq", '"'),
                         ("\\(ti", "~"), ("\\(mu", "x"), ("\\(em", "--"), ("\\%", ""), ("\\c", ""), ("\\e", "\\")):
        text = text.replace(escape, char)
    return text


def sections(roff):
    """{".SH title": [lines]} of a page, in plain text."""
    out, current = {}, None
    for line in plain(roff).splitlines():
        if line.startswith(".SH "):
            current = line[4:].strip().strip('"')
            out[current] = []
        elif current is not None:
            out[current].append(line)
    return out


def tagged_words(lines):
    """The first line after each .TP (the tag of a tagged paragraph)."""
    return [lines[i + 1] for i, line in enumerate(lines[:-1]) if line.strip() == ".TP"]


def help_options(binary):
    """(the --help text, {options}) of binary: the words of the option column
    of each line that starts with an option."""
    out = checked([binary, "--help"], timeout=30)
    options = set()
    for line in out.splitlines():
        if line.lstrip().startswith("-"):
            column = line.strip().split("  ")[0]
            options.update(OPTION.findall(column))
    return out, options


class ManPages(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = temp_dir("man")
        install(cls.tmp)
        cls.pages = {name: read_gz(os.path.join(cls.tmp, "share", "man", section, name))
                     for section, name in MAN_PAGES}
        cls.dealerd = cls.pages["dealerd.8.gz"]
        cls.dealer = cls.pages["dealer.1.gz"]
        cls.toml = cls.pages["dealerd.toml.5.gz"]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def test_groff_renders_them_without_a_warning(self):
        self.assertTrue(os.access(GROFF, os.X_OK), "groff is missing: run scripts/setup")
        for name, page in self.pages.items():
            r = subprocess.run([GROFF, "-man", "-Tutf8", "-ww", "-z"], input=page, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, timeout=60)
            self.assertEqual((r.returncode, r.stderr), (0, ""), name)

    def test_mandoc_finds_nothing_to_warn_about(self):
        self.assertTrue(os.access(MANDOC, os.X_OK), "mandoc is missing: run scripts/setup")
        for name, page in self.pages.items():
            r = subprocess.run([MANDOC, "-Tlint", "-W", "warning"], input=page, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=60)
            self.assertEqual((r.returncode, r.stdout), (0, ""), name)

    def test_the_lint_can_fail(self):
        # A page with a mistake in it is caught by both checkers.
        broken = self.dealer.replace(".SH OPTIONS", ".SH OPTIONS\n.OPTIONS", 1)
        r = subprocess.run([GROFF, "-man", "-Tutf8", "-ww", "-z"], input=broken, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=60)
        self.assertNotEqual(r.stderr, "")
        r = subprocess.run([MANDOC, "-Tlint", "-W", "warning"], input=broken, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=60)
        self.assertNotEqual(r.returncode, 0, r.stdout)

    def test_filled_in_with_the_version_and_paths(self):
        v = version()
        for name, page in self.pages.items():
            self.assertIsNone(UNFILLED.search(page), name)
            th = re.search(r'^\.TH \S+ \d \S+ "dealerd ([^"]+)"', page, re.M)
            self.assertIsNotNone(th, name)
            self.assertEqual(th.group(1), v, name)
        self.assertIn(os.path.join(self.tmp, "etc", "dealer", "dealerd.toml"), self.toml)

    def assertOptionsMatch(self, binary, page):
        text, options = help_options(binary)
        self.assertTrue(options, text)
        tags = tagged_words(sections(page)["OPTIONS"])
        documented = {m.split("=")[0] for tag in tags for m in OPTION.findall(tag)}
        self.assertEqual(documented, options, "the OPTIONS section and --help differ")
        return text

    def test_dealerd_options_are_those_of_its_help(self):
        self.assertOptionsMatch(DEALERD, self.dealerd)

    def test_dealer_options_environment_and_statuses_are_those_of_its_help(self):
        text = self.assertOptionsMatch(DEALER, self.dealer)
        s = sections(self.dealer)
        env = re.search(r"Environment:(.*?)More:", text, re.S).group(1)
        names = set(re.findall(r"\b[A-Z][A-Z_]{3,}\b", env))
        self.assertTrue(names, text)
        self.assertLessEqual(names, set(re.findall(r"[A-Z][A-Z_]{3,}", " ".join(tagged_words(s["ENVIRONMENT"])))))
        statuses = set(re.findall(r"(\d+) [a-z]", re.search(r"Exit status:(.*)", text, re.S).group(1)))
        self.assertEqual(statuses, set(re.findall(r"\d+", " ".join(tagged_words(s["EXIT STATUS"])))))

    def test_every_config_key_and_its_default(self):
        with open(os.path.join(SOURCE, "daemon", "config_table.hpp")) as f:
            table = f.read()
        rows = re.findall(r'\{"(\w+)", "(\w+)", OptionType::\w+, [^,]+, [^,]+, [^,]+, (?:R"\((.*?)\)"|"([^"]*)")',
                          table)
        self.assertGreaterEqual(len(rows), 14, "the test no longer reads config_table.hpp")
        s = sections(self.toml)
        documented = {}
        for section in ("server", "limits", "log"):
            for tag in tagged_words(s["[%s]" % section]):
                m = re.fullmatch(r'\.BR (\w+) " = (.*)"', tag)
                self.assertIsNotNone(m, tag)
                documented[(section, m.group(1))] = m.group(2)
        expected = {(section, key): raw or quoted for section, key, raw, quoted in rows}
        self.assertEqual(documented, expected, "dealerd.toml(5) and daemon/config_table.hpp differ")

    def test_every_option_of_the_bundled_games(self):
        games = sections(self.toml)["GAMES"]
        text = "\n".join(games)
        for source in glob.glob(os.path.join(SOURCE, "plugins", "*", "*_plugin.cpp")):
            game = os.path.basename(os.path.dirname(source))
            with open(source) as f:
                options = re.findall(r'_option\(\s*"(\w+)"', f.read())
            self.assertTrue(options, source)
            # The game's paragraph: from its tag to the next tag.
            para = re.search(r"^\.TP\n\.B %s\n(.*?)(?=^\.TP|^\.PP|\Z)" % game, text, re.S | re.M)
            self.assertIsNotNone(para, "no paragraph for %s" % game)
            for option in options:
                self.assertRegex(para.group(1), r"(?m)^\.B %s$" % option, "%s: %s" % (game, option))

    def test_signals_and_exit_codes_of_dealerd(self):
        s = sections(self.dealerd)
        self.assertEqual(set(re.findall(r"\d+", " ".join(tagged_words(s["EXIT STATUS"])))), {"0", "1", "2"})
        signals = " ".join(tagged_words(s["SIGNALS"]))
        with open(os.path.join(SOURCE, "daemon", "server.cpp")) as f:
            handled = set(re.findall(r"\b(SIG[A-Z0-9]+)\b", f.read())) - {"SIG_IGN", "SIG_DFL"}
        for name in handled:
            self.assertIn(name, signals)


if __name__ == "__main__":
    unittest.main()
