"""`stepshift demo` tells the whole story: canary, alarm from real datapoints, rollback, fix."""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "compat"))
from harness import BINARY  # noqa: E402


class DemoTest(unittest.TestCase):
    def test_story_plays_out_in_order(self):
        proc = subprocess.run([BINARY, "demo", "--pause", "0"], capture_output=True, text=True,
                              timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertRegex(lines[0], r"^stepshift demo: .* at http://127\.0\.0\.1:\d+$")

        def index_of(pattern):
            for i, line in enumerate(lines):
                if re.search(pattern, line):
                    return i
            self.fail("no line matches %r in:\n%s" % (pattern, proc.stdout))

        # The real controller (src/deploy) drives both deployments: its step, check and
        # decision lines are interleaved with the story's narration.
        steps = [
            r"Alias \"live\" routes 100% of new executions to v1",
            r"deploying version 2 over version 1 .* \(canary:10:",
            r"step 1/2: v1 90% · v2 10%",
            r"alarms: orders-v2-errors=OK",
            r"v2 fails 3 orders and reports them",
            r"alarms: orders-v2-errors=ALARM",
            r"rolled back \(alarms triggered: orders-v2-errors\): v1 100%",
            r"Alarm orders-v2-errors is ALARM: Threshold Crossed: 1 datapoint \[3\.0 ",
            r"Rolled back automatically: live → v1 100%",
            r"deploying version 3 over version 1 .* \(steps:10/50/100:",
            r"step 1/3: v1 90% · v3 10%",
            r"step 2/3: v1 50% · v3 50%",
            r"step 3/3: v3 100%",
            r"deployed: v3 100%",
            r"Done\. Alias \"live\" routes 100% to v3",
        ]
        positions = [index_of(step) for step in steps]
        self.assertEqual(positions, sorted(positions), proc.stdout)
        # The canary never went past 10%, and nothing fired for v3.
        self.assertNotRegex(proc.stdout, r"v2 (?:[2-9]\d|100)%")
        self.assertNotRegex(proc.stdout, r"orders-v3-errors=ALARM")

    def test_default_pacing_plays_the_whole_story(self):
        # How long it takes is not asserted here (a loaded CI machine is slower); the timeout only
        # guards against a hang.
        proc = subprocess.run([BINARY, "demo"], capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"deployed: v3 100%")

    def test_bad_pause_is_a_usage_error(self):
        proc = subprocess.run([BINARY, "demo", "--pause", "-1"], capture_output=True, text=True,
                              timeout=10)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stdout, "")


if __name__ == "__main__":
    unittest.main()
