"""`stepshift run DEFINITION --state NAME`: one state tested as the TestState API tests it, without
a server. stdout is one JSON object in TestState's response shape; the exit code is 0 unless the
state FAILED (1), and 2 (one line on stderr, nothing on stdout) for what TestState refuses.
"""
import json
import os
import unittest

from test_run import RunTestCase

MACHINE = {"StartAt": "Fetch", "States": {
    "Fetch": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "fetch", "Payload.$": "$"},
              "ResultSelector": {"v.$": "$.Payload"},
              "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 2}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Small"}], "Next": "Check"},
    "Check": {"Type": "Choice", "Default": "Small",
              "Choices": [{"Variable": "$.v", "NumericGreaterThan": 10, "Next": "Big"}]},
    "Big": {"Type": "Pass", "Parameters": {"v.$": "$v"}, "End": True},
    "Small": {"Type": "Fail", "Error": "TooSmall"}}}


class RunStateTest(RunTestCase):

    def run_state(self, *args):
        return self.run_definition(MACHINE, *args)

    def test_a_mocked_task_at_debug_level(self):
        result = self.run_state("--state", "Fetch", "--mock-result", '{"Payload":42}',
                                "--input", '{"id":1}', "--inspection-level", "DEBUG")
        self.assertEqual(result.code, 0, result.stderr)
        out = result.json
        self.assertEqual((out["status"], out["nextState"], out["output"]),
                         ("SUCCEEDED", "Check", '{"v":42}'))
        self.assertEqual(json.loads(out["inspectionData"]["afterParameters"]),
                         {"FunctionName": "fetch", "Payload": {"id": 1}})

    def test_retriable_caught_and_failed(self):
        self.assertResult(self.run_state("--state", "Fetch", "--mock-error", "Busy",
                                         "--mock-cause", "slow"),
                          {"error": "Busy", "cause": "slow", "status": "RETRIABLE"}, code=0)
        result = self.run_state("--state", "Fetch", "--mock-error", "Busy",
                                "--retrier-retry-count", "3")
        self.assertEqual((result.json["status"], result.json["nextState"]),
                         ("CAUGHT_ERROR", "Small"))
        self.assertResult(self.run_state("--state", "Small"),
                          {"error": "TooSmall", "status": "FAILED"}, code=1)

    def test_choice_and_variables(self):
        self.assertResult(self.run_state("--state", "Check", "--input", '{"v":11}'),
                          {"output": '{"v":11}', "nextState": "Big", "status": "SUCCEEDED"})
        self.assertResult(self.run_state("--state", "Big", "--variables", '{"v":"x"}'),
                          {"output": '{"v":"x"}', "status": "SUCCEEDED"})

    def test_a_task_without_a_mock_runs_its_function(self):
        functions = self.write("functions.json", {"functions": {
            "fetch": {"result": 3}}})  # lambda:invoke wraps it in Payload
        self.assertResult(self.run_state("--state", "Fetch", "--functions", functions),
                          {"output": '{"v":3}', "nextState": "Check", "status": "SUCCEEDED"})

    def test_what_teststate_refuses(self):
        self.assertUsageError(self.run_state("--state", "Nope"), "ValidationException",
                              "State not found in definition")
        self.assertUsageError(self.run_state("--state", "Check", "--mock-result", "{}"),
                              "State type 'Choice' is not supported when a mock is specified")
        self.assertUsageError(self.run_state("--mock-result", "{}"), "--state")
        self.assertUsageError(self.run_state("--state", "Fetch", "--mock-result", "[1"),
                              "Mocked result must be valid JSON")


if __name__ == "__main__":
    unittest.main()
