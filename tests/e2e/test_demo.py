"""`stepshift demo` tells the whole story on real traffic: a buggy canary judged by its executions
and its error-rate alarm, rolled back, then the fix after its pre-traffic tests."""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "compat"))
from harness import BINARY  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def version_line(text, version):
    """The last per-version line for `version`: (started, failed, ended, running)."""
    found = re.findall(r"^  v%d: (\d+) started, (\d+) failed of (\d+) ended \([\d.]+%%\), "
                       r"(\d+) running" % version, text, re.M)
    return tuple(int(n) for n in found[-1]) if found else None


class DemoTest(unittest.TestCase):
    def play(self, *args):
        proc = subprocess.run([BINARY, "demo", *args], capture_output=True, text=True,
                              timeout=180)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        return proc.stdout

    def test_story_plays_out_in_order(self):
        out = self.play("--pause", "0")
        lines = out.splitlines()
        self.assertRegex(lines[0], r"^stepshift demo: .* at http://127\.0\.0\.1:\d+$")

        def index_of(pattern):
            for i, line in enumerate(lines):
                if re.search(pattern, line):
                    return i
            self.fail("no line matches %r in:\n%s" % (pattern, out))

        # The real controller (src/deploy) drives both deployments: its step, verdict and
        # decision lines are interleaved with the story's narration.
        steps = [
            r"Alias \"live\" routes 100% of new executions to v1",
            r"Traffic: an order every 0\.1 s through \"live\"",
            r"deploying version 2 over version 1 .* \(canary:25:",
            r"step 1/2: v1 75% · v2 25%",
            r"verdict INCONCLUSIVE: v2 \d+/\d+ failed .*too few executions",
            r"verdict FAIL: v2 \d+/\d+ failed .* vs v1 0/\d+ failed .*\[executions\]",
            r"rolled back \(.*verdict FAIL: failure rate .*\): v1 100%",
            r"version 2 ran \d+ executions during the deployment: \d+ failed",
            r"Rolled back automatically: live → v1 100%",
            r"v2's executions that were still running have finished, on v2",
            r"Alarm orders-v2-error-rate is ALARM: Threshold Crossed: 1 datapoint \[[\d.]+ ",
            r"PreTraffic test inputs orders-tests \(2 cases\) passed \(2/2 cases met",
            r"deploying version 3 over version 1 .* \(linear:25:",
            r"step 1/4: v1 75% · v3 25%",
            r"step 4/4: v3 100%",
            r"deployed: v3 100%",
            r"Traffic stopped after \d+ orders",
            r"Done\. Alias \"live\" routes 100% to v3",
        ]
        positions = [index_of(step) for step in steps]
        self.assertEqual(positions, sorted(positions), out)
        # The canary never went past 25%, nothing fired for v3, and no order was refused.
        self.assertNotRegex(out, r"v2 (?:2[6-9]|[3-9]\d|100)%")
        self.assertNotRegex(out, r"orders-v3-error-rate=ALARM")
        # The final figures: every order ended on its version; only v2's failed.
        v1, v2 = version_line(out, 1), version_line(out, 2)
        self.assertEqual(v1[1], 0, out)
        self.assertGreater(v2[1], 0, out)
        self.assertEqual(v2[2], v2[0], out)
        self.assertEqual((v1[3], v2[3]), (0, 0), out)
        # Every order the traffic started is counted on one version; v3's two pre-traffic
        # tests ran on version 3 itself.
        orders = int(re.search(r"Traffic stopped after (\d+) orders", out).group(1))
        self.assertEqual(v1[0] + v2[0] + version_line(out, 3)[0], orders + 2, out)

    def test_make_demo_plays_the_story_at_its_default_pace(self):
        # `make demo` as the README gives it, on the build under test (already built: make finds
        # nothing to do). How long it takes is not asserted (a loaded CI machine is slower).
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
        proc = subprocess.run(["make", "--no-print-directory", "-C", ROOT, "demo",
                               "BUILD_DIR=" + os.path.dirname(os.path.abspath(BINARY))],
                              capture_output=True, text=True, timeout=600, env=env)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        out = proc.stdout
        self.assertRegex(out, r"stepshift demo: .* at http://127\.0\.0\.1:\d+")
        self.assertRegex(out, r"step 2/4: v1 50% · v3 50%")
        self.assertRegex(out, r"deployed: v3 100%")
        started, failed, ended, running = version_line(out, 3)
        self.assertGreater(started, 0, out)
        self.assertEqual((failed, running), (0, 0), out)

    def test_bad_pause_is_a_usage_error(self):
        proc = subprocess.run([BINARY, "demo", "--pause", "-1"], capture_output=True, text=True,
                              timeout=10)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stdout, "")


if __name__ == "__main__":
    unittest.main()
