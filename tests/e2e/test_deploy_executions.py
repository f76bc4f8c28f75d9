"""Executions awareness of `stepshift deploy` and `stepshift status` against a real `stepshift
serve`: pruning spares versions with RUNNING executions, a rollback reports (and with
--stop-on-rollback stops) what ran on the bad version, status shows per-version figures."""
import json
import unittest

from deploy_support import DeployTestCase, BINARY, REGION
from test_deploy_verdicts import Traffic

# Fails {"bug": true}; everything else waits a minute (so it is RUNNING at the rollback).
BUGGY_AND_SLOW = json.dumps({
    "StartAt": "Check",
    "States": {
        "Check": {"Type": "Choice",
                  "Choices": [{"Variable": "$.bug", "BooleanEquals": True, "Next": "Crash"}],
                  "Default": "Wait"},
        "Wait": {"Type": "Wait", "Seconds": 60, "Next": "Done"},
        "Crash": {"Type": "Fail", "Error": "OrderError", "Cause": "mishandled input"},
        "Done": {"Type": "Pass", "End": True},
    },
})

SLOW = json.dumps({
    "StartAt": "Check",
    "States": {
        "Check": {"Type": "Choice",
                  "Choices": [{"Variable": "$.bug", "BooleanEquals": True, "Next": "Crash"},
                              {"Variable": "$.n", "NumericLessThan": 1000000, "Next": "Slow?"}],
                  "Default": "Done"},
        "Slow?": {"Type": "Choice",
                  "Choices": [{"Variable": "$.n", "NumericGreaterThan": -1, "Next": "Wait"}],
                  "Default": "Done"},
        "Wait": {"Type": "Wait", "Seconds": 60, "Next": "Done"},
        "Crash": {"Type": "Fail", "Error": "OrderError", "Cause": "mishandled input"},
        "Done": {"Type": "Pass", "End": True},
    },
})

SLOW = json.dumps({"StartAt": "Wait", "States": {
    "Wait": {"Type": "Wait", "Seconds": 120, "End": True}}})


class ExecutionsAwarenessTest(DeployTestCase):
    def test_rollback_reports_and_stops_the_bad_versions_executions(self):
        self.sfn.update_state_machine(stateMachineArn=self.arn, definition=BUGGY_AND_SLOW)
        traffic = Traffic(self.sfn, self.alias_arn)
        traffic.start()
        try:
            proc = self.deploy("--strategy", "canary", "--increment", "50", "--interval", "60",
                               "--alarm-polling", "1", "--min-executions", "5",
                               "--stop-on-rollback", "--publish-revision", "--output", "json",
                               timeout=120)
        finally:
            traffic.stop.set()
            traffic.join()
        self.assertEqual(proc.returncode, 1, proc.stderr)
        report = [e for e in self.events(proc.stdout) if e["event"] == "rollback_report"]
        self.assertEqual(len(report), 1, proc.stdout)
        report = report[0]
        self.assertEqual(report["version"], self.version(2))
        self.assertGreater(report["failed"], 0)
        self.assertGreater(report["running"], 0)
        self.assertEqual(report["stopped"], report["running"])
        listed = self.sfn.list_executions(stateMachineArn=self.version(2),
                                          maxResults=1000)["executions"]
        statuses = [e["status"] for e in listed]
        self.assertNotIn("RUNNING", statuses)
        self.assertEqual(statuses.count("ABORTED"), report["stopped"])
        self.assertEqual(statuses.count("FAILED"), report["failed"])

    def test_pruning_keeps_a_version_with_running_executions(self):
        self.sfn.update_state_machine(stateMachineArn=self.arn, definition=SLOW)
        v2 = self.sfn.publish_state_machine_version(stateMachineArn=self.arn)[
            "stateMachineVersionArn"]
        running = self.sfn.start_execution(stateMachineArn=v2)["executionArn"]
        for comment in ("v3", "v4"):
            self.new_revision(comment)
            self.sfn.publish_state_machine_version(stateMachineArn=self.arn)
        self.new_revision("v5")
        try:
            proc = self.deploy("--publish-revision", "--interval", "0", "--history-max", "1",
                               "--output", "json")
        finally:
            self.sfn.stop_execution(executionArn=running)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        pruned = [e for e in self.events(proc.stdout) if e["event"] == "prune"]
        kept = [e for e in pruned if e.get("kept") == "running"]
        self.assertEqual([e["version"] for e in kept], [v2])
        versions = [v["stateMachineVersionArn"] for v in
                    self.sfn.list_state_machine_versions(stateMachineArn=self.arn)[
                        "stateMachineVersions"]]
        self.assertIn(v2, versions)
        self.assertNotIn(self.version(3), versions)
        self.assertNotIn(self.version(4), versions)

    def test_status_shows_per_version_executions(self):
        for i in range(4):
            self.sfn.start_execution(stateMachineArn=self.alias_arn, input=json.dumps({"i": i}))
        args = [BINARY, "status", "--state-machine", self.name, "--alias", "live", "--region",
                REGION, "--endpoint-url", self.server.endpoint]
        self.wait_for(lambda: all(
            e["status"] == "SUCCEEDED" for e in self.sfn.list_executions(
                stateMachineArn=self.v1)["executions"]), what="executions to end")
        proc = self.run_cli(args + ["--output", "json", "--window", "60"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        status = json.loads(proc.stdout)
        self.assertEqual(status["window_seconds"], 60)
        [v1] = status["executions"]
        self.assertEqual(v1["version"], self.v1)
        self.assertEqual((v1["started"], v1["completed"], v1["failed"]), (4, 4, 0))
        self.assertIsNotNone(v1["p90_ms"])
        text = self.run_cli(args)
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertIn("executions (started in the last 300s):\n  v1: 4 started, 0 failed of 4 "
                      "ended (0.0%), 0 running, p90 ", text.stdout)
        bad = self.run_cli(args + ["--window", "0"])
        self.assertEqual(bad.returncode, 2)
        self.assertEqual(bad.stderr.strip(), "stepshift status: error: --window must be >= 1 second")


if __name__ == "__main__":
    unittest.main()
