#!/usr/bin/env python3
"""Load driver for TestState in `stepshift serve` (issue 10: TestState on a Pass state
>= 20,000 requests/s).

Starts the server (--memory: TestState stores nothing), checks that each request body answers
200 with the expected status, then drives TestState with wrk over keep-alive connections and
reports requests/s and latency percentiles. The bodies rotate between a Pass state at INFO, the
same at DEBUG (every inspectionData field) and a Pass with Parameters inside a full definition
(stateName); --only-info keeps the first.

The machine is shared, so requests/s swings with the other load; the driver also reports the
server's own CPU time per request (user + system, from /proc), which the other load barely moves,
and the requests/s that CPU cost allows on the machine's two cores (`cpu_bound_per_s`: what the
server could answer if wrk and the neighbours left it both cores). A control operation
(ListStateMachines on an empty server) is measured the same way for comparison.

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


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(server, target, load, seconds, connections):
    before = cpu_seconds(server.process.pid)
    result = run_wrk(server.endpoint, target, load, seconds, connections)
    used = cpu_seconds(server.process.pid) - before
    requests = result["requests_per_s"] * seconds
    result["server_cpu_us_per_request"] = round(used / requests * 1e6, 1)
    result["cpu_bound_per_s"] = round(2 * requests / used) if used else None
    return result


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
        control = measure(server, "AWSStepFunctions.ListStateMachines", ["{}"], args.seconds,
                          args.connections)
        result = measure(server, TARGET, load, args.seconds, args.connections)
        print(json.dumps(control))
        print(json.dumps(result))
        if result["errors"] or control["errors"]:
            sys.exit("wrk reported errors")


if __name__ == "__main__":
    main()
