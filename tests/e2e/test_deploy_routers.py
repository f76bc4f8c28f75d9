"""`stepshift deploy` through its Lambda and Route 53 routers (issue 13 item 5), the real binary
against a real `stepshift serve` running real python handlers:
- a Lambda function canaried 10 % then 100 % with pre/post-traffic hook functions and an alarm
  on its Errors for the new version (the ExecutedVersion dimension), and the same alarm firing
  from a faulty version's real errors and rolling the alias back; a configuration-only change
  (the AWS CLI's update-function-configuration) deployed as a new version;
- the blue/green DNS side: "blue" and "green" weighted records shifted linearly under an alarm,
  and rolled back when it fires."""
import io
import itertools
import json
import os
import subprocess
import tempfile
import time
import unittest
import zipfile

from deploy_support import BINARY, DUMMY_ENV, REGION, Server, read_events_until

ROLE = "arn:aws:iam::123456789012:role/test"
_COUNTER = itertools.count(1)


def zip_of(source):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("app.py", source)
    return buf.getvalue()


def handler(version, fail=False):
    body = "raise RuntimeError('v%d is broken')" % version if fail else \
        "return {'version': %d}" % version
    return zip_of("def handler(event, context):\n    %s\n" % body)


def hook(log_path, status):
    """A hook function that appends the event it got to `log_path` and answers `status`."""
    return zip_of("import json\n"
                  "def handler(event, context):\n"
                  "    with open(%r, 'a') as f:\n"
                  "        f.write(json.dumps(event) + '\\n')\n"
                  "    return {'status': %r}\n" % (log_path, status))


class RouterDeployTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(extra_args=("--route53-propagation", "0.2")).start()
        cls.lam = cls.server.client("lambda")
        cls.cw = cls.server.client("cloudwatch")
        cls.r53 = cls.server.client("route53")
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def run_cli(self, *args, timeout=90):
        env = dict(os.environ, **DUMMY_ENV)
        env.pop("AWS_PROFILE", None)
        return subprocess.run([BINARY, *args, "--region", REGION,
                               "--endpoint-url", self.server.endpoint],
                              capture_output=True, text=True, env=env, timeout=timeout)

    def start_cli(self, *args):
        env = dict(os.environ, **DUMMY_ENV)
        env.pop("AWS_PROFILE", None)
        return subprocess.Popen([BINARY, *args, "--region", REGION,
                                 "--endpoint-url", self.server.endpoint],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def events(self, stdout):
        return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


class LambdaCanaryTest(RouterDeployTestCase):
    def setUp(self):
        self.fn = "orders-%d" % next(_COUNTER)
        self.lam.create_function(FunctionName=self.fn, Runtime="python3.12", Role=ROLE,
                                 Handler="app.handler", Code={"ZipFile": handler(1)},
                                 Publish=True)
        self.lam.create_alias(FunctionName=self.fn, Name="live", FunctionVersion="1",
                              Description="prod alias")

    def alias(self):
        return self.lam.get_alias(FunctionName=self.fn, Name="live")

    def hook_function(self, status):
        name = "%s-hook" % self.fn
        log = os.path.join(self.tmp.name, name + ".log")
        self.lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                                 Handler="app.handler", Code={"ZipFile": hook(log, status)})
        return name, log

    def version_errors_alarm(self, version):
        """Errors of `version` when invoked through the alias: Lambda's ExecutedVersion metric."""
        name = "%s-v%d-errors" % (self.fn, version)
        self.cw.put_metric_alarm(
            AlarmName=name, Namespace="AWS/Lambda", MetricName="Errors", Statistic="Sum",
            Dimensions=[{"Name": "FunctionName", "Value": self.fn},
                        {"Name": "Resource", "Value": self.fn + ":live"},
                        {"Name": "ExecutedVersion", "Value": str(version)}],
            Period=10, EvaluationPeriods=1, Threshold=1,
            ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="notBreaching")
        return name

    def deploy_args(self, *extra):
        return ("deploy", "--function-name", self.fn, "--alias", "live", "--output", "json",
                *extra)

    def test_canary_ten_percent_then_all_with_hooks_and_the_new_versions_alarm(self):
        hook_name, log = self.hook_function("Succeeded")
        alarm = self.version_errors_alarm(2)
        zip_path = self.write(self.fn + "-v2.zip", handler(2))
        proc = self.start_cli(*self.deploy_args(
            "--zip", zip_path, "--strategy", "canary", "--increment", "10", "--interval", "3",
            "--alarms", alarm, "--alarm-polling", "1",
            "--pre-traffic-hook", hook_name, "--post-traffic-hook", hook_name))
        seen = read_events_until(proc, lambda e: e["event"] == "check")
        alias = self.alias()
        self.assertEqual(alias["FunctionVersion"], "1")
        self.assertEqual(alias["RoutingConfig"]["AdditionalVersionWeights"], {"2": 0.1})
        self.assertTrue(alias["Description"].startswith("stepshift-deploy "), alias)
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, err)
        alias = self.alias()
        self.assertEqual(alias["FunctionVersion"], "2")
        self.assertEqual(alias.get("RoutingConfig", {}).get("AdditionalVersionWeights", {}), {})
        self.assertEqual(alias["Description"], "prod alias")
        # Both hooks ran, with the deployment's facts, before any traffic and at 100 %.
        with open(log) as f:
            calls = [json.loads(line) for line in f]
        self.assertEqual([c["LifecycleEventHook"] for c in calls], ["PreTraffic", "PostTraffic"])
        self.assertEqual({(c["OldVersion"], c["NewVersion"], c["Alias"]) for c in calls},
                         {("1", "2", "live")})
        self.assertEqual(calls[0]["DeploymentId"], calls[1]["DeploymentId"])
        self.assertTrue(calls[0]["FunctionName"].endswith(":function:" + self.fn))
        hooks = [e for e in seen + self.events(out) if e["event"] == "hook"]
        self.assertEqual([(h["phase"], h["passed"]) for h in hooks],
                         [("PreTraffic", True), ("PostTraffic", True)])
        invoked = self.lam.invoke(FunctionName=self.fn, Qualifier="live", Payload=b"{}")
        self.assertEqual(json.loads(invoked["Payload"].read()), {"version": 2})
        back = self.run_cli("rollback", "--function-name", self.fn, "--alias", "live")
        self.assertEqual(back.returncode, 0, back.stderr)
        self.assertEqual(self.alias()["FunctionVersion"], "1")

    def test_the_new_versions_errors_fire_its_alarm_and_roll_the_alias_back(self):
        alarm = self.version_errors_alarm(2)
        zip_path = self.write(self.fn + "-broken.zip", handler(2, fail=True))
        proc = self.start_cli(*self.deploy_args(
            "--zip", zip_path, "--strategy", "canary", "--increment", "10", "--interval", "60",
            "--alarms", alarm, "--alarm-polling", "1"))
        read_events_until(proc, lambda e: e["event"] == "check")
        # Traffic through the alias: about one call in ten runs version 2, which fails.
        failed = 0
        for _ in range(200):
            out = self.lam.invoke(FunctionName=self.fn, Qualifier="live", Payload=b"{}")
            if out.get("FunctionError"):
                self.assertEqual(out["ExecutedVersion"], "2")
                failed += 1
                if failed == 2:
                    break
        self.assertGreater(failed, 0, "version 2 never took traffic")
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 1, err)
        alias = self.alias()
        self.assertEqual(alias["FunctionVersion"], "1")
        self.assertEqual(alias.get("RoutingConfig", {}).get("AdditionalVersionWeights", {}), {})
        self.assertEqual(alias["Description"], "prod alias")
        decision = [e for e in self.events(out) if e["event"] == "decision"][-1]
        self.assertEqual(decision["decision"], "rollback")
        self.assertIn(alarm, decision["reason"])
        # Publishing the unchanged code gives back version 2, remembered as rolled back.
        self.assertEqual(self.lam.list_tags(Resource=self.alias()["AliasArn"].rsplit(":", 1)[0])
                         ["Tags"], {"stepshift:rolled-back": "2"})
        again = self.run_cli(*self.deploy_args("--strategy", "allatonce", "--interval", "0"))
        self.assertEqual(again.returncode, 2, again.stderr)
        self.assertIn("version 2 was rolled back", again.stderr)
        self.assertEqual(self.alias()["FunctionVersion"], "1")

    def test_a_failing_pre_traffic_hook_moves_no_traffic(self):
        hook_name, _ = self.hook_function("Failed")
        zip_path = self.write(self.fn + "-v2.zip", handler(2))
        result = self.run_cli(*self.deploy_args("--zip", zip_path, "--strategy", "allatonce",
                                                "--interval", "1", "--pre-traffic-hook",
                                                hook_name))
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("reported Failed", result.stdout)
        alias = self.alias()
        self.assertEqual(alias["FunctionVersion"], "1")
        self.assertEqual(alias["Description"], "prod alias")

    def test_a_configuration_only_change_is_a_new_version_to_deploy(self):
        same = self.run_cli(*self.deploy_args("--strategy", "allatonce"))
        self.assertEqual(same.returncode, 0, same.stderr)
        self.assertIn("No update necessary", same.stdout)
        self.server.cli("lambda", "update-function-configuration", "--function-name", self.fn,
                        "--environment", "Variables={MODE=b}")
        changed = self.run_cli(*self.deploy_args("--strategy", "allatonce", "--interval", "1"))
        self.assertEqual(changed.returncode, 0, changed.stderr + changed.stdout)
        self.assertEqual(self.alias()["FunctionVersion"], "2")
        published = self.lam.get_function_configuration(FunctionName=self.fn, Qualifier="2")
        self.assertEqual(published["Environment"]["Variables"], {"MODE": "b"})
        self.assertEqual(published["CodeSha256"],
                         self.lam.get_function_configuration(FunctionName=self.fn,
                                                             Qualifier="1")["CodeSha256"])

    def test_status_and_conflicting_flags(self):
        status = self.run_cli("status", "--function-name", self.fn, "--alias", "live")
        self.assertEqual(status.returncode, 0, status.stderr)
        self.assertIn("routing: v1 100%", status.stdout)
        both = self.run_cli("deploy", "--function-name", self.fn, "--alias", "live",
                            "--state-machine", "orders")
        self.assertEqual(both.returncode, 2)
        self.assertEqual(both.stderr.strip(), "stepshift deploy: error: --state-machine and "
                         "--function-name choose different routers; give the flags of one")
        zip_path = self.write(self.fn + "-dry.zip", handler(2))
        dry = self.run_cli("deploy", "--function-name", self.fn, "--alias", "live", "--zip",
                           zip_path, "--steps", "10,100", "--dry-run")
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.assertIn("plan: deploy the version published from --zip over version 1", dry.stdout)
        self.assertIn("old 90% new 10%", dry.stdout)
        self.assertEqual(len(self.lam.list_versions_by_function(FunctionName=self.fn)["Versions"]),
                         2, "a dry run publishes nothing")
        missing = self.run_cli("deploy", "--function-name", "nope", "--alias", "live")
        self.assertEqual(missing.returncode, 2)
        self.assertIn("Lambda function nope does not exist", missing.stderr)

    def test_status_and_rollback_exit_codes(self):
        # A missing function is the caller's mistake (2); an unreachable service is not (3).
        for command in ("status", "rollback"):
            missing = self.run_cli(command, "--function-name", "nope", "--alias", "live")
            self.assertEqual(missing.returncode, 2, missing.stderr)
            self.assertIn("Lambda function nope does not exist", missing.stderr)
            env = dict(os.environ, **DUMMY_ENV)
            env.pop("AWS_PROFILE", None)
            down = subprocess.run([BINARY, command, "--function-name", self.fn, "--alias", "live",
                                   "--region", REGION, "--endpoint-url", "http://127.0.0.1:1"],
                                  capture_output=True, text=True, env=env, timeout=60)
            self.assertEqual(down.returncode, 3, down.stderr)
            self.assertEqual(len(down.stderr.strip().splitlines()), 1, down.stderr)


