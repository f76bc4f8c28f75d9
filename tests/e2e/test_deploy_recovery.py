"""Crash safety: SIGKILL mid-deployment then resume / --rollback-interrupted / `stepshift
rollback`; SIGTERM and SIGINT restore the starting routing; drift by a concurrent writer; a
split alias; `stepshift status`."""
import json
import os
import signal
import unittest

from deploy_support import BINARY, REGION, DeployTestCase, definition, read_events_until


class RecoveryTest(DeployTestCase):
    def start_linear(self, *extra):
        self.new_revision()
        proc = self.start_deploy("--strategy", "linear", "--increment", "25", "--interval", "3",
                                 "--publish-revision", "--output", "json", *extra)
        read_events_until(proc, lambda e: e["event"] == "step" and e["step"] == 1)
        return proc

    def tool(self, command, *extra):
        return self.run_cli([BINARY, command, "--state-machine", self.name, "--alias", "live",
                             "--region", REGION, "--endpoint-url", self.server.endpoint, *extra])

    def kill_mid_deployment(self):
        proc = self.start_linear()
        self.kill(proc, signal.SIGKILL)
        self.assertEqual(self.routing(), {self.v1: 75, self.version(2): 25})

    def test_sigkill_then_status_then_resume(self):
        self.kill_mid_deployment()
        status = self.tool("status", "--output", "json")
        self.assertEqual(status.returncode, 0, status.stderr)
        shown = json.loads(status.stdout)
        self.assertEqual(shown["deployment"]["new_version"], self.version(2))
        self.assertEqual(shown["deployment"]["step"], 1)
        self.assertEqual(shown["description"], "prod alias")
        text = self.tool("status")
        self.assertIn("version 1 -> 2, step 1/4", text.stdout)
        # The same command resumes from the recorded step, and does not publish again.
        proc = self.deploy("--strategy", "linear", "--increment", "25", "--interval", "3",
                           "--publish-revision", "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        events = self.events(proc.stdout)
        self.assertEqual(events[0]["event"], "resume")
        self.assertEqual([e["new_weight"] for e in events if e["event"] == "step"], [50, 75, 100])
        self.assertEqual(self.routing(), {self.version(2): 100})
        self.assertEqual(self.description(), "prod alias")
        versions = self.sfn.list_state_machine_versions(stateMachineArn=self.arn)
        self.assertEqual(len(versions["stateMachineVersions"]), 2)  # nothing published twice

    # Issue 14 item 2, the reported reproduction: a canary of v2 killed with kill -9, then a
    # deploy of v3 all at once. Before, it resumed the v2 canary, took v2 to 100% and exited 0.
    def test_a_different_command_does_not_resume_the_interrupted_one(self):
        import tempfile
        files = []
        for comment in ("v2", "v3"):
            f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
            f.write(definition(comment))
            f.close()
            files.append(f.name)
        self.addCleanup(lambda: [os.unlink(f) for f in files])
        proc = self.start_deploy("--file", files[0], "--strategy", "canary", "--increment", "10",
                                 "--interval", "60", "--output", "json")
        read_events_until(proc, lambda e: e["event"] == "step")
        self.kill(proc, signal.SIGKILL)
        self.assertEqual(self.routing(), {self.v1: 90, self.version(2): 10})
        other = self.deploy("--file", files[1], "--strategy", "allatonce")
        self.assertEqual(other.returncode, 2, other.stderr)
        self.assertEqual(len(other.stderr.strip().splitlines()), 1, other.stderr)
        self.assertIn("carries an interrupted deployment: version 2 over version 1", other.stderr)
        self.assertIn("--strategy canary --increment 10 --interval 60", other.stderr)
        self.assertIn("--rollback-interrupted", other.stderr)
        self.assertEqual(self.routing(), {self.v1: 90, self.version(2): 10})
        versions = self.sfn.list_state_machine_versions(stateMachineArn=self.arn)
        self.assertEqual(len(versions["stateMachineVersions"]), 2)  # v3 not published
        self.assertIn('"v2"', self.sfn.describe_state_machine(stateMachineArn=self.arn)[
            "definition"])
        proc = self.deploy("--file", files[1], "--strategy", "allatonce", "--interval", "0",
                           "--rollback-interrupted")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.routing(), {self.v1: 100})
        self.assertEqual(self.description(), "prod alias")

    # Issue 14 item 1. Before the claim, two deploys started at the same moment both failed with
    # "drift detected" (exit 3), leaving the alias split onto a version nobody watched.
    def test_concurrent_deploys_exactly_one_proceeds(self):
        import subprocess
        import tempfile
        n = 6
        files = []
        for i in range(n):
            f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
            f.write(definition("racer %d" % i))
            f.close()
            files.append(f.name)
        self.addCleanup(lambda: [os.unlink(f) for f in files])
        procs = [subprocess.Popen(self.deploy_args("--file", files[i], "--strategy", "canary",
                                                   "--increment", "10", "--interval", "2"),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=self.env()) for i in range(n)]
        results = [(p.wait(timeout=60), p.communicate()) for p in procs]
        codes = sorted(code for code, _ in results)
        self.assertEqual(codes, [0] + [2] * (n - 1), [err for _, (_, err) in results])
        winner = [i for i, (code, _) in enumerate(results) if code == 0][0]
        for code, (_, err) in results:
            if code == 2:  # lost the claim, or saw the winner's record
                self.assertTrue("claimed by another deployment" in err or "still running" in err
                                or "changed since it was read" in err, err)
        versions = self.sfn.list_state_machine_versions(stateMachineArn=self.arn)
        self.assertEqual(len(versions["stateMachineVersions"]), 2)  # only the winner published
        self.assertEqual(self.routing(), {self.version(2): 100})
        self.assertEqual(self.description(), "prod alias")
        self.assertIn("racer %d" % winner, self.sfn.describe_state_machine(
            stateMachineArn=self.arn)["definition"])

    def test_sigkill_then_rollback_interrupted(self):
        self.kill_mid_deployment()
        proc = self.deploy("--rollback-interrupted")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.routing(), {self.v1: 100})
        self.assertEqual(self.description(), "prod alias")

    def test_sigkill_then_rollback_command(self):
        self.kill_mid_deployment()
        proc = self.tool("rollback")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.routing(), {self.v1: 100})
        self.assertEqual(self.description(), "prod alias")
        status = json.loads(self.tool("status", "--output", "json").stdout)
        self.assertIsNone(status["deployment"])

    def test_sigterm_and_sigint_restore_and_exit_130(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            proc = self.start_linear()
            code, out, err = self.kill(proc, sig)
            self.assertEqual(code, 130, err)
            self.assertEqual(self.routing(), {self.v1: 100})
            self.assertEqual(self.description(), "prod alias")

    def test_drift_by_a_concurrent_writer_stops_without_clobbering(self):
        proc = self.start_deploy_short()
        theirs = [{"stateMachineVersionArn": self.v1, "weight": 60},
                  {"stateMachineVersionArn": self.version(2), "weight": 40}]
        self.sfn.update_state_machine_alias(stateMachineAliasArn=self.alias_arn,
                                            routingConfiguration=theirs)
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 3, err)
        self.assertIn("drift detected", err)
        self.assertEqual(self.routing(), {self.v1: 60, self.version(2): 40})

    def start_deploy_short(self):
        self.new_revision()
        proc = self.start_deploy("--strategy", "linear", "--increment", "25", "--interval", "2",
                                 "--publish-revision", "--output", "json")
        read_events_until(proc, lambda e: e["event"] == "step")
        return proc

    def test_second_deploy_while_one_runs_is_refused(self):
        proc = self.start_linear()
        second = self.deploy("--publish-revision", "--interval", "0")
        self.assertEqual(second.returncode, 2, second.stderr)
        self.assertIn("still running", second.stderr)
        code, out, err = self.kill(proc, signal.SIGTERM)
        self.assertEqual(code, 130, err)
        self.assertEqual(self.routing(), {self.v1: 100})

    def test_endpoint_gone_mid_deployment_exits_3(self):
        from deploy_support import Server, definition, ROLE
        import subprocess
        server = Server().start()
        try:
            sfn = server.client("stepfunctions")
            created = sfn.create_state_machine(name="gone", definition=definition("v1"),
                                               roleArn=ROLE, publish=True)
            sfn.create_state_machine_alias(name="live", routingConfiguration=[
                {"stateMachineVersionArn": created["stateMachineVersionArn"], "weight": 100}])
            sfn.update_state_machine(stateMachineArn=created["stateMachineArn"],
                                     definition=definition("v2"))
            cw = server.client("cloudwatch")
            cw.put_metric_alarm(AlarmName="g", Namespace="E2E", MetricName="G", Statistic="Sum",
                                Period=60, EvaluationPeriods=1, Threshold=1,
                                ComparisonOperator="GreaterThanOrEqualToThreshold")
            proc = subprocess.Popen(
                [BINARY, "deploy", "--state-machine", "gone", "--alias", "live", "--region", REGION,
                 "--endpoint-url", server.endpoint, "--strategy", "linear", "--increment", "50",
                 "--interval", "30", "--alarm-polling", "1", "--alarms", "g",
                 "--publish-revision", "--output", "json"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env())
            read_events_until(proc, lambda e: e["event"] == "step")
        finally:
            server.stop()
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 3, err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("restoring the alias failed", err)

    def test_split_alias_is_refused_then_forced(self):
        self.new_revision()
        v2 = self.sfn.publish_state_machine_version(stateMachineArn=self.arn)[
            "stateMachineVersionArn"]
        self.sfn.update_state_machine_alias(
            stateMachineAliasArn=self.alias_arn,
            routingConfiguration=[{"stateMachineVersionArn": self.v1, "weight": 70},
                                  {"stateMachineVersionArn": v2, "weight": 30}])
        self.new_revision("v3")
        proc = self.deploy("--publish-revision", "--interval", "0")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("is split", proc.stderr)
        versions = self.sfn.list_state_machine_versions(stateMachineArn=self.arn)
        self.assertEqual(len(versions["stateMachineVersions"]), 2)  # v3 not published
        proc = self.deploy("--publish-revision", "--interval", "0", "--force")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.routing(), {self.version(3): 100})


if __name__ == "__main__":
    unittest.main()
