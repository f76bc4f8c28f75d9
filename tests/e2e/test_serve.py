"""`stepshift serve` as a process: readiness, shutdown, flags, persistence, dispatch."""
import gzip
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "compat"))
from harness import BINARY, Server, TempDir  # noqa: E402

DEFINITION = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
ROLE = "arn:aws:iam::123456789012:role/test"


def post(endpoint, headers, body):
    host, port = endpoint.rsplit("/", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("POST", "/", body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


class ServeProcessTest(unittest.TestCase):
    def test_ready_line_names_a_loopback_endpoint_and_sigterm_exits_zero(self):
        server = Server().start()
        self.assertRegex(server.endpoint, r"^http://127\.0\.0\.1:\d+$")
        self.assertEqual(server.stop(), 0)

    def test_sigint_also_shuts_down_cleanly(self):
        server = Server().start()
        server.process.send_signal(signal.SIGINT)
        self.assertEqual(server.process.wait(timeout=10), 0)

    def test_usage_errors_exit_2_with_one_line(self):
        for args in (["serve", "--port", "notaport"], ["serve", "--account", "12"],
                     ["serve", "--memory", "--data-dir", "/tmp/x"], ["serve", "--bogus"],
                     ["nosuchcommand"], []):
            proc = subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=10)
            self.assertEqual(proc.returncode, 2, (args, proc.stderr))
            self.assertEqual(len(proc.stderr.strip().splitlines()), 1, (args, proc.stderr))
            self.assertEqual(proc.stdout, "")

    # Issue 14 item 7: before, both servers started, each with its own view, and an acknowledged
    # write was lost after a restart.
    def test_a_second_server_on_one_data_directory_exits_1(self):
        with TempDir() as data:
            first = Server(data_dir=data).start()
            try:
                proc = subprocess.run([BINARY, "serve", "--port", "0", "--data-dir", data],
                                      capture_output=True, text=True, timeout=10)
                self.assertEqual(proc.returncode, 1, proc.stderr)
                self.assertEqual(proc.stderr.strip(), "stepshift serve: data directory %s is in "
                                 "use by pid %d" % (data, first.process.pid))
                self.assertEqual(proc.stdout, "")
            finally:
                self.assertEqual(first.stop(), 0)
            # The lock went with its holder.
            second = Server(data_dir=data).start()
            self.assertEqual(second.stop(), 0)

    def test_busy_port_exits_1_with_a_clear_line(self):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        try:
            proc = subprocess.run([BINARY, "serve", "--port", str(port), "--memory"],
                                  capture_output=True, text=True, timeout=10)
        finally:
            sock.close()
        self.assertEqual(proc.returncode, 1)
        self.assertIn("cannot listen on 127.0.0.1:%d" % port, proc.stderr)

    def test_unusable_data_dir_exits_1(self):
        with TempDir() as tmp:
            blocker = os.path.join(tmp, "file")
            open(blocker, "w").close()
            proc = subprocess.run([BINARY, "serve", "--port", "0", "--data-dir",
                                   os.path.join(blocker, "sub")],
                                  capture_output=True, text=True, timeout=10)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("data directory", proc.stderr)

    def test_state_survives_a_restart_on_the_same_data_dir(self):
        with TempDir() as data:
            with Server(data_dir=data) as server:
                sfn = server.client("stepfunctions")
                arn = sfn.create_state_machine(name="durable", definition=DEFINITION,
                                               roleArn=ROLE, publish=True)["stateMachineArn"]
                sfn.create_state_machine_alias(name="live", routingConfiguration=[
                    {"stateMachineVersionArn": arn + ":1", "weight": 100}])
            with Server(data_dir=data) as server:
                sfn = server.client("stepfunctions")
                self.assertEqual(sfn.describe_state_machine(stateMachineArn=arn)["definition"],
                                 DEFINITION)
                alias = sfn.describe_state_machine_alias(stateMachineAliasArn=arn + ":live")
                self.assertEqual(alias["routingConfiguration"],
                                 [{"stateMachineVersionArn": arn + ":1", "weight": 100}])

    def test_acknowledged_writes_survive_sigkill(self):
        """Durability: every write the server answered is on disk, even if it dies right after."""
        with TempDir() as data:
            server = Server(data_dir=data).start()
            sfn = server.client("stepfunctions")
            arn = sfn.create_state_machine(name="killed", definition=DEFINITION, roleArn=ROLE,
                                           publish=True)["stateMachineArn"]
            v2 = sfn.update_state_machine(stateMachineArn=arn, definition=DEFINITION.replace(
                '"P"', '"Q"'), publish=True)["stateMachineVersionArn"]
            alias = sfn.create_state_machine_alias(name="live", routingConfiguration=[
                {"stateMachineVersionArn": arn + ":1", "weight": 100}])["stateMachineAliasArn"]
            for weight in range(1, 100):
                sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=[
                    {"stateMachineVersionArn": arn + ":1", "weight": 100 - weight},
                    {"stateMachineVersionArn": v2, "weight": weight}])
            server.process.kill()
            server.process.wait()
            server.stop()
            with Server(data_dir=data) as restarted:
                routing = restarted.client("stepfunctions").describe_state_machine_alias(
                    stateMachineAliasArn=alias)["routingConfiguration"]
                self.assertEqual(routing, [{"stateMachineVersionArn": arn + ":1", "weight": 1},
                                           {"stateMachineVersionArn": v2, "weight": 99}])


