"""Verdicts during `stepshift deploy` against a real `stepshift serve`: version 2 has a genuine
bug (it fails every input with "bug": true), executions are started through the alias while the
deployment runs, no alarm is configured, and the verdict on the executions decides."""
import json
import threading
import time
import unittest

from deploy_support import DeployTestCase, read_events_until

BUGGY = json.dumps({
    "Comment": "v2: fails the inputs it mishandles",
    "StartAt": "Check",
    "States": {
        "Check": {"Type": "Choice",
                  "Choices": [{"Variable": "$.bug", "BooleanEquals": True, "Next": "Crash"}],
                  "Default": "Done"},
        "Crash": {"Type": "Fail", "Error": "OrderError", "Cause": "mishandled input"},
        "Done": {"Type": "Pass", "End": True},
    },
})

FIXED = json.dumps({"Comment": "v2, fixed", "StartAt": "Done",
                    "States": {"Done": {"Type": "Pass", "End": True}}})


class Traffic(threading.Thread):
    """Starts executions through the alias until stopped; every third input has "bug": true."""

    def __init__(self, sfn, alias_arn):
        super().__init__(daemon=True)
        self.sfn, self.alias_arn = sfn, alias_arn
        self.stop = threading.Event()
        self.started = 0

    def run(self):
        while not self.stop.is_set():
            self.sfn.start_execution(stateMachineArn=self.alias_arn,
                                     input=json.dumps({"n": self.started,
                                                       "bug": self.started % 3 == 0}))
            self.started += 1
            time.sleep(0.01)


