"""The same CloudWatch operations over the three wire protocols: awsJson1_0 (boto3's default),
the query protocol and Smithy RPC v2 CBOR, both from botocore forced onto them and from raw HTTP;
plus the gzip request encoding botocore uses for large PutMetricData bodies."""
import datetime
import gzip
import json
import unittest
import xml.etree.ElementTree as ET

import test_cloudwatch_support as cw_support
import harness

CBOR_PATH = "/service/GraniteServiceVersion20100801/operation/"
CBOR_HEADERS = {"Content-Type": "application/cbor", "Accept": "application/cbor",
                "smithy-protocol": "rpc-v2-cbor", "x-amzn-query-mode": "true"}
NS = "{http://monitoring.amazonaws.com/doc/2010-08-01/}"


class ForcedProtocolTest(harness.ServerTestCase):
    def exercise(self, client, prefix):
        start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
        client.put_metric_data(Namespace="Proto", MetricData=[
            {"MetricName": prefix, "Value": 4, "Unit": "Count",
             "Dimensions": [{"Name": "P", "Value": prefix}]}])
        points = client.get_metric_statistics(
            Namespace="Proto", MetricName=prefix, Dimensions=[{"Name": "P", "Value": prefix}],
            StartTime=start, EndTime=start + datetime.timedelta(minutes=10), Period=600,
            Statistics=["Sum"])["Datapoints"]
        self.assertEqual(points[0]["Sum"], 4.0)
        self.assertIsInstance(points[0]["Timestamp"], datetime.datetime)
        pct = client.get_metric_statistics(
            Namespace="Proto", MetricName=prefix, Dimensions=[{"Name": "P", "Value": prefix}],
            StartTime=start, EndTime=start + datetime.timedelta(minutes=10), Period=600,
            ExtendedStatistics=["p90"])["Datapoints"]
        self.assertEqual(pct[0]["ExtendedStatistics"], {"p90": 4.0})
        client.put_metric_alarm(AlarmName=prefix + "-alarm", MetricName=prefix,
                                Namespace="Proto", Statistic="Sum", Period=60,
                                EvaluationPeriods=1, Threshold=1,
                                ComparisonOperator="GreaterThanThreshold",
                                Tags=[{"Key": "k", "Value": "v"}])
        alarms = client.describe_alarms(AlarmNames=[prefix + "-alarm"])["MetricAlarms"]
        self.assertEqual(alarms[0]["Threshold"], 1.0)
        self.assertIsInstance(alarms[0]["StateUpdatedTimestamp"], datetime.datetime)
        client.set_alarm_state(AlarmName=prefix + "-alarm", StateValue="ALARM",
                               StateReason="x")
        # The server's own evaluation may add a state change of its own at any moment, so the
        # history is checked for what this test caused, not for an exact length.
        items = client.describe_alarm_history(AlarmName=prefix + "-alarm")["AlarmHistoryItems"]
        self.assertEqual({item["HistoryItemType"] for item in items},
                         {"ConfigurationUpdate", "StateUpdate"})
        self.assertTrue(any(item["HistorySummary"].endswith(" to ALARM") for item in items))
        tags = client.list_tags_for_resource(ResourceARN=alarms[0]["AlarmArn"])["Tags"]
        self.assertEqual(tags, [{"Key": "k", "Value": "v"}])
        with self.assertRaises(client.exceptions.ResourceNotFound):
            client.set_alarm_state(AlarmName="nope", StateValue="OK", StateReason="x")
        with self.assertRaises(client.exceptions.InvalidParameterValueException):
            client.put_metric_alarm(AlarmName="bad", MetricName="m", Namespace="n",
                                    Statistic="Sum", Period=7, EvaluationPeriods=1,
                                    Threshold=1, ComparisonOperator="GreaterThanThreshold")
        client.delete_alarms(AlarmNames=[prefix + "-alarm"])

    def test_query_protocol(self):
        self.exercise(cw_support.forced_protocol_client(self.server, "query"), "query")

    def test_cbor_protocol(self):
        self.exercise(cw_support.forced_protocol_client(self.server, "smithy-rpc-v2-cbor"),
                      "cbor")


