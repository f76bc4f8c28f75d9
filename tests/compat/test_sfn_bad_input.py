"""Bad input on the wire: malformed bodies, wrong member types, missing members, values out of
range, unknown operations. Each gets AWS's error type and message with HTTP 400, and nothing is
written."""
import json
import unittest

import harness
import test_sfn_support as support
from test_sfn_support import ROLE, definition, unique


class BadInputTest(support.SfnTestCase):

    def assertRawError(self, operation, body, error_type, message=None):
        status, reply = self.raw(operation, body)
        self.assertEqual(status, 400, reply)
        self.assertEqual(reply["__type"], error_type, reply)
        if message is not None:
            self.assertEqual(reply["message"], message)

    def test_serialization_errors(self):
        cases = [
            ("{not json", None),
            ("[1, 2]", "START_ARRAY can not be converted to a structure"),
            (json.dumps({"name": 5, "definition": definition(), "roleArn": ROLE}),
             "NUMBER_VALUE can not be converted to a String"),
            (json.dumps({"name": "x", "definition": definition(), "roleArn": ROLE,
                         "publish": "yes"}),
             "STRING_VALUE can not be converted to a Boolean"),
            (json.dumps({"name": "x", "definition": definition(), "roleArn": ROLE,
                         "tags": {"k": "v"}}),
             "START_OBJECT can not be converted to a list"),
        ]
        for body, message in cases:
            with self.subTest(body=body):
                self.assertRawError("CreateStateMachine", body, "SerializationException",
                                    message)
        self.assertRawError("ListStateMachineVersions",
                            json.dumps({"stateMachineArn": "x", "maxResults": "ten"}),
                            "SerializationException",
                            "STRING_VALUE can not be converted to an Integer")
        self.assertEqual(self.sfn.list_state_machines()["stateMachines"], [])

    def test_missing_required_members(self):
        self.assertRawError(
            "CreateStateMachine", "{}", "ValidationException",
            "3 validation errors detected: Value null at 'name' failed to satisfy constraint: "
            "Member must not be null; Value null at 'definition' failed to satisfy constraint: "
            "Member must not be null; Value null at 'roleArn' failed to satisfy constraint: "
            "Member must not be null")
        self.assertRawError(
            "CreateStateMachine", json.dumps({"definition": definition(), "roleArn": ROLE}),
            "ValidationException",
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: "
            "Member must not be null")
        self.assertRawError(
            "DescribeStateMachineAlias", "", "ValidationException",
            "1 validation error detected: Value null at 'stateMachineAliasArn' failed to "
            "satisfy constraint: Member must not be null")

    def test_constraints_botocore_does_not_check(self):
        long_name = "n" * 81
        self.assertAwsError(
            "ValidationException",
            "1 validation error detected: Value '%s' at 'name' failed to satisfy constraint: "
            "Member must have length less than or equal to 80" % long_name,
            self.create, long_name)
        self.assertAwsError(
            "ValidationException",
            "1 validation error detected: Value 'BATCH' at 'type' failed to satisfy constraint: "
            "Member must satisfy enum value set: [STANDARD, EXPRESS]",
            self.create, type="BATCH")
        self.assertAwsError(
            "ValidationException",
            "1 validation error detected: Value at 'versionDescription' failed to satisfy "
            "constraint: Member must have length less than or equal to 256",
            self.create, publish=True, versionDescription="d" * 257)
        long_arn = "arn:" + "a" * 300
        self.assertAwsError(
            "ValidationException",
            "1 validation error detected: Value '%s' at 'stateMachineArn' failed to satisfy "
            "constraint: Member must have length less than or equal to 256" % long_arn,
            self.sfn.describe_state_machine, stateMachineArn=long_arn)
        self.assertAwsError(
            "ValidationException",
            "2 validation errors detected: Value '%s' at 'name' failed to satisfy constraint: "
            "Member must have length less than or equal to 80; Value 'X' at "
            "'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy "
            "enum value set: [ALL, ERROR, FATAL, OFF]" % long_name,
            self.create, long_name, loggingConfiguration={"level": "X"})

    def test_names_and_arns(self):
        for name in ["has space", "a:b", "a/b", "q?", "tab\there", "\u00a0nbsp"]:
            with self.subTest(name=name):
                self.assertAwsError("InvalidName", "Invalid Name: '%s'" % name, self.create, name)
        cases = [
            ("not_a_valid_arn", "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'"),
            ("arn:aws:lambda:us-east-1:123456789012:function:f",
             "Invalid Arn: 'Invalid ARN prefix: arn:aws:lambda:us-east-1:123456789012:function:f'"),
            ("arn:aws:states:us-east-1:123456789012:activity:a",
             "Invalid Arn: 'Resource type not valid in this context: activity'"),
        ]
        for arn, message in cases:
            with self.subTest(arn=arn):
                self.assertAwsError("InvalidArn", message, self.sfn.describe_state_machine,
                                    stateMachineArn=arn)
        self.assertAwsError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: role'",
                            self.create, roleArn="role")

    # Issue 14 item 12: the message names the operation (it was empty).
    def test_unknown_operation_and_missing_target(self):
        self.assertRawError("FlyToTheMoon", "{}", "UnknownOperationException",
                            "stepshift serve does not implement the operation FlyToTheMoon")
        status, reply = self.raw(None, "{}")
        self.assertEqual(status, 400)
        self.assertEqual(reply["__type"], "UnknownOperationException")
        self.assertIn("names no operation", reply["message"])
        # Operations of the botocore model that serve does not implement (yet: the set shrinks
        # as the open issues add them), raw and through boto3.
        missing = []
        for operation in self.sfn.meta.service_model.operation_names:
            if operation in ("StartSyncExecution", "TestState"):
                continue  # botocore sends these to the sync- host (see the next test)
            status, reply = self.raw(operation, "{}")
            if reply.get("__type") == "UnknownOperationException":
                self.assertEqual(status, 400)
                self.assertEqual(reply["message"], "stepshift serve does not implement the "
                                 "operation " + operation)
                missing.append(operation)
        if not missing:
            self.skipTest("serve implements every Step Functions operation")
        import boto3
        from botocore import xform_name
        from botocore.config import Config
        unvalidated = boto3.client("stepfunctions", endpoint_url=self.server.endpoint,
                                   region_name=harness.REGION,
                                   aws_access_key_id=harness.DUMMY_ENV["AWS_ACCESS_KEY_ID"],
                                   aws_secret_access_key=harness.DUMMY_ENV[
                                       "AWS_SECRET_ACCESS_KEY"],
                                   config=Config(parameter_validation=False))
        self.assertAwsError("UnknownOperationException",
                            "stepshift serve does not implement the operation " + missing[0],
                            getattr(unvalidated, xform_name(missing[0])))

    # What the README says about the `sync-` host prefix of StartSyncExecution and TestState:
    # botocore prepends it to an IP endpoint (which then cannot be reached), and boto3's
    # inject_host_prefix=False or the AWS CLI's AWS_DISABLE_HOST_PREFIX_INJECTION avoid it.
    def test_sync_host_prefix_and_how_to_avoid_it(self):
        import os
        import subprocess
        import boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError, EndpointConnectionError
        args = dict(definition='{"Type": "Pass", "End": true}', roleArn=ROLE)
        keys = dict(region_name=harness.REGION,
                    aws_access_key_id=harness.DUMMY_ENV["AWS_ACCESS_KEY_ID"],
                    aws_secret_access_key=harness.DUMMY_ENV["AWS_SECRET_ACCESS_KEY"])
        default = boto3.client("stepfunctions", endpoint_url=self.server.endpoint, **keys,
                               config=Config(retries={"max_attempts": 1}))
        with self.assertRaises(EndpointConnectionError) as caught:
            default.test_state(**args)
        self.assertIn("sync-127.0.0.1", str(caught.exception))
        fixed = boto3.client("stepfunctions", endpoint_url=self.server.endpoint, **keys,
                             config=Config(inject_host_prefix=False))
        self.assertEqual(fixed.test_state(**args)["status"], "SUCCEEDED")  # the server answered
        with self.assertRaises(ClientError):  # and answers errors in the protocol's shape
            fixed.test_state(definition='{"Type": "Pass", "End": true}', mock={"result": "{}"})
        env = dict(os.environ, **harness.DUMMY_ENV, AWS_DISABLE_HOST_PREFIX_INJECTION="true")
        env.pop("AWS_PROFILE", None)
        proc = subprocess.run(["aws", "--endpoint-url", self.server.endpoint, "stepfunctions",
                               "test-state", "--definition", args["definition"], "--role-arn",
                               ROLE], capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["status"], "SUCCEEDED")
        self.assertNotIn("Could not connect", proc.stderr)

    def test_nothing_is_written_by_a_failed_request(self):
        name = unique()
        self.assertAwsError("InvalidDefinition", None, self.create, name, definition="{}")
        self.assertAwsError("StateMachineDoesNotExist", None, self.sfn.describe_state_machine,
                            stateMachineArn=support.sm_arn(name))

    def test_logging_configuration_rules(self):
        self.assertAwsError("InvalidLoggingConfiguration",
                            "Invalid Logging Configuration: Must specify exactly one Log "
                            "Destination.",
                            self.create, loggingConfiguration={"level": "ERROR"})


if __name__ == "__main__":
    unittest.main()
