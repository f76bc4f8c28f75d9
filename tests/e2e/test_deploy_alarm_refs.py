"""Alarms given to `stepshift deploy` as ARNs, alarms with their actions disabled, and
--rollback-on-insufficient-data, against a real `stepshift serve`."""
import unittest

from deploy_support import DeployTestCase, read_events_until


class AlarmRobustnessTest(DeployTestCase):
    def alarm_arn(self, name):
        return self.cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]["AlarmArn"]

    def test_an_alarm_arn_resolves_to_its_name_and_is_watched(self):
        self.new_revision()
        alarm = self.metric_alarm("by-arn", period=3600)
        proc = self.start_deploy("--strategy", "canary", "--increment", "10", "--interval", "20",
                                 "--alarm-polling", "1", "--alarms", self.alarm_arn(alarm),
                                 "--publish-revision", "--output", "json")
        check = read_events_until(proc, lambda e: e["event"] == "check")[-1]
        self.assertEqual(list(check["alarms"]), [alarm])  # watched by its name
        self.set_alarm(alarm, "ALARM")
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 1, err)
        self.assertEqual(self.routing(), {self.v1: 100})

    def test_an_alarm_arn_of_another_account_is_refused(self):
        self.new_revision()
        alarm = self.metric_alarm("elsewhere")
        other = self.alarm_arn(alarm).replace(":123456789012:", ":999999999999:")
        proc = self.deploy("--alarms", other, "--publish-revision", "--interval", "0")
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertEqual(
            proc.stderr.strip(),
            "stepshift deploy: error: alarm %s is not in this account and region: the alarm named "
            "%s here is %s (give the alarm's name, or deploy with the region and credentials of "
            "its account)" % (other, alarm, self.alarm_arn(alarm)))
        self.assertEqual(len(self.sfn.list_state_machine_versions(
            stateMachineArn=self.arn)["stateMachineVersions"]), 1)

    def test_a_missing_alarm_arn_is_named_and_a_malformed_one_refused(self):
        self.new_revision()
        missing = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:nope"
        proc = self.deploy("--alarms", missing, "--publish-revision")
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stderr.strip(),
                         "stepshift deploy: error: alarms do not exist in CloudWatch: " + missing)
        proc = self.deploy("--alarms", "arn:aws:sns:us-east-1:123456789012:topic",
                           "--publish-revision")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("is not a CloudWatch alarm ARN", proc.stderr)

    def test_an_alarm_with_actions_disabled_is_warned_about(self):
        self.new_revision()
        alarm = self.metric_alarm("muted")
        self.cw.disable_alarm_actions(AlarmNames=[alarm])
        proc = self.deploy("--alarms", alarm, "--publish-revision", "--interval", "0")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("warning: alarm muted has its actions disabled: the deployment still rolls "
                      "back on its state, but the alarm notifies no one", proc.stdout)

    def test_insufficient_data_rolls_back_when_asked(self):
        self.new_revision()
        alarm = self.metric_alarm("sparse", period=3600)
        self.set_alarm(alarm, "OK")
        proc = self.start_deploy("--strategy", "canary", "--increment", "10", "--interval", "20",
                                 "--alarm-polling", "1", "--alarms", alarm,
                                 "--rollback-on-insufficient-data",
                                 "--publish-revision", "--output", "json")
        read_events_until(proc, lambda e: e["event"] == "check")
        self.set_alarm(alarm, "INSUFFICIENT_DATA")
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 1, err)
        decision = [e for e in self.events(out) if e["event"] == "decision"][-1]
        self.assertEqual(decision["reason"], "alarms triggered: sparse (INSUFFICIENT_DATA)")
        self.assertEqual(self.routing(), {self.v1: 100})
        # Already INSUFFICIENT_DATA with the flag: refused before anything changes.
        again = self.deploy("--alarms", alarm, "--rollback-on-insufficient-data",
                            "--publish-revision", "--force", "--interval", "0")
        self.assertEqual(again.returncode, 2, again.stderr)
        self.assertIn("alarm sparse is in INSUFFICIENT_DATA", again.stderr)
        # Without the flag INSUFFICIENT_DATA is no reason to stop.
        ok = self.deploy("--alarms", alarm, "--publish-revision", "--force", "--interval", "0")
        self.assertEqual(ok.returncode, 0, ok.stderr)


if __name__ == "__main__":
    unittest.main()
