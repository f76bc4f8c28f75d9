#!/usr/bin/env python3
"""Load driver for TestState in `stepshift serve` (issue 10: TestState on a Pass state
>= 20,000 requests/s).

Starts the server (--memory: TestState stores nothing), checks that each request body answers
200 with the expected status, then drives TestState with wrk over keep-alive connections and
reports requests/s and latency percentiles. The bodies rotate between a Pass state at INFO, the
same at DEBUG (every inspectionData field) and a Pass with Parameters inside a full definition
(stateName); --only-info keeps the first.

    python3 bench/teststate_load.py [--seconds 8] [--connections 32] [--only-info]
"""
import argparse
import json
import os
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "compat"))
import harness  # noqa: E402
from http_load import run_wrk  # noqa: E402

TARGET = "AWSStepFunctions.TestState"
PASS = {"Type": "Pass", "Parameters": {"payload.$": "$.customer.firstName"}, "Next": "Second"}
MACHINE = {"StartAt": "A", "States": {"A": dict(PASS, Next="B"), "B": {"Type": "Succeed"}}}
INPUT = json.dumps({"customer": {"firstName": "Jane", "lastName": "Doe"}})


def bodies(only_info):
    info = json.dumps({"definition": json.dumps(PASS), "input": INPUT})
    if only_info:
        return [info]
    debug = json.dumps({"definition": json.dumps(PASS), "input": INPUT,
                        "inspectionLevel": "DEBUG"})
    named = json.dumps({"definition": json.dumps(MACHINE), "stateName": "A", "input": INPUT})
    return [info, debug, named]


def check(endpoint, body):
    request = urllib.request.Request(endpoint + "/", data=body.encode(), method="POST")
    request.add_header("Content-Type", "application/x-amz-json-1.0")
    request.add_header("X-Amz-Target", TARGET)
    with urllib.request.urlopen(request, timeout=5) as response:
        out = json.loads(response.read())
    assert out["status"] == "SUCCEEDED" and out["output"] == '{"payload":"Jane"}', out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--only-info", action="store_true")
    args = parser.parse_args()
    with harness.Server() as server:
        load = bodies(args.only_info)
        for body in load:
            check(server.endpoint, body)
        result = run_wrk(server.endpoint, TARGET, load, args.seconds, args.connections)
        print(json.dumps(result))
        if result["errors"]:
            sys.exit("wrk reported %d errors" % result["errors"])


if __name__ == "__main__":
    main()
