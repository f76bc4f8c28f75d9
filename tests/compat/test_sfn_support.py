"""Helpers shared by the test_sfn_* compatibility tests (no tests of its own).

Import it as a module (`import test_sfn_support as support`) so unittest does not collect the
base class in every test module.
"""
import contextlib
import json
import socket
import urllib.error
import urllib.request
import time
import uuid

from unittest import mock

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

import harness

ACCOUNT = harness.ACCOUNT
REGION = harness.REGION
ROLE = "arn:aws:iam::%s:role/sfn-role" % ACCOUNT


def definition(comment="BASE_PASS_RESULT", result="argument1"):
    return json.dumps({
        "Comment": comment,
        "StartAt": "State_1",
        "States": {"State_1": {"Type": "Pass", "Result": {"Arg1": result}, "End": True}},
    })


def sm_arn(name, region=REGION):
    return "arn:aws:states:%s:%s:stateMachine:%s" % (region, ACCOUNT, name)


def unique(prefix="sm"):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:12])


@contextlib.contextmanager
def sync_host_client(endpoint):
    """A boto3 client of http://localhost:<port> with host prefixes on, as botocore's default is:
    StartSyncExecution and TestState go to sync-localhost, which resolves here as a hosts-file
    entry would make it."""
    port = int(endpoint.rsplit(":", 1)[1])
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        return real("127.0.0.1" if host == "sync-localhost" else host, *args, **kwargs)

    client = boto3.client("stepfunctions", endpoint_url="http://localhost:%d" % port,
                          region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x",
                          config=Config(retries={"max_attempts": 1}))
    with mock.patch("socket.getaddrinfo", resolve):
        yield client


class SfnTestCase(harness.ServerTestCase):
    """One in-memory server per test class, with a boto3 Step Functions client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sfn = cls.server.client("stepfunctions")

    def create(self, name=None, **kwargs):
        name = name or unique()
        kwargs.setdefault("definition", definition())
        kwargs.setdefault("roleArn", ROLE)
        return self.sfn.create_state_machine(name=name, **kwargs)

    def create_with_versions(self, count):
        """A state machine with versions 1..count; returns (sm arn, [version arns])."""
        arn = self.create(publish=True)["stateMachineArn"]
        versions = [arn + ":1"]
        for i in range(2, count + 1):
            out = self.sfn.update_state_machine(stateMachineArn=arn,
                                                definition=definition("v%d" % i), publish=True)
            versions.append(out["stateMachineVersionArn"])
        return arn, versions

    def wait_closed(self, execution_arn, timeout=20):
        """The execution's description once it is no longer RUNNING."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            described = self.sfn.describe_execution(executionArn=execution_arn)
            if described["status"] != "RUNNING":
                return described
            time.sleep(0.02)
        raise AssertionError("%s still running" % execution_arn)

    def assertAwsError(self, code, message, call, *args, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(*args, **kwargs)
        response = caught.exception.response
        self.assertEqual(response["Error"]["Code"], code, response)
        if message is not None:
            self.assertEqual(response["Error"]["Message"], message)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        return response

    def raw(self, operation, body):
        """POSTs a raw awsJson1_0 request; returns (status, parsed body)."""
        data = body if isinstance(body, bytes) else body.encode()
        request = urllib.request.Request(self.server.endpoint + "/", data=data, method="POST")
        request.add_header("Content-Type", "application/x-amz-json-1.0")
        if operation is not None:
            request.add_header("X-Amz-Target", "AWSStepFunctions." + operation)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")