class VerdictTest(DeployTestCase):
    def with_traffic(self, *flags):
        traffic = Traffic(self.sfn, self.alias_arn)
        traffic.start()
        try:
            return self.deploy(*flags, timeout=120)
        finally:
            traffic.stop.set()
            traffic.join()

    def test_failing_executions_roll_back_without_any_alarm(self):
        self.sfn.update_state_machine(stateMachineArn=self.arn, definition=BUGGY)
        proc = self.with_traffic("--strategy", "canary", "--increment", "50", "--interval", "60",
                                 "--alarm-polling", "1", "--min-executions", "10",
                                 "--publish-revision", "--output", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(self.routing(), {self.v1: 100})
        events = self.events(proc.stdout)
        verdict = [e for e in events if e["event"] == "verdict"][-1]
        self.assertEqual(verdict["verdict"], "FAIL")
        self.assertEqual(verdict["source"], "executions")
        self.assertGreater(verdict["new"]["failed"], 0)
        self.assertEqual(verdict["stable"]["failed"], 0)
        self.assertGreaterEqual(verdict["new"]["completed"], 10)
        self.assertLess(verdict["failures"]["p_value"], verdict["alpha"])
        self.assertTrue(verdict["failures"]["over_threshold"])
        decision = [e for e in events if e["event"] == "decision"][-1]
        self.assertEqual(decision["decision"], "rollback")
        self.assertIn("verdict FAIL", decision["reason"])
        # Every execution the verdict counted is in serve: the counts are the service's.
        listed = self.sfn.list_executions(stateMachineArn=self.version(2), statusFilter="FAILED",
                                          maxResults=1000)["executions"]
        self.assertGreaterEqual(len(listed), verdict["new"]["failed"])

    def test_text_output_has_one_readable_verdict_line(self):
        self.sfn.update_state_machine(stateMachineArn=self.arn, definition=BUGGY)
        proc = self.with_traffic("--strategy", "canary", "--increment", "50", "--interval", "60",
                                 "--alarm-polling", "1", "--min-executions", "10",
                                 "--publish-revision")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        fail = [line for line in proc.stdout.splitlines() if "verdict FAIL" in line]
        self.assertTrue(fail, proc.stdout)
        self.assertRegex(fail[0], r"verdict FAIL: v2 \d+/\d+ failed \([\d.]+%\), p90 \d+ms vs "
                                  r"v1 0/\d+ failed \(0\.0%\).*\[executions\]")
        self.assertIn("rolled-back: Deployment of version 2 failed (verdict FAIL", proc.stdout)

    def test_verdict_dry_run_reports_and_deploys(self):
        self.sfn.update_state_machine(stateMachineArn=self.arn, definition=BUGGY)
        proc = self.with_traffic("--strategy", "canary", "--increment", "50", "--interval", "3",
                                 "--alarm-polling", "1", "--min-executions", "10",
                                 "--verdict-dry-run", "--publish-revision", "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.routing(), {self.version(2): 100})
        verdicts = [e for e in self.events(proc.stdout) if e["event"] == "verdict"]
        self.assertIn("FAIL", [v["verdict"] for v in verdicts])
        self.assertTrue(all(v["dry_run"] for v in verdicts))

    def test_healthy_version_passes(self):
        self.sfn.update_state_machine(stateMachineArn=self.arn, definition=FIXED)
        proc = self.with_traffic("--strategy", "canary", "--increment", "50", "--interval", "3",
                                 "--alarm-polling", "1", "--min-executions", "5",
                                 "--publish-revision", "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        verdicts = [e for e in self.events(proc.stdout) if e["event"] == "verdict"]
        self.assertTrue(verdicts)
        self.assertNotIn("FAIL", [v["verdict"] for v in verdicts])
        self.assertEqual(verdicts[-1]["verdict"], "PASS")

    def test_metrics_source_judges_from_aws_states_metrics(self):
        self.sfn.update_state_machine(stateMachineArn=self.arn, definition=BUGGY)
        proc = self.with_traffic("--strategy", "canary", "--increment", "50", "--interval", "60",
                                 "--alarm-polling", "1", "--min-executions", "10",
                                 "--verdict-source", "metrics",
                                 "--publish-revision", "--output", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        verdict = [e for e in self.events(proc.stdout) if e["event"] == "verdict"][-1]
        self.assertEqual(verdict["source"], "metrics")
        self.assertEqual(verdict["verdict"], "FAIL")
        self.assertFalse(verdict["latency"]["judged"])
        self.assertEqual(self.routing(), {self.v1: 100})

    def test_explicit_verdict_without_traffic_holds_then_fails(self):
        self.new_revision()
        started = time.monotonic()
        proc = self.deploy("--strategy", "canary", "--increment", "10", "--interval", "1",
                           "--alarm-polling", "1", "--verdict", "--max-step-extension", "2",
                           "--on-inconclusive", "fail", "--publish-revision", "--output", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertGreaterEqual(time.monotonic() - started, 3)
        verdicts = [e for e in self.events(proc.stdout) if e["event"] == "verdict"]
        self.assertTrue(all(v["verdict"] == "INCONCLUSIVE" for v in verdicts))
        self.assertTrue(any(v["held"] for v in verdicts))
        decision = [e for e in self.events(proc.stdout) if e["event"] == "decision"][-1]
        self.assertIn("INCONCLUSIVE", decision["reason"])
        self.assertEqual(self.routing(), {self.v1: 100})

    def test_bad_verdict_flags_exit_2(self):
        for flags, message in [
            (["--confidence", "1.5"], "--confidence must be at least 0.5 and below 1 (e.g. 0.99)"),
            (["--on-inconclusive", "maybe"],
             "--on-inconclusive: invalid choice: 'maybe' (choose from 'hold', 'fail', 'pass')"),
            (["--verdict", "--no-verdict"], "give --verdict or --no-verdict, not both"),
            (["--min-executions", "0"], "--min-executions must be >= 1"),
        ]:
            with self.subTest(flags):
                proc = self.deploy("--publish-revision", *flags)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertEqual(proc.stderr.strip(), "stepshift deploy: error: " + message)


if __name__ == "__main__":
    unittest.main()
