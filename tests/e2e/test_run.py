"""`stepshift run` as a user meets it: the real binary as a subprocess, held to the contract.

stdout is one JSON object, {"status","output"} or {"status","error","cause"}; the exit code is 0
for SUCCEEDED, 1 for any other final status, 2 for an invalid definition, input or usage (one
readable line on stderr; an invalid definition lists every diagnostic with its location). The
fixtures are in testdata/run; the commands of functions.yaml run from that directory.
"""
import datetime
import json
import os
import re
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("STEPSHIFT_BIN", os.path.join(ROOT, "build", "stepshift"))
FIXTURES = os.path.join(ROOT, "testdata", "run")
PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        lines = proc.stdout.splitlines()
        self.json = json.loads(lines[0]) if len(lines) == 1 else None


class RunTestCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name, content):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(content if isinstance(content, str) else json.dumps(content))
        return path

    def run_cli(self, *args):
        proc = subprocess.run([BINARY, "run", *args], capture_output=True, text=True, timeout=60,
                              cwd=FIXTURES)
        return Result(proc)

    def run_definition(self, definition, *args):
        return self.run_cli(self.write("definition.json", definition), *args)

    def assertResult(self, result, expected, code=None):
        """stdout is exactly one line holding exactly `expected`; the exit code follows status."""
        self.assertEqual(len(result.stdout.splitlines()), 1, result.stdout + result.stderr)
        self.assertEqual(result.json, expected, result.stderr)
        if code is None:
            code = 0 if expected["status"] == "SUCCEEDED" else 1
        self.assertEqual(result.code, code, result.stderr)

    def assertUsageError(self, result, *fragments):
        """Exit 2, nothing on stdout, one readable line on stderr containing each fragment."""
        self.assertEqual(result.code, 2, result.stdout + result.stderr)
        self.assertEqual(result.stdout, "")
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        for fragment in fragments:
            self.assertIn(fragment, lines[0])

    def events(self, result):
        self.assertIsNotNone(result.json, result.stdout + result.stderr)
        return result.json["history"]["events"]


class OutputContractTest(RunTestCase):
    def test_success_prints_status_and_output_and_exits_0(self):
        result = self.run_definition(
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"a": [1, "x"]},
                                              "End": True}}})
        self.assertResult(result, {"status": "SUCCEEDED", "output": {"a": [1, "x"]}})
        self.assertEqual(result.stderr, "")

    def test_input_defaults_to_an_empty_object(self):
        self.assertResult(self.run_definition(PASS), {"status": "SUCCEEDED", "output": {}})

    def test_fail_state_prints_error_and_cause_and_exits_1(self):
        result = self.run_definition(
            {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Oops", "Cause": "bad"}}})
        self.assertResult(result, {"status": "FAILED", "error": "Oops", "cause": "bad"})

    def test_fail_state_without_error_or_cause_leaves_them_out(self):
        result = self.run_definition({"StartAt": "F", "States": {"F": {"Type": "Fail"}}})
        self.assertResult(result, {"status": "FAILED"})

    def test_execution_timeout_is_timed_out_and_exits_1(self):
        result = self.run_definition(
            {"TimeoutSeconds": 5, "StartAt": "W",
             "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}}, "--skip-waits")
        self.assertEqual(result.json["status"], "TIMED_OUT", result.stdout + result.stderr)
        self.assertNotIn("output", result.json)
        self.assertEqual(result.code, 1)

    def test_yaml_definition(self):
        result = self.run_cli(self.write("machine.yaml", (
            "Comment: a YAML definition\n"
            "StartAt: Greet\n"
            "States:\n"
            "  Greet:\n"
            "    Type: Pass\n"
            "    Parameters:\n"
            "      message.$: States.Format('hi {}', $.who)\n"
            "    End: true\n")), "--input", '{"who": "ann"}')
        self.assertResult(result, {"status": "SUCCEEDED", "output": {"message": "hi ann"}})

    def test_input_file(self):
        path = self.write("input.json", '{"n": 41, "nested": {"list": [true, null]}}\n')
        result = self.run_definition(
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {
                "n.$": "States.MathAdd($.n, 1)", "list.$": "$.nested.list"}, "End": True}}},
            "--input-file", path)
        self.assertResult(result, {"status": "SUCCEEDED",
                                   "output": {"n": 42, "list": [True, None]}})


class JsonataTest(RunTestCase):
    def test_a_jsonata_machine_runs_with_variables_and_states_input(self):
        result = self.run_definition(
            {"QueryLanguage": "JSONata", "StartAt": "Total", "States": {
                "Total": {"Type": "Pass", "Assign": {"n": "{% $count($states.input.xs) %}"},
                          "Output": {"sum": "{% $sum($states.input.xs) %}"}, "Next": "Mean"},
                "Mean": {"Type": "Pass", "Output": "{% $states.input.sum / $n %}", "End": True}}},
            "--input", '{"xs": [1, 2, 6]}')
        self.assertResult(result, {"status": "SUCCEEDED", "output": 3})

    def test_a_failing_expression_is_a_query_evaluation_error(self):
        result = self.run_definition(
            {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
                "P": {"Type": "Pass", "Output": "{% $sum($states.input.xs) %}", "End": True}}},
            "--input", '{"xs": ["a"]}')
        self.assertEqual(result.json["error"], "States.QueryEvaluationError", result.stdout)
        self.assertIn("T0412", result.json["cause"])
        self.assertEqual(result.code, 1)

    def test_a_syntax_error_names_its_field_and_position(self):
        path = self.write("bad.json", {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
            "P": {"Type": "Pass", "Output": {"x": "{% $states.input.a + %}"}, "End": True}}})
        result = self.run_cli(path)
        self.assertEqual(result.code, 2)
        self.assertEqual(result.stderr.strip().splitlines(), [
            path + ": /States/P/Output/x: INVALID_JSONATA_EXPRESSION: Unexpected end of "
                   "expression (position 19 of the expression)",
            "Invalid State Machine Definition: 'INVALID_JSONATA_EXPRESSION: Unexpected end of "
            "expression at /States/P/Output/x'"])


