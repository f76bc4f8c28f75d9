#!/usr/bin/env python3
"""Load driver for Lambda and Route 53 in `stepshift serve` (issue 13's speed targets).

  * warm Invoke of a python handler through a weighted alias: wrk, keep-alive connections no more
    than the function's concurrency, after a warm-up run that starts the environments of both
    versions, so every measured invocation finds a warm one;
  * cold start: UpdateFunctionConfiguration retires the warm environments, and the next Invoke
    starts one; reports the runtime's Init Duration and the whole Invoke's latency;
  * ChangeResourceRecordSets (UPSERT of a weighted pair) alternating with ListResourceRecordSets.

    python3 bench/lambda_route53_load.py [--binary build/stepshift] [--seconds 8]
"""
import argparse
import base64
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "compat"))
import harness  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/bench"
HANDLER = "def handler(event, context):\n    return {'ok': True, 'n': event.get('n')}\n"

INVOKE_LUA = """
wrk.method = "POST"
wrk.path = "/2015-03-31/functions/bench/invocations?Qualifier=live"
wrk.body = '{"n": 1}'
wrk.headers["Content-Type"] = "application/json"
%(done)s
"""

ROUTE53_LUA = """
local i = 0
request = function()
  i = i + 1
  if i %% 2 == 0 then
    return wrk.format("GET", "/2013-04-01/hostedzone/%(zone)s/rrset?name=app.bench.example.com&type=A&maxitems=10")
  end
  local w = i %% 256
  local body = [[<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes>]] ..
    "<Change><Action>UPSERT</Action><ResourceRecordSet><Name>app.bench.example.com</Name><Type>A</Type><SetIdentifier>blue</SetIdentifier><Weight>" .. (255 - w) .. "</Weight><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>10.0.0.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change>" ..
    "<Change><Action>UPSERT</Action><ResourceRecordSet><Name>app.bench.example.com</Name><Type>A</Type><SetIdentifier>green</SetIdentifier><Weight>" .. w .. "</Weight><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>10.0.0.2</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change>" ..
    "</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>"
  return wrk.format("POST", "/2013-04-01/hostedzone/%(zone)s/rrset/", {["Content-Type"] = "text/xml"}, body)
end
%(done)s
"""

DONE = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.0f %.0f %.0f %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
end
"""


def run_wrk(endpoint, script_text, seconds, connections, threads):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script_text)
        script = f.name
    try:
        out = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds,
                              "-s", script, endpoint], capture_output=True, text=True,
                             check=True).stdout
    finally:
        os.unlink(script)
    m = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    requests, micros, p50, p99, p999, status_errors, io_errors = map(int, m.groups())
    return {"requests_per_s": round(requests / (micros / 1e6)), "p50_ms": p50 / 1000,
            "p99_ms": p99 / 1000, "p99.9_ms": p999 / 1000, "non_2xx": status_errors,
            "io_errors": io_errors, "connections": connections}


def zip_of(text):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", text)
    return buf.getvalue()


def setup_lambda(lam):
    lam.create_function(FunctionName="bench", Runtime="python3.12", Role=ROLE,
                        Handler="app.handler", Code={"ZipFile": zip_of(HANDLER)}, Publish=True)
    lam.update_function_code(FunctionName="bench", ZipFile=zip_of(HANDLER + "# v2\n"))
    lam.publish_version(FunctionName="bench")
    lam.create_alias(FunctionName="bench", Name="live", FunctionVersion="1",
                     RoutingConfig={"AdditionalVersionWeights": {"2": 0.1}})


def cold_starts(lam, runs):
    inits, walls = [], []
    for i in range(runs):
        lam.update_function_configuration(FunctionName="bench",
                                          Environment={"Variables": {"RUN": str(i)}})
        start = time.monotonic()
        out = lam.invoke(FunctionName="bench", Payload=b"{}", LogType="Tail")
        walls.append((time.monotonic() - start) * 1000)
        log = base64.b64decode(out["LogResult"]).decode()
        inits.append(float(re.search(r"Init Duration: ([\d.]+) ms", log).group(1)))
    return {"runs": runs, "init_p50_ms": round(statistics.median(inits), 1),
            "init_max_ms": round(max(inits), 1), "invoke_p50_ms": round(statistics.median(walls), 1),
            "invoke_max_ms": round(max(walls), 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=harness.BINARY)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=4, help="Lambda environments per function")
    parser.add_argument("--cold-runs", type=int, default=20)
    args = parser.parse_args()
    harness.BINARY = args.binary
    results = {}
    with tempfile.TemporaryDirectory() as data, harness.Server(
            data_dir=data, extra_args=["--lambda-concurrency", str(args.concurrency)]) as server:
        lam = server.client("lambda")
        setup_lambda(lam)
        # Warm-up: every connection's environments of both versions start before measuring.
        run_wrk(server.endpoint, INVOKE_LUA % {"done": DONE}, 3, args.concurrency, 2)
        results["warm_invoke_alias"] = run_wrk(server.endpoint, INVOKE_LUA % {"done": DONE},
                                               args.seconds, args.concurrency, 2)
        results["cold_start"] = cold_starts(lam, args.cold_runs)
        r53 = server.client("route53")
        zone = r53.create_hosted_zone(Name="bench.example.com",
                                      CallerReference="bench")["HostedZone"]["Id"].split("/")[-1]
        results["route53_change_and_list"] = run_wrk(
            server.endpoint, ROUTE53_LUA % {"zone": zone, "done": DONE}, args.seconds, 32, 2)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
