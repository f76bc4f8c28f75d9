#!/usr/bin/env python3
"""Load driver for executions in `stepshift serve` (issue 9's speed and memory targets).

throughput: StartExecution through an alias (90/10 over two versions) of a 3-state Pass machine,
  --data-dir (durable), wrk with 32 keep-alive connections, as fast as they go or paced to
  --rate starts/s. Reports StartExecution requests/s and
  latency, then waits until every started execution has completed and reports executions started
  *and completed* per second (wall time from the first start to the last completion), and checks
  that every history is in SQLite. Run with --no-metrics-check to skip the AWS/States check.
waiting: starts --waiting executions that sit in a one-hour Wait state, reports resident memory,
  measures StartExecution latency meanwhile, then kills the server (SIGKILL), restarts it on the
  same directory, and checks that every execution resumes and finishes on time (with a wait
  short enough to end during the run).

    python3 bench/executions_load.py throughput [--seconds 10] [--connections 32] [--rate 5000]
    python3 bench/executions_load.py waiting [--waiting 100000]
"""
import argparse
import asyncio
import json
import os
import re
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "compat"))
import harness  # noqa: E402
from http_load import run_wrk  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/bench"


def pass_machine(comment):
    return json.dumps({"Comment": comment, "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Pass", "Result": {"ok": True}, "ResultPath": "$.r", "Next": "C"},
        "C": {"Type": "Pass", "End": True}}})


def wait_machine(seconds):
    return json.dumps({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": seconds, "Next": "P"},
        "P": {"Type": "Pass", "End": True}}})


def start_server(data):
    return harness.Server(data_dir=data).start()


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0


def count_rows(data, sql):
    db = sqlite3.connect(os.path.join(data, "executions.db"))
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.close()


async def _post_many(endpoint, target, body, count, connections):
    """Sends `count` POSTs over `connections` keep-alive connections; returns the latencies."""
    host, port = endpoint[len("http://"):].rsplit(":", 1)
    request = ("POST / HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/x-amz-json-1.0\r\n"
               "X-Amz-Target: %s\r\nContent-Length: %d\r\n\r\n%s" % (
                   host, port, target, len(body), body)).encode()
    latencies = []
    remaining = [count]

    async def worker():
        reader, writer = await asyncio.open_connection(host, int(port))
        while remaining[0] > 0:
            remaining[0] -= 1
            began = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                raise SystemExit("request failed: %r" % head[:80])
            length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - began)
        writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return latencies


def post_many(endpoint, target, body, count, connections=32):
    """`count` requests as fast as the server takes them: requests/s and latency percentiles."""
    began = time.time()
    latencies = sorted(asyncio.run(_post_many(endpoint, target, body, count, connections)))
    seconds = time.time() - began

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000, 3)
    return {"requests": count, "requests_per_s": round(count / seconds), "p50_ms": pct(50),
            "p99_ms": pct(99), "p99.9_ms": pct(99.9)}


def lateness(sfn, machine_arn, wait):
    """How long after its due time (start + wait) each execution finished, in seconds."""
    late = []
    for page in sfn.get_paginator("list_executions").paginate(stateMachineArn=machine_arn,
                                                              PaginationConfig={"PageSize": 1000}):
        for e in page["executions"]:
            late.append(round((e["stopDate"] - e["startDate"]).total_seconds() - wait, 3))
    return late


