"""TestState through boto3 and the AWS CLI, mirroring AWS's documented TestState examples and the
responses AWS recorded for them (LocalStack's AWS-validated test_state snapshots): every inspection
level, mocks, RETRIABLE and CAUGHT_ERROR, stateName inside a full definition, variables, Map and
Parallel with stateConfiguration, and the validation errors with AWS's messages.
"""
import json
import os
import tempfile
import unittest

import test_sfn_support as support

ROLE = support.ROLE

IO_PASS = {
    "Type": "Pass", "InputPath": "$.initialData",
    "Parameters": {"staticValue": "some value", "inputValue.$": "$.fieldFromInput"},
    "ResultPath": "$.modifiedData", "Next": "Second",
}
IO_INPUT = {"initialData": {"fieldFromInput": "value from input", "otherField": "other"},
            "unrelatedData": {"someOtherField": 1234}}

RETRY_TASK = {
    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "fn", "Payload.$": "$"},
    "Retry": [{"ErrorEquals": ["Other"]},
              {"ErrorEquals": ["MockException"], "IntervalSeconds": 2, "BackoffRate": 2,
               "MaxAttempts": 5}],
    "Catch": [{"ErrorEquals": ["Nothing"], "Next": "Never"},
              {"ErrorEquals": ["States.ALL"], "Next": "HandleError", "ResultPath": "$.error"}],
    "Next": "Done",
}

MAP = {
    "Type": "Map", "ItemsPath": "$.Values", "ToleratedFailureCount": 1,
    "ItemProcessor": {"StartAt": "HandleItem",
                      "States": {"HandleItem": {"Type": "Pass", "End": True}}},
    "Catch": [{"ErrorEquals": ["Nothing"], "Next": "Never"},
              {"ErrorEquals": ["States.ExceedToleratedFailureThreshold"],
               "Next": "HandleThreshold"}],
    "End": True,
}

PARALLEL = {
    "Type": "Parallel", "End": True,
    "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
                 {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}],
}

MACHINE = {
    "StartAt": "State0",
    "States": {
        "State0": {"Type": "Map", "ItemsPath": "$.Values", "ToleratedFailureCount": 2,
                   "ItemProcessor": {"StartAt": "HandleItem",
                                     "States": {"HandleItem": {"Type": "Pass", "End": True}}},
                   "Next": "Assign"},
        "Assign": {"Type": "Pass", "Assign": {"total.$": "$.n", "seen": True}, "Next": "Check"},
        "Check": {"Type": "Choice", "Default": "Small",
                  "Choices": [{"Variable": "$.n", "NumericGreaterThan": 20, "Next": "Big"}]},
        "Small": {"Type": "Succeed"},
        "Big": {"Type": "Fail", "Error": "TooBig", "Cause": "n is above 20"},
    },
}


