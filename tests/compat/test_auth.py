"""`stepshift serve --auth`: SigV4 verified as AWS verifies it (issue 14 item 8), against requests
signed by botocore (boto3, the AWS CLI) and tampered ones, with AWS's error types per protocol:
Step Functions' JSON types, CloudWatch's and STS's query codes (in XML, and in JSON and CBOR via
x-amzn-query-error). Before, serve checked no signature at all."""
import datetime
import os
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.request
from unittest import mock

import boto3
import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

import harness
from test_cloudwatch_support import forced_protocol_client

KEY = harness.DUMMY_ENV["AWS_ACCESS_KEY_ID"]
SECRET = harness.DUMMY_ENV["AWS_SECRET_ACCESS_KEY"]
FILE_KEY, FILE_SECRET = "AKIDFROMFILE", "file/secret+key"
MISMATCH = ("The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.")


class AuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.credentials_file = tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False)
        cls.credentials_file.write("[ci]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                                   % (FILE_KEY, FILE_SECRET))
        cls.credentials_file.close()
        cls.server = harness.Server(extra_args=[
            "--auth", "%s:%s" % (KEY, SECRET), "--auth-file", cls.credentials_file.name]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        os.unlink(cls.credentials_file.name)

    def client(self, service, key=KEY, secret=SECRET, **config):
        return boto3.client(service, endpoint_url=self.server.endpoint, region_name=harness.REGION,
                            aws_access_key_id=key, aws_secret_access_key=secret,
                            config=Config(retries={"max_attempts": 1}, inject_host_prefix=False,
                                          **config))

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        return caught.exception.response

    def test_signed_requests_are_served_in_every_protocol(self):
        self.assertIn("stateMachines", self.client("stepfunctions").list_state_machines())
        self.client("cloudwatch").describe_alarms()
        for protocol in ("json", "query", "smithy-rpc-v2-cbor"):
            forced_protocol_client(self.server, protocol).describe_alarms()
        self.assertEqual(self.client("sts").get_caller_identity()["Account"], harness.ACCOUNT)
        # botocore gzips PutMetricData bodies of 10 KiB or more and signs the compressed bytes.
        data = [{"MetricName": "Signed", "Value": float(i)} for i in range(600)]
        self.client("cloudwatch").put_metric_data(Namespace="Auth", MetricData=data)
        # A key from --auth-file.
        self.client("stepfunctions", FILE_KEY, FILE_SECRET).list_state_machines()

    def test_the_aws_cli_signs_its_way_in(self):
        code, out, err = self.server.cli("stepfunctions", "list-state-machines")
        self.assertEqual(code, 0, err)
        env = dict(os.environ, **harness.DUMMY_ENV)
        env["AWS_SECRET_ACCESS_KEY"] = "wrong"
        env.pop("AWS_PROFILE", None)
        proc = subprocess.run(["aws", "--endpoint-url", self.server.endpoint, "cloudwatch",
                               "describe-alarms"], capture_output=True, text=True, env=env,
                              timeout=60)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("(SignatureDoesNotMatch)", proc.stderr)

    def test_a_wrong_secret_is_an_invalid_signature(self):
        sfn = self.error(self.client("stepfunctions", secret="wrong").list_state_machines)
        self.assertEqual(sfn["Error"]["Code"], "InvalidSignatureException")
        self.assertTrue(sfn["Error"]["Message"].startswith(MISMATCH + "\n\nThe Canonical String "
                                                           "for this request should have been\n"))
        self.assertEqual(sfn["ResponseMetadata"]["HTTPStatusCode"], 400)
        for protocol in ("json", "query", "smithy-rpc-v2-cbor"):
            with self.subTest(protocol):
                client = forced_protocol_client(self.server, protocol)
                client._request_signer._credentials = Credentials(KEY, "wrong")
                cw = self.error(client.describe_alarms)
                self.assertEqual(cw["Error"]["Code"], "SignatureDoesNotMatch")
                self.assertEqual(cw["Error"]["Message"], MISMATCH)
                self.assertEqual(cw["ResponseMetadata"]["HTTPStatusCode"], 403)

    def test_an_unknown_key_is_an_unrecognized_client(self):
        invalid = "The security token included in the request is invalid."
        sfn = self.error(self.client("stepfunctions", key="AKIDUNKNOWN").list_state_machines)
        self.assertEqual((sfn["Error"]["Code"], sfn["Error"]["Message"]),
                         ("UnrecognizedClientException", invalid))
        for service, call in (("cloudwatch", "describe_alarms"), ("sts", "get_caller_identity")):
            response = self.error(getattr(self.client(service, key="AKIDUNKNOWN"), call))
            self.assertEqual((response["Error"]["Code"], response["Error"]["Message"]),
                             ("InvalidClientTokenId", invalid), service)

    def test_an_unsigned_request_is_missing_its_token(self):
        sfn = self.error(self.client("stepfunctions", **{"signature_version": botocore.UNSIGNED})
                         .list_state_machines)
        self.assertEqual((sfn["Error"]["Code"], sfn["Error"]["Message"]),
                         ("MissingAuthenticationTokenException", "Missing Authentication Token"))
        cw = self.error(self.client("cloudwatch", **{"signature_version": botocore.UNSIGNED})
                        .describe_alarms)
        self.assertEqual(cw["Error"]["Code"], "MissingAuthenticationToken")

    def signed(self, body, target="AWSStepFunctions.ListStateMachines", service="states"):
        request = AWSRequest(method="POST", url=self.server.endpoint + "/", data=body, headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target})
        SigV4Auth(Credentials(KEY, SECRET), service, harness.REGION).add_auth(request)
        return request

    def send(self, request, body=None):
        raw = urllib.request.Request(request.url, data=body if body is not None else request.body,
                                     method="POST", headers=dict(request.headers.items()))
        try:
            with urllib.request.urlopen(raw, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def test_tampered_requests_are_refused(self):
        request = self.signed(b'{"maxResults": 1}')
        self.assertEqual(self.send(request)[0], 200)
        status, body = self.send(request, b'{"maxResults": 2}')
        self.assertEqual(status, 400)
        self.assertIn('"__type":"InvalidSignatureException"', body)
        request.headers["X-Amz-Target"] = "AWSStepFunctions.DeleteStateMachine"
        self.assertIn("InvalidSignatureException", self.send(request)[1])
        request = self.signed(b"{}")
        request.headers.replace_header(
            "Authorization", request.headers["Authorization"].split(", Signature=")[0])
        status, body = self.send(request)
        self.assertIn('"__type":"IncompleteSignatureException"', body)
        self.assertIn("Authorization header requires 'Signature' parameter.", body)
        # Signed for CloudWatch's signing name, sent to Step Functions.
        status, body = self.send(self.signed(b"{}", service="monitoring"))
        self.assertIn("Credential should be scoped to correct service: 'states'.", body)

    def test_a_signature_older_than_five_minutes_has_expired(self):
        then = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)
        with mock.patch("botocore.auth.get_current_datetime", return_value=then):
            request = self.signed(b"{}")
        status, body = self.send(request)
        self.assertEqual(status, 400)
        self.assertIn('"__type":"InvalidSignatureException"', body)
        self.assertIn("Signature expired: %s is now earlier than " % then.strftime("%Y%m%dT%H%M%SZ"),
                      body)
        self.assertIn(" - 5 min.)", body)


if __name__ == "__main__":
    unittest.main()
