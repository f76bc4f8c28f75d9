"""Map runs through boto3 and the AWS CLI: a distributed Map starts a map run whose items run as
child executions; DescribeMapRun, ListMapRuns, UpdateMapRun and ListExecutions by mapRunArn, with
AWS's errors; tolerated failures, ItemReader, redrive, StopExecution, and a map run that goes on
after the server was killed."""
import json
import os
import signal
import time
import unittest

from botocore.exceptions import ClientError

import harness
import test_sfn_support as support
from test_sfn_support import ROLE

MAP_RUN_PREFIX = "arn:aws:states:us-east-1:123456789012:mapRun:"


def map_machine(states, start="W", execution_type="STANDARD", **fields):
    """A machine whose one state is a distributed Map with `fields` over its input."""
    state = {"Type": "Map", "End": True, "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution_type},
        "StartAt": start, "States": states}}
    state.update(fields)
    return json.dumps({"StartAt": "M", "States": {"M": state}})


def waiting(seconds):
    return {"W": {"Type": "Wait", "Seconds": seconds, "End": True}}


# Children that fail for an item with "fail" and pass the others on.
FAILING = {"W": {"Type": "Choice", "Choices": [
    {"Variable": "$.fail", "IsPresent": True, "Next": "F"}], "Default": "P"},
    "F": {"Type": "Fail", "Error": "Child.Broke", "Cause": "asked to"},
    "P": {"Type": "Pass", "End": True}}