class RawProtocolTest(harness.ServerTestCase):
    def test_raw_cbor_round_trip(self):
        body = cw_support.cbor_encode({"Namespace": "Raw", "MetricData": [
            {"MetricName": "M", "Value": 2.5, "Dimensions": [{"Name": "a", "Value": "b"}]}]})
        status, headers, reply = cw_support.post(self.server, CBOR_PATH + "PutMetricData", body,
                                                 CBOR_HEADERS)
        self.assertEqual(status, 200, reply)
        self.assertEqual(headers["content-type"], "application/cbor")
        body = cw_support.cbor_encode({"Namespace": "Raw"})
        status, _, reply = cw_support.post(self.server, CBOR_PATH + "ListMetrics", body,
                                           CBOR_HEADERS)
        self.assertEqual(status, 200)
        self.assertEqual(cw_support.cbor_decode(reply)["Metrics"],
                         [{"Namespace": "Raw", "MetricName": "M",
                           "Dimensions": [{"Name": "a", "Value": "b"}]}])
        # Timestamps come back as tag 1 (epoch seconds).
        body = cw_support.cbor_encode({"AlarmName": "raw", "MetricName": "M", "Namespace": "Raw",
                                       "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 1,
                                       "Threshold": 1.0,
                                       "ComparisonOperator": "GreaterThanThreshold"})
        status, _, _ = cw_support.post(self.server, CBOR_PATH + "PutMetricAlarm", body,
                                       CBOR_HEADERS)
        self.assertEqual(status, 200)
        status, _, reply = cw_support.post(self.server, CBOR_PATH + "DescribeAlarms",
                                           cw_support.cbor_encode({"AlarmNames": ["raw"]}),
                                           CBOR_HEADERS)
        alarm = cw_support.cbor_decode(reply)["MetricAlarms"][0]
        self.assertEqual(alarm["StateUpdatedTimestamp"][:2], ("tag", 1))

    def test_raw_cbor_errors(self):
        status, headers, reply = cw_support.post(self.server, CBOR_PATH + "SetAlarmState",
                                                 cw_support.cbor_encode({"AlarmName": "no",
                                                                         "StateValue": "OK",
                                                                         "StateReason": "x"}),
                                                 CBOR_HEADERS)
        self.assertEqual(status, 404)
        self.assertEqual(headers["x-amzn-query-error"], "ResourceNotFound;Sender")
        self.assertEqual(cw_support.cbor_decode(reply)["__type"], "ResourceNotFound")
        for body in (b"\xff\x00garbage", b"\xbf\x61", b"\x9b" + b"\xff" * 8):
            status, _, reply = cw_support.post(self.server, CBOR_PATH + "DescribeAlarms", body,
                                               CBOR_HEADERS)
            self.assertEqual(status, 400, body)
            self.assertEqual(cw_support.cbor_decode(reply)["__type"], "SerializationException")
        status, _, _ = cw_support.post(self.server, CBOR_PATH + "NoSuchOperation", b"",
                                       CBOR_HEADERS)
        self.assertEqual(status, 400)

    def test_raw_query_protocol(self):
        form = ("Action=PutMetricData&Version=2010-08-01&Namespace=Q&MetricData.member.1."
                "MetricName=M&MetricData.member.1.Value=7&MetricData.member.1.Dimensions.member."
                "1.Name=a&MetricData.member.1.Dimensions.member.1.Value=b%20c")
        status, _, reply = cw_support.post(self.server, "/", form.encode(),
                                           {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 200, reply)
        status, headers, reply = cw_support.post(
            self.server, "/", b"Action=ListMetrics&Version=2010-08-01&Namespace=Q",
            {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 200)
        root = ET.fromstring(reply)
        self.assertEqual(root.tag, NS + "ListMetricsResponse")
        value = root.find(".//%sDimensions/%smember/%sValue" % (NS, NS, NS))
        self.assertEqual(value.text, "b c")
        status, _, reply = cw_support.post(
            self.server, "/", b"Action=DescribeAlarms&Version=2010-08-01&MaxRecords=0",
            {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 400)
        error = ET.fromstring(reply)
        self.assertEqual(error.find(".//%sCode" % NS).text, "InvalidParameterValue")
        self.assertEqual(error.find(".//%sType" % NS).text, "Sender")
        status, _, reply = cw_support.post(
            self.server, "/", b"Action=Frobnicate&Version=2010-08-01",
            {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>InvalidAction</Code>", reply)

    # Issue 14 item 12: an operation CloudWatch has and serve does not implement is
    # UnknownOperationException naming it, in every protocol.
    def test_unimplemented_operations_are_named(self):
        from botocore.exceptions import ClientError
        message = "stepshift serve does not implement the operation %s"
        for protocol in ("smithy-rpc-v2-cbor", "json", "query"):
            with self.subTest(protocol):
                cw = cw_support.forced_protocol_client(self.server, protocol)
                with self.assertRaises(ClientError) as caught:
                    cw.put_dashboard(DashboardName="d", DashboardBody="{}")
                error = caught.exception.response["Error"]
                self.assertEqual(error["Code"], "UnknownOperationException")
                self.assertIn(message % "PutDashboard", error["Message"])

    def test_gzip_request_bodies(self):
        # botocore compresses PutMetricData bodies of 10240 bytes or more; the server must see
        # the decompressed JSON.
        data = [{"MetricName": "Zipped", "Value": float(i)} for i in range(500)]
        raw = json.dumps({"Namespace": "Gz", "MetricData": data}).encode()
        self.assertGreaterEqual(len(raw), 10240)
        status, _, reply = cw_support.post(
            self.server, "/", gzip.compress(raw),
            {"Content-Type": "application/x-amz-json-1.0", "Content-Encoding": "gzip",
             "X-Amz-Target": "GraniteServiceVersion20100801.PutMetricData"})
        self.assertEqual(status, 200, reply)
        client = self.server.client("cloudwatch")
        start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
        points = client.get_metric_statistics(
            Namespace="Gz", MetricName="Zipped", StartTime=start,
            EndTime=start + datetime.timedelta(minutes=10), Period=600,
            Statistics=["SampleCount", "Sum"])["Datapoints"]
        self.assertEqual(points[0]["SampleCount"], 500)
        self.assertEqual(points[0]["Sum"], sum(range(500)))

    def test_json_errors_carry_the_query_error_header(self):
        status, headers, reply = cw_support.post(
            self.server, "/", b"{not json",
            {"Content-Type": "application/x-amz-json-1.0",
             "X-Amz-Target": "GraniteServiceVersion20100801.DescribeAlarms"})
        self.assertEqual(status, 400)
        status, headers, reply = cw_support.post(
            self.server, "/", b'{"AlarmNames": "not-a-list"}',
            {"Content-Type": "application/x-amz-json-1.0",
             "X-Amz-Target": "GraniteServiceVersion20100801.DescribeAlarms"})
        self.assertEqual(status, 400)
        self.assertEqual(headers["x-amzn-query-error"], "InvalidParameterValue;Sender")
        self.assertEqual(json.loads(reply)["__type"], "InvalidParameterValueException")


if __name__ == "__main__":
    unittest.main()
