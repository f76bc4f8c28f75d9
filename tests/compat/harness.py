"""Starts a real `stepshift serve` on 127.0.0.1, port 0, and hands out real AWS clients for it.

The binary is $STEPSHIFT_BIN (set by ctest), else build/stepshift. Clients use dummy credentials
and an endpoint override, exactly as users point boto3 and the AWS CLI at a local endpoint.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unittest

import boto3
from botocore.config import Config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("STEPSHIFT_BIN", os.path.join(ROOT, "build", "stepshift"))
REGION = "us-east-1"
ACCOUNT = "123456789012"
DUMMY_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
}


class Server:
    """One `stepshift serve` process. Use as a context manager or call start()/stop()."""

    def __init__(self, data_dir=None, extra_args=()):
        self.data_dir = data_dir
        self.extra_args = list(extra_args)
        self.process = None
        self.endpoint = None

    def start(self):
        args = [BINARY, "serve", "--port", "0"]
        args += ["--data-dir", self.data_dir] if self.data_dir else ["--memory"]
        args += self.extra_args
        # stderr goes to a file, not a pipe: a pipe nobody reads could fill and stall the server.
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr,
                                        text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://[\w.\-\[\]:]+:\d+", line)
        if not match:
            self.process.kill()
            self.process.wait()
            self.stderr.seek(0)
            raise RuntimeError("server did not report ready: %r %r" % (line, self.stderr.read()))
        self.endpoint = match.group(0)
        return self

    def stop(self):
        """SIGTERM, then wait: the server must shut down cleanly and exit 0."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.process.stdout.close()
            self.stderr.close()
        return self.process.returncode

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def client(self, service, region=REGION, **config):
        return boto3.client(
            service, endpoint_url=self.endpoint, region_name=region,
            aws_access_key_id=DUMMY_ENV["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=DUMMY_ENV["AWS_SECRET_ACCESS_KEY"],
            config=Config(retries={"max_attempts": 1, "mode": "standard"},
                          inject_host_prefix=False, **config))

    def cli(self, *args, check=True, env=None):
        """Runs the AWS CLI against this server. Returns (exit code, parsed JSON or text, stderr).
        `env` adds variables to the CLI's environment."""
        env = dict(os.environ, **DUMMY_ENV, **(env or {}))
        env.pop("AWS_PROFILE", None)
        proc = subprocess.run(["aws", "--endpoint-url", self.endpoint, "--output", "json", *args],
                              capture_output=True, text=True, env=env, timeout=60)
        out = proc.stdout.strip()
        try:
            parsed = json.loads(out) if out else None
        except ValueError:
            parsed = out
        if check and proc.returncode != 0:
            raise AssertionError("aws %s failed (%d): %s" % (" ".join(args), proc.returncode,
                                                            proc.stderr))
        return proc.returncode, parsed, proc.stderr


class ServerTestCase(unittest.TestCase):
    """A fresh in-memory server per test class."""

    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = Server(extra_args=cls.server_args).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()


class TempDir:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="stepshift-compat-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)
