"""Executions in `stepshift serve` as users meet them: pinned to the version they started on
through a real `stepshift deploy` (and its rollback), surviving SIGKILL, running Task states
through `--functions` commands that StopExecution kills."""
import json
import os
import signal
import sys
import tempfile
import time
import unittest

from deploy_support import DeployTestCase, ROLE, Server, read_events_until


def read(path):
    with open(path) as f:
        return f.read()


def waiting_then(seconds, result):
    return json.dumps({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": seconds, "Next": "R"},
        "R": {"Type": "Pass", "Result": result, "End": True}}})


class PinningTest(DeployTestCase):
    """The alias routes new executions; the ones already running stay on their version."""

    def setUp(self):
        super().setUp()
        self.sfn.update_state_machine(stateMachineArn=self.arn, definition=waiting_then(3, "v1"),
                                      publish=True)  # v2 of the fixture's machine, made live
        self.sfn.update_state_machine_alias(
            stateMachineAliasArn=self.alias_arn,
            routingConfiguration=[{"stateMachineVersionArn": self.version(2), "weight": 100}])
        self.old = self.version(2)

    def start(self, count):
        return [self.sfn.start_execution(stateMachineArn=self.alias_arn)["executionArn"]
                for _ in range(count)]

    def finished(self, arn, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            d = self.sfn.describe_execution(executionArn=arn)
            if d["status"] != "RUNNING":
                return d
            time.sleep(0.05)
        self.fail(arn + " did not finish")

    def assertRanOn(self, arn, version, output):
        d = self.finished(arn)
        self.assertEqual((d["status"], d["stateMachineVersionArn"], d["output"]),
                         ("SUCCEEDED", version, json.dumps(output)))
        started = self.sfn.get_execution_history(executionArn=arn)["events"][0]
        self.assertEqual(started["executionStartedEventDetails"]["stateMachineVersionArn"],
                         version)

    def write_definition(self, text):
        path = os.path.join(tempfile.mkdtemp(prefix="stepshift-e2e-"), "next.json")
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_executions_started_before_a_deployment_finish_on_the_old_version(self):
        before = self.start(3)
        deployed = self.deploy("--file", self.write_definition(waiting_then(0, "v2")),
                               "--strategy", "allatonce", "--interval", "0")
        self.assertEqual(deployed.returncode, 0, deployed.stderr)
        new = self.version(3)
        self.assertEqual(self.routing(), {new: 100})
        after = self.start(3)
        for arn in before:
            self.assertEqual(self.sfn.describe_execution(executionArn=arn)["status"], "RUNNING")
        for arn in before:
            self.assertRanOn(arn, self.old, "v1")
        for arn in after:
            self.assertRanOn(arn, new, "v2")

    def test_a_rollback_mid_canary_leaves_running_new_executions_on_the_new_version(self):
        alarm = self.metric_alarm("canary-errors", period=3600)
        proc = self.start_deploy("--file", self.write_definition(waiting_then(3, "v2")),
                                 "--strategy", "canary", "--increment", "50", "--interval", "60",
                                 "--alarm-polling", "1", "--alarms", alarm, "--output", "json")
        read_events_until(proc, lambda e: e["event"] == "check")
        new = self.version(3)
        on_new = []
        while len(on_new) < 2:  # at 50 %, a few starts land on the canary
            arn = self.start(1)[0]
            if self.sfn.describe_execution(executionArn=arn)["stateMachineVersionArn"] == new:
                on_new.append(arn)
        self.set_alarm(alarm, "ALARM")
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 1, err)
        self.assertEqual(self.routing(), {self.old: 100})
        after = self.start(2)
        for arn in on_new:
            self.assertRanOn(arn, new, "v2")
        for arn in after:
            self.assertRanOn(arn, self.old, "v1")


