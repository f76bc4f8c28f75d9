"""STS GetCallerIdentity over the query protocol (boto3, the AWS CLI) and awsJson1_0."""
import json
import unittest

import test_cloudwatch_support as cw_support
import harness


class StsTest(harness.ServerTestCase):
    def test_boto3(self):
        identity = self.server.client("sts").get_caller_identity()
        self.assertEqual(identity["Account"], harness.ACCOUNT)
        self.assertEqual(identity["Arn"], "arn:aws:iam::%s:root" % harness.ACCOUNT)
        self.assertEqual(identity["UserId"], harness.ACCOUNT)

    def test_aws_cli(self):
        _, out, _ = self.server.cli("sts", "get-caller-identity")
        self.assertEqual(out["Account"], harness.ACCOUNT)

    def test_aws_json(self):
        status, headers, body = cw_support.post(
            self.server, "/", b"{}",
            {"Content-Type": "application/x-amz-json-1.0",
             "X-Amz-Target": "AWSSecurityTokenServiceV20110615.GetCallerIdentity"})
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["Arn"], "arn:aws:iam::%s:root" % harness.ACCOUNT)

    def test_unimplemented_and_unknown_sts_actions_are_xml_errors(self):
        status, _, body = cw_support.post(
            self.server, "/", b"Action=AssumeRole&Version=2011-06-15",
            {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>UnknownOperationException</Code>", body)
        self.assertIn(b"does not implement the operation AssumeRole", body)
        status, _, body = cw_support.post(
            self.server, "/", b"Action=Frobnicate&Version=2011-06-15",
            {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>InvalidAction</Code>", body)


class StsAccountTest(harness.ServerTestCase):
    server_args = ("--account", "210987654321")

    def test_configured_account(self):
        identity = self.server.client("sts").get_caller_identity()
        self.assertEqual(identity["Account"], "210987654321")


if __name__ == "__main__":
    unittest.main()
