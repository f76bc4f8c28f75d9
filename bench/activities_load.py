#!/usr/bin/env python3
"""Load driver for activity workers in `stepshift serve` (issue 10's speed target).

--workers keep-alive connections each hold a GetActivityTask long poll at once. The driver then
starts --tasks executions, one at a time, of a machine whose one Task is the activity, and
measures how long after StartExecution was sent a waiting worker receives the task (each worker
answers with SendTaskSuccess and polls again). It reports those latencies and the server's thread
count with no poll and with every poll waiting: a poll that held a thread would show there.

    python3 bench/activities_load.py [--workers 1000] [--tasks 500]
"""
import argparse
import asyncio
import json
import os
import re
import resource
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "compat"))
import harness  # noqa: E402


def threads_of(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"Threads:\s+(\d+)", f.read()).group(1))


class Connection:
    """One keep-alive connection speaking awsJson1_0."""

    def __init__(self, endpoint):
        self.host, self.port = endpoint[len("http://"):].rsplit(":", 1)

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, int(self.port))

    async def call(self, operation, body):
        data = json.dumps(body).encode()
        self.writer.write(("POST / HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: "
                           "application/x-amz-json-1.0\r\nX-Amz-Target: AWSStepFunctions.%s\r\n"
                           "Content-Length: %d\r\n\r\n" % (self.host, self.port, operation,
                                                          len(data))).encode() + data)
        head = await self.reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))
        payload = json.loads(await self.reader.readexactly(length) or b"{}")
        if not head.startswith(b"HTTP/1.1 200"):
            raise SystemExit("%s failed: %r %r" % (operation, head[:40], payload))
        return payload


async def run(endpoint, pid, activity, machine, workers, tasks):
    received = asyncio.Queue()
    polling = [0]

    async def worker():
        conn = Connection(endpoint)
        await conn.open()
        while True:
            polling[0] += 1
            task = await conn.call("GetActivityTask", {"activityArn": activity})
            polling[0] -= 1
            if "taskToken" in task:
                received.put_nowait(time.perf_counter())
                await conn.call("SendTaskSuccess", {"taskToken": task["taskToken"],
                                                    "output": task["input"]})

    idle_threads = threads_of(pid)
    pool = [asyncio.create_task(worker()) for _ in range(workers)]
    while polling[0] < workers:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.5)  # every poll has reached the server and waits there
    waiting_threads = threads_of(pid)
    starter = Connection(endpoint)
    await starter.open()
    latencies = []
    for i in range(tasks):
        sent = time.perf_counter()
        await starter.call("StartExecution", {"stateMachineArn": machine, "input": "{}"})
        latencies.append(await received.get() - sent)
    for p in pool:
        p.cancel()
    latencies.sort()

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000, 3)
    return {"workers_polling": workers, "tasks": tasks, "threads_idle": idle_threads,
            "threads_with_polls_waiting": waiting_threads, "task_to_worker_p50_ms": pct(50),
            "p99_ms": pct(99), "max_ms": round(latencies[-1] * 1000, 3)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=500)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the driver's own sockets
    with harness.Server() as server:
        sfn = server.client("stepfunctions")
        activity = sfn.create_activity(name="bench")["activityArn"]
        machine = sfn.create_state_machine(
            name="bench", roleArn="arn:aws:iam::123456789012:role/bench",
            definition=json.dumps({"StartAt": "A", "States": {
                "A": {"Type": "Task", "Resource": activity, "End": True}}}))["stateMachineArn"]
        result = asyncio.run(run(server.endpoint, server.process.pid, activity, machine,
                                 args.workers, args.tasks))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
