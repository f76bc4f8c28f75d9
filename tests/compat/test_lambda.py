"""Lambda in `stepshift serve` through boto3 and the AWS CLI: functions, versions, aliases with
weighted routing, and Invoke running real python3 and node handlers (warm environments, function
errors, timeouts, crashes, throttling), with AWS's error shapes and AWS/Lambda metrics."""
import base64
import datetime
import io
import json
import os
import tempfile
import time
import unittest
import zipfile

from botocore.exceptions import ClientError

import harness

ROLE = "arn:aws:iam::123456789012:role/lambda-role"


def zip_of(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


PY_ECHO = zip_of({"app.py": """import os, time
def handler(event, context):
    print("event", event)
    if event.get("fail"):
        raise RuntimeError("asked to fail")
    if event.get("sleep"):
        time.sleep(event["sleep"])
    if event.get("exit"):
        os._exit(2)
    return {"version": os.environ["AWS_LAMBDA_FUNCTION_VERSION"], "event": event,
            "request_id": context.aws_request_id, "arn": context.invoked_function_arn,
            "mode": os.environ.get("MODE")}
"""})

NODE_ECHO = zip_of({"index.mjs": """
export const handler = async (event, context) => {
  console.log('node got', JSON.stringify(event));
  return {doubled: event.n * 2, requestId: context.awsRequestId};
};
"""})


class LambdaTest(harness.ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lam = cls.server.client("lambda")
        cls.cw = cls.server.client("cloudwatch")

    def create(self, name, code=PY_ECHO, runtime="python3.12", handler="app.handler", **extra):
        return self.lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE,
                                        Handler=handler, Code={"ZipFile": code}, **extra)

    def assertLambdaError(self, error_code, message, status, fn, **kwargs):
        with self.assertRaises(ClientError) as caught:
            fn(**kwargs)
        error = caught.exception.response
        self.assertEqual(error["Error"]["Code"], error_code)
        if message is not None:
            self.assertEqual(error["Error"]["Message"], message)
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], status)
        return error

    def invoke(self, name, payload, **kwargs):
        out = self.lam.invoke(FunctionName=name, Payload=json.dumps(payload), **kwargs)
        out["Body"] = json.loads(out["Payload"].read())
        return out

    def test_create_get_update_delete(self):
        created = self.create("crud", Description="first", Timeout=5,
                              Environment={"Variables": {"MODE": "a"}}, Tags={"team": "x"})
        self.assertEqual(created["FunctionArn"],
                         "arn:aws:lambda:us-east-1:123456789012:function:crud")
        self.assertEqual((created["Version"], created["Timeout"], created["MemorySize"]),
                         ("$LATEST", 5, 128))
        self.assertEqual(created["State"], "Active")
        got = self.lam.get_function(FunctionName="crud")
        self.assertEqual(got["Configuration"]["CodeSha256"], created["CodeSha256"])
        self.assertEqual(got["Tags"], {"team": "x"})
        updated = self.lam.update_function_configuration(FunctionName="crud", MemorySize=256)
        self.assertEqual(updated["MemorySize"], 256)
        self.assertNotEqual(updated["RevisionId"], created["RevisionId"])
        names = [f["FunctionName"] for f in self.lam.list_functions()["Functions"]]
        self.assertIn("crud", names)
        self.lam.delete_function(FunctionName="crud")
        self.assertLambdaError(
            "ResourceNotFoundException",
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:crud", 404,
            self.lam.get_function, FunctionName="crud")

    def test_bad_input(self):
        self.create("dup")
        self.assertLambdaError("ResourceConflictException", "Function already exist: dup", 409,
                               self.create, name="dup")
        self.assertLambdaError(
            "InvalidParameterValueException",
            "Could not unzip uploaded file. Please check your file, then try to upload again.",
            400, self.create, name="badzip", code=b"not a zip")
        error = self.assertLambdaError("InvalidParameterValueException", None, 400, self.create,
                                       name="rt", runtime="python2.7")
        self.assertIn("python2.7 is no longer supported", error["Error"]["Message"])
        self.assertLambdaError(
            "PreconditionFailedException",
            "The Revision Id provided does not match the latest Revision Id. Call the "
            "GetFunction/GetAlias API to retrieve the latest Revision Id", 412,
            self.lam.update_function_configuration, FunctionName="dup", RevisionId="nope")

    def test_versions_and_weighted_alias(self):
        self.create("canary", Environment={"Variables": {"MODE": "one"}})
        v1 = self.lam.publish_version(FunctionName="canary")["Version"]
        self.lam.update_function_configuration(FunctionName="canary",
                                               Environment={"Variables": {"MODE": "two"}})
        v2 = self.lam.publish_version(FunctionName="canary", Description="second")["Version"]
        self.assertEqual((v1, v2), ("1", "2"))
        versions = self.lam.list_versions_by_function(FunctionName="canary")["Versions"]
        self.assertEqual([v["Version"] for v in versions], ["$LATEST", "1", "2"])
        self.assertLambdaError(
            "InvalidParameterValueException",
            "$LATEST is not supported for an alias pointing to more than 1 version", 400,
            self.lam.create_alias, FunctionName="canary", Name="bad", FunctionVersion="$LATEST",
            RoutingConfig={"AdditionalVersionWeights": {v2: 0.5}})
        alias = self.lam.create_alias(FunctionName="canary", Name="live", FunctionVersion=v1,
                                      RoutingConfig={"AdditionalVersionWeights": {v2: 0.5}})
        self.assertEqual(alias["AliasArn"],
                         "arn:aws:lambda:us-east-1:123456789012:function:canary:live")
        executed = set()
        for _ in range(40):
            out = self.invoke("canary:live", {"n": 1})
            executed.add(out["ExecutedVersion"])
            self.assertEqual(out["Body"]["version"], out["ExecutedVersion"])
            self.assertEqual(out["Body"]["mode"], "one" if out["ExecutedVersion"] == "1" else "two")
        self.assertEqual(executed, {"1", "2"})
        self.lam.update_alias(FunctionName="canary", Name="live", FunctionVersion=v2,
                              RoutingConfig={"AdditionalVersionWeights": {}})
        got = self.lam.get_alias(FunctionName="canary", Name="live")
        self.assertEqual(got["FunctionVersion"], v2)
        self.assertNotIn("RoutingConfig", got)
        self.assertLambdaError(
            "ResourceNotFoundException",
            "Cannot find alias arn: arn:aws:lambda:us-east-1:123456789012:function:canary:nope",
            404, self.lam.get_alias, FunctionName="canary", Name="nope")

    def test_tags_and_weighted_alias_rules(self):
        arn = self.create("tagged", Tags={"team": "orders"})["FunctionArn"]
        self.lam.tag_resource(Resource=arn, Tags={"stepshift:rolled-back": "2"})
        self.assertEqual(self.lam.list_tags(Resource=arn)["Tags"],
                         {"team": "orders", "stepshift:rolled-back": "2"})
        self.assertEqual(self.lam.get_function(FunctionName="tagged")["Tags"]["team"], "orders")
        self.assertLambdaError(
            "ResourceNotFoundException", None, 404, self.lam.list_tags,
            Resource="arn:aws:lambda:us-east-1:123456789012:function:untagged")
        # Two versions behind one alias must run with the same execution role.
        self.lam.publish_version(FunctionName="tagged")
        self.lam.update_function_configuration(FunctionName="tagged",
                                               Role="arn:aws:iam::123456789012:role/other")
        self.lam.publish_version(FunctionName="tagged")
        self.assertLambdaError(
            "InvalidParameterValueException",
            "Specified versions must be associated with the same execution role", 400,
            self.lam.create_alias, FunctionName="tagged", Name="live", FunctionVersion="1",
            RoutingConfig={"AdditionalVersionWeights": {"2": 0.1}})

    def test_tags_take_an_unqualified_function_arn(self):
        arn = self.create("tags", Tags={"team": "orders", "owner": "ana"})["FunctionArn"]
        self.assertEqual(self.lam.tag_resource(Resource=arn, Tags={"tier": "1"})
                         ["ResponseMetadata"]["HTTPStatusCode"], 204)
        # A key the function does not carry is ignored, as AWS does.
        out = self.lam.untag_resource(Resource=arn, TagKeys=["owner", "tier", "absent"])
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertEqual(self.lam.list_tags(Resource=arn)["Tags"], {"team": "orders"})
        pattern = ("arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:"
                   "\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|"
                   "code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-"
                   "[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|"
                   "capacity-provider:[a-zA-Z0-9-_]+)")
        bare = ("1 validation error detected: Value 'tags' at 'resource' failed to satisfy "
                "constraint: Member must satisfy regular expression pattern: " + pattern)
        for fn, extra in [(self.lam.tag_resource, {"Tags": {"k": "v"}}),
                          (self.lam.untag_resource, {"TagKeys": ["team"]}),
                          (self.lam.list_tags, {})]:
            self.assertLambdaError("ValidationException", bare, 400, fn, Resource="tags", **extra)
            self.assertLambdaError(
                "InvalidParameterValueException",
                "Tags on function aliases and versions are not supported. Please specify a "
                "function ARN.", 400, fn, Resource=arn + ":$LATEST", **extra)
            self.assertLambdaError(
                "ResourceNotFoundException", "Function not found: " + arn + "-gone", 404, fn,
                Resource=arn + "-gone", **extra)
        self.assertEqual(self.lam.list_tags(Resource=arn)["Tags"], {"team": "orders"})

    def test_invoke_python_and_node(self):
        self.create("py")
        out = self.invoke("py", {"hello": "world"}, LogType="Tail")
        self.assertEqual(out["StatusCode"], 200)
        self.assertEqual(out["ExecutedVersion"], "$LATEST")
        self.assertEqual(out["Body"]["event"], {"hello": "world"})
        self.assertEqual(out["Body"]["request_id"], out["ResponseMetadata"]["RequestId"])
        log = base64.b64decode(out["LogResult"]).decode()
        self.assertIn("event {'hello': 'world'}", log)
        self.assertIn("REPORT RequestId: " + out["Body"]["request_id"], log)
        self.create("node", code=NODE_ECHO, runtime="nodejs20.x", handler="index.handler")
        out = self.invoke("node", {"n": 21})
        self.assertEqual(out["Body"]["doubled"], 42)

    def test_function_errors_timeouts_and_crashes(self):
        self.create("errs", Timeout=1)
        out = self.invoke("errs", {"fail": True})
        self.assertEqual(out["FunctionError"], "Unhandled")
        self.assertEqual(out["Body"]["errorType"], "RuntimeError")
        self.assertEqual(out["Body"]["errorMessage"], "asked to fail")
        out = self.invoke("errs", {"sleep": 5})
        self.assertEqual(out["FunctionError"], "Unhandled")
        self.assertEqual(out["Body"]["errorType"], "Sandbox.Timedout")
        self.assertIn("Task timed out after 1.00 seconds", out["Body"]["errorMessage"])
        out = self.invoke("errs", {"exit": True})
        self.assertEqual(out["Body"]["errorType"], "Runtime.ExitError")
        self.assertEqual(self.invoke("errs", {})["StatusCode"], 200)  # a fresh environment

    def test_event_dry_run_throttle_and_bad_payload(self):
        self.create("modes")
        self.assertEqual(self.lam.invoke(FunctionName="modes", InvocationType="Event",
                                         Payload=b"{}")["StatusCode"], 202)
        self.assertEqual(self.lam.invoke(FunctionName="modes", InvocationType="DryRun")
                         ["StatusCode"], 204)
        self.assertLambdaError("InvalidRequestContentException", None, 400, self.lam.invoke,
                               FunctionName="modes", Payload=b"{not json")
        self.lam.put_function_concurrency(FunctionName="modes", ReservedConcurrentExecutions=0)
        error = self.assertLambdaError("TooManyRequestsException", "Rate Exceeded.", 429,
                                       self.lam.invoke, FunctionName="modes", Payload=b"{}")
        self.assertEqual(error["Reason"], "ReservedFunctionConcurrentInvocationLimitExceeded")
        self.assertLambdaError(
            "ResourceNotFoundException",
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:modes:9", 404,
            self.lam.invoke, FunctionName="modes", Qualifier="9", Payload=b"{}")

    def test_metrics_reach_cloudwatch(self):
        self.create("metered")
        self.lam.publish_version(FunctionName="metered")
        self.lam.create_alias(FunctionName="metered", Name="prod", FunctionVersion="1")
        self.invoke("metered:prod", {})
        self.invoke("metered:prod", {"fail": True})
        now = datetime.datetime.now(datetime.timezone.utc)
        stats = self.cw.get_metric_statistics(
            Namespace="AWS/Lambda", MetricName="Errors", StartTime=now - datetime.timedelta(minutes=5),
            EndTime=now + datetime.timedelta(minutes=1), Period=60, Statistics=["Sum", "SampleCount"],
            Dimensions=[{"Name": "FunctionName", "Value": "metered"},
                        {"Name": "Resource", "Value": "metered:prod"},
                        {"Name": "ExecutedVersion", "Value": "1"}])
        self.assertEqual(sum(p["Sum"] for p in stats["Datapoints"]), 1)
        self.assertEqual(sum(p["SampleCount"] for p in stats["Datapoints"]), 2)

    def test_aws_cli(self):
        with tempfile.NamedTemporaryFile(suffix=".zip", delete=False) as f:
            f.write(PY_ECHO)
        try:
            _, created, _ = self.server.cli("lambda", "create-function", "--function-name", "cli",
                                            "--runtime", "python3.12", "--role", ROLE,
                                            "--handler", "app.handler",
                                            "--zip-file", "fileb://" + f.name)
            self.assertEqual(created["FunctionName"], "cli")
            with tempfile.TemporaryDirectory() as out_dir:
                out = os.path.join(out_dir, "out.json")
                _, meta, _ = self.server.cli("lambda", "invoke", "--function-name", "cli",
                                             "--payload", '{"a": 1}', out)
                self.assertEqual(meta["StatusCode"], 200)
                with open(out) as result:
                    self.assertEqual(json.load(result)["event"], {"a": 1})
            arn = created["FunctionArn"]
            self.server.cli("lambda", "tag-resource", "--resource", arn,
                            "--tags", "team=core,owner=me")
            self.server.cli("lambda", "untag-resource", "--resource", arn, "--tag-keys", "owner")
            _, tags, _ = self.server.cli("lambda", "list-tags", "--resource", arn)
            self.assertEqual(tags["Tags"], {"team": "core"})
            code, _, err = self.server.cli("lambda", "tag-resource", "--resource", "cli",
                                           "--tags", "a=b", check=False)
            self.assertNotEqual(code, 0)
            self.assertIn("ValidationException", err)
            code, _, err = self.server.cli("lambda", "get-function", "--function-name", "nope",
                                           check=False)
            self.assertNotEqual(code, 0)
            self.assertIn("ResourceNotFoundException", err)
        finally:
            os.unlink(f.name)


