#!/usr/bin/env python3
"""The SQLite WAL of `stepshift serve --data-dir` under a sustained write load (issue 14 item 10).

Starts the server on a fresh data directory, drives UpdateStateMachineAlias with wrk (durable
writes: each response waits for its commit) for --seconds, and samples the size of
stepshift.db-wal every 0.5 s. Prints the largest and the last size seen, and the write rate.

    python3 bench/wal_size.py [--binary build/stepshift] [--seconds 60] [--connections 32]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_load  # noqa: E402
from http_load import harness  # noqa: E402


def sample(path, stop, sizes):
    while not stop.is_set():
        try:
            sizes.append(os.path.getsize(path))
        except OSError:
            pass
        time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=harness.BINARY)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    harness.BINARY = args.binary
    with tempfile.TemporaryDirectory() as data, harness.Server(data_dir=data) as server:
        sfn = server.client("stepfunctions")
        sm = sfn.create_state_machine(name="wal", definition=http_load.DEFINITION,
                                      roleArn=http_load.ROLE, publish=True)["stateMachineArn"]
        v2 = sfn.update_state_machine(stateMachineArn=sm, definition=http_load.definition("v2"),
                                      publish=True)["stateMachineVersionArn"]
        alias = sfn.create_state_machine_alias(name="live", routingConfiguration=[
            {"stateMachineVersionArn": sm + ":1", "weight": 100}])["stateMachineAliasArn"]
        updates = [json.dumps({"stateMachineAliasArn": alias, "description": "x" * 200,
                               "routingConfiguration": [
                                   {"stateMachineVersionArn": sm + ":1", "weight": 100 - w},
                                   {"stateMachineVersionArn": v2, "weight": w}]})
                   for w in range(1, 100)]
        sizes, stop = [], threading.Event()
        sampler = threading.Thread(target=sample,
                                   args=(os.path.join(data, "stepshift.db-wal"), stop, sizes))
        sampler.start()
        result = http_load.run_wrk(server.endpoint, "AWSStepFunctions.UpdateStateMachineAlias",
                                   updates, args.seconds, args.connections)
        stop.set()
        sampler.join()
    mb = 1024 * 1024
    print(json.dumps({"seconds": args.seconds, "writes_per_s": result["requests_per_s"],
                      "p99_ms": result["p99_ms"], "errors": result["errors"],
                      "wal_max_mb": round(max(sizes) / mb, 2), "wal_last_mb": round(sizes[-1] / mb, 2),
                      "samples_mb": [round(s / mb, 1) for s in sizes[::max(1, len(sizes) // 12)]]}))


if __name__ == "__main__":
    main()
