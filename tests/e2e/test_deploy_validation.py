"""Every validation error of `stepshift deploy`, `rollback` and `status`: exit 2, one line on
stderr, nothing changed (no version published, routing untouched)."""
import json
import os
import tempfile
import unittest

from deploy_support import BINARY, DeployTestCase

BAD_JSON = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
BAD_JSON.write("{not json")
BAD_JSON.close()
INVALID_DEFINITION = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
INVALID_DEFINITION.write("StartAt: A\nStates:\n  A: {Type: Pass, Next: Nowhere}\n")
INVALID_DEFINITION.close()

CASES = [
    ("missing alias", ["--no-alias"], "--alias"),
    ("bad strategy", ["--strategy", "blue"], "invalid choice: 'blue'"),
    ("non-integer increment", ["--increment", "x"], "--increment"),
    ("fractional increment", ["--increment", "1.5"], "--increment"),
    ("increment zero", ["--increment", "0"], "increment must be >=1."),
    ("increment negative", ["--increment", "-1"], "increment must be >=1."),
    ("increment too big", ["--increment", "500"], "increment must be <=100."),
    ("negative interval", ["--interval", "-5"], "--interval must be >= 0"),
    ("alarm polling zero", ["--alarm-polling", "0"], "--alarm-polling must be >= 1"),
    ("negative history", ["--history-max", "-1"], "--history-max must be >= 0"),
    ("negative bake", ["--bake-time", "-1"], "--bake-time must be >= 0"),
    ("steps not numbers", ["--steps", "5,x"], "--steps must be a comma-separated"),
    ("steps not ending at 100", ["--steps", "5,50"], "--steps must end at 100"),
    ("steps decreasing", ["--steps", "50,5,100"], "strictly increasing"),
    ("steps with strategy", ["--steps", "5,100", "--strategy", "linear"], "--steps replaces"),
    ("unknown preset", ["--preset", "Blue"], "unknown preset 'Blue'"),
    ("preset with interval", ["--preset", "AllAtOnce", "--interval", "5"], "--preset sets"),
    ("preset and steps", ["--preset", "AllAtOnce", "--steps", "100"], "not both"),
    ("missing file", ["--file", "/nonexistent/def.json"], "cannot read"),
    ("file not json", ["--file", BAD_JSON.name], "is not valid JSON"),
    ("bad output", ["--output", "xml"], "invalid choice: 'xml'"),
    ("bad alias name", ["--alias", "123"], "not a valid alias name"),
    ("bad machine name", ["--state-machine", "a b"], "neither a state machine name"),
    ("duplicate alarm", ["--alarms", "a", "a"], "duplicate alarm 'a'"),
    ("too many alarms", ["--alarms"] + ["a%d" % i for i in range(101)], "at most 100 alarms"),
    ("long version description", ["--version-description", "x" * 300], "at most 256"),
    ("force and rollback", ["--force", "--rollback-interrupted"], "not both"),
    ("unknown flag", ["--colour"], "colour"),
    # Issue 14 item 6: a malformed endpoint is a usage error, not a connection failure (exit 3).
    ("bad endpoint", ["--endpoint-url", "localhost:8083"], 'Bad value for --endpoint-url'),
    ("bad endpoint scheme", ["--endpoint-url", "ftp://x"], 'Bad value for --endpoint-url'),
    # Issue 14 item 5: the definition is validated here, before any API call.
    ("invalid definition", ["--file", "INVALID_DEFINITION"], "MISSING_TRANSITION_TARGET"),
]


class ValidationTest(DeployTestCase):
    def args(self, extra):
        args = self.deploy_args("--publish-revision")
        if "--no-alias" in extra:
            i = args.index("--alias")
            del args[i:i + 2]
            extra = [e for e in extra if e != "--no-alias"]
        extra = [INVALID_DEFINITION.name if e == "INVALID_DEFINITION" else e for e in extra]
        for flag in ("--alias", "--state-machine", "--endpoint-url"):
            if flag in extra:
                i = args.index(flag)
                del args[i:i + 2]
        return args + extra

    def test_every_bad_value_exits_2_with_one_line_and_changes_nothing(self):
        self.new_revision()
        for name, extra, message in CASES:
            with self.subTest(name):
                proc = self.run_cli(self.args(extra), timeout=20)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertIn(message, proc.stderr)
                self.assertEqual(len(proc.stderr.strip().splitlines()), 1, proc.stderr)
        versions = self.sfn.list_state_machine_versions(stateMachineArn=self.arn)
        self.assertEqual(len(versions["stateMachineVersions"]), 1)
        self.assertEqual(self.routing(), {self.v1: 100})
        self.assertEqual(self.description(), "prod alias")

    def test_no_region_anywhere_is_a_usage_error(self):
        env = {k: v for k, v in self.env().items()
               if k not in ("AWS_REGION", "AWS_DEFAULT_REGION")}
        env["AWS_CONFIG_FILE"] = "/nonexistent"
        import subprocess
        args = [BINARY, "deploy", "--state-machine", self.name, "--alias", "live",
                "--endpoint-url", self.server.endpoint]
        proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=20)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("region", proc.stderr.lower())

    def test_yaml_definition_is_deployed_as_json(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml") as f:
            f.write("Comment: from yaml\nStartAt: P\nStates:\n  P: {Type: Pass, End: true}\n")
            f.flush()
            proc = self.deploy("--file", f.name, "--interval", "0")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        described = self.sfn.describe_state_machine(stateMachineArn=self.version(2))
        self.assertEqual(json.loads(described["definition"]),
                         {"Comment": "from yaml", "StartAt": "P",
                          "States": {"P": {"Type": "Pass", "End": True}}})
        self.assertEqual(self.routing(), {self.version(2): 100})

    # Issue 14 item 6: a missing state machine or alias is named, on one line.
    def test_missing_resources_are_named(self):
        missing = "arn:aws:states:us-east-1:123456789012:stateMachine:nothere"
        proc = self.run_cli([BINARY, "deploy", "--state-machine", "nothere", "--alias", "live",
                             "--endpoint-url", self.server.endpoint, "--publish-revision"])
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertEqual(proc.stderr.strip(),
                         "stepshift deploy: error: state machine %s does not exist" % missing)
        # Printed once: the text output does not repeat it (it did, as the result line).
        self.assertNotIn("does not exist", proc.stdout)
        for command in ("rollback", "status"):
            proc = self.run_cli([BINARY, command, "--state-machine", self.name, "--alias", "gone",
                                 "--endpoint-url", self.server.endpoint])
            self.assertEqual(proc.returncode, 2, proc.stderr)
            self.assertEqual(proc.stderr.strip(), "stepshift %s: error: alias %s:gone does not "
                             "exist" % (command, self.arn))
            proc = self.run_cli([BINARY, command, "--state-machine", "nothere", "--alias", "live",
                                 "--endpoint-url", self.server.endpoint])
            self.assertEqual(proc.returncode, 2, proc.stderr)
            self.assertIn("state machine %s does not exist" % missing, proc.stderr)

    def test_rollback_and_status_validate_too(self):
        for command in ("rollback", "status"):
            proc = self.run_cli([BINARY, command, "--state-machine", self.name, "--alias", "9"])
            self.assertEqual(proc.returncode, 2, proc.stderr)
            proc = self.run_cli([BINARY, command, "--state-machine", self.name])
            self.assertEqual(proc.returncode, 2, proc.stderr)


def tearDownModule():
    os.unlink(BAD_JSON.name)
    os.unlink(INVALID_DEFINITION.name)


if __name__ == "__main__":
    unittest.main()
