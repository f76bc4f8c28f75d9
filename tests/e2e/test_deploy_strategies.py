"""`stepshift deploy` against `stepshift serve`: each strategy end to end, with real alias
writes observed through boto3."""
import json
import unittest

from deploy_support import DeployTestCase


class StrategyTest(DeployTestCase):
    def shifts(self, stdout):
        return [(e["old_weight"], e["new_weight"]) for e in self.events(stdout)
                if e["event"] == "step"]

    def test_linear_walks_every_step_to_a_single_100_entry(self):
        self.new_revision()
        alarm = self.metric_alarm("lin-ok")
        proc = self.deploy("--strategy", "linear", "--increment", "30", "--interval", "1",
                           "--alarm-polling", "1", "--publish-revision", "--alarms", alarm,
                           "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.shifts(proc.stdout), [(70, 30), (40, 60), (10, 90), (0, 100)])
        self.assertEqual(self.routing(), {self.version(2): 100})
        self.assertEqual(self.description(), "prod alias")
        checks = [e for e in self.events(proc.stdout) if e["event"] == "check"]
        self.assertGreaterEqual(len(checks), 8)  # a poll at the start and end of every window
        self.assertEqual(self.events(proc.stdout)[-1]["outcome"], "deployed")

    def test_canary_shifts_twice_and_does_not_watch_the_final_switch(self):
        self.new_revision()
        proc = self.deploy("--strategy", "CANARY", "--increment", "10", "--interval", "1",
                           "--publish-revision", "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.shifts(proc.stdout), [(90, 10), (0, 100)])
        self.assertEqual(self.routing(), {self.version(2): 100})

    def test_allatonce_with_file_publishes_atomically(self):
        import os
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            f.write(json.dumps({"StartAt": "Q", "States": {"Q": {"Type": "Succeed"}}}))
        self.addCleanup(os.unlink, f.name)
        proc = self.deploy("--file", f.name, "--interval", "0", "--version-description", "fix",
                           "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.shifts(proc.stdout), [(0, 100)])
        self.assertEqual(self.routing(), {self.version(2): 100})
        version = self.sfn.describe_state_machine(stateMachineArn=self.version(2))
        self.assertIn('"Q"', version["definition"])
        self.assertEqual(version.get("description"), "fix")

    def test_explicit_steps_and_bake_time(self):
        self.new_revision()
        proc = self.deploy("--steps", "5,50,100", "--interval", "0", "--bake-time", "1",
                           "--publish-revision", "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.shifts(proc.stdout), [(95, 5), (50, 50), (0, 100)])

    def test_preset_by_arn_and_text_output(self):
        self.new_revision()
        args = self.deploy_args("--preset", "AllAtOnce", "--publish-revision")
        args[args.index(self.name)] = self.arn
        proc = self.run_cli(args)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"\d{4}-\d\d-\d\dT[\d:.]+Z step 1/1: v2 100%")
        self.assertEqual(self.routing(), {self.version(2): 100})

    def test_terminal_gets_a_live_status_line(self):
        import os
        import pty
        import subprocess
        self.new_revision()
        alarm = self.metric_alarm("tty-ok")
        master, slave = pty.openpty()
        proc = subprocess.Popen(self.deploy_args("--strategy", "linear", "--increment", "50",
                                                 "--interval", "2", "--alarm-polling", "1",
                                                 "--alarms", alarm, "--publish-revision"),
                                stdout=slave, stderr=slave, env=self.env())
        os.close(slave)
        output = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        os.close(master)
        self.assertEqual(proc.wait(timeout=30), 0)
        text = output.decode()
        # Rewritten in place with \r and erase-line: weights, countdown, alarm states.
        self.assertRegex(text, r"\r\x1b\[K  step 1/2  v1 50% · v2 50%  next shift in \ds  "
                               r"alarms: tty-ok=OK")
        self.assertRegex(text, r"\r\x1b\[K  step 2/2  v2 100%  done in \ds")
        self.assertRegex(text, r"Z deployed: v2 100%")

    def test_same_version_is_nothing_to_do(self):
        proc = self.deploy("--interval", "0")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("No update necessary", proc.stdout)

    def test_missing_alias_is_created(self):
        self.sfn.delete_state_machine_alias(stateMachineAliasArn=self.alias_arn)
        self.new_revision()
        proc = self.deploy("--publish-revision")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.routing(), {self.version(2): 100})

    def test_dry_run_prints_the_plan_and_changes_nothing(self):
        self.new_revision()
        proc = self.deploy("--strategy", "linear", "--increment", "50", "--interval", "60",
                           "--dry-run", "--output", "json", "--publish-revision")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        plan = [e for e in self.events(proc.stdout) if "step" in e]
        self.assertEqual([(p["old_weight"], p["new_weight"], p["offset_seconds"]) for p in plan],
                         [(50, 50, 0), (0, 100, 60)])
        self.assertEqual(len(self.sfn.list_state_machine_versions(
            stateMachineArn=self.arn)["stateMachineVersions"]), 1)
        self.assertEqual(self.routing(), {self.v1: 100})

    # Issue 14 item 3: before, --dry-run planned a canary for these and exited 0 whatever the
    # state; now it says what the real run would do, and fails where the real run would.
    def test_dry_run_plans_what_the_real_run_does(self):
        proc = self.deploy("--strategy", "canary", "--dry-run")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("No update necessary", proc.stdout)
        self.assertNotIn("plan step", proc.stdout)
        self.sfn.delete_state_machine_alias(stateMachineAliasArn=self.alias_arn)
        proc = self.deploy("--strategy", "canary", "--dry-run")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("plan: create alias %s routing 100%% to version 1" % self.alias_arn,
                      proc.stdout)
        self.assertNotIn("plan step", proc.stdout)

    def test_dry_run_runs_the_checks(self):
        import tempfile
        self.new_revision()
        with tempfile.NamedTemporaryFile("w", suffix=".json") as bad:
            bad.write('{"StartAt": "Nope", "States": {"A": {"Type": "Succeed"}}}')
            bad.flush()
            cases = [
                (["--file", bad.name], 2, "MISSING_TRANSITION_TARGET"),
                (["--alarms", "no-such-alarm"], 2, "alarms do not exist in CloudWatch"),
                (["--state-machine", "no-such-machine"], 2,
                 "state machine arn:aws:states:us-east-1:123456789012:stateMachine:"
                 "no-such-machine does not exist"),
                (["--endpoint-url", "http://127.0.0.1:9"], 3, "127.0.0.1:9"),
            ]
            for extra, code, message in cases:
                with self.subTest(extra[0]):
                    args = self.deploy_args("--dry-run", "--publish-revision")
                    for flag in ("--state-machine", "--endpoint-url"):
                        if flag in extra:
                            i = args.index(flag)
                            del args[i:i + 2]
                    proc = self.run_cli(args + extra)
                    self.assertEqual(proc.returncode, code, proc.stderr)
                    self.assertIn(message, proc.stderr)
                    self.assertEqual(len(proc.stderr.strip().splitlines()), 1, proc.stderr)
                    self.assertNotIn("plan", proc.stdout)


if __name__ == "__main__":
    unittest.main()