class BlueGreenDnsTest(RouterDeployTestCase):
    def setUp(self):
        n = next(_COUNTER)
        domain = "shop%d.example.com" % n
        self.zone = self.r53.create_hosted_zone(
            Name=domain, CallerReference="ref-%d-%f" % (n, time.time()))["HostedZone"]["Id"]
        self.zone = self.zone.split("/")[-1]
        self.name = "api.%s." % domain
        self.r53.change_resource_record_sets(HostedZoneId=self.zone, ChangeBatch={"Changes": [
            self.record("blue", 100, "10.0.0.1"), self.record("green", 0, "10.0.1.1")]})

    def record(self, identifier, weight, ip):
        return {"Action": "CREATE", "ResourceRecordSet": {
            "Name": self.name, "Type": "A", "SetIdentifier": identifier, "Weight": weight,
            "TTL": 60, "ResourceRecords": [{"Value": ip}]}}

    def weights(self):
        records = self.r53.list_resource_record_sets(
            HostedZoneId=self.zone, StartRecordName=self.name, StartRecordType="A")
        return {r["SetIdentifier"]: r["Weight"] for r in records["ResourceRecordSets"]
                if r["Name"] == self.name and r["Type"] == "A"}

    def txt(self):
        records = self.r53.list_resource_record_sets(
            HostedZoneId=self.zone, StartRecordName="_stepshift-a." + self.name,
            StartRecordType="TXT")["ResourceRecordSets"]
        return [r for r in records if r["Name"] == "_stepshift-a." + self.name]

    def alarm(self, name):
        self.cw.put_metric_alarm(
            AlarmName=name, Namespace="Shop", MetricName="Green5xx-" + name, Statistic="Sum",
            Period=10, EvaluationPeriods=1, Threshold=1,
            ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="notBreaching")
        return name

    def deploy_args(self, *extra):
        return ("deploy", "--hosted-zone-id", self.zone, "--record-name", self.name,
                "--record-type", "A", "--blue", "blue", "--green", "green", "--output", "json",
                *extra)

    def test_linear_shift_from_blue_to_green_under_an_alarm(self):
        alarm = self.alarm("green-ok")
        proc = self.start_cli(*self.deploy_args("--strategy", "linear", "--increment", "25",
                                                "--interval", "2", "--alarms", alarm,
                                                "--alarm-polling", "1"))
        seen = read_events_until(proc, lambda e: e["event"] == "step" and e["new_weight"] == 50)
        self.assertEqual(self.weights(), {"blue": 50, "green": 50})
        # The deployment record sits beside the pair, written in the same change batch.
        record = self.txt()
        self.assertEqual(len(record), 1)
        self.assertIn("stepshift-deploy", record[0]["ResourceRecords"][0]["Value"])
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(self.weights(), {"blue": 0, "green": 100})
        self.assertEqual(self.txt(), [])
        steps = [e["new_weight"] for e in seen + self.events(out) if e["event"] == "step"]
        self.assertEqual(steps, [25, 50, 75, 100])
        status = self.run_cli("status", "--hosted-zone-id", self.zone, "--record-name", self.name,
                              "--record-type", "A", "--blue", "blue", "--green", "green")
        self.assertEqual(status.returncode, 0, status.stderr)
        self.assertIn("routing: blue 0% green 100%", status.stdout)
        # `rollback` returns all the traffic to blue in one batch.
        back = self.run_cli("rollback", "--hosted-zone-id", self.zone, "--record-name", self.name,
                            "--record-type", "A", "--blue", "blue", "--green", "green")
        self.assertEqual(back.returncode, 0, back.stderr)
        self.assertEqual(self.weights(), {"blue": 100, "green": 0})

    def test_green_errors_fire_the_alarm_and_roll_back_to_blue(self):
        alarm = self.alarm("green-5xx")
        proc = self.start_cli(*self.deploy_args("--strategy", "linear", "--increment", "20",
                                                "--interval", "30", "--alarms", alarm,
                                                "--alarm-polling", "1"))
        read_events_until(proc, lambda e: e["event"] == "check")
        self.assertEqual(self.weights(), {"blue": 80, "green": 20})
        self.cw.put_metric_data(Namespace="Shop", MetricData=[
            {"MetricName": "Green5xx-" + alarm, "Value": 3, "Unit": "Count"}])
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 1, err)
        self.assertEqual(self.weights(), {"blue": 100, "green": 0})
        self.assertEqual(self.txt(), [])
        decision = [e for e in self.events(out) if e["event"] == "decision"][-1]
        self.assertEqual(decision["decision"], "rollback")
        self.assertIn(alarm, decision["reason"])

    def test_flags_of_two_routers_are_a_usage_error(self):
        result = self.run_cli(*self.deploy_args("--alias", "live"))
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.strip(), "stepshift deploy: error: --alias is for "
                         "--state-machine or --function-name, not --hosted-zone-id")
        result = self.run_cli("deploy", "--function-name", "f", "--alias", "live",
                              "--blue", "blue")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--function-name and --blue choose different routers", result.stderr)


if __name__ == "__main__":
    unittest.main()
