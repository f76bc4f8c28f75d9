"""Activities and callbacks through boto3 and the AWS CLI: CreateActivity (idempotent by name),
DescribeActivity, ListActivities, DeleteActivity, tags on activities, GetActivityTask answered to a
worker in another process, SendTaskSuccess/Failure/Heartbeat, and .waitForTaskToken callbacks
sent by the AWS CLI; AWS's errors and messages (LocalStack's AWS-recorded snapshots where they
exist)."""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

import harness
import test_sfn_support as support

# A worker in its own process, as users write them: poll, work, answer; `count` tasks.
WORKER = r"""
import json, sys, boto3
from botocore.config import Config
endpoint, activity, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
sfn = boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="x", aws_secret_access_key="x",
                   config=Config(read_timeout=70))
done = 0
while done < count:
    task = sfn.get_activity_task(activityArn=activity, workerName="worker-1")
    if "taskToken" not in task:
        continue
    order = json.loads(task["input"])
    sfn.send_task_heartbeat(taskToken=task["taskToken"])
    if order.get("reject"):
        sfn.send_task_failure(taskToken=task["taskToken"], error="Rejected", cause="by worker")
    else:
        sfn.send_task_success(taskToken=task["taskToken"],
                              output=json.dumps({"approved": order["id"]}))
    done += 1
"""


def activity_machine(activity_arn, **task):
    return json.dumps({"StartAt": "Approve", "States": {
        "Approve": dict({"Type": "Task", "Resource": activity_arn, "End": True}, **task)}})


class ActivityTest(support.SfnTestCase):

    def test_create_describe_list_tag_and_delete(self):
        name = support.unique("act")
        created = self.sfn.create_activity(name=name, tags=[{"key": "team", "value": "a"}])
        arn = "arn:aws:states:%s:%s:activity:%s" % (support.REGION, support.ACCOUNT, name)
        self.assertEqual(created["activityArn"], arn)
        again = self.sfn.create_activity(name=name)
        self.assertEqual(again["creationDate"], created["creationDate"])
        described = self.sfn.describe_activity(activityArn=arn)
        described.pop("ResponseMetadata")
        self.assertEqual(described, {"activityArn": arn, "name": name,
                                     "creationDate": created["creationDate"]})
        listed = self.sfn.list_activities()["activities"]
        self.assertIn({"activityArn": arn, "name": name, "creationDate": created["creationDate"]},
                      listed)
        self.sfn.tag_resource(resourceArn=arn, tags=[{"key": "stage", "value": "prod"}])
        self.sfn.untag_resource(resourceArn=arn, tagKeys=["team"])
        self.assertEqual(self.sfn.list_tags_for_resource(resourceArn=arn)["tags"],
                         [{"key": "stage", "value": "prod"}])
        self.sfn.delete_activity(activityArn=arn)
        self.sfn.delete_activity(activityArn=arn)  # AWS: deleting again succeeds
        message = "Activity Does Not Exist: '%s'" % arn
        self.assertAwsError("ActivityDoesNotExist", message, self.sfn.describe_activity,
                            activityArn=arn)
        self.assertAwsError("ActivityDoesNotExist", message, self.sfn.get_activity_task,
                            activityArn=arn)
        self.assertAwsError("ResourceNotFound", "Resource not found: '%s'" % arn,
                            self.sfn.list_tags_for_resource, resourceArn=arn)

    def test_bad_names_arns_and_tokens(self):
        self.assertAwsError("InvalidName", "Invalid Name: 'TestActivity InvalidName$'",
                            self.sfn.create_activity, name="TestActivity InvalidName$")
        self.assertAwsError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'",
                            self.sfn.describe_activity, activityArn="no_an_activity_arn")
        self.assertAwsError("InvalidToken", "Invalid Token: 'Invalid token'",
                            self.sfn.send_task_success, taskToken="garbage", output="{}")
        self.assertAwsError("ValidationException", None, self.sfn.send_task_failure,
                            taskToken="t", error="e" * 257)

    def test_a_worker_process_answers_the_activitys_tasks(self):
        activity = self.sfn.create_activity(name=support.unique("approve"))["activityArn"]
        arn = self.create(definition=activity_machine(activity, HeartbeatSeconds=30))[
            "stateMachineArn"]
        worker = subprocess.Popen([sys.executable, "-c", WORKER, self.server.endpoint, activity,
                                   "3"], stderr=subprocess.PIPE, text=True)
        try:
            runs = [self.sfn.start_execution(stateMachineArn=arn, input=json.dumps(order))
                    ["executionArn"] for order in ({"id": 1}, {"id": 2}, {"id": 3, "reject": 1})]
            ended = [self.wait_closed(run) for run in runs]
            self.assertEqual(worker.wait(timeout=20), 0, worker.stderr.read())
        finally:
            worker.kill()
            worker.wait()
            worker.stderr.close()
        self.assertEqual([json.loads(e.get("output", "null")) for e in ended],
                         [{"approved": 1}, {"approved": 2}, None])
        self.assertEqual((ended[2]["status"], ended[2]["error"], ended[2]["cause"]),
                         ("FAILED", "Rejected", "by worker"))
        events = self.sfn.get_execution_history(executionArn=runs[0])["events"]
        self.assertEqual([e["type"] for e in events], [
            "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted",
            "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded"])
        self.assertEqual(events[2]["activityScheduledEventDetails"]["resource"], activity)
        self.assertEqual(events[2]["activityScheduledEventDetails"]["heartbeatInSeconds"], 30)
        self.assertEqual(events[3]["activityStartedEventDetails"], {"workerName": "worker-1"})

    def test_a_jsonata_task_on_an_activity(self):
        activity = self.sfn.create_activity(name=support.unique("approve"))["activityArn"]
        arn = self.create(definition=json.dumps({
            "QueryLanguage": "JSONata", "StartAt": "Approve", "States": {"Approve": {
                "Type": "Task", "Resource": activity, "HeartbeatSeconds": "{% 10 * 3 %}",
                "Arguments": {"id": "{% $states.input.order.id %}"},
                "Output": {"by": "{% $states.result.approved %}"}, "End": True}}}))[
            "stateMachineArn"]
        run = self.sfn.start_execution(stateMachineArn=arn, input='{"order": {"id": 7}}')[
            "executionArn"]
        task = self.sfn.get_activity_task(activityArn=activity, workerName="w")
        self.assertEqual(json.loads(task["input"]), {"id": 7})
        self.sfn.send_task_success(taskToken=task["taskToken"], output='{"approved": "ann"}')
        described = self.wait_closed(run)
        self.assertEqual((described["status"], described["output"]), ("SUCCEEDED", '{"by":"ann"}'))
        events = self.sfn.get_execution_history(executionArn=run)["events"]
        self.assertEqual(events[2]["activityScheduledEventDetails"]["heartbeatInSeconds"], 30)

    def test_a_stopped_executions_task_token_has_timed_out(self):
        activity = self.sfn.create_activity(name=support.unique("approve"))["activityArn"]
        arn = self.create(definition=activity_machine(activity))["stateMachineArn"]
        run = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        task = self.sfn.get_activity_task(activityArn=activity)
        self.assertEqual(task["input"], "{}")
        self.sfn.stop_execution(executionArn=run)
        self.assertAwsError("TaskTimedOut",
                            "Task Timed Out: 'Provided task does not exist anymore'",
                            self.sfn.send_task_success, taskToken=task["taskToken"], output="{}")