class TestStateTest(support.SfnTestCase):

    def run_test(self, definition, **kwargs):
        out = self.sfn.test_state(definition=json.dumps(definition), **kwargs)
        out.pop("ResponseMetadata")
        return out

    def data(self, out, key):
        return json.loads(out["inspectionData"][key])

    # --- inspection levels ---

    def test_info_level_returns_output_status_and_next_state_only(self):
        out = self.run_test(IO_PASS, input=json.dumps(IO_INPUT))
        self.assertEqual(out["status"], "SUCCEEDED")
        self.assertEqual(out["nextState"], "Second")
        self.assertNotIn("inspectionData", out)
        self.assertEqual(json.loads(out["output"]), dict(IO_INPUT, modifiedData={
            "staticValue": "some value", "inputValue": "value from input"}))

    def test_debug_and_trace_show_every_step_of_the_pipeline(self):
        for level in ("DEBUG", "TRACE"):
            out = self.run_test(IO_PASS, input=json.dumps(IO_INPUT), inspectionLevel=level)
            data = out["inspectionData"]
            self.assertEqual(sorted(data), ["afterInputPath", "afterParameters", "afterResultPath",
                                            "afterResultSelector", "input"], level)
            self.assertEqual(json.loads(data["input"]), IO_INPUT)
            self.assertEqual(json.loads(data["afterInputPath"]), IO_INPUT["initialData"])
            modified = {"staticValue": "some value", "inputValue": "value from input"}
            self.assertEqual(json.loads(data["afterParameters"]), modified)
            self.assertEqual(json.loads(data["afterResultSelector"]), modified)
            self.assertEqual(json.loads(data["afterResultPath"]),
                             dict(IO_INPUT, modifiedData=modified))

    def test_a_pass_result_is_shown_without_reading_the_input(self):
        # AWS: a Pass with Result shows result, afterResultSelector and afterResultPath only.
        state = {"Type": "Pass", "Result": {"resultKey": "result value"}, "End": True}
        out = self.run_test(state, input='{"Value":"HelloWorld"}', inspectionLevel="DEBUG")
        self.assertEqual(sorted(out["inspectionData"]),
                         ["afterResultPath", "afterResultSelector", "input", "result"])
        self.assertNotIn("nextState", out)
        self.assertEqual(json.loads(out["output"]), {"resultKey": "result value"})

    def test_choice_succeed_and_fail(self):
        choice = MACHINE["States"]["Check"]
        out = self.run_test(choice, input='{"n":22}', inspectionLevel="DEBUG")
        self.assertEqual((out["status"], out["nextState"]), ("SUCCEEDED", "Big"))
        self.assertEqual(sorted(out["inspectionData"]), ["afterInputPath", "input"])
        out = self.run_test({"Type": "Succeed"}, input='{"Value":"HelloWorld"}')
        self.assertEqual(out, {"output": '{"Value":"HelloWorld"}', "status": "SUCCEEDED"})
        out = self.run_test({"Type": "Fail", "Error": "SomeFailure", "Cause": "because"},
                            inspectionLevel="DEBUG", input="{}")
        self.assertEqual((out["status"], out["error"], out["cause"]),
                         ("FAILED", "SomeFailure", "because"))
        self.assertNotIn("output", out)
        self.assertNotIn("nextState", out)

    def test_a_choice_without_a_match_fails(self):
        choice = {"Type": "Choice", "Choices": [
            {"Variable": "$.n", "NumericEquals": 1, "Next": "One"}]}
        out = self.run_test(choice, input='{"n":2}')
        self.assertEqual((out["status"], out["error"]), ("FAILED", "States.NoChoiceMatched"))

    def test_a_wait_state_answers_without_waiting(self):
        out = self.run_test({"Type": "Wait", "Seconds": 3600, "Next": "After"}, input='{"a":1}')
        self.assertEqual(out, {"output": '{"a":1}', "nextState": "After", "status": "SUCCEEDED"})

    # --- mocks, retries and catchers ---

    def test_a_mocked_task_result_goes_through_the_pipeline(self):
        state = dict(RETRY_TASK, ResultSelector={"body.$": "$.Payload"}, ResultPath="$.out")
        out = self.run_test(state, input='{"id":7}', inspectionLevel="DEBUG",
                            mock={"result": '{"StatusCode":200,"Payload":{"ok":true}}'})
        self.assertEqual(out["status"], "SUCCEEDED")
        self.assertEqual(out["nextState"], "Done")
        self.assertEqual(json.loads(out["output"]), {"id": 7, "out": {"body": {"ok": True}}})
        self.assertEqual(self.data(out, "afterParameters"),
                         {"FunctionName": "fn", "Payload": {"id": 7}})
        self.assertEqual(self.data(out, "result"), {"StatusCode": 200, "Payload": {"ok": True}})
        self.assertEqual(self.data(out, "afterResultSelector"), {"body": {"ok": True}})

    def test_a_mocked_error_that_a_retrier_handles_is_retriable(self):
        out = self.run_test(RETRY_TASK, input="{}", inspectionLevel="DEBUG",
                            mock={"errorOutput": {"error": "MockException", "cause": "boom"}})
        self.assertEqual((out["status"], out["error"], out["cause"]),
                         ("RETRIABLE", "MockException", "boom"))
        self.assertEqual(out["inspectionData"]["errorDetails"],
                         {"retryIndex": 1, "retryBackoffIntervalSeconds": 2})
        self.assertNotIn("output", out)
        self.assertNotIn("nextState", out)

    def test_retrier_retry_count_sets_the_backoff_and_exhausts_the_retrier(self):
        error = {"errorOutput": {"error": "MockException", "cause": "boom"}}
        out = self.run_test(RETRY_TASK, input="{}", inspectionLevel="DEBUG", mock=error,
                            stateConfiguration={"retrierRetryCount": 4})
        self.assertEqual(out["status"], "RETRIABLE")
        self.assertEqual(out["inspectionData"]["errorDetails"]["retryBackoffIntervalSeconds"], 32)
        out = self.run_test(RETRY_TASK, input='{"a":1}', inspectionLevel="DEBUG", mock=error,
                            stateConfiguration={"retrierRetryCount": 5})
        self.assertEqual((out["status"], out["nextState"]), ("CAUGHT_ERROR", "HandleError"))
        self.assertEqual(out["inspectionData"]["errorDetails"], {"catchIndex": 1})
        self.assertEqual(json.loads(out["output"]),
                         {"a": 1, "error": {"Error": "MockException", "Cause": "boom"}})

    def test_an_unhandled_mocked_error_fails(self):
        state = {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": True}
        out = self.run_test(state, mock={"errorOutput": {"error": "SNS.Denied", "cause": "no"}})
        self.assertEqual(out, {"error": "SNS.Denied", "cause": "no", "status": "FAILED"})

    def test_info_level_has_no_error_details(self):
        out = self.run_test(RETRY_TASK, mock={"errorOutput": {"error": "MockException"}})
        self.assertEqual(out, {"error": "MockException", "status": "RETRIABLE"})

    def test_context_replaces_members_of_the_context_object(self):
        state = {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": True,
                 "Parameters": {"name.$": "$$.Execution.Name", "retry.$": "$$.State.RetryCount"}}
        out = self.run_test(state, inspectionLevel="DEBUG", mock={"result": "{}"},
                            context='{"Execution":{"Name":"from-context"}}')
        self.assertEqual(self.data(out, "afterParameters"), {"name": "from-context", "retry": 0})

    def test_the_context_object_is_a_test_executions(self):
        state = {"Type": "Pass", "Parameters": {"ctx.$": "$$"}, "End": True}
        out = self.run_test(state, input='{"a":1}', roleArn=ROLE)
        ctx = json.loads(out["output"])["ctx"]
        self.assertEqual(sorted(ctx["Execution"]), ["Id", "Input", "Name", "RoleArn", "StartTime"])
        self.assertEqual(ctx["Execution"]["Input"], {"a": 1})
        self.assertEqual(ctx["Execution"]["RoleArn"], ROLE)
        self.assertRegex(ctx["Execution"]["Id"],
                         r"^arn:aws:states:us-east-1:123456789012:express:[\w-]+:[\w-]+$")
        self.assertEqual(ctx["State"]["Name"], "StateName")
        self.assertEqual(sorted(ctx["StateMachine"]), ["Id", "Name"])

    def test_jsonata_task_shows_arguments_and_assigns_variables(self):
        state = {"Type": "Task", "QueryLanguage": "JSONata",
                 "Resource": "arn:aws:states:::lambda:invoke",
                 "Arguments": {"FunctionName": "fn", "Payload": "{% $states.input.n + $base %}"},
                 "Assign": {"last": "{% $states.result.Payload %}"},
                 "Output": "{% $states.result.Payload * 2 %}", "End": True}
        out = self.run_test(state, input='{"n":1}', variables='{"base":10}',
                            inspectionLevel="DEBUG", mock={"result": '{"Payload":11}'})
        self.assertEqual(out["status"], "SUCCEEDED")
        self.assertEqual(out["output"], "22")
        self.assertEqual(self.data(out, "afterArguments"), {"FunctionName": "fn", "Payload": 11})
        self.assertEqual(self.data(out, "variables"), {"base": 10, "last": 11})
        self.assertNotIn("afterInputPath", out["inspectionData"])

    # --- stateName, variables ---

    def test_state_name_tests_one_state_of_a_full_definition(self):
        out = self.run_test(MACHINE, stateName="Assign", input='{"n":5}',
                            inspectionLevel="DEBUG", variables='{"before":1}')
        self.assertEqual((out["status"], out["nextState"]), ("SUCCEEDED", "Check"))
        self.assertEqual(self.data(out, "variables"), {"before": 1, "total": 5, "seen": True})
        out = self.run_test(MACHINE, stateName="Check", input='{"n":5}')
        self.assertEqual(out["nextState"], "Small")
        out = self.run_test(MACHINE, stateName="Big")
        self.assertEqual((out["status"], out["error"]), ("FAILED", "TooBig"))

    def test_state_name_reaches_into_a_map_processor(self):
        machine = {"StartAt": "M", "States": {"M": {
            "Type": "Map", "End": True,
            "ItemProcessor": {"StartAt": "Inner", "States": {
                "Inner": {"Type": "Pass", "Parameters": {"v.$": "$.x"}, "Next": "Last"},
                "Last": {"Type": "Succeed"}}}}}}
        out = self.run_test(machine, stateName="Inner", input='{"x":3}')
        self.assertEqual(out, {"output": '{"v":3}', "nextState": "Last", "status": "SUCCEEDED"})

    def test_variables_are_visible_to_the_state(self):
        state = {"Type": "Pass", "Parameters": {"v.$": "$x"}, "End": True}
        out = self.run_test(state, variables='{"x":[1,2]}')
        self.assertEqual(json.loads(out["output"]), {"v": [1, 2]})

    # --- Map and Parallel ---

    def test_a_mocked_map_within_its_tolerated_failures_succeeds(self):
        out = self.run_test(MAP, roleArn=ROLE, input='{"Values":["a","b","c"]}',
                            inspectionLevel="DEBUG", mock={"result": "[1,1,1]"},
                            stateConfiguration={"mapIterationFailureCount": 1})
        self.assertEqual((out["status"], out["output"]), ("SUCCEEDED", "[1,1,1]"))
        data = out["inspectionData"]
        self.assertEqual((data["maxConcurrency"], data["toleratedFailureCount"]), (0, 1))
        self.assertEqual(json.loads(data["afterItemsPath"]), ["a", "b", "c"])

    def test_a_mocked_map_over_its_tolerated_failures_is_caught(self):
        out = self.run_test(MAP, input='{"Values":["a","b","c"]}', inspectionLevel="TRACE",
                            mock={"result": "[0,0,1]"},
                            stateConfiguration={"mapIterationFailureCount": 2})
        self.assertEqual(out["status"], "CAUGHT_ERROR")
        self.assertEqual(out["nextState"], "HandleThreshold")
        self.assertEqual(out["error"], "States.ExceedToleratedFailureThreshold")
        self.assertEqual(out["cause"], "The specified tolerated failure threshold was exceeded")
        self.assertEqual(out["inspectionData"]["errorDetails"], {"catchIndex": 1})

    def test_a_map_without_tolerance_ignores_the_failure_count(self):
        plain = {k: v for k, v in MAP.items() if k != "ToleratedFailureCount"}
        out = self.run_test(plain, input='{"Values":[1]}', mock={"result": "[1]"},
                            stateConfiguration={"mapIterationFailureCount": 1})
        self.assertEqual(out["status"], "SUCCEEDED")

    def test_a_map_error_caused_by_an_inner_state_fails_the_map(self):
        out = self.run_test(MACHINE, stateName="State0", input='{"Values":[1,2,3]}',
                            mock={"errorOutput": {"error": "MockException", "cause": "inner"}},
                            stateConfiguration={"errorCausedByState": "HandleItem",
                                                "mapIterationFailureCount": 0})
        self.assertEqual(out, {"error": "MockException", "cause": "inner", "status": "FAILED"})

    def test_map_item_selector_is_shown(self):
        state = dict(MAP, ItemSelector={"value.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"})
        out = self.run_test(state, input='{"Values":["a","b"]}', inspectionLevel="DEBUG",
                            mock={"result": "[1,2]"})
        self.assertEqual(self.data(out, "afterItemSelector"),
                         [{"value": "a", "i": 0}, {"value": "b", "i": 1}])

    def test_a_map_with_an_item_reader_reads_map_item_reader_data(self):
        # AWS's recorded answer for this machine: output [1, 4, 9]; DEBUG shows the input and
        # maxConcurrency only (LocalStack's AWS-validated test_state_configuration snapshot).
        reader = {"StartAt": "State0", "States": {"State0": {
            "Type": "Map", "MaxConcurrency": 1, "ToleratedFailurePercentage": 50, "End": True,
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                           "ReaderConfig": {"InputType": "JSON"},
                           "Parameters": {"Bucket.$": "$.Bucket", "Key.$": "$.Key"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED",
                                                  "ExecutionType": "STANDARD"},
                              "StartAt": "HandleItem",
                              "States": {"HandleItem": {"Type": "Pass", "End": True}}}}}}
        bucket = '{"Bucket":"test-bucket","Key":"test-key"}'
        out = self.run_test(reader, stateName="State0", input=bucket, inspectionLevel="DEBUG",
                            mock={"result": "[1,4,9]"},
                            stateConfiguration={"mapItemReaderData": "[1,2,3]"})
        self.assertEqual((out["status"], out["output"]), ("SUCCEEDED", "[1,4,9]"))
        self.assertEqual(out["inspectionData"], {"input": bucket.replace(" ", ""),
                                                 "maxConcurrency": 1,
                                                 "toleratedFailurePercentage": 50.0})
        # 2 of the reader's 3 items failed: over 50%.
        out = self.run_test(reader, stateName="State0", input=bucket, mock={"result": "[1,4,9]"},
                            stateConfiguration={"mapItemReaderData": "[1,2,3]",
                                                "mapIterationFailureCount": 2})
        self.assertEqual((out["status"], out["error"]),
                         ("FAILED", "States.ExceedToleratedFailureThreshold"))
        writer = dict(reader["States"]["State0"], ResultWriter={
            "Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": "b", "Prefix": "p"}})
        self.assertAwsError("ValidationException", "Mocked result must be a JSON object.",
                            self.sfn.test_state, definition=json.dumps(writer),
                            mock={"result": "[1]"})
        out = self.run_test(writer, mock={"result": '{"MapRunArn":"arn"}'})
        self.assertEqual(out["output"], '{"MapRunArn":"arn"}')

    def test_a_mocked_parallel_result_goes_through_result_path(self):
        state = dict(PARALLEL, ResultPath="$.branches")
        out = self.run_test(state, input='{"a":1}', mock={"result": '[{"x":1},{"y":2}]'})
        self.assertEqual(json.loads(out["output"]), {"a": 1, "branches": [{"x": 1}, {"y": 2}]})

    # --- validation errors (AWS's messages) ---

    def test_states_that_refuse_a_mock(self):
        for state, name in (({"Type": "Pass", "End": True}, "Pass"),
                            ({"Type": "Fail", "Error": "E"}, "Fail"),
                            ({"Type": "Succeed"}, "Succeed")):
            for m in ({"result": '{"mock":"the unmockable"}'},
                      {"errorOutput": {"error": "Error", "cause": "Cause"}}):
                self.assertAwsError(
                    "ValidationException",
                    "State type '%s' is not supported when a mock is specified" % name,
                    self.sfn.test_state, definition=json.dumps(state),
                    inspectionLevel="TRACE", mock=m)

    def test_map_and_parallel_need_a_mock(self):
        for state in (MAP, PARALLEL):
            self.assertAwsError(
                "InvalidDefinition",
                "TestState API does not support Map or Parallel states. Supported state types "
                "include: [Task, Wait, Pass, Succeed, Fail, Choice]",
                self.sfn.test_state, definition=json.dumps(state), inspectionLevel="TRACE")

    def test_mock_conflicts_and_shapes(self):
        task = json.dumps(RETRY_TASK)
        cases = [
            ({"mock": {"result": "{}", "errorOutput": {"error": "E"}}},
             "A test mock should have only one of the following fields: [result, errorOutput]."),
            ({"mock": {"result": "{}"}, "revealSecrets": True},
             "TestState does not support RevealSecrets when a mock is specified."),
            ({"mock": {"result": '{"StatusCode":"200"}'}},
             "Mock result schema validation error: Field 'StatusCode' must be a number"),
        ]
        for kwargs, message in cases:
            self.assertAwsError("ValidationException", message, self.sfn.test_state,
                                definition=task, **kwargs)
        # PRESENT and NONE relax the checks in AWS's order.
        start = json.dumps({"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                            "End": True})
        self.assertAwsError(
            "ValidationException",
            "Mock result schema validation error: Required field 'ExecutionArn' is missing",
            self.sfn.test_state, definition=start, mock={"result": '{"executionArn":"x"}'})
        out = self.sfn.test_state(definition=start, mock={"result": '{"StartDate":"x"}',
                                                          "fieldValidationMode": "PRESENT"})
        self.assertEqual(out["status"], "SUCCEEDED")
        self.assertAwsError(
            "ValidationException",
            "Mock result schema validation error: Field 'StartDate' must be a string",
            self.sfn.test_state, definition=start,
            mock={"result": '{"StartDate":1}', "fieldValidationMode": "PRESENT"})
        out = self.sfn.test_state(definition=start, mock={"result": '{"StartDate":1}',
                                                          "fieldValidationMode": "NONE"})
        self.assertEqual(out["status"], "SUCCEEDED")

    def test_container_mock_shapes(self):
        self.assertAwsError("ValidationException", "Mocked result must be an array.",
                            self.sfn.test_state, definition=json.dumps(MAP),
                            mock={"result": "{}"})
        self.assertAwsError("ValidationException", "Mocked result must be an array.",
                            self.sfn.test_state, definition=json.dumps(PARALLEL),
                            mock={"result": "{}"})
        self.assertAwsError(
            "ValidationException",
            "Mocked result must contain the same number of items as number of Parallel branches.",
            self.sfn.test_state, definition=json.dumps(PARALLEL), mock={"result": "[1]"})

    def test_a_task_without_a_mock_needs_a_role(self):
        self.assertAwsError("ValidationException",
                            "RoleArn must be specified when testing a Task state",
                            self.sfn.test_state, definition=json.dumps(RETRY_TASK))

    def test_state_name_must_exist(self):
        self.assertAwsError("ValidationException", "State not found in definition",
                            self.sfn.test_state, definition=json.dumps(MACHINE),
                            stateName="Missing")

    def test_invalid_definitions_and_inputs(self):
        response = self.assertAwsError("InvalidDefinition", None, self.sfn.test_state,
                                       definition='{"Type":"Pass","Next":1}')
        self.assertIn("Invalid State Machine Definition", response["Error"]["Message"])
        self.assertAwsError("InvalidDefinition", None, self.sfn.test_state,
                            definition='{"Type":"Nope","End":true}')
        self.assertAwsError("InvalidExecutionInput", None, self.sfn.test_state,
                            definition='{"Type":"Pass","End":true}', input="{not json")

    def test_wire_constraints(self):
        status, body = self.raw("TestState", "{}")
        self.assertEqual(status, 400)
        self.assertEqual(body["message"], "1 validation error detected: Value null at "
                                          "'definition' failed to satisfy constraint: Member "
                                          "must not be null")
        status, body = self.raw("TestState", json.dumps({
            "definition": '{"Type":"Pass","End":true}', "inspectionLevel": "LOUD",
            "stateConfiguration": {"retrierRetryCount": -1}}))
        self.assertEqual(status, 400)
        self.assertIn("Value 'LOUD' at 'inspectionLevel' failed to satisfy constraint",
                      body["message"])
        self.assertIn("'stateConfiguration.retrierRetryCount'", body["message"])


class TestStateTaskRunnerTest(support.SfnTestCase):
    """A Task without a mock runs through serve's --functions, as an execution's does."""

    @classmethod
    def setUpClass(cls):
        cls.functions = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump({"functions": {
            "double": {"command": ["python3", "-c", "import json,sys; "
                                   "print(json.dumps(json.load(sys.stdin)['n'] * 2))"]},
            "arn:aws:states:::sns:publish": {"error": "SNS.Denied", "cause": "not allowed"},
        }}, cls.functions)
        cls.functions.close()
        cls.server_args = ("--functions", cls.functions.name)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        os.unlink(cls.functions.name)

    def test_the_task_runs_its_function(self):
        state = {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:double",
                 "ResultPath": "$.doubled", "End": True}
        out = self.sfn.test_state(definition=json.dumps(state), roleArn=ROLE, input='{"n":21}',
                                  inspectionLevel="DEBUG")
        self.assertEqual(out["status"], "SUCCEEDED")
        self.assertEqual(json.loads(out["output"]), {"n": 21, "doubled": 42})
        self.assertEqual(out["inspectionData"]["result"], "42")

    def test_a_failing_task_is_caught(self):
        state = {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": True,
                 "Catch": [{"ErrorEquals": ["SNS.Denied"], "Next": "Denied"}]}
        out = self.sfn.test_state(definition=json.dumps(state), roleArn=ROLE)
        self.assertEqual((out["status"], out["nextState"], out["cause"]),
                         ("CAUGHT_ERROR", "Denied", "not allowed"))


class TestStateClientsTest(support.SfnTestCase):

    def test_the_sync_host_prefix_reaches_the_server(self):
        """botocore sends TestState to sync-<host>; serve answers whatever Host comes."""
        with support.sync_host_client(self.server.endpoint) as client:
            out = client.test_state(definition='{"Type":"Pass","End":true}', input='{"x":1}')
        self.assertEqual((out["status"], out["output"]), ("SUCCEEDED", '{"x":1}'))

    def test_aws_cli_test_state(self):
        env = {"AWS_DISABLE_HOST_PREFIX_INJECTION": "true"}
        _, out, _ = self.server.cli(
            "stepfunctions", "test-state", "--definition", json.dumps(IO_PASS),
            "--input", json.dumps(IO_INPUT), "--inspection-level", "DEBUG", env=env)
        self.assertEqual((out["status"], out["nextState"]), ("SUCCEEDED", "Second"))
        self.assertIn("afterParameters", out["inspectionData"])
        _, out, _ = self.server.cli(
            "stepfunctions", "test-state", "--definition", json.dumps(MACHINE),
            "--state-name", "State0", "--input", '{"Values":[1,2]}',
            "--mock", '{"result":"[1,2]"}',
            "--state-configuration", '{"mapIterationFailureCount":0}', env=env)
        self.assertEqual(out["output"], "[1,2]")
        self.assertEqual(out["nextState"], "Assign")
        code, _, err = self.server.cli(
            "stepfunctions", "test-state", "--definition", '{"Type":"Pass","End":true}',
            "--mock", '{"result":"{}"}', check=False, env=env)
        self.assertNotEqual(code, 0)
        self.assertIn("ValidationException", err)
        self.assertIn("State type 'Pass' is not supported when a mock is specified", err)


if __name__ == "__main__":
    unittest.main()