class LambdaRestartTest(unittest.TestCase):
    """Functions, versions, aliases and code acknowledged before a restart are there after it,
    and the code still runs."""

    def test_survives_restart(self):
        with harness.TempDir() as data:
            with harness.Server(data_dir=data) as server:
                lam = server.client("lambda")
                lam.create_function(FunctionName="kept", Runtime="python3.12", Role=ROLE,
                                    Handler="app.handler", Code={"ZipFile": PY_ECHO}, Publish=True)
                lam.create_alias(FunctionName="kept", Name="live", FunctionVersion="1")
            with harness.Server(data_dir=data) as server:
                lam = server.client("lambda")
                self.assertEqual(lam.get_alias(FunctionName="kept", Name="live")["FunctionVersion"],
                                 "1")
                out = lam.invoke(FunctionName="kept:live", Payload=b'{"k": 1}')
                self.assertEqual(json.loads(out["Payload"].read())["event"], {"k": 1})
                self.assertEqual(out["ExecutedVersion"], "1")



DOUBLE = zip_of({"app.py": """def handler(event, context):
    if event.get("fail"):
        raise ValueError("odd input")
    return {"n": event["n"] * 2}
"""})


class StepFunctionsOnLambdaTest(harness.ServerTestCase):
    """Task states of executions in serve call serve's Lambda: a function ARN and the
    lambda:invoke integration, with the function's errorType as the error Catch sees."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lam = cls.server.client("lambda")
        cls.sfn = cls.server.client("stepfunctions")
        cls.lam.create_function(FunctionName="double", Runtime="python3.12", Role=ROLE,
                                Handler="app.handler", Code={"ZipFile": DOUBLE}, Publish=True)

    def run_machine(self, name, definition, payload):
        arn = self.sfn.create_state_machine(
            name=name, definition=json.dumps(definition),
            roleArn="arn:aws:iam::123456789012:role/sfn")["stateMachineArn"]
        execution = self.sfn.start_execution(stateMachineArn=arn,
                                             input=json.dumps(payload))["executionArn"]
        for _ in range(500):
            described = self.sfn.describe_execution(executionArn=execution)
            if described["status"] != "RUNNING":
                return described
            time.sleep(0.02)
        self.fail("execution still running")

    def test_function_arn_then_invoke_integration(self):
        described = self.run_machine("chain", {"StartAt": "Fn", "States": {
            "Fn": {"Type": "Task", "Next": "Invoke",
                   "Resource": "arn:aws:lambda:us-east-1:123456789012:function:double"},
            "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
                       "Parameters": {"FunctionName": "double", "Qualifier": "1",
                                      "Payload.$": "$"}}}}, {"n": 5})
        self.assertEqual(described["status"], "SUCCEEDED", described)
        output = json.loads(described["output"])
        self.assertEqual(output["Payload"], {"n": 20})
        self.assertEqual((output["ExecutedVersion"], output["StatusCode"]), ("1", 200))

    def test_function_error_is_caught_by_its_error_type(self):
        described = self.run_machine("catching", {"StartAt": "Fn", "States": {
            "Fn": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:double",
                   "Catch": [{"ErrorEquals": ["ValueError"], "Next": "Caught"}], "End": True},
            "Caught": {"Type": "Pass", "End": True}}}, {"fail": True})
        self.assertEqual(described["status"], "SUCCEEDED", described)
        caught = json.loads(described["output"])
        self.assertEqual(caught["Error"], "ValueError")
        self.assertEqual(json.loads(caught["Cause"])["errorMessage"], "odd input")


if __name__ == "__main__":
    unittest.main()