def wait_all_closed(sfn, machine_arn, expected, timeout=600):
    """Polls until `expected` executions of the machine are closed; returns the time."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        running = sfn.list_executions(stateMachineArn=machine_arn, statusFilter="RUNNING",
                                      maxResults=1)["executions"]
        if not running:
            return time.time()
        time.sleep(0.05)
    raise SystemExit("executions still running after %d s" % timeout)


def throughput(args):
    with tempfile.TemporaryDirectory() as data:
        server = start_server(data)
        endpoint = server.endpoint
        try:
            sfn = server.client("stepfunctions")
            sm = sfn.create_state_machine(name="bench", definition=pass_machine("v1"),
                                          roleArn=ROLE, publish=True)
            v2 = sfn.update_state_machine(stateMachineArn=sm["stateMachineArn"],
                                          definition=pass_machine("v2"), publish=True)
            alias = sfn.create_state_machine_alias(name="live", routingConfiguration=[
                {"stateMachineVersionArn": sm["stateMachineVersionArn"], "weight": 90},
                {"stateMachineVersionArn": v2["stateMachineVersionArn"], "weight": 10}])
            body = json.dumps({"stateMachineArn": alias["stateMachineAliasArn"],
                               "input": json.dumps({"order": 1})})
            begin = time.time()
            # --rate: each connection waits connections/rate s between requests (less the
            # response time, which is small below saturation).
            delay_ms = round(args.connections * 1000 / args.rate) if args.rate else 0
            result = run_wrk(endpoint, "AWSStepFunctions.StartExecution", [body], args.seconds,
                             args.connections, delay_ms=delay_ms)
            done = wait_all_closed(sfn, sm["stateMachineArn"], result)
            started = count_rows(data, "SELECT COUNT(*) FROM sfn_executions")
            succeeded = count_rows(data, "SELECT COUNT(*) FROM sfn_executions WHERE status = 1")
            events = count_rows(data, "SELECT COUNT(*) FROM sfn_events")
            result.update({
                "executions": started, "succeeded_on_disk": succeeded, "events_on_disk": events,
                "completed_per_s": round(started / (done - begin)),
                "rss_mb": round(rss_mb(server.process.pid))})
            print(json.dumps(result))
        finally:
            server.stop()


def waiting(args):
    with tempfile.TemporaryDirectory() as data:
        server = start_server(data)
        endpoint = server.endpoint
        sfn = server.client("stepfunctions")
        sm = sfn.create_state_machine(name="waits", definition=wait_machine(args.wait),
                                      roleArn=ROLE)
        body = json.dumps({"stateMachineArn": sm["stateMachineArn"], "input": "{}"})
        filled = post_many(endpoint, "AWSStepFunctions.StartExecution", body, args.waiting,
                           args.connections)
        print(json.dumps({"phase": "fill", **filled}), flush=True)
        time.sleep(2)
        rss = rss_mb(server.process.pid)
        during = post_many(endpoint, "AWSStepFunctions.StartExecution", body, 5000, 4)
        print(json.dumps({"phase": "while waiting", "rss_mb": round(rss), **during}), flush=True)
        server.process.kill()
        server.stop()
        total = count_rows(data, "SELECT COUNT(*) FROM sfn_executions")
        restart = time.time()
        server = start_server(data)
        ready = time.time() - restart
        try:
            sfn = server.client("stepfunctions")
            wait_all_closed(sfn, sm["stateMachineArn"], total)
            late = sorted(lateness(sfn, sm["stateMachineArn"], args.wait))
            print(json.dumps({"phase": "after SIGKILL", "executions": total,
                              "restart_to_ready_s": round(ready, 2),
                              "succeeded": count_rows(
                                  data, "SELECT COUNT(*) FROM sfn_executions WHERE status = 1"),
                              "late_p50_s": late[len(late) // 2],
                              "late_p99_s": late[int(len(late) * 0.99)],
                              "late_max_s": late[-1]}))
        finally:
            server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["throughput", "waiting"])
    parser.add_argument("--binary", default=harness.BINARY)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rate", type=int, default=0,
                        help="throughput: pace the connections to about this many starts/s "
                             "(0: as fast as they go)")
    parser.add_argument("--waiting", type=int, default=100000)
    parser.add_argument("--wait", type=int, default=120, help="seconds each waiting execution waits")
    args = parser.parse_args()
    harness.BINARY = args.binary
    throughput(args) if args.mode == "throughput" else waiting(args)


if __name__ == "__main__":
    main()
