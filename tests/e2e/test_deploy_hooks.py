"""`stepshift deploy` hooks against a real `stepshift serve`: test inputs run as executions of the
new version before any traffic moves (--pre-traffic) and at 100 % (--post-traffic), a hook
state machine and a hook command at both phases, their failures, a timeout and an interruption.
Version 2 is a real workflow with a real bug: it fails orders with "qty" 0."""
import json
import os
import signal
import tempfile
import time

from deploy_support import ROLE, DeployTestCase, read_events_until

V2 = json.dumps({
    "Comment": "v2: prices orders, refuses empty ones",
    "StartAt": "Check",
    "States": {
        "Check": {"Type": "Choice",
                  "Choices": [{"Variable": "$.qty", "NumericEquals": 0, "Next": "Empty"}],
                  "Default": "Price"},
        "Empty": {"Type": "Fail", "Error": "EmptyOrder", "Cause": "qty is 0"},
        "Price": {"Type": "Pass", "Parameters": {"qty.$": "$.qty", "priced": True},
                  "End": True},
    },
})

# A test workflow: fails when the deployment's facts are missing, or in the phase it is told to
# fail in (HOOK % phase).
HOOK = json.dumps({
    "StartAt": "Facts",
    "States": {
        "Facts": {"Type": "Choice",
                  "Choices": [{"Not": {"And": [{"Variable": "$.deployment", "IsString": True},
                                               {"Variable": "$.newVersionArn", "IsString": True},
                                               {"Variable": "$.oldVersionArn", "IsString": True},
                                               {"Variable": "$.phase", "IsString": True}]},
                               "Next": "Missing"},
                              {"Variable": "$.phase", "StringEquals": "%s", "Next": "Bad"}],
                  "Default": "Good"},
        "Missing": {"Type": "Fail", "Error": "NoFacts", "Cause": "the deployment's facts"},
        "Bad": {"Type": "Fail", "Error": "SmokeFailed", "Cause": "checkout returned 500"},
        "Good": {"Type": "Succeed"},
    },
})

PASSING_CASES = """
- name: one item
  input: {qty: 1}
  expect: {output: {qty: 1, priced: true}}
- name: an empty order is refused
  input: {qty: 0}
  expect: {status: FAILED, error: EmptyOrder}
"""


