"""bench/compare's report writer: the marked section of docs/benchmarks.md
is replaced, or appended when missing, and nothing else in the file
changes. (The measuring itself needs redis-server and minutes; it is run by
hand, see docs/benchmarks.md.)"""

import importlib.machinery
import importlib.util
import os
import tempfile
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
COMPARE = os.path.normpath(os.path.join(HERE, "..", "..", "bench", "compare"))


def load_compare():
    loader = importlib.machinery.SourceFileLoader("compare", COMPARE)
    spec = importlib.util.spec_from_loader("compare", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


class WriteDoc(unittest.TestCase):

    def setUp(self):
        self.compare = load_compare()
        fd, self.path = tempfile.mkstemp(prefix="compare-doc-", suffix=".md")
        os.close(fd)
        self.addCleanup(os.unlink, self.path)

    def section(self, body):
        return "%s\n%s\n%s\n" % (self.compare.BEGIN_MARK, body, self.compare.END_MARK)

    def write(self, text):
        with open(self.path, "w") as f:
            f.write(text)

    def read(self):
        with open(self.path) as f:
            return f.read()

    def test_appended_when_missing(self):
        self.write("# Benchmarks\n\nintro\n")
        self.compare.write_doc(self.path, self.section("first"))
        self.assertEqual(self.read(), "# Benchmarks\n\nintro\n\n" + self.section("first"))

    def test_replaced_in_place_and_the_rest_kept(self):
        before, after = "# Benchmarks\n\nintro\n\n", "\n### Observations\n\nkept\n"
        self.write(before + self.section("old table\nold lines") + after)
        self.compare.write_doc(self.path, self.section("new table"))
        self.assertEqual(self.read(), before + self.section("new table") + after)

    def test_rows_come_in_the_issues_order_and_targets_are_judged(self):
        args = types.SimpleNamespace(note="", argv=[], rounds=2, duration=1.0, warmup=0.5, threads=1,
                                     bench_threads=1, hold_sessions=10000)
        report = lambda rate, cpu: {"requests_per_s": rate, "latency_us": {"p99": 500.0}, "errors": 0,  # noqa: E731
                                    "client_cpu": cpu, "server_cpu": 0.9, "threads": 1}
        rows = []
        for num, key, target, a, b in ((7, "threads", None, 100, 100), (1, "ping50", 1.0, 90, 100),
                                       (4, "pipeline16", 0.7, 80, 100)):
            s = self.compare.Scenario(key, key, target, ("dealerd", None), ("base", None))
            s.reports = {"a": [report(a, 0.5), report(a + 2, 0.5)], "b": [report(b, 0.95), report(b - 2, 0.95)]}
            row = s.row()
            row["num"] = num
            rows.append(row)
        text = self.compare.markdown(args, {"cpu": "cpu", "cores": 2, "kernel": "k", "date": "d", "build": "b",
                                            "load": "0"}, rows, None, [10.0, 12.0, 60.0], 1.0)
        table = [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
        self.assertEqual([line.split("|")[1].strip() for line in table], ["1", "4", "7", "8"])
        self.assertIn(">= 1.0x missed", table[0])
        self.assertIn(">= 0.7x met", table[1])
        self.assertIn("(measured)", table[2])
        self.assertIn("12.0 ms", table[3])
        self.assertIn("0.95 (bound)", table[0])


if __name__ == "__main__":
    unittest.main()
