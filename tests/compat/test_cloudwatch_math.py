"""CloudWatch metric math through boto3, the AWS CLI and the query and CBOR protocols:
GetMetricData expressions, alarms whose Metrics hold an expression (described back exactly as
put), the canary error-rate alarm reaching ALARM from real datapoints on the server's own
scheduler, and CloudWatch's errors for bad expressions and metric lists."""
import datetime
import json
import os
import tempfile
import time
import unittest

import botocore.exceptions

import harness
import test_cloudwatch_support as cw_support

UTC = datetime.timezone.utc
DIMS = [{"Name": "Alias", "Value": "live"}]


def metric(query_id, name, period=60, namespace="Canary"):
    return {"Id": query_id, "ReturnData": False,
            "MetricStat": {"Metric": {"Namespace": namespace, "MetricName": name,
                                      "Dimensions": DIMS},
                           "Period": period, "Stat": "Sum"}}


def error_rate_metrics(period=60, namespace="Canary"):
    """What users write for a canary: the error rate of the new version, in percent."""
    return [metric("failed", "Failed", period, namespace),
            metric("started", "Started", period, namespace),
            {"Id": "rate", "Expression": "100*failed/started", "Label": "Error rate",
             "ReturnData": True}]


class MathTest(harness.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cw = cls.server.client("cloudwatch")
        # Five whole minutes in the past: started 10 each minute, failed 0, 2, 4 in every other.
        cls.t0 = datetime.datetime.now(UTC).replace(second=0, microsecond=0) - \
            datetime.timedelta(minutes=6)
        data = []
        for i in range(5):
            at = cls.t0 + datetime.timedelta(minutes=i, seconds=5)
            data.append({"MetricName": "Started", "Dimensions": DIMS, "Timestamp": at,
                         "Value": 10})
            if i % 2 == 0:
                data.append({"MetricName": "Failed", "Dimensions": DIMS, "Timestamp": at,
                             "Value": i})
        cls.cw.put_metric_data(Namespace="Canary", MetricData=data)

    def get(self, queries, client=None, **kwargs):
        return (client or self.cw).get_metric_data(
            MetricDataQueries=queries, StartTime=self.t0,
            EndTime=self.t0 + datetime.timedelta(minutes=5), ScanBy="TimestampAscending",
            **kwargs)

    def error(self, call, *args, **kwargs):
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            call(*args, **kwargs)
        return ctx.exception.response["Error"]

    def test_expressions_over_metrics(self):
        result = self.get(error_rate_metrics() + [
            {"Id": "filled", "Expression": "FILL(failed, 0)"},
            {"Id": "high", "Expression": "IF(rate > 25, 1, 0)", "Label": "High"},
            {"Id": "total", "Expression": "SUM(METRICS())"},
            {"Id": "doubled", "Expression": "METRICS() * 2", "Label": "x2"}])
        by_id = {}
        for r in result["MetricDataResults"]:
            by_id.setdefault(r["Id"], []).append(r)
        self.assertNotIn("failed", by_id)  # ReturnData false
        (rate,) = by_id["rate"]
        self.assertEqual(rate["Label"], "Error rate")
        self.assertEqual(rate["StatusCode"], "Complete")
        self.assertEqual(rate["Values"], [0.0, 0.0, 20.0, 0.0, 40.0])
        self.assertEqual(rate["Timestamps"][0], self.t0)
        self.assertEqual(by_id["filled"][0]["Values"], [0.0, 0.0, 2.0, 0.0, 4.0])
        self.assertEqual(by_id["filled"][0]["Label"], "filled")
        self.assertEqual(by_id["high"][0]["Values"], [0.0, 0.0, 0.0, 0.0, 1.0])
        self.assertEqual(by_id["total"][0]["Values"], [10.0, 10.0, 12.0, 10.0, 14.0])
        self.assertEqual([r["Label"] for r in by_id["doubled"]], ["x2 Failed", "x2 Started"])
        self.assertEqual(by_id["doubled"][1]["Values"], [20.0] * 5)
        self.assertEqual(result["Messages"], [])

    def test_bad_expressions_get_validation_errors(self):
        cases = [
            ([{"Id": "e1", "Expression": "m1 +"}], "Error in expression e1 [Invalid syntax]"),
            ([{"Id": "e1", "Expression": "m9 * 2"}],
             "Error in expression e1 [Unknown metric or expression id: m9]"),
            ([{"Id": "e1", "Expression": "e2"}, {"Id": "e2", "Expression": "e1 + 1"}],
             "Error in expression e2 [Circular reference: e1 -> e2 -> e1]"),
            ([{"Id": "e1", "Expression": "SEARCH('{Canary} Failed', 'Sum', 60)"}],
             "Error in expression e1 [SEARCH is not supported by stepshift serve]"),
            ([{"Id": "e1", "Expression": "AVG(TIME_SERIES(1))"}],
             "Error in expression e1 [The expression must return a time series or an array of "
             "time series]"),
            ([{"Id": "Rate", "Expression": "TIME_SERIES(1)"}, {"Id": "m1"}],
             "The value Rate for parameter MetricDataQueries.member.1.Id is not matching the "
             "expected pattern ^[a-z][a-zA-Z0-9_]*$.\nThe parameter "
             "MetricDataQueries.member.2.MetricStat is required.\n"),
        ]
        for queries, message in cases:
            with self.subTest(message=message):
                error = self.error(self.get, queries)
                self.assertEqual(error["Code"], "ValidationError")
                self.assertEqual(error["Message"], message)

    def test_alarm_metrics_are_described_exactly_as_put(self):
        metrics = error_rate_metrics()
        metrics[0]["MetricStat"]["Unit"] = "Count"
        metrics[2]["Period"] = 60
        self.cw.put_metric_alarm(AlarmName="described", Metrics=metrics, EvaluationPeriods=3,
                                 DatapointsToAlarm=2, Threshold=10,
                                 ComparisonOperator="GreaterThanThreshold",
                                 TreatMissingData="notBreaching")
        (alarm,) = self.cw.describe_alarms(AlarmNames=["described"])["MetricAlarms"]
        self.assertEqual(alarm["Metrics"], metrics)
        self.assertEqual(alarm["Dimensions"], [])
        for absent in ("MetricName", "Namespace", "Statistic", "Period", "Unit"):
            self.assertNotIn(absent, alarm)
        self.assertEqual(alarm["EvaluationPeriods"], 3)
        self.assertEqual(alarm["DatapointsToAlarm"], 2)
        self.assertEqual(alarm["Threshold"], 10.0)

    def test_bad_alarm_metrics_get_cloudwatch_errors(self):
        base = dict(AlarmName="bad", EvaluationPeriods=1, Threshold=10,
                    ComparisonOperator="GreaterThanThreshold")
        rate = error_rate_metrics()
        cases = [
            (dict(Metrics=rate, MetricName="Failed"),
             "MetricName should not be set if list of Metrics is set."),
            (dict(Metrics=rate, Statistic="Sum"),
             "Statistic should not be set if list of Metrics is set."),
            (dict(Metrics=[dict(rate[0], ReturnData=True), rate[1], rate[2]]),
             "Exactly one element of the metrics list should return data."),
            (dict(Metrics=[rate[0], rate[1], dict(rate[2], MetricStat=rate[0]["MetricStat"])]),
             "The parameters MetricDataQuery Expression and MetricStat are mutually exclusive "
             "and you have specified both."),
            (dict(Metrics=[dict(rate[0], Id="Failed"), rate[1], rate[2]]),
             "Invalid metrics list"),
            (dict(Metrics=[rate[0], rate[1], dict(rate[2], Expression="METRICS()")]),
             "Error in expression rate [An alarm must watch a single time series, not an "
             "array]"),
            (dict(Metrics=[{"Id": "e1", "Expression": "TIME_SERIES(1)"}]),
             "Period must not be null"),
        ]
        for extra, message in cases:
            with self.subTest(message=message):
                error = self.error(self.cw.put_metric_alarm, **base, **extra)
                self.assertEqual(error["Code"], "ValidationError")
                self.assertEqual(error["Message"], message)

    def start_canary_executions(self):
        """A version behind the alias `live`, with one failing execution in four: the AWS/States
        metrics serve publishes for them feed the alarm."""
        sfn = self.server.client("stepfunctions")
        definition = json.dumps({"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Default": "P",
                  "Choices": [{"Variable": "$.fail", "BooleanEquals": True, "Next": "F"}]},
            "F": {"Type": "Fail", "Error": "Boom"},
            "P": {"Type": "Pass", "End": True}}})
        machine = sfn.create_state_machine(
            name="orders", definition=definition, publish=True,
            roleArn="arn:aws:iam::%s:role/sfn-role" % harness.ACCOUNT)
        alias = sfn.create_state_machine_alias(name="live", routingConfiguration=[
            {"stateMachineVersionArn": machine["stateMachineVersionArn"], "weight": 100}])
        # A start and the failure it causes must fall in the same 10-second period.
        if time.time() % 10 > 8:
            time.sleep(10 - time.time() % 10)
        for fail in (True, False, False, False):
            sfn.start_execution(stateMachineArn=alias["stateMachineAliasArn"],
                                input=json.dumps({"fail": fail}))
        return [{"Name": "StateMachineArn", "Value": machine["stateMachineArn"]},
                {"Name": "Alias", "Value": "live"}]

    def wait_for_alarm(self, names, timeout=30):
        deadline = time.time() + timeout  # a 10-second period: within one period, plus slack
        while True:
            alarms = self.cw.describe_alarms(AlarmNames=names)["MetricAlarms"]
            if all(a["StateValue"] == "ALARM" for a in alarms) or time.time() > deadline:
                return {a["AlarmName"]: a for a in alarms}
            time.sleep(0.5)

    def test_canary_error_rate_alarm_reaches_alarm_from_real_datapoints(self):
        # From PutMetricData, and from executions through an alias (AWS/States metrics).
        self.cw.put_metric_alarm(AlarmName="canary", Metrics=error_rate_metrics(10, "Live"),
                                 EvaluationPeriods=1, Threshold=10,
                                 ComparisonOperator="GreaterThanThreshold")
        self.cw.put_metric_data(Namespace="Live", MetricData=[
            {"MetricName": "Started", "Dimensions": DIMS, "Value": 10},
            {"MetricName": "Failed", "Dimensions": DIMS, "Value": 3}])
        states = error_rate_metrics(10, "AWS/States")
        states[0]["MetricStat"]["Metric"]["MetricName"] = "ExecutionsFailed"
        states[1]["MetricStat"]["Metric"]["MetricName"] = "ExecutionsStarted"
        dims = self.start_canary_executions()
        for m in states[:2]:
            m["MetricStat"]["Metric"]["Dimensions"] = dims
        self.cw.put_metric_alarm(AlarmName="orders-canary", Metrics=states, EvaluationPeriods=1,
                                 Threshold=10, ComparisonOperator="GreaterThanThreshold")
        alarms = self.wait_for_alarm(["canary", "orders-canary"])
        alarm = alarms["canary"]
        self.assertEqual(alarm["StateValue"], "ALARM")
        self.assertRegex(alarm["StateReason"], r"^Threshold Crossed: 1 datapoint \[30\.0 \(\d\d/"
                                               r"\d\d/\d\d \d\d:\d\d:\d\d\)\] was greater than "
                                               r"the threshold \(10\.0\)\.$")
        data = json.loads(alarm["StateReasonData"])
        self.assertEqual(list(data), ["version", "queryDate", "startDate", "period",
                                      "recentDatapoints", "threshold", "evaluatedDatapoints"])
        self.assertEqual(data["period"], 10)
        self.assertEqual(data["recentDatapoints"], [30.0])
        self.assertEqual(data["evaluatedDatapoints"][0]["value"], 30.0)
        history = self.cw.describe_alarm_history(AlarmName="canary",
                                                 HistoryItemType="StateUpdate")
        self.assertTrue(any(i["HistorySummary"].endswith("to ALARM")
                            for i in history["AlarmHistoryItems"]))
        orders = alarms["orders-canary"]
        self.assertEqual(orders["StateValue"], "ALARM", orders["StateReason"])
        self.assertEqual(json.loads(orders["StateReasonData"])["recentDatapoints"], [25.0])

    def test_query_and_cbor_protocols_carry_metric_math(self):
        for protocol in ("query", "smithy-rpc-v2-cbor"):
            with self.subTest(protocol=protocol):
                client = cw_support.forced_protocol_client(self.server, protocol)
                result = self.get(error_rate_metrics(), client=client)
                (rate,) = result["MetricDataResults"]
                self.assertEqual(rate["Values"], [0.0, 0.0, 20.0, 0.0, 40.0])
                self.assertEqual(rate["Label"], "Error rate")
                name = "proto-" + protocol
                client.put_metric_alarm(AlarmName=name, Metrics=error_rate_metrics(),
                                        EvaluationPeriods=1, Threshold=10,
                                        ComparisonOperator="GreaterThanThreshold")
                (alarm,) = client.describe_alarms(AlarmNames=[name])["MetricAlarms"]
                self.assertEqual(alarm["Metrics"], error_rate_metrics())
                with self.assertRaises(botocore.exceptions.ClientError) as ctx:
                    self.get([{"Id": "e1", "Expression": "m1 +"}], client=client)
                self.assertEqual(ctx.exception.response["Error"]["Code"], "ValidationError")
                self.assertEqual(ctx.exception.response["Error"]["Message"],
                                 "Error in expression e1 [Invalid syntax]")

    def test_aws_cli(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "metrics.json")
            with open(path, "w") as f:
                json.dump(error_rate_metrics(), f)
            self.server.cli("cloudwatch", "put-metric-alarm", "--alarm-name", "cli-canary",
                            "--metrics", "file://" + path, "--evaluation-periods", "1",
                            "--threshold", "10", "--comparison-operator", "GreaterThanThreshold")
            _, out, _ = self.server.cli("cloudwatch", "describe-alarms", "--alarm-names",
                                        "cli-canary")
            self.assertEqual(out["MetricAlarms"][0]["Metrics"], error_rate_metrics())
            start = self.t0.strftime("%Y-%m-%dT%H:%M:%SZ")
            end = (self.t0 + datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
            _, out, _ = self.server.cli("cloudwatch", "get-metric-data", "--metric-data-queries",
                                        "file://" + path, "--start-time", start, "--end-time",
                                        end, "--scan-by", "TimestampAscending")
            self.assertEqual(out["MetricDataResults"][0]["Values"], [0.0, 0.0, 20.0, 0.0, 40.0])
            code, _, err = self.server.cli(
                "cloudwatch", "get-metric-data", "--metric-data-queries",
                '[{"Id": "e1", "Expression": "FOO(1)"}]', "--start-time", start, "--end-time",
                end, check=False)
            self.assertEqual(code, 255)
            self.assertEqual(err.strip(), "An error occurred (ValidationError) when calling the "
                                          "GetMetricData operation: Error in expression e1 "
                                          "[Unrecognized function FOO]")


if __name__ == "__main__":
    unittest.main()