class InvalidDefinitionTest(RunTestCase):
    def test_every_diagnostic_with_its_location_then_aws_wording(self):
        path = self.write("bad.json", {"StartAt": "Missing", "States": {
            "A": {"Type": "Pass", "Next": "Nowhere"}, "B": {"Type": "Bogus", "End": True}}})
        result = self.run_cli(path)
        self.assertEqual(result.code, 2)
        self.assertEqual(result.stdout, "")
        lines = result.stderr.strip().splitlines()
        diagnostics, summary = lines[:-1], lines[-1]
        self.assertIn(path + ": /StartAt: MISSING_TRANSITION_TARGET: "
                      "Missing 'Next' target: Missing", diagnostics)
        self.assertIn(path + ": /States/A/Next: MISSING_TRANSITION_TARGET: "
                      "Missing 'Next' target: Nowhere", diagnostics)
        self.assertTrue(any(line.startswith(path + ": /States/B/Type: SCHEMA_VALIDATION_FAILED")
                            for line in diagnostics), diagnostics)
        # CreateStateMachine's InvalidDefinition message, several problems quoted and joined.
        self.assertTrue(summary.startswith("Invalid State Machine Definition: ''"), summary)
        self.assertIn("MISSING_TRANSITION_TARGET: Missing 'Next' target: Missing at /StartAt'",
                      summary)
        self.assertTrue(summary.endswith("''"), summary)

    def test_a_single_problem_is_quoted_once(self):
        result = self.run_definition(
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True, "Bogus": 1}}})
        self.assertEqual(result.code, 2)
        self.assertEqual(result.stderr.strip().splitlines()[-1],
                         "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: "
                         "Field 'Bogus' is not supported at /States/A'")

    def test_text_that_is_neither_json_nor_yaml(self):
        result = self.run_cli(self.write("broken.json", '{"StartAt": "A", "States": {'))
        self.assertEqual(result.code, 2)
        self.assertEqual(result.stdout, "")
        self.assertIn("Invalid State Machine Definition", result.stderr)


class UsageErrorTest(RunTestCase):
    def test_invalid_input_json(self):
        self.assertUsageError(self.run_definition(PASS, "--input", "{nope"), "input")

    def test_invalid_input_file_json(self):
        path = self.write("input.json", "[1,")
        self.assertUsageError(self.run_definition(PASS, "--input-file", path), "input")

    def test_missing_files_name_the_file(self):
        missing = os.path.join(self.tmp, "absent.json")
        definition = self.write("definition.json", PASS)
        cases = [
            [missing],
            [definition, "--input-file", missing],
            [definition, "--functions", missing],
            [definition, "--mock-config", missing, "--test-case", "T"],
        ]
        for args in cases:
            with self.subTest(args=args):
                self.assertUsageError(self.run_cli(*args), missing, "No such file or directory")

    def test_a_directory_is_not_a_definition(self):
        self.assertUsageError(self.run_cli(self.tmp), self.tmp)

    def test_command_line_mistakes(self):
        definition = self.write("definition.json", PASS)
        cases = [
            [],
            [definition, "--bogus"],
            [definition, "--input", "{}", "--input-file", definition],
            [definition, "--mock-config", os.path.join(FIXTURES, "MockConfigFile.json")],
            [definition, "--test-case", "HappyPath"],
        ]
        for args in cases:
            with self.subTest(args=args):
                self.assertUsageError(self.run_cli(*args))

    def test_input_over_256_kib(self):
        path = self.write("big.json", json.dumps({"s": "x" * 262144}))
        self.assertUsageError(self.run_definition(PASS, "--input-file", path), "262144")


