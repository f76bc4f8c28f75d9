"""RedriveExecution through boto3 and the AWS CLI: a failed, aborted or timed-out Standard
execution goes on from the state that did not finish, and a Map runs again only the iterations
that failed; DescribeExecution's and ListExecutions' redrive fields and filter; AWS's
ExecutionNotRedrivable cases; the clientToken; the AWS/States redrive metrics; a redrive after a
restart on the same --data-dir."""
import json
import time
import unittest

import harness
import test_sfn_support as support


def map_machine(activity_arn):
    """Prepare, then one activity task per item, then Done."""
    return json.dumps({"StartAt": "Prepare", "States": {
        "Prepare": {"Type": "Pass", "Next": "Each"},
        "Each": {"Type": "Map", "ItemsPath": "$.items", "Next": "Done", "ItemProcessor": {
            "StartAt": "Work", "States": {
                "Work": {"Type": "Task", "Resource": activity_arn, "End": True}}}},
        "Done": {"Type": "Pass", "End": True}}})


class Worker:
    """Takes activity tasks and answers each one, failing the inputs in `failing`."""

    def __init__(self, sfn, activity_arn):
        self.sfn = sfn
        self.activity_arn = activity_arn

    def answer(self, count, failing=()):
        """Takes `count` tasks, then answers the successes first (a failure stops the rest)."""
        tasks = []
        while len(tasks) < count:
            task = self.sfn.get_activity_task(activityArn=self.activity_arn)
            if "taskToken" in task:
                tasks.append((json.loads(task["input"]), task["taskToken"]))
        for item, token in sorted(tasks, key=lambda t: t[0] in failing):
            if item in failing:
                self.sfn.send_task_failure(taskToken=token, error="Broken", cause="item %s" % item)
            else:
                self.sfn.send_task_success(taskToken=token, output=json.dumps("done %s" % item))
        return sorted(item for item, _ in tasks)


def types(history):
    return [e["type"] for e in history["events"]]