def raw(endpoint, method, target, headers, body=b""):
    host, port = endpoint.rsplit("/", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request(method, target, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


# Issue 14 item 8: before, any web page could change serve's state — a GET such as
# /?Action=SetAlarmState… or /?Action=DeleteAlarms… returned 200, and so did a form POST from a
# foreign Origin — and binding beyond loopback said nothing.
class ServeBrowserForgeryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server().start()
        cls.cw = cls.server.client("cloudwatch")
        cls.cw.put_metric_alarm(AlarmName="guarded", Namespace="N", MetricName="M",
                                Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1,
                                ComparisonOperator="GreaterThanThreshold")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def state(self):
        return self.cw.describe_alarms(AlarmNames=["guarded"])["MetricAlarms"][0]["StateValue"]

    def test_state_changing_gets_are_refused_and_change_nothing(self):
        before = self.state()
        for query in ("/?Action=SetAlarmState&AlarmName=guarded&StateValue=ALARM&StateReason=x"
                      "&Version=2010-08-01",
                      "/?Action=DeleteAlarms&AlarmNames.member.1=guarded&Version=2010-08-01"):
            status, body = raw(self.server.endpoint, "GET", query, {})
            self.assertEqual(status, 403, body)
            self.assertIn(b"<Code>AccessDenied</Code>", body)
            self.assertIn(b"a GET request may only call read-only actions", body)
        self.assertEqual(self.state(), before)
        status, body = raw(self.server.endpoint, "GET",
                           "/?Action=DescribeAlarms&AlarmNames.member.1=guarded&Version=2010-08-01",
                           {})
        self.assertEqual(status, 200, body)

    def test_a_form_post_from_a_foreign_origin_is_refused(self):
        form = b"Action=SetAlarmState&AlarmName=guarded&StateValue=ALARM&StateReason=x" \
               b"&Version=2010-08-01"
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, body = raw(self.server.endpoint, "POST", "/",
                           dict(headers, Origin="https://attacker.example"), form)
        self.assertEqual(status, 403, body)
        self.assertIn(b"origin https://attacker.example", body)
        self.assertEqual(self.state(), "INSUFFICIENT_DATA")
        status, body = raw(self.server.endpoint, "POST", "/",
                           dict(headers, Origin="http://localhost:3000"), form)
        self.assertEqual(status, 200, body)

    def test_dns_rebinding_host_is_refused(self):
        status, body = raw(self.server.endpoint, "POST", "/", {
            "Host": "rebound.attacker.example", "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "AWSStepFunctions.ListStateMachines"}, b"{}")
        self.assertEqual(status, 400, body)
        reply = json.loads(body)
        self.assertEqual(reply["__type"], "AccessDeniedException")
        self.assertIn("DNS rebinding", reply["message"])

    def test_binding_beyond_loopback_warns_and_prints_a_usable_url(self):
        proc = subprocess.Popen([BINARY, "serve", "--port", "0", "--memory", "--host", "0.0.0.0"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = proc.stdout.readline()
            self.assertRegex(line, r"listening on http://127\.0\.0\.1:\d+ ")
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=10)
        self.assertIn("warning: listening on 0.0.0.0 without --auth", err)
        proc = subprocess.Popen([BINARY, "serve", "--port", "0", "--memory", "--host", "0.0.0.0",
                                 "--auth", "AKID:secret"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        proc.stdout.readline()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=10)
        self.assertNotIn("warning", err)


class ServeDispatchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(extra_args=["--region", "eu-central-1", "--account",
                                        "111122223333"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_region_comes_from_the_signature_else_the_default(self):
        signed = self.server.client("stepfunctions", region="ap-southeast-2")
        arn = signed.create_state_machine(name="regional", definition=DEFINITION,
                                          roleArn=ROLE)["stateMachineArn"]
        self.assertEqual(arn, "arn:aws:states:ap-southeast-2:111122223333:stateMachine:regional")
        status, headers, body = post(self.server.endpoint, {
            "X-Amz-Target": "AWSStepFunctions.CreateStateMachine",
            "Content-Type": "application/x-amz-json-1.0"},
            json.dumps({"name": "unsigned", "definition": DEFINITION, "roleArn": ROLE}))
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["stateMachineArn"],
                         "arn:aws:states:eu-central-1:111122223333:stateMachine:unsigned")
        self.assertEqual(len(headers["x-amzn-RequestId"]), 36)

    def test_china_region_gets_the_aws_cn_partition(self):
        client = self.server.client("stepfunctions", region="cn-north-1")
        arn = client.create_state_machine(name="china", definition=DEFINITION,
                                          roleArn="arn:aws-cn:iam::111122223333:role/x")[
            "stateMachineArn"]
        self.assertTrue(arn.startswith("arn:aws-cn:states:cn-north-1:111122223333:"), arn)

    def test_unknown_or_missing_target_is_unknown_operation(self):
        for headers in ({"X-Amz-Target": "AWSStepFunctions.NoSuchThing"},
                        {"X-Amz-Target": "Bogus.Op"}, {}):
            headers["Content-Type"] = "application/x-amz-json-1.0"
            status, _, body = post(self.server.endpoint, headers, "{}")
            self.assertEqual(status, 400, headers)
            self.assertIn("UnknownOperationException", json.loads(body)["__type"])

    def test_gzip_request_body_is_accepted(self):
        status, _, body = post(self.server.endpoint, {
            "X-Amz-Target": "AWSStepFunctions.ListStateMachines",
            "Content-Type": "application/x-amz-json-1.0", "Content-Encoding": "gzip"},
            gzip.compress(b'{"maxResults": 1}'))
        self.assertEqual(status, 200, body)
        self.assertIn("stateMachines", json.loads(body))


if __name__ == "__main__":
    unittest.main()