class DurabilityTest(unittest.TestCase):

    def test_waiting_executions_finish_after_sigkill(self):
        with tempfile.TemporaryDirectory() as data:
            server = Server(data_dir=data).start()
            sfn = server.client("stepfunctions")
            arn = sfn.create_state_machine(name="durable", definition=waiting_then(2, "done"),
                                           roleArn=ROLE)["stateMachineArn"]
            started = [sfn.start_execution(stateMachineArn=arn, name="run-%d" % i)
                       for i in range(50)]
            server.process.kill()
            server.stop()
            server = Server(data_dir=data).start()
            try:
                sfn = server.client("stepfunctions")
                deadline = time.monotonic() + 30
                while sfn.list_executions(stateMachineArn=arn, statusFilter="RUNNING")["executions"]:
                    self.assertLess(time.monotonic(), deadline, "executions did not resume")
                    time.sleep(0.1)
                for s in started:
                    d = sfn.describe_execution(executionArn=s["executionArn"])
                    self.assertEqual((d["status"], d["output"]), ("SUCCEEDED", '"done"'))
                    # The wait kept its due time across the restart.
                    self.assertGreaterEqual((d["stopDate"] - d["startDate"]).total_seconds(), 2)
                    types = [e["type"] for e in sfn.get_execution_history(
                        executionArn=s["executionArn"])["events"]]
                    self.assertEqual(types, ["ExecutionStarted", "WaitStateEntered",
                                             "WaitStateExited", "PassStateEntered",
                                             "PassStateExited", "ExecutionSucceeded"])
            finally:
                server.stop()


class TaskTest(unittest.TestCase):
    """Task states run `--functions` commands; what nothing maps fails as a missing function."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="stepshift-e2e-")
        cls.pid_file = os.path.join(cls.dir, "pid")
        functions = {"functions": {
            "double": {"command": [sys.executable, "-c",
                                   "import json,sys; print(json.dumps(2*json.load(sys.stdin)['n']))"]},
            "slow": {"command": "echo $$ > %s; exec sleep 60" % cls.pid_file}}}
        path = os.path.join(cls.dir, "functions.json")
        with open(path, "w") as f:
            json.dump(functions, f)
        cls.server = Server(extra_args=["--functions", path]).start()
        cls.sfn = cls.server.client("stepfunctions")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def machine(self, name, function):
        resource = "arn:aws:lambda:us-east-1:123456789012:function:" + function
        return self.sfn.create_state_machine(name=name, roleArn=ROLE, definition=json.dumps(
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": resource,
                                              "End": True}}}))["stateMachineArn"]

    def run_to_end(self, arn, data):
        execution = self.sfn.start_execution(stateMachineArn=arn,
                                             input=json.dumps(data))["executionArn"]
        for _ in range(200):
            d = self.sfn.describe_execution(executionArn=execution)
            if d["status"] != "RUNNING":
                return d
            time.sleep(0.05)
        self.fail("still running")

    def test_a_command_runs_the_task(self):
        d = self.run_to_end(self.machine("doubler", "double"), {"n": 21})
        self.assertEqual((d["status"], d["output"]), ("SUCCEEDED", "42"))

    def test_a_task_nothing_runs_fails_as_a_missing_lambda_function(self):
        d = self.run_to_end(self.machine("orphan", "nowhere"), {})
        self.assertEqual(d["status"], "FAILED")
        self.assertEqual(d["error"], "Lambda.ResourceNotFoundException")
        self.assertTrue(d["cause"].startswith(
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nowhere"))

    def test_stop_execution_kills_the_running_task(self):
        arn = self.machine("sleeper", "slow")
        execution = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        for _ in range(200):
            if os.path.exists(self.pid_file) and read(self.pid_file).strip():
                break
            time.sleep(0.05)
        pid = int(read(self.pid_file))
        self.sfn.stop_execution(executionArn=execution, error="Stop", cause="no more")
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            self.fail("the task's process survived StopExecution")
        self.assertEqual(self.sfn.describe_execution(executionArn=execution)["status"], "ABORTED")


if __name__ == "__main__":
    unittest.main()