class HistoryTest(RunTestCase):
    def test_get_execution_history_shape(self):
        result = self.run_definition(
            {"StartAt": "P", "States": {
                "P": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r", "Next": "W"},
                "W": {"Type": "Wait", "Seconds": 1, "Next": "Done"},
                "Done": {"Type": "Succeed"}}},
            "--history", "--skip-waits", "--input", '{"in": true}')
        self.assertEqual(result.code, 0, result.stderr)
        self.assertEqual(result.json["output"], {"in": True, "r": {"x": 1}})
        events = self.events(result)
        self.assertEqual([e["type"] for e in events], [
            "ExecutionStarted", "PassStateEntered", "PassStateExited", "WaitStateEntered",
            "WaitStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"])
        self.assertEqual([e["id"] for e in events], list(range(1, 9)))
        self.assertEqual([e["previousEventId"] for e in events], [0, 0, 2, 3, 4, 5, 6, 7])
        for e in events:
            self.assertRegex(e["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
            details = [k for k in e if k.endswith("EventDetails")]
            self.assertEqual(len(details), 1, e)
        started = events[0]["executionStartedEventDetails"]
        # As AWS does, the input is echoed as sent; what states produce is compact JSON.
        self.assertEqual(started["input"], '{"in": true}')
        self.assertEqual(events[1]["stateEnteredEventDetails"]["input"], '{"in": true}')
        self.assertEqual(events[2]["stateExitedEventDetails"]["output"],
                         '{"in":true,"r":{"x":1}}')
        self.assertEqual(started["inputDetails"], {"truncated": False})
        self.assertIn("roleArn", started)
        self.assertEqual(events[1]["stateEnteredEventDetails"]["name"], "P")
        self.assertEqual(json.loads(events[2]["stateExitedEventDetails"]["output"]),
                         {"in": True, "r": {"x": 1}})
        self.assertEqual(json.loads(events[-1]["executionSucceededEventDetails"]["output"]),
                         result.json["output"])

    def test_failure_history_ends_with_execution_failed(self):
        result = self.run_definition(
            {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}},
            "--history")
        events = self.events(result)
        self.assertEqual([e["type"] for e in events],
                         ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"])
        self.assertEqual(events[-1]["executionFailedEventDetails"], {"error": "E", "cause": "C"})

    def test_no_history_key_without_the_flag(self):
        self.assertNotIn("history", self.run_definition(PASS).json)


class SkipWaitsTest(RunTestCase):
    YEAR = 365 * 24 * 3600

    def test_a_one_year_wait_completes_at_once(self):
        result = self.run_definition(
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": self.YEAR, "End": True}}},
            "--skip-waits", "--input", '{"k": 1}', "--history")
        self.assertEqual(result.json["output"], {"k": 1})
        waited = self.events(result)
        # Virtual time passes: the Wait exits a year after it was entered.
        entered, exited = (datetime.datetime.fromisoformat(e["timestamp"].replace("Z", "+00:00"))
                           for e in waited[1:3])
        self.assertGreaterEqual((exited - entered).total_seconds(), self.YEAR - 1)
        self.assertLess((exited - entered).total_seconds(), self.YEAR + 60)

    def test_a_timestamp_in_the_past_needs_no_skipping(self):
        result = self.run_definition(
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2001-01-01T00:00:00Z",
                                              "End": True}}})
        self.assertResult(result, {"status": "SUCCEEDED", "output": {}})

    def test_retry_backoff_is_skipped_too(self):
        result = self.run_definition(
            {"StartAt": "T", "States": {"T": {
                "Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3600,
                           "MaxAttempts": 2}], "End": True}}},
            "--skip-waits", "--functions", "functions.yaml")
        self.assertResult(result, {"status": "FAILED", "error": "SNS.AuthorizationErrorException",
                                   "cause": "not allowed to publish"})


def task(resource, **fields):
    state = {"Type": "Task", "Resource": resource, "End": True}
    state.update(fields)
    return {"StartAt": "T", "States": {"T": state}}


LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:"
S3 = "arn:aws:states:::aws-sdk:s3:getObject"


