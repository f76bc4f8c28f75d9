"""Shared fixtures for the `stepshift deploy` e2e tests: a started `stepshift serve`, a fresh
state machine with v1 live behind an alias per test, alarms, and a way to run the real binary."""
import itertools
import json
import os
import select
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "compat"))
from harness import BINARY, DUMMY_ENV, REGION, Server  # noqa: E402,F401

ROLE = "arn:aws:iam::123456789012:role/test"
_COUNTER = itertools.count(1)


def definition(comment):
    return json.dumps({"Comment": comment, "StartAt": "P",
                       "States": {"P": {"Type": "Pass", "End": True}}})


class DeployTestCase(unittest.TestCase):
    """One server per class; one state machine + alias per test."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server().start()
        cls.sfn = cls.server.client("stepfunctions")
        cls.cw = cls.server.client("cloudwatch")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.name = "m%d" % next(_COUNTER)
        created = self.sfn.create_state_machine(name=self.name, definition=definition("v1"),
                                                roleArn=ROLE, publish=True)
        self.arn = created["stateMachineArn"]
        self.v1 = created["stateMachineVersionArn"]
        self.alias_arn = self.sfn.create_state_machine_alias(
            name="live", description="prod alias",
            routingConfiguration=[{"stateMachineVersionArn": self.v1, "weight": 100}]
        )["stateMachineAliasArn"]

    # --- helpers -------------------------------------------------------------------------------

    def version(self, n):
        return "%s:%d" % (self.arn, n)

    def new_revision(self, comment="v2"):
        self.sfn.update_state_machine(stateMachineArn=self.arn, definition=definition(comment))

    def routing(self, alias_arn=None):
        alias = self.sfn.describe_state_machine_alias(stateMachineAliasArn=alias_arn or self.alias_arn)
        return {r["stateMachineVersionArn"]: r["weight"] for r in alias["routingConfiguration"]}

    def description(self):
        return self.sfn.describe_state_machine_alias(
            stateMachineAliasArn=self.alias_arn).get("description", "")

    def metric_alarm(self, name, period=10):
        self.cw.put_metric_alarm(
            AlarmName=name, Namespace="E2E", MetricName="Errors-" + name, Statistic="Sum",
            Period=period, EvaluationPeriods=1, Threshold=1,
            ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="notBreaching")
        return name

    def set_alarm(self, name, state):
        self.cw.set_alarm_state(AlarmName=name, StateValue=state, StateReason="e2e")

    def deploy_args(self, *extra):
        return [BINARY, "deploy", "--state-machine", self.name, "--alias", "live",
                "--region", REGION, "--endpoint-url", self.server.endpoint, *extra]

    def env(self):
        env = dict(os.environ, **DUMMY_ENV)
        env.pop("AWS_PROFILE", None)
        return env

    def run_cli(self, args, timeout=90):
        return subprocess.run(args, capture_output=True, text=True, env=self.env(),
                              timeout=timeout)

    def deploy(self, *extra, timeout=90):
        return self.run_cli(self.deploy_args(*extra), timeout=timeout)

    def start_deploy(self, *extra):
        return subprocess.Popen(self.deploy_args(*extra), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=self.env())

    def wait_for(self, predicate, timeout=20, what="condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        self.fail("timed out waiting for " + what)

    def events(self, stdout):
        return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]

    def kill(self, proc, sig=signal.SIGKILL):
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
        return proc.returncode, out, err


def _read_line(proc, deadline):
    """One line of proc's stdout, read a byte at a time from the pipe itself, or None at the
    deadline or EOF. select() plus proc.stdout.readline() loses lines: the text wrapper reads
    ahead, so when two events arrive in one chunk the second waits in Python's buffer while
    select() waits on an empty pipe. Reading no further than the newline leaves everything after
    it in the pipe, for the next call or a later communicate()."""
    fd = proc.stdout.fileno()
    line = getattr(proc, "_partial_line", b"")
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], min(0.2, max(0.0, deadline - time.monotonic())))
        if not ready:
            if proc.poll() is not None:
                break
            continue
        byte = os.read(fd, 1)
        if not byte:
            break
        line += byte
        if byte == b"\n":
            proc._partial_line = b""
            return line.decode()
    proc._partial_line = line
    return None


def read_events_until(proc, predicate, timeout=30):
    """Reads JSON-line events from a running deploy until predicate(event) holds; returns them."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = _read_line(proc, deadline)
        if line is None:
            break
        if line.startswith("{"):
            event = json.loads(line)
            seen.append(event)
            if predicate(event):
                return seen
    if proc.poll() is not None:
        raise AssertionError("deploy exited %d before the event; got %r, stderr %r"
                             % (proc.returncode, seen, proc.stderr.read()))
    raise AssertionError("event not seen; got %r" % seen)
