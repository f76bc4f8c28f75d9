"""Alarms during `stepshift deploy`: real datapoints, SetAlarmState at the Nth poll, composite
alarms, alarms that do not exist."""
import time
import unittest

from deploy_support import DeployTestCase, read_events_until


class AlarmTest(DeployTestCase):
    def test_real_datapoints_fire_the_alarm_mid_step_and_roll_back(self):
        self.new_revision()
        alarm = self.metric_alarm("dp-errors")
        proc = self.start_deploy("--strategy", "linear", "--increment", "20", "--interval", "30",
                                 "--alarm-polling", "1", "--alarms", alarm,
                                 "--publish-revision", "--output", "json")
        read_events_until(proc, lambda e: e["event"] == "check")
        self.assertEqual(self.routing(), {self.v1: 80, self.version(2): 20})
        self.cw.put_metric_data(Namespace="E2E", MetricData=[
            {"MetricName": "Errors-" + alarm, "Value": 5, "Unit": "Count"}])
        out, err = proc.communicate(timeout=40)
        self.assertEqual(proc.returncode, 1, err)
        self.assertEqual(self.routing(), {self.v1: 100})
        self.assertEqual(self.description(), "prod alias")
        decision = [e for e in self.events(out) if e["event"] == "decision"][-1]
        self.assertEqual(decision["decision"], "rollback")
        self.assertIn(alarm, decision["reason"])
        # Rerunning the same revision gets back the same (bad) version: refused, not redeployed.
        again = self.deploy("--publish-revision", "--interval", "0")
        self.assertEqual(again.returncode, 2, again.stderr)
        self.assertIn("version 2 was rolled back", again.stderr)
        self.assertEqual(self.routing(), {self.v1: 100})

    def test_alarm_at_the_third_poll_of_a_step_is_seen(self):
        self.new_revision()
        # An hour-long period: no scheduled evaluation overwrites SetAlarmState mid-test.
        alarm = self.metric_alarm("nth-poll", period=3600)
        proc = self.start_deploy("--strategy", "canary", "--increment", "10", "--interval", "20",
                                 "--alarm-polling", "1", "--alarms", alarm,
                                 "--publish-revision", "--output", "json")
        checks = []
        read_events_until(proc, lambda e: e["event"] == "check" and checks.append(e) is None
                          and len(checks) == 3)
        self.set_alarm(alarm, "ALARM")
        started = time.monotonic()
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 1, err)
        self.assertLess(time.monotonic() - started, 3)
        self.assertEqual(self.routing(), {self.v1: 100})

    def test_composite_alarm_is_accepted_and_watched(self):
        self.new_revision()
        child = self.metric_alarm("child", period=3600)
        self.cw.put_composite_alarm(AlarmName="composite", AlarmRule='ALARM("%s")' % child)
        proc = self.start_deploy("--strategy", "linear", "--increment", "50", "--interval", "20",
                                 "--alarm-polling", "1", "--alarms", "composite",
                                 "--publish-revision", "--output", "json")
        read_events_until(proc, lambda e: e["event"] == "check")
        self.set_alarm("composite", "ALARM")
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 1, err)
        self.assertEqual(self.routing(), {self.v1: 100})

    def test_missing_alarm_exits_2_before_publishing(self):
        self.new_revision()
        self.metric_alarm("exists")
        proc = self.deploy("--alarms", "exists", "no such alarm", "--publish-revision")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("alarms do not exist in CloudWatch: no such alarm", proc.stderr)
        versions = self.sfn.list_state_machine_versions(stateMachineArn=self.arn)
        self.assertEqual(len(versions["stateMachineVersions"]), 1)
        self.assertEqual(self.routing(), {self.v1: 100})

    # Issue 14 item 4: before, the new version took traffic and was then rolled back.
    def test_an_alarm_already_in_alarm_refuses_the_start(self):
        self.new_revision()
        alarm = self.metric_alarm("firing-before", period=3600)
        self.cw.set_alarm_state(AlarmName=alarm, StateValue="ALARM", StateReason="on fire")
        proc = self.deploy("--alarms", alarm, "--publish-revision", "--interval", "0")
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertEqual(proc.stderr.strip(), "stepshift deploy: error: alarm %s is already in "
                         "ALARM (on fire); not starting a deployment it would roll back" % alarm)
        versions = self.sfn.list_state_machine_versions(stateMachineArn=self.arn)
        self.assertEqual(len(versions["stateMachineVersions"]), 1)  # nothing published
        self.assertEqual(self.routing(), {self.v1: 100})
        self.assertEqual(self.description(), "prod alias")

    # Issue 14 item 6: before, a deleted alarm was reported as triggered.
    def test_a_deleted_alarm_is_reported_as_deleted(self):
        self.new_revision()
        alarm = self.metric_alarm("to-delete", period=3600)
        proc = self.start_deploy("--strategy", "canary", "--increment", "10", "--interval", "20",
                                 "--alarm-polling", "1", "--alarms", alarm,
                                 "--publish-revision", "--output", "json")
        read_events_until(proc, lambda e: e["event"] == "check")
        self.cw.delete_alarms(AlarmNames=[alarm])
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 1, err)
        self.assertEqual(self.routing(), {self.v1: 100})
        events = self.events(out)
        self.assertIn({alarm: "DELETED"}, [e.get("alarms") for e in events])
        result = events[-1]
        self.assertEqual(result["event"], "result")
        self.assertIn("alarms deleted: " + alarm, result["message"])
        self.assertNotIn("triggered", out)

    def test_insufficient_data_is_not_a_rollback(self):
        self.new_revision()
        alarm = self.metric_alarm("quiet")
        proc = self.deploy("--strategy", "allatonce", "--interval", "2", "--alarm-polling", "1",
                           "--alarms", alarm, "--publish-revision")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.routing(), {self.version(2): 100})


if __name__ == "__main__":
    unittest.main()
