"""CloudWatch metrics through boto3 and the AWS CLI: PutMetricData in all its forms,
GetMetricStatistics (with percentiles), GetMetricData, ListMetrics, and their errors."""
import datetime
import unittest

import botocore.exceptions

import harness

UTC = datetime.timezone.utc


def now():
    return datetime.datetime.now(UTC)


class MetricsTest(harness.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cw = cls.server.client("cloudwatch")

    def stats(self, name, dims=(), **kwargs):
        args = dict(Namespace="Shop", MetricName=name, Dimensions=list(dims),
                    StartTime=now() - datetime.timedelta(minutes=10),
                    EndTime=now() + datetime.timedelta(minutes=1), Period=600)
        args.update(kwargs)
        return self.cw.get_metric_statistics(**args)["Datapoints"]

    def test_values_counts_and_statistic_sets(self):
        dims = [{"Name": "Service", "Value": "cart"}]
        self.cw.put_metric_data(Namespace="Shop", MetricData=[
            {"MetricName": "Latency", "Dimensions": dims, "Value": 100, "Unit": "Milliseconds"},
            {"MetricName": "Latency", "Dimensions": dims, "Values": [10, 20, 30],
             "Counts": [1, 2, 7], "Unit": "Milliseconds", "StorageResolution": 1},
            {"MetricName": "Latency", "Dimensions": dims, "Unit": "Milliseconds",
             "StatisticValues": {"SampleCount": 4, "Sum": 40, "Minimum": 1, "Maximum": 19}},
        ])
        (point,) = self.stats("Latency", dims, Statistics=["SampleCount", "Sum", "Minimum",
                                                            "Maximum", "Average"])
        self.assertEqual(point["SampleCount"], 15)
        self.assertEqual(point["Sum"], 400)
        self.assertEqual(point["Minimum"], 1)
        self.assertEqual(point["Maximum"], 100)
        self.assertAlmostEqual(point["Average"], 400 / 15)
        self.assertEqual(point["Unit"], "Milliseconds")
        self.assertIsInstance(point["Timestamp"], datetime.datetime)

    def test_percentiles(self):
        self.cw.put_metric_data(Namespace="Shop", MetricData=[
            {"MetricName": "Size", "Values": list(range(1, 101))}])
        (point,) = self.stats("Size", ExtendedStatistics=["p50", "p99", "p99.9"])
        self.assertEqual(point["ExtendedStatistics"], {"p50": 50.0, "p99": 99.0, "p99.9": 100.0})

    def test_get_metric_data_and_list_metrics(self):
        start = now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=3)
        self.cw.put_metric_data(Namespace="Orders", MetricData=[
            {"MetricName": "Placed", "Dimensions": [{"Name": "Region", "Value": "eu"}],
             "Timestamp": start + datetime.timedelta(minutes=i, seconds=5), "Value": i}
            for i in range(3)])
        result = self.cw.get_metric_data(
            MetricDataQueries=[{"Id": "placed", "MetricStat": {
                "Metric": {"Namespace": "Orders", "MetricName": "Placed",
                           "Dimensions": [{"Name": "Region", "Value": "eu"}]},
                "Period": 60, "Stat": "Sum"}}],
            StartTime=start, EndTime=start + datetime.timedelta(minutes=5))
        (series,) = result["MetricDataResults"]
        self.assertEqual(series["Id"], "placed")
        self.assertEqual(series["Label"], "Placed")
        self.assertEqual(series["StatusCode"], "Complete")
        self.assertEqual(series["Values"], [2.0, 1.0, 0.0])  # newest first by default
        self.assertEqual(series["Timestamps"][2], start)
        listed = self.cw.list_metrics(Namespace="Orders")["Metrics"]
        self.assertEqual(listed, [{"Namespace": "Orders", "MetricName": "Placed",
                                   "Dimensions": [{"Name": "Region", "Value": "eu"}]}])
        by_dim = self.cw.list_metrics(Dimensions=[{"Name": "Region"}])["Metrics"]
        self.assertIn("Placed", [m["MetricName"] for m in by_dim])

    def test_large_batches_arrive_gzipped_and_intact(self):
        # 1000 datums is far above botocore's 10240-byte compression threshold.
        data = [{"MetricName": "Bulk", "Value": 1.0,
                 "Dimensions": [{"Name": "Shard", "Value": "s%03d" % (i % 10)}]}
                for i in range(1000)]
        self.cw.put_metric_data(Namespace="BulkNs", MetricData=data)
        total = sum(self.stats("Bulk", [{"Name": "Shard", "Value": "s%03d" % s}],
                               Namespace="BulkNs", Statistics=["SampleCount"])[0]["SampleCount"]
                    for s in range(10))
        self.assertEqual(total, 1000)

    def test_bad_input_gets_cloudwatch_errors(self):
        cases = [
            (dict(Namespace="Shop", MetricData=[{"MetricName": "M", "Value": 1,
                                                 "Values": [1.0]}]),
             "InvalidParameterCombination"),
            (dict(Namespace="Shop", MetricData=[{"MetricName": "M", "Values": [1.0, 2.0],
                                                 "Counts": [1.0]}]), "InvalidParameterValue"),
            (dict(Namespace="AWS/EC2", MetricData=[{"MetricName": "M", "Value": 1}]),
             "InvalidParameterValue"),
            (dict(Namespace="Shop", MetricData=[{"MetricName": "M", "Value": 1,
                                                 "StorageResolution": 5}]),
             "InvalidParameterValue"),
            (dict(Namespace="Shop", MetricData=[
                {"MetricName": "M", "Value": 1,
                 "Dimensions": [{"Name": "d%d" % i, "Value": "v"} for i in range(31)]}]),
             "InvalidParameterValue"),
        ]
        for args, code in cases:
            with self.subTest(code=code), self.assertRaises(
                    botocore.exceptions.ClientError) as ctx:
                self.cw.put_metric_data(**args)
            self.assertEqual(ctx.exception.response["Error"]["Code"], code)
        with self.assertRaises(self.cw.exceptions.InvalidParameterCombinationException):
            self.stats("Latency", Statistics=["Sum"], ExtendedStatistics=["p50"])
        with self.assertRaises(self.cw.exceptions.InvalidParameterValueException):
            self.stats("Latency", Statistics=["Sum"], Period=45)
        with self.assertRaises(self.cw.exceptions.InvalidParameterValueException):
            self.stats("Latency", ExtendedStatistics=["p101"])

    def test_aws_cli(self):
        self.server.cli("cloudwatch", "put-metric-data", "--namespace", "Cli", "--metric-name",
                        "Hits", "--value", "3", "--unit", "Count")
        start = (now() - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
        end = (now() + datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        _, out, _ = self.server.cli("cloudwatch", "get-metric-statistics", "--namespace", "Cli",
                                    "--metric-name", "Hits", "--start-time", start,
                                    "--end-time", end, "--period", "360", "--statistics", "Sum")
        self.assertEqual(out["Datapoints"][0]["Sum"], 3.0)
        self.assertEqual(out["Datapoints"][0]["Unit"], "Count")
        _, out, _ = self.server.cli("cloudwatch", "list-metrics", "--namespace", "Cli")
        self.assertEqual(out["Metrics"][0]["MetricName"], "Hits")
        code, _, err = self.server.cli("cloudwatch", "get-metric-statistics", "--namespace",
                                       "Cli", "--metric-name", "Hits", "--start-time", end,
                                       "--end-time", start, "--period", "60", "--statistics",
                                       "Sum", check=False)
        self.assertNotEqual(code, 0)
        self.assertIn("InvalidParameterValue", err)


if __name__ == "__main__":
    unittest.main()
