"""The AWS SDK for JavaScript v3 against `stepshift serve`: versions, aliases, executions,
activities, TestState, map runs, errors, CloudWatch metrics and alarms (metric and composite),
STS; Lambda (a python handler, versions, a weighted alias, tags) and Route 53 (a weighted pair). The SDK comes from the npm registry at the versions pinned in js/package-lock.json,
installed once into a cache directory outside the tree.
"""
import os
import shutil
import subprocess
import tempfile
import unittest
import zipfile

import harness

JS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")
CACHE = os.environ.get("STEPSHIFT_JS_SDK_DIR",
                       os.path.join(tempfile.gettempdir(), "stepshift-js-sdk"))
FILES = ("package.json", "package-lock.json", "sdk_check.mjs", "lambda_route53_check.mjs")


def install_sdk():
    """Copies the check and its lock file into CACHE and runs `npm ci` when the lock changed."""
    os.makedirs(CACHE, exist_ok=True)
    with open(os.path.join(JS_DIR, "package-lock.json")) as f:
        lock = f.read()
    installed = os.path.join(CACHE, "node_modules", ".stepshift-lock")
    for name in FILES:
        shutil.copy(os.path.join(JS_DIR, name), CACHE)
    if os.path.exists(installed) and open(installed).read() == lock:
        return
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=CACHE,
                   check=True, capture_output=True, timeout=600)
    with open(installed, "w") as f:
        f.write(lock)


class JsSdkTest(harness.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        install_sdk()
        super().setUpClass()

    def test_sdk_checks_pass(self):
        proc = subprocess.run(["node", "sdk_check.mjs", self.server.endpoint], cwd=CACHE,
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(proc.stdout.split(),
                         ["ok", "versionsAndAliases", "ok", "executions", "ok",
                          "activities", "ok", "testState", "ok", "metricsAndAlarms", "ok",
                          "mapRuns", "ok", "callerIdentity"])

    def test_lambda_and_route53_checks_pass(self):
        handler = os.path.join(CACHE, "handler.zip")
        with zipfile.ZipFile(handler, "w") as z:
            z.writestr("app.py", HANDLER)
        proc = subprocess.run(["node", "lambda_route53_check.mjs", self.server.endpoint, handler],
                              cwd=CACHE, capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(proc.stdout.split(), ["ok", "lambdaAliases", "ok", "route53Weighted"])


HANDLER = """import os
def handler(event, context):
    return {"doubled": event["n"] * 2, "version": os.environ["AWS_LAMBDA_FUNCTION_VERSION"],
            "mode": os.environ.get("MODE")}
"""


if __name__ == "__main__":
    unittest.main()
