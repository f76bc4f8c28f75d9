#!/usr/bin/env python3
"""src/jsonata against the reference implementation (the jsonata npm package 2.2.2 on node), in
the same run, on the same document and the fixed expressions of bench/jsonata_exprs.json.

    make bench && python3 bench/jsonata_vs_reference.py [--build build] [--seconds 1]

Prints one Markdown table row per expression (mean time of one evaluation on each side and the
ratio) and the median ratio; exits 1 when the median is below the target (3x).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "jsonata"))
import test_differential as reference  # noqa: E402  (installs the npm package)

EXPRS = os.path.join(HERE, "jsonata_exprs.json")
TARGET = 3.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    binary = os.path.join(args.build, "bench", "jsonata_bench")
    reference.install_reference()
    shutil.copy(os.path.join(HERE, "jsonata_reference_bench.mjs"), reference.CACHE)
    with tempfile.TemporaryDirectory() as tmp:
        doc = os.path.join(tmp, "doc.json")
        subprocess.run([binary, "--write_doc=" + doc], check=True)
        ours = subprocess.run(
            [binary, "--benchmark_format=json", "--benchmark_min_time=%g" % args.seconds],
            check=True, capture_output=True, text=True).stdout
        ref = subprocess.run(["node", "jsonata_reference_bench.mjs", EXPRS, doc, str(args.seconds)],
                             cwd=reference.CACHE, check=True, capture_output=True, text=True).stdout
    ours = {b["name"]: b["real_time"] for b in json.loads(ours)["benchmarks"]}  # microseconds
    ref = json.loads(ref)
    ratios = []
    print("| expression | stepshift | jsonata 2.2.2 (node %s) | ratio |" % node_version())
    print("|---|---|---|---|")
    for name, text in json.load(open(EXPRS)):
        ratio = ref[name] / ours[name]
        ratios.append(ratio)
        print("| %s: `%s` | %s | %s | %.1fx |" % (name, text, us(ours[name]), us(ref[name]), ratio))
    median = statistics.median(ratios)
    print("\nmedian %.1fx (min %.1fx, max %.1fx); target >= %.0fx" % (
        median, min(ratios), max(ratios), TARGET))
    return 0 if median >= TARGET else 1


def us(value):
    return "%.0f µs" % value if value >= 100 else "%.1f µs" % value


def node_version():
    return subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