class CallbackTest(support.SfnTestCase):
    """.waitForTaskToken: serve --functions answers the service call, the AWS CLI the callback."""

    @classmethod
    def setUpClass(cls):
        cls.functions = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump({"functions": {"arn:aws:states:::sqs:sendMessage.waitForTaskToken": {
            "result": {"MessageId": "m-1"}}}}, cls.functions)
        cls.functions.close()
        cls.server_args = ("--functions", cls.functions.name)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        os.unlink(cls.functions.name)

    def start_waiting(self):
        definition = json.dumps({"StartAt": "Send", "States": {"Send": {
            "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
            "End": True}}})
        arn = self.create(definition=definition)["stateMachineArn"]
        run = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        deadline = time.time() + 10
        while time.time() < deadline:
            events = self.sfn.get_execution_history(executionArn=run)["events"]
            if events[-1]["type"] == "TaskSubmitted":
                break
            time.sleep(0.02)
        self.assertEqual(events[-1]["taskSubmittedEventDetails"]["output"], '{"MessageId":"m-1"}')
        sent = json.loads(events[2]["taskScheduledEventDetails"]["parameters"])
        return run, sent["MessageBody"]["token"]

    def test_the_aws_cli_answers_a_callback(self):
        run, token = self.start_waiting()
        self.server.cli("stepfunctions", "send-task-heartbeat", "--task-token", token)
        self.server.cli("stepfunctions", "send-task-success", "--task-token", token,
                        "--task-output", '{"paid": true}')
        described = self.wait_closed(run)
        self.assertEqual((described["status"], described["output"]), ("SUCCEEDED", '{"paid":true}'))
        code, _, err = self.server.cli("stepfunctions", "send-task-success", "--task-token", token,
                                       "--task-output", "{}", check=False)
        self.assertNotEqual(code, 0)
        self.assertIn("TaskTimedOut", err)

    def test_a_failure_callback_fails_the_task(self):
        run, token = self.start_waiting()
        self.sfn.send_task_failure(taskToken=token, error="Card.Declined", cause="insufficient")
        described = self.wait_closed(run)
        self.assertEqual((described["status"], described["error"], described["cause"]),
                         ("FAILED", "Card.Declined", "insufficient"))
        events = self.sfn.get_execution_history(executionArn=run)["events"]
        self.assertEqual([e["type"] for e in events][-3:],
                         ["TaskSubmitted", "TaskFailed", "ExecutionFailed"])


if __name__ == "__main__":
    unittest.main()
