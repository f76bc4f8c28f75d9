"""Nested executions through boto3: a parent starts its child with states:startExecution
(request-response, .sync, .sync:2), also through the child's alias; stopping the parent stops a
.sync child."""
import json
import time
import unittest

import test_sfn_support as support


def child_definition(seconds, result):
    return json.dumps({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": seconds, "Next": "P"},
        "P": {"Type": "Pass", "Parameters": {"got.$": "$.order", "from": result}, "End": True}}})


def parent_definition(resource, child_arn):
    return json.dumps({"StartAt": "Run", "States": {"Run": {
        "Type": "Task", "Resource": resource,
        "Parameters": {"StateMachineArn": child_arn, "Input": {
            "order.$": "$.order",
            "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}},
        "End": True}}})


class NestedExecutionTest(support.SfnTestCase):

    def child_with_alias(self, seconds=0):
        """A child with versions 1 ("v1") and 2 ("v2") and an alias `live` on version 2."""
        arn = self.create(definition=child_definition(seconds, "v1"), publish=True)[
            "stateMachineArn"]
        v2 = self.sfn.update_state_machine(stateMachineArn=arn, publish=True,
                                           definition=child_definition(seconds, "v2"))
        self.sfn.create_state_machine_alias(name="live", routingConfiguration=[
            {"stateMachineVersionArn": v2["stateMachineVersionArn"], "weight": 100}])
        return arn

    def test_sync2_runs_the_child_through_its_alias(self):
        child = self.child_with_alias()
        parent = self.create(definition=parent_definition(
            "arn:aws:states:::states:startExecution.sync:2", child + ":live"))["stateMachineArn"]
        run = self.sfn.start_execution(stateMachineArn=parent, input='{"order": 7}')
        described = self.wait_closed(run["executionArn"])
        self.assertEqual(described["status"], "SUCCEEDED", described)
        output = json.loads(described["output"])
        self.assertEqual(output["Output"], {"got": 7, "from": "v2"})
        self.assertEqual(output["Status"], "SUCCEEDED")
        child_run = self.sfn.describe_execution(executionArn=output["ExecutionArn"])
        self.assertEqual(child_run["stateMachineAliasArn"], child + ":live")
        self.assertEqual(child_run["stateMachineVersionArn"], child + ":2")
        self.assertEqual(json.loads(child_run["input"])["AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID"],
                         run["executionArn"])
        listed = self.sfn.list_executions(stateMachineArn=child + ":live")["executions"]
        self.assertEqual([e["executionArn"] for e in listed], [output["ExecutionArn"]])

    def test_request_response_and_sync_outputs(self):
        child = self.child_with_alias()
        fire = self.create(definition=parent_definition(
            "arn:aws:states:::states:startExecution", child))["stateMachineArn"]
        out = json.loads(self.wait_closed(self.sfn.start_execution(
            stateMachineArn=fire, input='{"order": 1}')["executionArn"])["output"])
        self.assertEqual(sorted(out), ["ExecutionArn", "SdkHttpMetadata", "SdkResponseMetadata",
                                       "StartDate"])
        sync = self.create(definition=parent_definition(
            "arn:aws:states:::states:startExecution.sync", child))["stateMachineArn"]
        out = json.loads(self.wait_closed(self.sfn.start_execution(
            stateMachineArn=sync, input='{"order": 2}')["executionArn"])["output"])
        self.assertEqual(json.loads(out["Output"]), {"got": 2, "from": "v2"})  # text under .sync
        self.assertEqual(out["OutputDetails"], {"Included": True})

    def test_stopping_the_parent_stops_its_sync_child(self):
        child = self.child_with_alias(seconds=300)
        parent = self.create(definition=parent_definition(
            "arn:aws:states:::states:startExecution.sync", child))["stateMachineArn"]
        run = self.sfn.start_execution(stateMachineArn=parent, input='{"order": 3}')
        deadline = time.time() + 10
        while time.time() < deadline:
            children = self.sfn.list_executions(stateMachineArn=child)["executions"]
            if children:
                break
            time.sleep(0.02)
        self.sfn.stop_execution(executionArn=run["executionArn"])
        self.assertEqual(self.wait_closed(children[0]["executionArn"])["status"], "ABORTED")


if __name__ == "__main__":
    unittest.main()