class FunctionsTest(RunTestCase):
    def test_lambda_names_qualifiers_and_invoke(self):
        result = self.run_cli("hello.yaml", "--functions", "functions.yaml",
                              "--input", '{"name": "ann"}')
        self.assertResult(result, {"status": "SUCCEEDED", "output": {
            "name": "ann",
            "plain": {"greeting": "hello ann", "version": "$LATEST"},
            "version": {"greeting": "hello ann", "version": "1"},
            "alias": {"greeting": "hello ann", "version": "v2"},
            # No entry for version 7: the unqualified name answers.
            "unknown_qualifier": {"greeting": "hello ann", "version": "$LATEST"},
            "invoke_by_name": {"Payload": {"greeting": "hello ann", "version": "v2"},
                               "StatusCode": 200},
            "invoke_by_arn": {"Payload": {"greeting": "hello arn", "version": "1"}}}})

    def test_the_command_gets_the_task_input_on_stdin(self):
        result = self.run_definition(
            task(LAMBDA + "echo", Parameters={"v.$": "$.v", "fixed": [1, 2]}), "--functions",
            "functions.yaml", "--input", '{"v": "é\\u0000"}')
        self.assertResult(result, {"status": "SUCCEEDED", "output": {"v": "é\u0000",
                                                                     "fixed": [1, 2]}})

    def test_lambda_invoke_result_is_lambdas_invoke_response(self):
        result = self.run_definition(
            task("arn:aws:states:::lambda:invoke",
                 Parameters={"FunctionName": LAMBDA + "echo", "Payload": {"a": 1}}),
            "--functions", "functions.yaml")
        output = result.json["output"]
        self.assertEqual(output["Payload"], {"a": 1})
        self.assertEqual(output["StatusCode"], 200)
        self.assertEqual(output["ExecutedVersion"], "$LATEST")
        self.assertEqual(output["SdkHttpMetadata"]["HttpStatusCode"], 200)

    def test_history_of_a_lambda_function_task(self):
        result = self.run_definition(task(LAMBDA + "echo"), "--functions", "functions.yaml",
                                     "--input", '{"x": 1}', "--history")
        events = self.events(result)
        self.assertEqual([e["type"] for e in events], [
            "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
            "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
            "ExecutionSucceeded"])
        scheduled = events[2]["lambdaFunctionScheduledEventDetails"]
        self.assertEqual(scheduled["resource"], LAMBDA + "echo")
        self.assertEqual(json.loads(scheduled["input"]), {"x": 1})
        self.assertEqual(json.loads(events[4]["lambdaFunctionSucceededEventDetails"]["output"]),
                         {"x": 1})

    def test_a_named_function_wins_over_the_generic_invoke_entry(self):
        functions = self.write("functions.json", json.dumps({
            "arn:aws:states:::lambda:invoke": {"result": "any function"},
            "special": {"result": "special"}}))
        outputs = []
        for name in ("special", "special:3", "other"):
            result = self.run_definition(
                task("arn:aws:states:::lambda:invoke", Parameters={"FunctionName": name},
                     OutputPath="$.Payload"), "--functions", functions)
            outputs.append(result.json["output"])
        self.assertEqual(outputs, ["special", "special", "any function"])

    def test_a_callback_task_result_is_the_commands_output(self):
        # .waitForTaskToken: the task's result is what the callback sends, not an Invoke
        # response; the command sees the token in its payload.
        result = self.run_definition(
            task("arn:aws:states:::lambda:invoke.waitForTaskToken",
                 Parameters={"FunctionName": "echo",
                             "Payload": {"token.$": "$$.Task.Token", "n": 1}}),
            "--functions", "functions.yaml")
        self.assertEqual(result.json["status"], "SUCCEEDED", result.stdout + result.stderr)
        self.assertEqual(sorted(result.json["output"]), ["n", "token"])
        self.assertTrue(result.json["output"]["token"])

    def test_other_resources_get_fixed_results_and_errors(self):
        sqs = self.run_definition(task("arn:aws:states:::sqs:sendMessage"), "--functions",
                                  "functions.yaml")
        self.assertResult(sqs, {"status": "SUCCEEDED", "output": {
            "MessageId": "11112222-3333-4444-5555-666677778888", "MD5OfMessageBody": "3bcb6e8e"}})
        sns = self.run_definition(task("arn:aws:states:::sns:publish"), "--functions",
                                  "functions.yaml", "--history")
        self.assertEqual(sns.json["status"], "FAILED")
        failed = self.events(sns)[-2]
        self.assertEqual(failed["type"], "TaskFailed")
        self.assertEqual(failed["taskFailedEventDetails"], {
            "error": "SNS.AuthorizationErrorException", "cause": "not allowed to publish",
            "resourceType": "sns", "resource": "publish"})

    def test_json_functions_file(self):
        result = self.run_definition(
            {"StartAt": "Get", "States": {
                "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                        "Parameters": {"TableName": "t", "Key": {"id": {"S": "1"}}},
                        "ResultPath": "$.item", "Next": "Hello"},
                "Hello": {"Type": "Task", "Resource": LAMBDA + "hello:9", "ResultPath": "$.hello",
                          "End": True}}},
            "--functions", "functions.json")
        self.assertResult(result, {"status": "SUCCEEDED", "output": {
            "item": {"Item": {"id": {"S": "1"}}}, "hello": {"greeting": "fixed"}}})

    def test_command_failures(self):
        cases = [
            # Lambda's error payload: named by errorType, the payload as written is the cause.
            (LAMBDA + "raiser", "ValueError",
             '{"errorType": "ValueError", "errorMessage": "bad input"}'),
            # {"error","cause"} on the last line of stderr, after log lines.
            (LAMBDA + "rejecter", "Order.Rejected", "out of stock"),
            # No error object: Lambda's FunctionError for an untyped failure, the text as cause.
            (LAMBDA + "crasher", "Unhandled",
             "Traceback (most recent call last):\n  ZeroDivisionError: division by zero"),
            (LAMBDA + "mute", "Unhandled", "The command exited with status 4"),
            # A successful exit must print JSON.
            (LAMBDA + "garbler", "States.TaskFailed", None),
        ]
        for resource, error, cause in cases:
            with self.subTest(resource=resource):
                result = self.run_definition(task(resource), "--functions", "functions.yaml")
                self.assertEqual(result.code, 1, result.stderr)
                self.assertEqual(result.json["status"], "FAILED")
                self.assertEqual(result.json["error"], error)
                if cause is not None:
                    self.assertEqual(result.json["cause"], cause)
                else:
                    self.assertIn("not valid JSON", result.json["cause"])

    def test_a_failing_command_behind_another_resource_is_a_task_failure(self):
        functions = self.write("functions.yaml", (
            "arn:aws:states:::ecs:runTask.sync:\n"
            "  command: \"echo 'container exited' >&2; exit 2\"\n"))
        result = self.run_definition(task("arn:aws:states:::ecs:runTask.sync"),
                                     "--functions", functions)
        self.assertResult(result, {"status": "FAILED", "error": "States.TaskFailed",
                                   "cause": "container exited"})

    def test_unmapped_resource_fails_the_task(self):
        result = self.run_definition(task(LAMBDA + "nobody"), "--functions", "functions.yaml")
        self.assertEqual(result.json["error"], "States.TaskFailed")
        self.assertEqual(result.json["cause"], "Nothing is mapped to resource '%snobody' in the "
                         "functions file" % LAMBDA)
        invoke = self.run_definition(
            task("arn:aws:states:::lambda:invoke", Parameters={"FunctionName": "nobody"}),
            "--functions", "functions.yaml")
        self.assertEqual(invoke.json["cause"],
                         "Nothing is mapped to function 'nobody' in the functions file")

    def test_no_runner_at_all_fails_the_task(self):
        result = self.run_definition(task(LAMBDA + "echo"))
        self.assertEqual(result.json["status"], "FAILED")
        self.assertEqual(result.json["error"], "States.TaskFailed")

    def test_retry_then_success(self):
        calls = os.path.join(self.tmp, "calls")
        functions = self.write("functions.yaml", json.dumps({"flaky": {"command": [
            "python3", os.path.join(FIXTURES, "functions", "fn.py"), "flaky", calls, "2"]}}))
        result = self.run_definition(
            task(LAMBDA + "flaky", Retry=[{"ErrorEquals": ["Flaky.Error"], "IntervalSeconds": 5,
                                           "MaxAttempts": 3}]),
            "--functions", functions, "--skip-waits", "--input", '{"id": 7}', "--history")
        self.assertEqual(result.json["output"], {"calls": 3, "input": {"id": 7}})
        types = [e["type"] for e in self.events(result)]
        self.assertEqual(types.count("LambdaFunctionFailed"), 2)
        self.assertEqual(types.count("LambdaFunctionSucceeded"), 1)

    def test_catch_after_retries_are_exhausted(self):
        calls = os.path.join(self.tmp, "calls")
        functions = self.write("functions.json", json.dumps({"flaky": {"command": [
            "python3", os.path.join(FIXTURES, "functions", "fn.py"), "flaky", calls, "10"]}}))
        result = self.run_definition(
            {"StartAt": "T", "States": {
                "T": {"Type": "Task", "Resource": LAMBDA + "flaky",
                      "Retry": [{"ErrorEquals": ["Flaky.Error"], "MaxAttempts": 1}],
                      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error",
                                 "Next": "Handled"}], "End": True},
                "Handled": {"Type": "Pass", "End": True}}},
            "--functions", functions, "--skip-waits", "--input", '{"id": 7}')
        self.assertResult(result, {"status": "SUCCEEDED", "output": {
            "id": 7, "error": {"Error": "Flaky.Error", "Cause": "call 1"}}})

    def test_task_timeout_kills_the_command(self):
        # Without exec the shell forks: the timeout must not wait for its child.
        functions = self.write("functions.yaml", "slow:\n  command: sleep 30; echo done\n")
        result = self.run_definition(task(LAMBDA + "slow", TimeoutSeconds=1),
                                     "--functions", functions)
        self.assertEqual(result.json["status"], "FAILED")
        self.assertEqual(result.json["error"], "States.Timeout")

    def test_malformed_functions_files(self):
        for content in ("[1, 2]", "f: {result: 1, error: E}", "f: {command: []}", "f: 3",
                        "{not yaml: ["):
            with self.subTest(content=content):
                functions = self.write("bad.yaml", content)
                self.assertUsageError(self.run_definition(PASS, "--functions", functions),
                                      "functions file")


