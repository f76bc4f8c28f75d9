#!/usr/bin/env python3
"""Verdict-only rollback latency of `stepshift deploy` against `stepshift serve` (issue 12, Speed).

For each run: a fresh state machine with v1 live and a v2 that fails 30 % of its inputs (a Choice
on the input sends them to a Fail state); a traffic thread starts executions through the alias at
--rate per second; `stepshift deploy` canaries v2 at 10 % with --alarm-polling 1 and no alarm at
all. We poll the alias every 5 ms until it routes 100 % to v1, then take the stopDate of v2's
first FAILED execution from ListExecutions. The latency is from that first failure to the first
read of the restored routing. Target: <= 10 s at 20 executions/s.

    python3 bench/deploy_verdict_latency.py [--runs 10] [--rate 20] [--min-executions 10]
                                            [--interval 120]
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "compat"))
from harness import BINARY, DUMMY_ENV, REGION, Server  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/bench"
V1 = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
V2 = json.dumps({"StartAt": "Check", "States": {
    "Check": {"Type": "Choice",
              "Choices": [{"Variable": "$.bug", "BooleanEquals": True, "Next": "Crash"}],
              "Default": "P"},
    "Crash": {"Type": "Fail", "Error": "OrderError"},
    "P": {"Type": "Pass", "End": True}}})


def traffic(sfn, alias, rate, stop):
    """Starts executions through the alias at `rate` per second; 30 % of inputs hit the bug."""
    rng = random.Random(1)
    next_start = time.monotonic()
    while not stop.is_set():
        sfn.start_execution(stateMachineArn=alias,
                            input=json.dumps({"bug": rng.random() < 0.3}))
        next_start += 1.0 / rate
        time.sleep(max(0.0, next_start - time.monotonic()))


def one_run(server, sfn, index, rate, min_executions, interval):
    name = "vbench%d" % index
    created = sfn.create_state_machine(name=name, definition=V1, roleArn=ROLE, publish=True)
    arn, v1 = created["stateMachineArn"], created["stateMachineVersionArn"]
    alias = sfn.create_state_machine_alias(
        name="live", routingConfiguration=[{"stateMachineVersionArn": v1, "weight": 100}]
    )["stateMachineAliasArn"]
    sfn.update_state_machine(stateMachineArn=arn, definition=V2)
    stop = threading.Event()
    thread = threading.Thread(target=traffic, args=(sfn, alias, rate, stop), daemon=True)
    thread.start()
    env = dict(os.environ, **DUMMY_ENV)
    proc = subprocess.Popen(
        [BINARY, "deploy", "--state-machine", name, "--alias", "live", "--region", REGION,
         "--endpoint-url", server.endpoint, "--strategy", "canary", "--increment", "10",
         "--interval", str(interval), "--alarm-polling", "1", "--min-executions", str(min_executions),
         "--publish-revision", "--output", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            routing = sfn.describe_state_machine_alias(stateMachineAliasArn=alias)[
                "routingConfiguration"]
            if len(routing) == 2:
                break
            time.sleep(0.005)
        while time.monotonic() < deadline:
            routing = sfn.describe_state_machine_alias(stateMachineAliasArn=alias)[
                "routingConfiguration"]
            if len(routing) == 1 and routing[0]["stateMachineVersionArn"] == v1:
                restored = time.time()
                break
            time.sleep(0.005)
        else:
            raise RuntimeError("no rollback within 60 s")
    finally:
        stop.set()
        thread.join()
    out, err = proc.communicate(timeout=20)
    if proc.returncode != 1:
        raise RuntimeError("deploy exited %d: %s" % (proc.returncode, err))
    failed = sfn.list_executions(stateMachineArn=arn + ":2", statusFilter="FAILED",
                                 maxResults=1000)["executions"]
    first = min(e["stopDate"].timestamp() for e in failed)
    return restored - first


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--min-executions", type=int, default=10)
    parser.add_argument("--interval", type=int, default=120)
    args = parser.parse_args()
    with Server() as server:
        sfn = server.client("stepfunctions")
        latencies = sorted(one_run(server, sfn, i, args.rate, args.min_executions, args.interval)
                           for i in range(args.runs))
    print("runs=%d rate=%g/s canary=10%% failing=30%% min_executions=%d interval=%ds" % (
        args.runs, args.rate, args.min_executions, args.interval))
    print("first failure -> alias restored, s (sorted): %s" % [round(x, 2) for x in latencies])
    print("min %.2f  p50 %.2f  max %.2f s" % (latencies[0], statistics.median(latencies),
                                              latencies[-1]))
    within = sum(1 for x in latencies if x <= 10)
    print("within 10 s: %d/%d" % (within, args.runs))
    return 0 if within == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
