#!/usr/bin/env python3
"""HTTP load driver for `stepshift serve`: the speed targets of issues 2 and 3 that are measured
over HTTP.

Starts the server on a fresh --data-dir (durable writes), sets up a state machine with two
versions and an alias, one with 1000 versions and 100 CloudWatch alarms, then drives it with wrk
(32 keep-alive connections; one for the version listing) and reports requests/s and latency
percentiles. Also measures start-to-ready time and idle resident memory.

    python3 bench/http_load.py [--binary build/stepshift] [--seconds 10] [--connections 32]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "compat"))
import harness  # noqa: E402

DEFINITION = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})


def definition(comment):
    return json.dumps({"Comment": comment, "StartAt": "P",
                       "States": {"P": {"Type": "Pass", "End": True}}})
ROLE = "arn:aws:iam::123456789012:role/bench"

LUA_TEMPLATE = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "%(target)s"
local bodies = %(bodies)s
local i = 0
request = function()
  i = i + 1
  return wrk.format(nil, nil, nil, bodies[(i %% #bodies) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%.0f %%.0f %%.0f %%d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
end
"""


def lua_list(bodies):
    return "{" + ",".join("[==[%s]==]" % b for b in bodies) + "}"


def run_wrk(endpoint, target, bodies, seconds, connections, threads=2, delay_ms=0):
    """delay_ms > 0 paces each connection: it waits that long after each response before the
    next request, so the offered rate is about connections * 1000 / (delay_ms + latency)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA_TEMPLATE % {"target": target, "bodies": lua_list(bodies)})
        if delay_ms > 0:
            f.write("delay = function() return %d end\n" % delay_ms)
        script = f.name
    try:
        out = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds,
                              "-s", script, endpoint], capture_output=True, text=True,
                             check=True).stdout
    finally:
        os.unlink(script)
    m = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    requests, micros, p50, p99, p999, errors = map(int, m.groups())
    return {"op": target.split(".")[-1], "connections": connections, "requests_per_s": round(requests / (micros / 1e6)),
            "p50_ms": p50 / 1000, "p99_ms": p99 / 1000, "p99.9_ms": p999 / 1000, "errors": errors}


def measure_start(binary):
    """Seconds from exec to the ready line, and idle VmRSS in MB after the server settles."""
    with tempfile.TemporaryDirectory() as data:
        start = time.monotonic()
        proc = subprocess.Popen([binary, "serve", "--port", "0", "--data-dir", data],
                                stdout=subprocess.PIPE, text=True)
        proc.stdout.readline()
        ready = time.monotonic() - start
        time.sleep(1)
        with open("/proc/%d/status" % proc.pid) as f:
            rss_kb = int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
        proc.terminate()
        proc.wait()
    return {"start_to_ready_ms": round(ready * 1000, 1), "idle_rss_mb": round(rss_kb / 1024, 1)}


def setup(sfn):
    sm = sfn.create_state_machine(name="bench", definition=DEFINITION, roleArn=ROLE,
                                  publish=True)["stateMachineArn"]
    v2 = sfn.update_state_machine(stateMachineArn=sm, definition=definition("v2"),
                                  publish=True)["stateMachineVersionArn"]
    alias = sfn.create_state_machine_alias(
        name="live", routingConfiguration=[{"stateMachineVersionArn": sm + ":1", "weight": 100}]
    )["stateMachineAliasArn"]
    many = sfn.create_state_machine(name="many", definition=DEFINITION, roleArn=ROLE)[
        "stateMachineArn"]
    for i in range(1000):
        sfn.update_state_machine(stateMachineArn=many, definition=definition("v%d" % i),
                                 publish=True)
    return sm, v2, alias, many


def setup_alarms(cloudwatch):
    """100 metric alarms, as a deployment watching many alarms asks for them in one call."""
    names = ["bench-alarm-%03d" % i for i in range(100)]
    for name in names:
        cloudwatch.put_metric_alarm(
            AlarmName=name, Namespace="Bench", MetricName="Errors", Statistic="Sum", Period=60,
            EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold")
    return names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=harness.BINARY)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--only", help="run just this operation's load")
    parser.add_argument("--threads", type=int, help="the server's --threads")
    args = parser.parse_args()
    harness.BINARY = args.binary

    results = [] if args.only else [measure_start(args.binary)]
    with tempfile.TemporaryDirectory() as data, harness.Server(
            data_dir=data, extra_args=["--threads", str(args.threads)] if args.threads else []
    ) as server:
        sm, v2, alias, many = setup(server.client("stepfunctions"))
        alarms = setup_alarms(server.client("cloudwatch"))
        describe = [json.dumps({"stateMachineAliasArn": alias})]
        updates = [json.dumps({"stateMachineAliasArn": alias, "routingConfiguration": [
            {"stateMachineVersionArn": sm + ":1", "weight": 100 - w},
            {"stateMachineVersionArn": v2, "weight": w}]}) for w in range(1, 100)]
        versions = [json.dumps({"stateMachineArn": many, "maxResults": 100})]
        describe_alarms = [json.dumps({"AlarmNames": alarms, "MaxRecords": 100})]
        sfn, cloudwatch = "AWSStepFunctions.", "GraniteServiceVersion20100801."
        loads = [(sfn + "DescribeStateMachineAlias", describe, args.connections, 2),
                 (sfn + "UpdateStateMachineAlias", updates, args.connections, 2),
                 (sfn + "ListStateMachineVersions", versions, 1, 1),
                 (cloudwatch + "DescribeAlarms", describe_alarms, args.connections, 2)]
        for target, bodies, connections, threads in loads:
            if args.only in (None, target.split(".")[-1]):
                results.append(run_wrk(server.endpoint, target, bodies, args.seconds,
                                       connections, threads))
    for r in results:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