def wait_for(predicate, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met within %ss" % timeout)


class MapRunTest(support.SfnTestCase):

    def start(self, definition, items, name=None):
        arn = self.create(name=name, definition=definition)["stateMachineArn"]
        run = self.sfn.start_execution(stateMachineArn=arn, input=json.dumps(items))
        return arn, run["executionArn"]

    def map_run_of(self, execution):
        runs = wait_for(lambda: self.sfn.list_map_runs(executionArn=execution)["mapRuns"])
        self.assertEqual(len(runs), 1)
        return runs[0]

    def test_items_run_as_child_executions_of_a_map_run(self):
        machine, execution = self.start(
            map_machine({"P": {"Type": "Pass", "End": True}}, start="P", Label="Each",
                        MaxConcurrency=2), [1, 2, 3], name="maps")
        self.assertEqual(self.wait_closed(execution)["output"], "[1,2,3]")
        run = self.map_run_of(execution)
        self.assertTrue(run["mapRunArn"].startswith(MAP_RUN_PREFIX + "maps/Each:"), run)
        self.assertEqual(run["executionArn"], execution)
        self.assertEqual(run["stateMachineArn"], machine + "/Each")
        self.assertIn("stopDate", run)
        described = self.sfn.describe_map_run(mapRunArn=run["mapRunArn"])
        self.assertEqual(described["status"], "SUCCEEDED")
        self.assertEqual(described["maxConcurrency"], 2)
        self.assertEqual(described["toleratedFailureCount"], 0)
        self.assertEqual(described["toleratedFailurePercentage"], 0.0)
        self.assertEqual(described["redriveCount"], 0)
        for counts in (described["itemCounts"], described["executionCounts"]):
            self.assertEqual(counts, {"pending": 0, "running": 0, "succeeded": 3, "failed": 0,
                                      "timedOut": 0, "aborted": 0, "total": 3,
                                      "resultsWritten": 3, "failuresNotRedrivable": 0,
                                      "pendingRedrive": 0})
        children = self.sfn.list_executions(mapRunArn=run["mapRunArn"])["executions"]
        self.assertEqual(len(children), 3)
        child = children[0]
        self.assertTrue(child["executionArn"].startswith(
            "arn:aws:states:us-east-1:123456789012:execution:maps/Each:"), child)
        self.assertEqual((child["stateMachineArn"], child["mapRunArn"], child["itemCount"],
                          child["status"]), (machine + "/Each", run["mapRunArn"], 1, "SUCCEEDED"))
        self.assertEqual(self.sfn.describe_execution(executionArn=child["executionArn"])
                         ["mapRunArn"], run["mapRunArn"])
        child_machine = self.sfn.describe_state_machine_for_execution(
            executionArn=child["executionArn"])
        self.assertEqual((child_machine["mapRunArn"], child_machine["label"]),
                         (run["mapRunArn"], "Each"))
        self.assertEqual(json.loads(child_machine["definition"]),
                         {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
        events = self.sfn.get_execution_history(executionArn=execution)["events"]
        started = [e for e in events if e["type"] == "MapRunStarted"]
        self.assertEqual(started[0]["mapRunStartedEventDetails"]["mapRunArn"], run["mapRunArn"])
        # Executions listed by state machine do not carry the map run fields.
        self.assertNotIn("mapRunArn", self.sfn.list_executions(stateMachineArn=machine)
                         ["executions"][0])

    def test_express_children_and_batches_are_counted_by_item(self):
        _, execution = self.start(map_machine(
            {"P": {"Type": "Pass", "End": True}}, start="P", execution_type="EXPRESS",
            ItemBatcher={"MaxItemsPerBatch": 2}), [1, 2, 3])
        self.assertEqual(json.loads(self.wait_closed(execution)["output"]),
                         [{"Items": [1, 2]}, {"Items": [3]}])
        run = self.map_run_of(execution)
        described = self.sfn.describe_map_run(mapRunArn=run["mapRunArn"])
        self.assertEqual((described["itemCounts"]["succeeded"], described["itemCounts"]["total"],
                          described["executionCounts"]["succeeded"]), (3, 3, 2))
        children = self.sfn.list_executions(mapRunArn=run["mapRunArn"])["executions"]
        self.assertEqual(sorted(c["itemCount"] for c in children), [1, 2])
        self.assertIn(":express:", children[0]["executionArn"])
        self.assertEqual(self.sfn.describe_execution(executionArn=children[0]["executionArn"])
                         ["status"], "SUCCEEDED")

    def test_update_map_run_and_stop_execution(self):
        _, execution = self.start(map_machine(waiting(60), MaxConcurrency=1), [1, 2, 3])
        arn = self.map_run_of(execution)["mapRunArn"]
        counts = lambda: self.sfn.describe_map_run(mapRunArn=arn)["executionCounts"]
        wait_for(lambda: counts()["running"] == 1)
        self.assertEqual(counts()["pending"], 2)
        self.sfn.update_map_run(mapRunArn=arn, maxConcurrency=3, toleratedFailureCount=1,
                                toleratedFailurePercentage=50)
        wait_for(lambda: counts()["running"] == 3)
        described = self.sfn.describe_map_run(mapRunArn=arn)
        self.assertEqual((described["maxConcurrency"], described["toleratedFailureCount"],
                          described["toleratedFailurePercentage"]), (3, 1, 50.0))
        self.sfn.stop_execution(executionArn=execution)
        described = wait_for(lambda: (lambda d: d if d["status"] != "RUNNING" else None)(
            self.sfn.describe_map_run(mapRunArn=arn)))
        self.assertEqual(described["status"], "ABORTED")
        self.assertEqual(described["executionCounts"]["aborted"], 3)
        self.assertEqual(described["executionCounts"]["pendingRedrive"], 3)
        response = self.assertAwsError("ValidationException", None, self.sfn.update_map_run,
                                       mapRunArn=arn, maxConcurrency=5)
        self.assertEqual(response.get("reason"), "CANNOT_UPDATE_COMPLETED_MAP_RUN")

    def test_tolerated_failures_and_the_default_threshold(self):
        _, tolerant = self.start(map_machine(FAILING, ToleratedFailureCount=1),
                                 [{"fail": 1}, {"n": 2}])
        self.assertEqual(json.loads(self.wait_closed(tolerant)["output"]),
                         [{"Error": "Child.Broke", "Cause": "asked to"}, {"n": 2}])
        counts = self.sfn.describe_map_run(mapRunArn=self.map_run_of(tolerant)["mapRunArn"])
        self.assertEqual(counts["executionCounts"]["failed"], 1)
        _, strict = self.start(map_machine(FAILING), [{"fail": 1}, {"n": 2}])
        described = self.wait_closed(strict)
        self.assertEqual((described["error"], described["cause"]),
                         ("States.ExceedToleratedFailureThreshold",
                          "The specified tolerated failure threshold was exceeded"))
        run = self.sfn.describe_map_run(mapRunArn=self.map_run_of(strict)["mapRunArn"])
        self.assertEqual(run["status"], "FAILED")

    def test_a_redrive_redrives_the_map_run_and_its_failed_child(self):
        activity = self.sfn.create_activity(name=support.unique("act"))["activityArn"]
        _, execution = self.start(map_machine(
            {"W": {"Type": "Task", "Resource": activity, "End": True}}), [1])
        task = self.sfn.get_activity_task(activityArn=activity)
        self.sfn.send_task_failure(taskToken=task["taskToken"], error="Flaky")
        self.assertEqual(self.wait_closed(execution)["status"], "FAILED")
        arn = self.map_run_of(execution)["mapRunArn"]
        child = self.sfn.list_executions(mapRunArn=arn)["executions"][0]["executionArn"]
        self.assertEqual(self.sfn.describe_execution(executionArn=child)["redriveStatus"],
                         "REDRIVABLE_BY_MAP_RUN")
        self.sfn.redrive_execution(executionArn=execution)
        task = self.sfn.get_activity_task(activityArn=activity)
        self.sfn.send_task_success(taskToken=task["taskToken"], output='"done"')
        self.assertEqual(self.wait_closed(execution)["output"], '["done"]')
        described = self.sfn.describe_map_run(mapRunArn=arn)
        self.assertEqual((described["status"], described["redriveCount"]), ("SUCCEEDED", 1))
        self.assertIn("redriveDate", described)
        children = self.sfn.list_executions(mapRunArn=arn)["executions"]
        self.assertEqual([(c["executionArn"], c["redriveCount"]) for c in children], [(child, 1)])
        events = self.sfn.get_execution_history(executionArn=execution)["events"]
        redriven = [e for e in events if e["type"] == "MapRunRedriven"]
        self.assertEqual(redriven[0]["mapRunRedrivenEventDetails"],
                         {"mapRunArn": arn, "redriveCount": 1})

    def test_an_item_reader_fails_as_aws_does_for_a_missing_bucket(self):
        _, execution = self.start(map_machine(
            {"P": {"Type": "Pass", "End": True}}, start="P",
            ItemReader={"Resource": "arn:aws:states:::s3:getObject",
                        "ReaderConfig": {"InputType": "JSON"},
                        "Parameters": {"Bucket": "no-such-bucket", "Key": "items.json"}}), {})
        described = self.wait_closed(execution)
        self.assertEqual(described["error"], "States.ItemReaderFailed")
        self.assertTrue(described["cause"].startswith(
            "The specified bucket does not exist (Service: Amazon S3; Status Code: 404; "
            "Error Code: NoSuchBucket; Request ID: "), described["cause"])
        run = self.sfn.describe_map_run(mapRunArn=self.map_run_of(execution)["mapRunArn"])
        self.assertEqual((run["status"], run["itemCounts"]["total"]), ("FAILED", 0))

    def test_errors_are_aws_errors(self):
        missing = MAP_RUN_PREFIX + "none/Each:9a2c5c8e-0000-4000-8000-000000000000"
        self.assertAwsError("ResourceNotFound", "Resource not found: '%s'" % missing,
                            self.sfn.describe_map_run, mapRunArn=missing)
        self.assertAwsError("ResourceNotFound", "Resource not found: '%s'" % missing,
                            self.sfn.update_map_run, mapRunArn=missing, maxConcurrency=1)
        self.assertAwsError("ResourceNotFound", "Resource not found: '%s'" % missing,
                            self.sfn.list_executions, mapRunArn=missing)
        execution = "arn:aws:states:us-east-1:123456789012:execution:none:x"
        self.assertAwsError("InvalidArn",
                            "Invalid Arn: 'Resource type not valid in this context: execution'",
                            self.sfn.describe_map_run, mapRunArn=execution)
        self.assertAwsError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: nope'",
                            self.sfn.update_map_run, mapRunArn="nope")
        self.assertAwsError("ExecutionDoesNotExist", "Execution Does Not Exist: '%s'" % execution,
                            self.sfn.list_map_runs, executionArn=execution)
        self.assertAwsError(
            "ValidationException",
            "1 validation error detected: Value '101.5' at 'toleratedFailurePercentage' failed "
            "to satisfy constraint: Member must have value less than or equal to 100",
            self.sfn.update_map_run, mapRunArn=missing, toleratedFailurePercentage=101.5)
        self.assertAwsError(
            "ValidationException",
            "1 validation error detected: Must provide a StateMachine ARN or MapRun ARN",
            self.sfn.list_executions, mapRunArn=missing, stateMachineArn=support.sm_arn("x"))
        self.assertAwsError(
            "InvalidDefinition", None, self.create,
            definition=map_machine(waiting(1), Label="has space"))

    def test_aws_cli(self):
        _, execution = self.start(map_machine(waiting(60), Label="Cli", MaxConcurrency=1),
                                  [1, 2])
        _, runs, _ = self.server.cli("stepfunctions", "list-map-runs", "--execution-arn",
                                     execution)
        arn = runs["mapRuns"][0]["mapRunArn"]
        self.server.cli("stepfunctions", "update-map-run", "--map-run-arn", arn,
                        "--max-concurrency", "2")
        described = wait_for(lambda: (lambda d: d if d["executionCounts"]["running"] == 2
                                      else None)(self.server.cli(
            "stepfunctions", "describe-map-run", "--map-run-arn", arn)[1]))
        self.assertEqual(described["maxConcurrency"], 2)
        _, children, _ = self.server.cli("stepfunctions", "list-executions", "--map-run-arn", arn)
        self.assertEqual([c["itemCount"] for c in children["executions"]], [1, 1])
        self.sfn.stop_execution(executionArn=execution)
        code, _, err = self.server.cli("stepfunctions", "describe-map-run", "--map-run-arn",
                                       arn + "x", check=False)
        self.assertEqual(code, 255)  # the AWS CLI v1 exit code of a service error
        self.assertIn("ResourceNotFound", err)


class MapRunRestartTest(unittest.TestCase):

    def test_a_map_run_goes_on_after_the_server_was_killed(self):
        with harness.TempDir() as data_dir:
            server = harness.Server(data_dir=data_dir).start()
            sfn = server.client("stepfunctions")
            machine = sfn.create_state_machine(
                name="durable-map", roleArn=ROLE,
                definition=map_machine(waiting(1), MaxConcurrency=1))["stateMachineArn"]
            execution = sfn.start_execution(stateMachineArn=machine,
                                            input="[1,2,3]")["executionArn"]
            arn = wait_for(lambda: sfn.list_map_runs(executionArn=execution)["mapRuns"])[0][
                "mapRunArn"]
            wait_for(lambda: sfn.describe_map_run(mapRunArn=arn)["executionCounts"]
                     ["succeeded"] == 1)
            server.process.send_signal(signal.SIGKILL)
            server.process.wait()
            server.stop()

            with harness.Server(data_dir=data_dir) as server:
                sfn = server.client("stepfunctions")
                described = sfn.describe_map_run(mapRunArn=arn)
                counts = described["executionCounts"]
                # Whatever the kill left of the last second, every child is counted once.
                self.assertEqual(counts["total"], 3)
                self.assertEqual(counts["succeeded"] + counts["running"] + counts["pending"], 3)
                done = wait_for(lambda: (lambda d: d if d["status"] != "RUNNING" else None)(
                    sfn.describe_execution(executionArn=execution)))
                self.assertEqual(done["output"], "[1,2,3]")
                described = sfn.describe_map_run(mapRunArn=arn)
                self.assertEqual((described["status"], described["executionCounts"]["succeeded"]),
                                 ("SUCCEEDED", 3))
                self.assertEqual(len(sfn.list_executions(mapRunArn=arn)["executions"]), 3)


if __name__ == "__main__":
    unittest.main()
