#!/usr/bin/env python3
"""DescribeAlarms latency while `stepshift serve` ingests random-time datapoints (issue 14 item 11).

Starts the server on a fresh --data-dir with 100 metric alarms on one metric, then --writers
processes (1) send --points datapoints for that metric at random times of the last 23 hours (PutMetricData,
1000 per request, awsJson1_0 over keep-alive connections) while a reader calls DescribeAlarms
for the 100 alarms back to back. Prints the ingest time and rate and the DescribeAlarms latency
percentiles (measured in the client, Python's own overhead included).

    python3 bench/out_of_order_load.py [--binary build/stepshift] [--points 1000000]
"""
import argparse
import http.client
import json
import multiprocessing
import os
import random
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "compat"))
import harness  # noqa: E402

TARGET = "GraniteServiceVersion20100801."


class Connection:
    def __init__(self, endpoint):
        host, port = endpoint.rsplit("/", 1)[1].split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=60)

    def call(self, operation, body):
        self.conn.request("POST", "/", body=body, headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": TARGET + operation})
        response = self.conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError("%s: %d %s" % (operation, response.status, data[:200]))
        return data


def writer(endpoint, batches, seed):
    rng = random.Random(seed)
    conn = Connection(endpoint)
    now = time.time()
    for _ in range(batches):
        data = [{"MetricName": "Latency", "Value": rng.random() * 100,
                 "Timestamp": now - rng.random() * 23 * 3600} for _ in range(1000)]
        conn.call("PutMetricData", json.dumps({"Namespace": "Bench", "MetricData": data}))


def reader(endpoint, names, stop, latencies):
    conn = Connection(endpoint)
    body = json.dumps({"AlarmNames": names, "MaxRecords": 100})
    while not stop.is_set():
        start = time.perf_counter()
        conn.call("DescribeAlarms", body)
        latencies.append(time.perf_counter() - start)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=harness.BINARY)
    parser.add_argument("--points", type=int, default=1000000)
    parser.add_argument("--writers", type=int, default=1)
    parser.add_argument("--threads", type=int, help="the server's --threads")
    args = parser.parse_args()
    harness.BINARY = args.binary
    extra = ["--threads", str(args.threads)] if args.threads else []
    with tempfile.TemporaryDirectory() as data, harness.Server(data_dir=data,
                                                               extra_args=extra) as server:
        cw = server.client("cloudwatch")
        names = ["ooo-%03d" % i for i in range(100)]
        for name in names:
            cw.put_metric_alarm(AlarmName=name, Namespace="Bench", MetricName="Latency",
                                Statistic="Average", Period=60, EvaluationPeriods=3,
                                Threshold=1e9, ComparisonOperator="GreaterThanThreshold")
        latencies, stop = [], threading.Event()
        sampler = threading.Thread(target=reader, args=(server.endpoint, names, stop, latencies))
        sampler.start()
        batches = args.points // 1000
        # Writers in their own processes: in threads, their JSON building would hold the GIL
        # and show up as DescribeAlarms latency.
        per_writer = batches // args.writers
        writers = [multiprocessing.Process(target=writer, args=(server.endpoint, per_writer, seed))
                   for seed in range(args.writers)]
        start = time.monotonic()
        for w in writers:
            w.start()
        for w in writers:
            w.join()
        elapsed = time.monotonic() - start
        stop.set()
        sampler.join()
    ms = lambda s: round(s * 1000, 2)  # noqa: E731
    points = per_writer * args.writers * 1000
    print(json.dumps({"points": points, "writers": args.writers, "ingest_s": round(elapsed, 1),
                      "points_per_s": round(points / elapsed),
                      "describe_alarms_calls": len(latencies),
                      "describe_alarms_p50_ms": ms(percentile(latencies, 50)),
                      "describe_alarms_p99_ms": ms(percentile(latencies, 99)),
                      "describe_alarms_max_ms": ms(max(latencies))}))


if __name__ == "__main__":
    main()