class RedriveTest(support.SfnTestCase):

    def setUp(self):
        self.activity = self.sfn.create_activity(name=support.unique("act"))["activityArn"]
        self.worker = Worker(self.sfn, self.activity)
        self.machine = self.create(definition=map_machine(self.activity))["stateMachineArn"]

    def start(self, items=(1, 2, 3)):
        return self.sfn.start_execution(stateMachineArn=self.machine,
                                        input=json.dumps({"items": list(items)}))["executionArn"]

    def failed_execution(self):
        arn = self.start()
        self.assertEqual(self.worker.answer(3, failing=[2]), [1, 2, 3])
        described = self.wait_closed(arn)
        self.assertEqual(described["status"], "FAILED")
        return arn

    def test_a_failed_map_runs_again_only_its_failed_iteration(self):
        arn = self.failed_execution()
        described = self.sfn.describe_execution(executionArn=arn)
        self.assertEqual(described["redriveStatus"], "REDRIVABLE")
        self.assertEqual(described["redriveCount"], 0)
        self.assertNotIn("redriveStatusReason", described)
        self.assertNotIn("redriveDate", described)

        redriven = self.sfn.redrive_execution(executionArn=arn)["redriveDate"]
        running = self.sfn.describe_execution(executionArn=arn)
        self.assertEqual(running["status"], "RUNNING")
        self.assertEqual(running["redriveCount"], 1)
        self.assertEqual(running["redriveDate"], redriven)
        self.assertEqual(running["redriveStatus"], "NOT_REDRIVABLE")
        self.assertEqual(running["redriveStatusReason"],
                         "Execution is RUNNING and cannot be redriven")
        self.assertNotIn("stopDate", running)
        self.assertNotIn("error", running)

        self.assertEqual(self.worker.answer(1), [2])  # items 1 and 3 are not asked again
        described = self.wait_closed(arn)
        self.assertEqual(described["status"], "SUCCEEDED")
        self.assertEqual(json.loads(described["output"]), ["done 1", "done 2", "done 3"])
        self.assertEqual(described["startDate"], running["startDate"])

        history = self.sfn.get_execution_history(executionArn=arn)
        events = history["events"]
        self.assertEqual([e["id"] for e in events], list(range(1, len(events) + 1)))
        redrive = next(e for e in events if e["type"] == "ExecutionRedriven")
        self.assertEqual(redrive["executionRedrivenEventDetails"], {"redriveCount": 1})
        self.assertEqual(events[redrive["id"] - 2]["type"], "ExecutionFailed")
        self.assertEqual(types(history).count("ExecutionStarted"), 1)
        self.assertEqual(types(history).count("PassStateEntered"), 2)  # Prepare once, Done once
        self.assertEqual(types(history).count("MapStateEntered"), 2)
        self.assertEqual(types(history)[-1], "ExecutionSucceeded")

    def test_list_executions_reports_and_filters_redrives(self):
        redriven = self.failed_execution()
        self.sfn.redrive_execution(executionArn=redriven)
        self.worker.answer(1)
        self.wait_closed(redriven)
        plain = self.start(items=[])
        self.wait_closed(plain)

        listed = self.sfn.list_executions(stateMachineArn=self.machine,
                                          redriveFilter="REDRIVEN")["executions"]
        self.assertEqual([e["executionArn"] for e in listed], [redriven])
        self.assertEqual(listed[0]["redriveCount"], 1)
        self.assertIn("redriveDate", listed[0])
        listed = self.sfn.list_executions(stateMachineArn=self.machine,
                                          redriveFilter="NOT_REDRIVEN")["executions"]
        self.assertEqual([e["executionArn"] for e in listed], [plain])
        self.assertEqual(listed[0]["redriveCount"], 0)
        self.assertNotIn("redriveDate", listed[0])
        everything = self.sfn.list_executions(stateMachineArn=self.machine)["executions"]
        self.assertEqual(len(everything), 2)

    def test_an_aborted_execution_goes_on_and_the_client_token_repeats_a_redrive(self):
        arn = self.start(items=[7])
        self.sfn.stop_execution(executionArn=arn, error="Halt", cause="by hand")
        self.assertEqual(self.wait_closed(arn)["status"], "ABORTED")
        first = self.sfn.redrive_execution(executionArn=arn, clientToken="token-1")
        again = self.sfn.redrive_execution(executionArn=arn, clientToken="token-1")
        self.assertEqual(again["redriveDate"], first["redriveDate"])
        self.assertEqual(self.sfn.describe_execution(executionArn=arn)["redriveCount"], 1)
        self.assertAwsError("ExecutionNotRedrivable", "Execution is RUNNING and cannot be redriven",
                            self.sfn.redrive_execution, executionArn=arn, clientToken="token-2")
        self.assertEqual(self.worker.answer(1), [7])
        self.assertEqual(self.wait_closed(arn)["status"], "SUCCEEDED")

    def test_executions_that_cannot_be_redriven(self):
        succeeded = self.start(items=[])
        self.assertEqual(self.wait_closed(succeeded)["status"], "SUCCEEDED")
        described = self.sfn.describe_execution(executionArn=succeeded)
        self.assertEqual(described["redriveStatus"], "NOT_REDRIVABLE")
        self.assertEqual(described["redriveStatusReason"],
                         "Execution is SUCCEEDED and cannot be redriven")
        self.assertAwsError("ExecutionNotRedrivable",
                            "Execution is SUCCEEDED and cannot be redriven",
                            self.sfn.redrive_execution, executionArn=succeeded)
        missing = succeeded.rsplit(":", 1)[0] + ":nope"
        self.assertAwsError("ExecutionDoesNotExist", "Execution Does Not Exist: '%s'" % missing,
                            self.sfn.redrive_execution, executionArn=missing)
        self.assertAwsError("InvalidArn", None, self.sfn.redrive_execution, executionArn="nope")

    def test_redrives_are_counted_in_aws_states(self):
        arn = self.failed_execution()
        self.sfn.redrive_execution(executionArn=arn)
        self.worker.answer(1)
        self.wait_closed(arn)
        cloudwatch = self.server.client("cloudwatch")
        dimensions = [{"Name": "StateMachineArn", "Value": self.machine}]
        deadline = time.time() + 10
        sums = {}
        while time.time() < deadline:
            for name in ("ExecutionsRedriven", "RedrivenExecutionsSucceeded", "ExecutionsFailed",
                         "ExecutionsSucceeded"):
                points = cloudwatch.get_metric_statistics(
                    Namespace="AWS/States", MetricName=name, Dimensions=dimensions,
                    StartTime=time.time() - 600, EndTime=time.time() + 60, Period=60,
                    Statistics=["Sum"])["Datapoints"]
                sums[name] = sum(p["Sum"] for p in points)
            if all(sums.values()):
                break
            time.sleep(0.2)
        self.assertEqual(sums, {"ExecutionsRedriven": 1, "RedrivenExecutionsSucceeded": 1,
                                "ExecutionsFailed": 1, "ExecutionsSucceeded": 1})

    def test_the_aws_cli_redrives(self):
        arn = self.failed_execution()
        _, out, _ = self.server.cli("stepfunctions", "redrive-execution", "--execution-arn", arn)
        self.assertIn("redriveDate", out)
        self.worker.answer(1)
        self.assertEqual(self.wait_closed(arn)["status"], "SUCCEEDED")


class RedriveAfterRestartTest(unittest.TestCase):

    def test_a_failed_execution_is_redriven_after_a_restart(self):
        with harness.TempDir() as data_dir:
            with harness.Server(data_dir=data_dir) as server:
                sfn = server.client("stepfunctions")
                activity = sfn.create_activity(name="work")["activityArn"]
                machine = sfn.create_state_machine(
                    name="durable", definition=map_machine(activity),
                    roleArn=support.ROLE)["stateMachineArn"]
                arn = sfn.start_execution(stateMachineArn=machine,
                                          input=json.dumps({"items": [1, 2]}))["executionArn"]
                Worker(sfn, activity).answer(2, failing=[1])
                while sfn.describe_execution(executionArn=arn)["status"] == "RUNNING":
                    time.sleep(0.02)
                before = sfn.get_execution_history(executionArn=arn)["events"]

            with harness.Server(data_dir=data_dir) as server:
                sfn = server.client("stepfunctions")
                self.assertEqual(sfn.describe_execution(executionArn=arn)["redriveStatus"],
                                 "REDRIVABLE")
                sfn.redrive_execution(executionArn=arn)
                self.assertEqual(Worker(sfn, activity).answer(1), [1])
                while sfn.describe_execution(executionArn=arn)["status"] == "RUNNING":
                    time.sleep(0.02)
                described = sfn.describe_execution(executionArn=arn)
                self.assertEqual(described["status"], "SUCCEEDED")
                self.assertEqual(json.loads(described["output"]), ["done 1", "done 2"])
                after = sfn.get_execution_history(executionArn=arn)["events"]
                self.assertEqual(after[:len(before)], before)
                self.assertEqual(after[len(before)]["type"], "ExecutionRedriven")


if __name__ == "__main__":
    unittest.main()