class HooksTest(DeployTestCase):
    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="stepshift-hooks-")
        self.sfn.update_state_machine(stateMachineArn=self.arn, definition=V2)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def hook_machine(self, fail_phase):
        """A hook state machine failing at `fail_phase` ("none": never)."""
        name = self.name + "-hook"
        self.sfn.create_state_machine(name=name, definition=HOOK % fail_phase, roleArn=ROLE)
        return name

    def hooked(self, *flags):
        """A deployment of the new revision, all at once, watched 1 s."""
        return self.deploy("--publish-revision", "--interval", "1", *flags)

    def hook_events(self, stdout):
        return [e for e in self.events(stdout) if e["event"] == "hook"]

    def version_executions(self, n):
        return self.sfn.list_executions(stateMachineArn=self.version(n))["executions"]

    def test_passing_pre_traffic_inputs_then_the_rollout(self):
        cases = self.write("cases.yaml", PASSING_CASES)
        proc = self.hooked("--pre-traffic", cases, "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.routing(), {self.version(2): 100})
        events = self.events(proc.stdout)
        kinds = [e["event"] for e in events]
        self.assertLess(kinds.index("hook"), kinds.index("step"))  # before any traffic moved
        hook = self.hook_events(proc.stdout)[0]
        self.assertEqual((hook["phase"], hook["kind"], hook["passed"]),
                         ("PreTraffic", "inputs", True))
        self.assertEqual([(c["name"], c["status"], c["passed"]) for c in hook["cases"]],
                         [("one item", "SUCCEEDED", True),
                          ("an empty order is refused", "FAILED", True)])
        # Executions of the version itself, not of the alias.
        ran = {e["executionArn"] for e in self.version_executions(2)}
        self.assertEqual(ran, {c["execution_arn"] for c in hook["cases"]})
        described = self.sfn.describe_execution(executionArn=hook["cases"][0]["execution_arn"])
        self.assertEqual(described["stateMachineVersionArn"], self.version(2))

    def test_failing_pre_traffic_inputs_leave_the_alias_untouched(self):
        cases = self.write("cases.json", json.dumps([{"name": "empty is fine", "input": {"qty": 0}}]))
        proc = self.hooked("--pre-traffic", cases, "--strategy", "canary", "--increment", "10")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("'empty is fine' expected SUCCEEDED, got FAILED (EmptyOrder: qty is 0)",
                      proc.stdout)
        self.assertIn("no traffic moved to version 2", proc.stdout)
        self.assertEqual(self.routing(), {self.v1: 100})
        self.assertEqual(self.description(), "prod alias")

    def test_failing_post_traffic_inputs_roll_back(self):
        post = self.write("post.yaml", "- input: {qty: 2}\n  expect: {output: {qty: 2}}\n")
        proc = self.hooked("--post-traffic", post, "--output", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(self.routing(), {self.v1: 100})
        steps = [e["new_weight"] for e in self.events(proc.stdout) if e["event"] == "step"]
        self.assertEqual(steps, [100])  # the hook ran at 100 %, then the rollback
        hook = self.hook_events(proc.stdout)[0]
        self.assertEqual(hook["phase"], "PostTraffic")
        self.assertIn("'#1' expected output {\"qty\":2}, got {", hook["reason"])
        self.assertIn('"priced":true', hook["reason"])
        result = self.events(proc.stdout)[-1]
        self.assertEqual(result["outcome"], "rolled-back")

    def test_a_hook_command_gets_the_facts_in_its_environment(self):
        out = os.path.join(self.tmp, "env")
        proc = self.hooked("--hook-command",
                           "env | grep ^STEPSHIFT_ | sort > %s.$STEPSHIFT_PHASE; echo hi" % out,
                           "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("hi", proc.stderr)  # the command's stdout goes to stderr, never the JSON
        for phase in ("PreTraffic", "PostTraffic"):
            with open("%s.%s" % (out, phase)) as f:
                env = dict(line.rstrip("\n").split("=", 1) for line in f)
            self.assertEqual(env["STEPSHIFT_PHASE"], phase)
            self.assertEqual(env["STEPSHIFT_OLD_VERSION_ARN"], self.v1)
            self.assertEqual(env["STEPSHIFT_NEW_VERSION_ARN"], self.version(2))
            self.assertEqual(env["STEPSHIFT_STATE_MACHINE_ARN"], self.arn)
            self.assertEqual(env["STEPSHIFT_ALIAS_ARN"], self.alias_arn)
            self.assertRegex(env["STEPSHIFT_DEPLOYMENT"], r"^\d+-2$")

    def test_a_hook_state_machine_decides(self):
        passing = self.hook_machine("none")
        proc = self.hooked("--hook-state-machine", passing,
                           "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        hooks = self.hook_events(proc.stdout)
        self.assertEqual([(h["phase"], h["status"]) for h in hooks],
                         [("PreTraffic", "SUCCEEDED"), ("PostTraffic", "SUCCEEDED")])
        started = self.sfn.describe_execution(executionArn=hooks[0]["execution_arn"])
        facts = json.loads(started["input"])
        self.assertEqual(facts["oldVersionArn"], self.v1)
        self.assertEqual(facts["newVersionArn"], self.version(2))
        self.assertEqual(facts["phase"], "PreTraffic")

        self.sfn.update_state_machine(stateMachineArn=self.arn, definition=V2.replace("v2", "v3"))
        failing = self.name + "-hook-post"
        self.sfn.create_state_machine(name=failing, definition=HOOK % "PostTraffic", roleArn=ROLE)
        proc = self.hooked("--hook-state-machine", failing)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("FAILED (SmokeFailed: checkout returned 500)", proc.stdout)
        self.assertEqual(self.routing(), {self.version(2): 100})  # back where it started

    def test_a_hook_that_times_out_fails(self):
        started = time.monotonic()
        proc = self.hooked("--hook-command", "sleep 30",
                           "--hook-timeout", "1")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertLess(time.monotonic() - started, 20)
        self.assertIn("hook command `sleep 30` failed: timed out after 1 s (killed)", proc.stdout)
        self.assertEqual(self.routing(), {self.v1: 100})

    def test_an_interrupt_during_a_hook_command_kills_it(self):
        pid_file = os.path.join(self.tmp, "pid")
        proc = self.start_deploy("--publish-revision", "--interval", "1", "--output", "json",
                                 "--hook-command", "sleep 60 & echo $! > %s; wait" % pid_file)
        read_events_until(proc, lambda e: e["event"] == "hook_start")
        self.wait_for(lambda: self.read(pid_file), what="the hook's child")
        code, out, err = self.kill(proc, signal.SIGINT)
        self.assertEqual(code, 130, err)
        self.assertEqual(self.routing(), {self.v1: 100})
        self.assertEqual(self.description(), "prod alias")
        child = int(self.read(pid_file))
        self.wait_for(lambda: not self.alive(child), what="the hook's child to die")

    @staticmethod
    def read(path):
        if not os.path.exists(path):
            return ""
        with open(path) as f:
            return f.read().strip()

    @staticmethod
    def alive(pid):
        try:
            with open("/proc/%d/stat" % pid) as f:
                return f.read().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    def test_a_bad_inputs_file_changes_nothing_and_dry_run_shows_the_hooks(self):
        bad = self.write("bad.yaml", "- input: {}\n  expect: {status: DONE}\n")
        proc = self.hooked("--pre-traffic", bad)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stderr, "stepshift deploy: error: --pre-traffic: %s: case 1: "
                         "expect.status must be one of SUCCEEDED, FAILED, TIMED_OUT, ABORTED "
                         "(\"DONE\")\n" % bad)
        self.assertEqual(len(self.sfn.list_state_machine_versions(
            stateMachineArn=self.arn)["stateMachineVersions"]), 1)
        cases = self.write("cases.yaml", PASSING_CASES)
        dry = self.hooked("--pre-traffic", cases, "--hook-command", "true",
                          "--dry-run")
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.assertIn("plan: PreTraffic test inputs %s (2 cases) before any traffic moves "
                      "(timeout 300 s)" % cases, dry.stdout)
        self.assertIn("plan: PostTraffic hook command `true` at 100%", dry.stdout)
        self.assertEqual(self.version_executions(1), [])