class MockConfigTest(RunTestCase):
    def run_mocked(self, definition, config, test_case, *args, name="machine.json"):
        definition_path = (os.path.join(FIXTURES, definition) if isinstance(definition, str)
                           else self.write(name, definition))
        config_path = (os.path.join(FIXTURES, config) if isinstance(config, str)
                       else self.write("mocks.json", config))
        return self.run_cli(definition_path, "--mock-config", config_path, "--test-case",
                            test_case, "--skip-waits", "--history", *args)

    # AWS's own example (sfn-local-mock-cfg-file): MockConfigFile.json, test cases of
    # LambdaSQSIntegration.

    def test_aws_example_happy_path(self):
        result = self.run_mocked("lambda_sqs_integration.json", "MockConfigFile.json", "HappyPath")
        sqs = {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
               "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}
        self.assertEqual(result.json["status"], "SUCCEEDED", result.stdout + result.stderr)
        self.assertEqual(result.json["output"], sqs)
        events = self.events(result)
        self.assertEqual(json.loads(events[4]["taskSucceededEventDetails"]["output"]),
                         {"StatusCode": 200,
                          "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}})
        # The mocked Lambda's response is what SQSState sends.
        self.assertEqual(json.loads(events[7]["taskScheduledEventDetails"]["parameters"]), {
            "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue",
            "MessageBody": {"StatusCode": 200,
                            "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}})

    def test_aws_example_retry_path_consumes_one_index_per_attempt(self):
        result = self.run_mocked("lambda_sqs_integration.json", "MockConfigFile.json", "RetryPath")
        self.assertEqual(result.json["status"], "SUCCEEDED", result.stdout + result.stderr)
        events = self.events(result)
        failures = [(e["id"], e["taskFailedEventDetails"]) for e in events
                    if e["type"] == "TaskFailed"]
        self.assertEqual(failures, [
            (5, {"error": "Lambda.ResourceNotReadyException",
                 "cause": "Lambda resource is not ready.", "resourceType": "lambda",
                 "resource": "invoke"}),
            (8, {"error": "Lambda.TimeoutException", "cause": "Lambda timed out.",
                 "resourceType": "lambda", "resource": "invoke"}),
            (11, {"error": "Lambda.TimeoutException", "cause": "Lambda timed out.",
                  "resourceType": "lambda", "resource": "invoke"})])
        self.assertEqual(events[13]["type"], "TaskSucceeded")

    def test_aws_example_hybrid_path_sends_unmocked_states_to_functions(self):
        functions = self.write("functions.yaml", (
            "arn:aws:states:::sqs:sendMessage:\n"
            "  command: [python3, functions/fn.py, echo]\n"))
        result = self.run_mocked("lambda_sqs_integration.json", "MockConfigFile.json",
                                 "HybridPath", "--functions", functions)
        self.assertEqual(result.json["status"], "SUCCEEDED", result.stdout + result.stderr)
        self.assertEqual(result.json["output"], {
            "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue",
            "MessageBody": {"StatusCode": 200,
                            "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}})

    def test_aws_example_hybrid_path_without_functions_fails_the_unmocked_task(self):
        result = self.run_mocked("lambda_sqs_integration.json", "MockConfigFile.json",
                                 "HybridPath")
        self.assertEqual(result.json["status"], "FAILED")
        self.assertEqual(result.json["error"], "States.TaskFailed")
        self.assertIn("SQSState", result.json["cause"])

    # LocalStack's AWS-validated local_mocking/test_numbered_mock_cycling.py: "0" answers the
    # first call of the looping state, "1" the second; the recorded history has 18 events.

    def test_numbered_responses_answer_successive_invocations(self):
        result = self.run_mocked("repeat_until_loop.json", "repeat_until_loop_mocks.json",
                                 "NumberedResponseCyclingTest")
        self.assertEqual(result.json["status"], "SUCCEEDED", result.stdout + result.stderr)
        self.assertEqual(result.json["output"],
                         {"StatusCode": 200, "Payload": {"status": "completed"}})
        events = self.events(result)
        self.assertEqual([e["type"] for e in events], [
            "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
            "TaskSucceeded", "TaskStateExited", "ChoiceStateEntered", "ChoiceStateExited",
            "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
            "TaskStateExited", "ChoiceStateEntered", "ChoiceStateExited", "SucceedStateEntered",
            "SucceedStateExited", "ExecutionSucceeded"])
        self.assertEqual([e["previousEventId"] for e in events], [0, 0] + list(range(2, 18)))
        self.assertEqual(events[5]["stateExitedEventDetails"]["assignedVariables"],
                         {"status": '"running"'})
        self.assertEqual(events[12]["stateExitedEventDetails"]["assignedVariables"],
                         {"status": '"completed"'})

    # LocalStack's AWS-validated local_mocking/test_base_scenarios.py::test_lambda_invoke: a Lambda
    # function ARN resource mocked with Lambda's Invoke response yields its Payload.

    def test_lambda_function_arn_resource_yields_the_payload(self):
        definition = {"Comment": "LAMBDA_INVOKE_RESOURCE", "StartAt": "step1", "States": {
            "step1": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:"
                      "lambda_function_name", "End": True}}}
        config = {"StateMachines": {"mocked_state_machine": {"TestCases": {
            "TestCaseName": {"step1": "lambda_200_string_body"}}}},
            "MockedResponses": {"lambda_200_string_body": {
                "0": {"Return": {"StatusCode": 200, "Payload": {"body": "string body"}}}}}}
        result = self.run_mocked(definition, config, "TestCaseName",
                                 "--input", '{"body": "string body"}')
        events = self.events(result)
        self.assertEqual([(e["id"], e["previousEventId"], e["type"]) for e in events], [
            (1, 0, "ExecutionStarted"), (2, 0, "TaskStateEntered"),
            (3, 2, "LambdaFunctionScheduled"), (4, 3, "LambdaFunctionStarted"),
            (5, 4, "LambdaFunctionSucceeded"), (6, 5, "TaskStateExited"),
            (7, 6, "ExecutionSucceeded")])
        self.assertEqual(json.loads(events[2]["lambdaFunctionScheduledEventDetails"]["input"]),
                         {"body": "string body"})
        self.assertEqual(events[4]["lambdaFunctionSucceededEventDetails"],
                         {"output": '{"body":"string body"}',
                          "outputDetails": {"truncated": False}})
        self.assertEqual(result.json["output"], {"body": "string body"})

    def test_a_thrown_lambda_function_error_is_lambda_function_failed(self):
        config = {"StateMachines": {"M": {"TestCases": {"T": {"T": "R"}}}},
                  "MockedResponses": {"R": {"0": {"Throw": {
                      "Error": "Lambda.ServiceException", "Cause": "try again"}}}}}
        result = self.run_mocked(task(LAMBDA + "f"), config, "T")
        self.assertEqual((result.json["error"], result.json["cause"]),
                         ("Lambda.ServiceException", "try again"))
        failed = self.events(result)[-2]
        self.assertEqual(failed["type"], "LambdaFunctionFailed")
        self.assertEqual(failed["lambdaFunctionFailedEventDetails"],
                         {"error": "Lambda.ServiceException", "cause": "try again"})

    # LocalStack's AWS-validated test_lambda_service_invoke: lambda:invoke yields the whole mocked
    # Invoke response (AWS adds ExecutedVersion and Sdk* metadata that a mock does not carry).

    def test_lambda_invoke_resource_yields_the_whole_response(self):
        definition = {"Comment": "TASK_SERVICE_LAMBDA_INVOKE", "StartAt": "Start", "States": {
            "Start": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName.$": "$.FunctionName",
                                     "Payload.$": "$.Payload"}, "Next": "EndWithFinal"},
            "EndWithFinal": {"Type": "Pass", "ResultPath": "$.final", "End": True}}}
        config = {"StateMachines": {"mocked_state_machine": {"TestCases": {
            "TestCaseName": {"Start": "lambda_200_string_body"}}}},
            "MockedResponses": {"lambda_200_string_body": {
                "0": {"Return": {"StatusCode": 200, "Payload": {"body": "string body"}}}}}}
        result = self.run_mocked(definition, config, "TestCaseName", "--input", json.dumps(
            {"FunctionName": "lambda_function_name", "Payload": {"body": "string body"}}))
        response = {"StatusCode": 200, "Payload": {"body": "string body"}}
        self.assertEqual(result.json["output"], dict(response, final=response))
        events = self.events(result)
        self.assertEqual([e["type"] for e in events], [
            "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
            "TaskSucceeded", "TaskStateExited", "PassStateEntered", "PassStateExited",
            "ExecutionSucceeded"])
        scheduled = events[2]["taskScheduledEventDetails"]
        self.assertEqual(json.loads(scheduled.pop("parameters")),
                         {"FunctionName": "lambda_function_name",
                          "Payload": {"body": "string body"}})
        self.assertEqual(scheduled, {"region": "us-east-1", "resource": "invoke",
                                     "resourceType": "lambda"})

    # LocalStack's AWS-validated test_parallel_state_lambda: each branch's Task mocked apart.

    def test_parallel_branches_are_mocked_by_state_name(self):
        branch = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}
        definition = {"StartAt": "ParallelState", "States": {"ParallelState": {
            "Type": "Parallel", "End": True, "Branches": [
                {"StartAt": "Branch1", "States": {"Branch1": dict(branch, Parameters={
                    "FunctionName.$": "$.FunctionNameBranch1", "Payload.$": "$.Payload"})}},
                {"StartAt": "Branch2", "States": {"Branch2": dict(branch, Parameters={
                    "FunctionName.$": "$.FunctionNameBranch2", "Payload.$": "$.Payload"})}}]}}}
        config = {"StateMachines": {"mocked_state_machine": {"TestCases": {"TestCaseName": {
            "Branch1": "MockedBranch1", "Branch2": "MockedBranch2"}}}},
            "MockedResponses": {
                "MockedBranch1": {"0": {"Return": {"StatusCode": 200,
                                                   "Payload": ["string-literal"]}}},
                "MockedBranch2": {"0": {"Return": {
                    "StatusCode": 200, "Payload": "input-event-['string-literal']"}}}}}
        result = self.run_mocked(definition, config, "TestCaseName", "--input", json.dumps({
            "FunctionNameBranch1": "lambda_branch1", "FunctionNameBranch2": "lambda_branch2",
            "Payload": ["string-literal"]}))
        self.assertEqual(result.json["output"], [
            {"StatusCode": 200, "Payload": ["string-literal"]},
            {"StatusCode": 200, "Payload": "input-event-['string-literal']"}])
        types = [e["type"] for e in self.events(result)]
        self.assertEqual(types[:3], ["ExecutionStarted", "ParallelStateEntered",
                                     "ParallelStateStarted"])
        self.assertEqual(types[-3:], ["ParallelStateSucceeded", "ParallelStateExited",
                                      "ExecutionSucceeded"])
        self.assertEqual(types.count("TaskSucceeded"), 2)

    # One counter per state for the whole execution: retries and Map iterations continue it
    # (Step Functions Local 2.0.0, as reproduced in floci-io/floci#3254).

    MAP = {"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "MaxConcurrency": 1, "ItemsPath": "$.items",
        "ItemProcessor": {"StartAt": "Call", "States": {"Call": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 3}],
            "OutputPath": "$.Payload", "End": True}}},
        "End": True}}}

    def map_config(self, responses):
        return {"StateMachines": {"IdxSem": {"TestCases": {"Case1": {"Call": "Seq"}}}},
                "MockedResponses": {"Seq": responses}}

    def test_map_iterations_and_retries_share_the_counter(self):
        config = self.map_config({
            "0": {"Throw": {"Error": "Boom", "Cause": "attempt0"}},
            "1": {"Return": {"Payload": "idx1"}},
            "2": {"Return": {"Payload": "idx2"}},
            "3": {"Return": {"Payload": "idx3"}}})
        result = self.run_mocked(self.MAP, config, "Case1", "--input", '{"items": [1, 2]}')
        self.assertEqual((result.json["status"], result.json.get("output")),
                         ("SUCCEEDED", ["idx1", "idx2"]), result.stdout + result.stderr)

    def test_a_range_answers_every_index_in_it(self):
        # localstack/localstack#12846: the first item succeeds, the second fails on every try.
        config = self.map_config({
            "0": {"Return": {"Payload": "ok"}},
            "1-4": {"Throw": {"Error": "Boom", "Cause": "Some Lambda error."}}})
        result = self.run_mocked(self.MAP, config, "Case1", "--input", '{"items": [1, 2]}')
        self.assertEqual(result.json["status"], "FAILED")
        self.assertEqual((result.json["error"], result.json["cause"]),
                         ("Boom", "Some Lambda error."))
        failed = [e for e in self.events(result) if e["type"] == "TaskFailed"]
        self.assertEqual(len(failed), 4)

    def test_running_past_the_last_index_fails_the_execution(self):
        # "You must specify a mocked response for every invocation": States.Runtime, which
        # neither Retry nor Catch handles.
        config = self.map_config({"0": {"Return": {"Payload": "only"}}})
        definition = json.loads(json.dumps(self.MAP))
        definition["States"]["Each"]["Catch"] = [{"ErrorEquals": ["States.ALL"],
                                                  "Next": "Caught"}]
        definition["States"]["Each"]["End"] = True
        definition["States"]["Caught"] = {"Type": "Succeed"}
        result = self.run_mocked(definition, config, "Case1", "--input", '{"items": [1, 2]}')
        self.assertEqual(result.json["status"], "FAILED", result.stdout)
        self.assertEqual(result.json["error"], "States.Runtime")
        self.assertIn("invocation 1", result.json["cause"])
        self.assertEqual(result.code, 1)

    def test_throw_is_caught_like_a_service_error(self):
        definition = {"StartAt": "Call", "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                     "Parameters": {"TableName": "t", "Item": {}},
                     "Catch": [{"ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"],
                                "ResultPath": "$.failure", "Next": "Recover"}],
                     "End": True},
            "Recover": {"Type": "Pass", "End": True}}}
        config = {"StateMachines": {"M": {"TestCases": {"Conflict": {"Call": "Conflict"}}}},
                  "MockedResponses": {"Conflict": {"0": {"Throw": {
                      "Error": "DynamoDB.ConditionalCheckFailedException",
                      "Cause": "The conditional request failed"}}}}}
        result = self.run_mocked(definition, config, "Conflict", "--input", '{"k": 1}')
        self.assertEqual(result.json["output"], {"k": 1, "failure": {
            "Error": "DynamoDB.ConditionalCheckFailedException",
            "Cause": "The conditional request failed"}})

    def test_return_may_be_any_json_value(self):
        config = {"StateMachines": {"M": {"TestCases": {"T": {"T": "R"}}}},
                  "MockedResponses": {"R": {"0": {"Return": "just a string"}}}}
        result = self.run_mocked(task(S3), config, "T")
        self.assertEqual(result.json["output"], "just a string")

    def test_yaml_mock_config(self):
        config = self.write("mocks.yaml", (
            "StateMachines:\n"
            "  M:\n"
            "    TestCases:\n"
            "      T: {T: R}\n"
            "MockedResponses:\n"
            "  R:\n"
            "    '0': {Return: {from: yaml}}\n"))
        result = self.run_cli(self.write("d.json", task("arn:aws:states:::sns:publish")),
                              "--mock-config", config, "--test-case", "T")
        self.assertResult(result, {"status": "SUCCEEDED", "output": {"from": "yaml"}})

    def test_an_empty_response_fails_only_when_its_state_runs(self):
        config = {"StateMachines": {"M": {"TestCases": {"T": {"Unused": "Empty", "T": "R"}}}},
                  "MockedResponses": {"Empty": {}, "R": {"0": {"Return": 1}}}}
        self.assertEqual(self.run_mocked(task(S3), config, "T").json["output"], 1)
        config["StateMachines"]["M"]["TestCases"]["T"]["T"] = "Empty"
        result = self.run_mocked(task(S3), config, "T")
        self.assertEqual(result.json["error"], "States.Runtime")

    # Which state machine of the file: the --state-machine-name flag, else the only one with the
    # test case, else the one named like the definition file. Its name is the execution's.

    SHARED = {"StateMachines": {
        "Orders": {"TestCases": {"Shared": {"T": "A"}, "OnlyOrders": {"T": "A"}}},
        "Billing": {"TestCases": {"Shared": {"T": "B"}}}},
        "MockedResponses": {"A": {"0": {"Return": "orders"}}, "B": {"0": {"Return": "billing"}}}}
    NAMED = task(S3, ResultSelector={"answer.$": "$", "machine.$": "$$.StateMachine.Name"})

    def test_the_only_machine_with_the_test_case_names_the_execution(self):
        result = self.run_mocked(self.NAMED, self.SHARED, "OnlyOrders")
        self.assertEqual(result.json["output"], {"answer": "orders", "machine": "Orders"})

    def test_an_ambiguous_test_case_needs_a_name(self):
        result = self.run_mocked(self.NAMED, self.SHARED, "Shared")
        self.assertUsageError(result, "Shared", "Billing", "Orders")
        by_file = self.run_mocked(self.NAMED, self.SHARED, "Shared", name="Billing.json")
        self.assertEqual(by_file.json["output"], {"answer": "billing", "machine": "Billing"})
        by_flag = self.run_mocked(self.NAMED, self.SHARED, "Shared", "--state-machine-name",
                                  "Orders")
        self.assertEqual(by_flag.json["output"], {"answer": "orders", "machine": "Orders"})

    def test_unknown_test_case_or_machine(self):
        self.assertUsageError(self.run_mocked(self.NAMED, self.SHARED, "Nope"), "Nope")
        self.assertUsageError(
            self.run_mocked(self.NAMED, self.SHARED, "Shared", "--state-machine-name", "Ghost"),
            "Ghost", "Orders, Billing")
        self.assertUsageError(
            self.run_mocked(self.NAMED, self.SHARED, "OnlyOrders", "--state-machine-name",
                            "Billing"), "OnlyOrders", "Shared")

    def test_without_mocks_the_flag_names_the_state_machine(self):
        result = self.run_definition(
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {
                "name.$": "$$.StateMachine.Name", "id.$": "$$.StateMachine.Id"}, "End": True}}},
            "--state-machine-name", "Checkout")
        self.assertEqual(result.json["output"]["name"], "Checkout")
        self.assertTrue(result.json["output"]["id"].endswith(":stateMachine:Checkout"))
        default = self.run_cli(self.write("my-flow.json", {"StartAt": "P", "States": {"P": {
            "Type": "Pass", "Parameters": {"name.$": "$$.StateMachine.Name"}, "End": True}}}))
        self.assertEqual(default.json["output"], {"name": "my-flow"})

    def test_malformed_mock_configs(self):
        responses = [
            {"x": {"Return": 1}},
            {"0": {"Return": 1, "Throw": {"Error": "E", "Cause": "C"}}},
            {"0": {"Throw": {"Cause": "no error name"}}},
            {"0": {}},
        ]
        for response in responses:
            with self.subTest(response=response):
                config = {"StateMachines": {"M": {"TestCases": {"T": {"T": "R"}}}},
                          "MockedResponses": {"R": response}}
                self.assertUsageError(self.run_mocked(task(S3), config, "T"), "mock config")
        for config in ({"StateMachines": {}}, [],
                       {"StateMachines": {"M": {"TestCases": {"T": {"T": "Undefined"}}}},
                        "MockedResponses": {}}):
            with self.subTest(config=config):
                self.assertUsageError(self.run_mocked(task(S3), config, "T"), "mock config")


if __name__ == "__main__":
    unittest.main()
