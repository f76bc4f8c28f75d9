"""Executions through boto3 and the AWS CLI: StartExecution, StartSyncExecution (also through the
`sync-` host prefix), DescribeExecution, ListExecutions, GetExecutionHistory, StopExecution and
DescribeStateMachineForExecution, with AWS's shapes, errors and messages (sfn-api.md and the
executions fact sheet, recorded from AWS where it says so)."""
import json
import unittest

import test_sfn_support as support

PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
FAIL = json.dumps({"StartAt": "F", "States": {
    "F": {"Type": "Fail", "Error": "SomeFailure",
          "Cause": "This state machines raises a 'SomeFailure' failure."}}})


def waiting(seconds):
    return json.dumps({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": seconds, "Next": "P"},
        "P": {"Type": "Pass", "End": True}}})


class ExecutionTest(support.SfnTestCase):

    def test_jsonata_definitions_validate_create_and_run(self):
        jsonata = json.dumps({"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {
            "Type": "Pass", "Output": {"sum": "{% $sum($states.input.xs) %}"}, "End": True}}})
        ok = self.sfn.validate_state_machine_definition(definition=jsonata)
        self.assertEqual((ok["result"], ok["diagnostics"]), ("OK", []))
        # AWS's diagnostic (localstack test_sfn_api_validation.snapshot.json,
        # INVALID_DOWNGRADE_QUERY_LANGUAGE).
        downgrade = json.dumps({"QueryLanguage": "JSONata", "StartAt": "Pass", "States": {
            "Pass": {"Type": "Pass", "End": True, "QueryLanguage": "JSONPath"}}})
        out = self.sfn.validate_state_machine_definition(definition=downgrade)
        self.assertEqual(out["diagnostics"], [{
            "severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "location": "/States/Pass",
            "message": "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole "
                       "state machine"}])
        arn = self.create(definition=jsonata)["stateMachineArn"]
        started = self.sfn.start_execution(stateMachineArn=arn, input='{"xs": [1, 2, 3]}')
        d = self.wait_closed(started["executionArn"])
        self.assertEqual((d["status"], d["output"]), ("SUCCEEDED", '{"sum":6}'))
        started = self.sfn.start_execution(stateMachineArn=arn, input='{"xs": ["a"]}')
        d = self.wait_closed(started["executionArn"])
        self.assertEqual((d["status"], d["error"]), ("FAILED", "States.QueryEvaluationError"))
        events = self.sfn.get_execution_history(executionArn=started["executionArn"])["events"]
        self.assertEqual([(e["id"], e["previousEventId"], e["type"]) for e in events], [
            (1, 0, "ExecutionStarted"), (2, 0, "PassStateEntered"), (3, 0, "EvaluationFailed"),
            (4, 3, "ExecutionFailed")])
        self.assertEqual(events[2]["evaluationFailedEventDetails"]["location"], "Output/sum")

    def test_start_describe_and_history_of_an_unqualified_start(self):
        arn = self.create(definition=PASS)["stateMachineArn"]
        name = support.unique("run")
        started = self.sfn.start_execution(stateMachineArn=arn, name=name, input='{"a": 1}')
        self.assertEqual(started["executionArn"],
                         "arn:aws:states:%s:%s:execution:%s:%s" % (
                             support.REGION, support.ACCOUNT, arn.split(":")[-1], name))
        d = self.wait_closed(started["executionArn"])
        d.pop("ResponseMetadata")
        self.assertEqual(sorted(d), sorted([
            "executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate", "input",
            "inputDetails", "output", "outputDetails", "redriveCount", "redriveStatus",
            "redriveStatusReason"]))
        self.assertEqual(d["status"], "SUCCEEDED")
        self.assertEqual(d["input"], '{"a": 1}')
        self.assertEqual(d["output"], '{"a":1}')
        self.assertEqual(d["inputDetails"], {"included": True})
        self.assertEqual(d["redriveStatus"], "NOT_REDRIVABLE")
        self.assertEqual(d["redriveStatusReason"], "Execution is SUCCEEDED and cannot be redriven")
        self.assertEqual(d["startDate"], started["startDate"])
        events = self.sfn.get_execution_history(executionArn=started["executionArn"])["events"]
        self.assertEqual([(e["id"], e["previousEventId"], e["type"]) for e in events], [
            (1, 0, "ExecutionStarted"), (2, 0, "PassStateEntered"), (3, 2, "PassStateExited"),
            (4, 3, "ExecutionSucceeded")])
        self.assertEqual(events[0]["executionStartedEventDetails"],
                         {"input": '{"a": 1}', "inputDetails": {"truncated": False},
                          "roleArn": support.ROLE})
        self.assertEqual(events[3]["executionSucceededEventDetails"],
                         {"output": '{"a":1}', "outputDetails": {"truncated": False}})
        reverse = self.sfn.get_execution_history(executionArn=started["executionArn"],
                                                 reverseOrder=True, maxResults=2)
        self.assertEqual([e["id"] for e in reverse["events"]], [4, 3])
        rest = self.sfn.get_execution_history(executionArn=started["executionArn"],
                                              reverseOrder=True, nextToken=reverse["nextToken"])
        self.assertEqual([e["id"] for e in rest["events"]], [2, 1])
        self.assertNotIn("nextToken", rest)
        bare = self.sfn.get_execution_history(executionArn=started["executionArn"],
                                              includeExecutionData=False)["events"]
        self.assertEqual(bare[0]["executionStartedEventDetails"], {"roleArn": support.ROLE})
        self.assertEqual(bare[3]["executionSucceededEventDetails"], {})

    def test_versions_and_aliases_are_recorded_and_listed(self):
        arn, (v1, v2) = self.create_with_versions(2)
        alias = self.sfn.create_state_machine_alias(
            name="live", routingConfiguration=[{"stateMachineVersionArn": v2, "weight": 100}])
        alias_arn = alias["stateMachineAliasArn"]
        by_version = self.sfn.start_execution(stateMachineArn=v1)["executionArn"]
        by_alias = self.sfn.start_execution(stateMachineArn=alias_arn)["executionArn"]
        plain = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        d = self.wait_closed(by_alias)
        self.assertEqual(d["stateMachineArn"], arn)
        self.assertEqual(d["stateMachineVersionArn"], v2)
        self.assertEqual(d["stateMachineAliasArn"], alias_arn)
        d = self.wait_closed(by_version)
        self.assertEqual(d["stateMachineVersionArn"], v1)
        self.assertNotIn("stateMachineAliasArn", d)
        self.assertNotIn("stateMachineVersionArn", self.wait_closed(plain))
        started = self.sfn.get_execution_history(executionArn=by_alias)["events"][0]
        self.assertEqual(started["executionStartedEventDetails"]["stateMachineAliasArn"],
                         alias_arn)
        self.assertEqual(started["executionStartedEventDetails"]["stateMachineVersionArn"], v2)
        listed = self.sfn.list_executions(stateMachineArn=arn)["executions"]
        self.assertEqual([e["executionArn"] for e in listed], [plain, by_alias, by_version])
        self.assertEqual(listed[1]["stateMachineAliasArn"], alias_arn)
        self.assertEqual(listed[0]["redriveCount"], 0)
        self.assertEqual([e["executionArn"] for e in
                          self.sfn.list_executions(stateMachineArn=v1)["executions"]],
                         [by_version])
        self.assertEqual([e["executionArn"] for e in
                          self.sfn.list_executions(stateMachineArn=alias_arn)["executions"]],
                         [by_alias])
        machine = self.sfn.describe_state_machine_for_execution(executionArn=by_alias)
        self.assertEqual(machine["stateMachineArn"], arn)
        self.assertEqual(machine["definition"], support.definition("v2"))
        self.assertIn("revisionId", machine)

    def test_list_filters_and_pages(self):
        arn = self.create(definition=waiting(30))["stateMachineArn"]
        names = ["e%d" % i for i in range(5)]
        for name in names:
            self.sfn.start_execution(stateMachineArn=arn, name=name)
        self.sfn.stop_execution(executionArn=arn.replace(":stateMachine:", ":execution:") + ":e0")
        seen = []
        kwargs = {"stateMachineArn": arn, "maxResults": 2, "statusFilter": "RUNNING"}
        while True:
            page = self.sfn.list_executions(**kwargs)
            seen += [e["name"] for e in page["executions"]]
            if "nextToken" not in page:
                break
            kwargs["nextToken"] = page["nextToken"]
        self.assertEqual(seen, ["e4", "e3", "e2", "e1"])
        paginator = self.sfn.get_paginator("list_executions")
        aborted = [e["name"] for p in paginator.paginate(stateMachineArn=arn,
                                                         statusFilter="ABORTED")
                   for e in p["executions"]]
        self.assertEqual(aborted, ["e0"])
        self.assertAwsError("InvalidToken", "Invalid Token: 'Invalid token'",
                            self.sfn.list_executions, stateMachineArn=arn, nextToken="nope")
        self.assertAwsError(
            "ValidationException",
            "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy "
            "constraint: Member must have value less than or equal to 1000",
            self.sfn.list_executions, stateMachineArn=arn, maxResults=1001)
        self.assertAwsError(
            "ValidationException",
            "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy "
            "constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, "
            "PENDING_REDRIVE, ABORTED, FAILED, RUNNING]",
            self.sfn.list_executions, stateMachineArn=arn, statusFilter="succeeded")
        missing = support.sm_arn(support.unique())
        self.assertAwsError("StateMachineDoesNotExist",
                            "State Machine Does Not Exist: '%s'" % missing,
                            self.sfn.list_executions, stateMachineArn=missing)

    def test_start_errors(self):
        arn = self.create(definition=waiting(30))["stateMachineArn"]
        self.assertAwsError("StateMachineDoesNotExist",
                            "State Machine Does Not Exist: '%s:7'" % arn,
                            self.sfn.start_execution, stateMachineArn=arn + ":7")
        self.assertAwsError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: invalid_arn'",
                            self.sfn.start_execution, stateMachineArn="invalid_arn")
        self.assertAwsError("InvalidName", "Invalid Name: 'a b'",
                            self.sfn.start_execution, stateMachineArn=arn, name="a b")
        self.assertAwsError(
            "InvalidExecutionInput",
            "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting "
            "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')'",
            self.sfn.start_execution, stateMachineArn=arn, input="not some json")
        self.assertAwsError(
            "InvalidExecutionInput",
            "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was "
            "expecting double-quote to start field name'",
            self.sfn.start_execution, stateMachineArn=arn, input="{'not': 'json'")
        self.assertAwsError(
            "InvalidExecutionInput",
            "Invalid State Machine Execution Input: 'Invalid execution input.'",
            self.sfn.start_execution, stateMachineArn=arn, input="")
        self.assertAwsError(
            "ValidationException",
            "1 validation error detected: Value at 'input' failed to satisfy constraint: Member "
            "must have size less than or equal to 262144 bytes in UTF-8 encoding",
            self.sfn.start_execution, stateMachineArn=arn, input=json.dumps("x" * 262144))
        first = self.sfn.start_execution(stateMachineArn=arn, name="once", input='{"n": 1}')
        again = self.sfn.start_execution(stateMachineArn=arn, name="once", input='{"n": 1}')
        self.assertEqual(again["executionArn"], first["executionArn"])
        self.assertEqual(again["startDate"], first["startDate"])
        self.assertAwsError("ExecutionAlreadyExists",
                            "Execution Already Exists: '%s'" % first["executionArn"],
                            self.sfn.start_execution, stateMachineArn=arn, name="once",
                            input='{"n": 2}')
        self.assertAwsError(
            "StateMachineTypeNotSupported",
            "This operation is not supported by this type of state machine",
            self.sfn.start_sync_execution, stateMachineArn=arn)

    def test_stop_aborts_a_running_execution(self):
        arn = self.create(definition=waiting(30))["stateMachineArn"]
        execution = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        stopped = self.sfn.stop_execution(executionArn=execution, error="Manual", cause="test")
        d = self.sfn.describe_execution(executionArn=execution)
        self.assertEqual((d["status"], d["error"], d["cause"]), ("ABORTED", "Manual", "test"))
        self.assertEqual(d["stopDate"], stopped["stopDate"])
        self.assertEqual(d["redriveStatus"], "REDRIVABLE")
        self.assertNotIn("output", d)
        self.assertNotIn("outputDetails", d)
        events = self.sfn.get_execution_history(executionArn=execution)["events"]
        self.assertEqual([e["type"] for e in events],
                         ["ExecutionStarted", "WaitStateEntered", "ExecutionAborted"])
        self.assertEqual(events[2]["previousEventId"], 0)
        self.assertEqual(events[2]["executionAbortedEventDetails"],
                         {"error": "Manual", "cause": "test"})
        missing = execution + "-gone"
        for call in (self.sfn.stop_execution, self.sfn.describe_execution,
                     self.sfn.get_execution_history,
                     self.sfn.describe_state_machine_for_execution):
            self.assertAwsError("ExecutionDoesNotExist",
                                "Execution Does Not Exist: '%s'" % missing, call,
                                executionArn=missing)
            self.assertAwsError(
                "InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                "stateMachine'", call, executionArn=arn)

    def test_failed_executions_report_error_and_cause(self):
        arn = self.create(definition=FAIL)["stateMachineArn"]
        d = self.wait_closed(self.sfn.start_execution(stateMachineArn=arn)["executionArn"])
        self.assertEqual(d["status"], "FAILED")
        self.assertEqual(d["error"], "SomeFailure")
        self.assertEqual(d["cause"], "This state machines raises a 'SomeFailure' failure.")
        self.assertEqual(d["redriveStatus"], "REDRIVABLE")
        self.assertNotIn("outputDetails", d)


class ExpressTest(support.SfnTestCase):

    def test_sync_execution_succeeds_and_fails_with_status_200(self):
        ok = self.create(definition=PASS, type="EXPRESS")["stateMachineArn"]
        out = self.sfn.start_sync_execution(stateMachineArn=ok, name="s1", input='{"k":1}')
        self.assertEqual(out["status"], "SUCCEEDED")
        self.assertTrue(out["executionArn"].startswith(
            ok.replace(":stateMachine:", ":express:") + ":s1:"))
        self.assertEqual(out["stateMachineArn"], ok)
        self.assertEqual(out["output"], '{"k":1}')
        self.assertEqual(out["billingDetails"],
                         {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": 100})
        self.assertRegex(out["ResponseMetadata"]["RequestId"], "^[0-9a-f-]{36}$")
        failing = self.create(definition=FAIL, type="EXPRESS")["stateMachineArn"]
        out = self.sfn.start_sync_execution(stateMachineArn=failing)
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual((out["status"], out["error"]), ("FAILED", "SomeFailure"))
        self.assertNotIn("output", out)
        self.assertEqual(out["outputDetails"], {"included": True})

    def test_express_executions_have_no_record(self):
        arn = self.create(definition=PASS, type="EXPRESS")["stateMachineArn"]
        started = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        self.assertIn(":express:", started)
        for call in (self.sfn.describe_execution, self.sfn.stop_execution,
                     self.sfn.get_execution_history):
            self.assertAwsError("InvalidArn",
                                "Invalid Arn: 'Resource type not valid in this context: express'",
                                call, executionArn=started)
        self.assertAwsError("StateMachineTypeNotSupported",
                            "This operation is not supported by this type of state machine",
                            self.sfn.list_executions, stateMachineArn=arn)

    def test_the_sync_host_prefix_reaches_the_server(self):
        """botocore sends StartSyncExecution to sync-<host>; serve answers whatever Host comes."""
        arn = self.create(definition=PASS, type="EXPRESS")["stateMachineArn"]
        with support.sync_host_client(self.server.endpoint) as client:
            out = client.start_sync_execution(stateMachineArn=arn, input="{}")
        self.assertEqual(out["status"], "SUCCEEDED")

    def test_aws_cli_with_host_prefix_injection_disabled(self):
        arn = self.create(definition=PASS, type="EXPRESS")["stateMachineArn"]
        _, out, _ = self.server.cli("stepfunctions", "start-sync-execution", "--state-machine-arn",
                                    arn, "--input", '{"cli":true}',
                                    env={"AWS_DISABLE_HOST_PREFIX_INJECTION": "true"})
        self.assertEqual(out["status"], "SUCCEEDED")
        self.assertEqual(out["output"], '{"cli":true}')


class CliTest(support.SfnTestCase):

    def test_every_execution_command(self):
        arn = self.create(definition=waiting(30))["stateMachineArn"]
        cli = self.server.cli
        _, started, _ = cli("stepfunctions", "start-execution", "--state-machine-arn", arn,
                            "--name", "cli-run", "--input", '{"x": 1}')
        execution = started["executionArn"]
        _, described, _ = cli("stepfunctions", "describe-execution", "--execution-arn", execution)
        self.assertEqual(described["status"], "RUNNING")
        self.assertEqual(described["redriveStatusReason"],
                         "Execution is RUNNING and cannot be redriven")
        _, listed, _ = cli("stepfunctions", "list-executions", "--state-machine-arn", arn)
        self.assertEqual([e["name"] for e in listed["executions"]], ["cli-run"])
        _, history, _ = cli("stepfunctions", "get-execution-history", "--execution-arn", execution)
        self.assertEqual([e["type"] for e in history["events"]],
                         ["ExecutionStarted", "WaitStateEntered"])
        _, machine, _ = cli("stepfunctions", "describe-state-machine-for-execution",
                            "--execution-arn", execution)
        self.assertEqual(machine["definition"], waiting(30))
        _, stopped, _ = cli("stepfunctions", "stop-execution", "--execution-arn", execution,
                            "--error", "E", "--cause", "C")
        self.assertIn("stopDate", stopped)
        code, _, err = cli("stepfunctions", "describe-execution", "--execution-arn",
                           execution + "x", check=False)
        self.assertEqual(code, 255)  # the AWS CLI v1 exit code of a service error
        self.assertIn("ExecutionDoesNotExist", err)


if __name__ == "__main__":
    unittest.main()
