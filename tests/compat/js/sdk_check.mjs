// The AWS SDK for JavaScript v3 against `stepshift serve`: usage: node sdk_check.mjs ENDPOINT.
// Each check asserts AWS's behaviour; the first failure exits non-zero with its message.
import assert from "node:assert/strict";
import {
  SFNClient, CreateStateMachineCommand, UpdateStateMachineCommand, DescribeStateMachineCommand,
  PublishStateMachineVersionCommand, ListStateMachineVersionsCommand,
  CreateStateMachineAliasCommand, DescribeStateMachineAliasCommand,
  UpdateStateMachineAliasCommand, DeleteStateMachineVersionCommand, ValidationException,
  ConflictException, StateMachineDoesNotExist, StartExecutionCommand, StartSyncExecutionCommand,
  DescribeExecutionCommand, ListExecutionsCommand, GetExecutionHistoryCommand, StopExecutionCommand,
  DescribeStateMachineForExecutionCommand, ExecutionAlreadyExists, ExecutionDoesNotExist,
  CreateActivityCommand, DescribeActivityCommand, ListActivitiesCommand, DeleteActivityCommand,
  GetActivityTaskCommand, SendTaskSuccessCommand, SendTaskFailureCommand,
  SendTaskHeartbeatCommand, ActivityDoesNotExist, TaskTimedOut, InvalidToken,
  RedriveExecutionCommand, ExecutionNotRedrivable, TestStateCommand, InvalidDefinition,
  ListMapRunsCommand, DescribeMapRunCommand, UpdateMapRunCommand, ResourceNotFound,
} from "@aws-sdk/client-sfn";
import {
  CloudWatchClient, PutMetricAlarmCommand, PutCompositeAlarmCommand, DescribeAlarmsCommand,
  PutMetricDataCommand, GetMetricStatisticsCommand, SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";

const config = {
  region: "us-east-1",
  endpoint: process.argv[2],
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
  maxAttempts: 1,
};
const sfn = new SFNClient(config);
const cloudwatch = new CloudWatchClient(config);
const sts = new STSClient(config);
const definition = (comment) =>
  JSON.stringify({ Comment: comment, StartAt: "P", States: { P: { Type: "Pass", End: true } } });
const role = "arn:aws:iam::123456789012:role/js";

async function rejects(promise, type, message) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${e.name}: ${e.message}`);
    assert.equal(e.message, message);
    return true;
  });
}

async function versionsAndAliases() {
  const created = await sfn.send(new CreateStateMachineCommand({
    name: "js-orders", definition: definition("v1"), roleArn: role, publish: true }));
  const machine = created.stateMachineArn;
  assert.equal(machine, "arn:aws:states:us-east-1:123456789012:stateMachine:js-orders");
  assert.equal(created.stateMachineVersionArn, `${machine}:1`);
  assert.ok(created.creationDate instanceof Date);
  const updated = await sfn.send(new UpdateStateMachineCommand({
    stateMachineArn: machine, definition: definition("v2") }));
  assert.match(updated.revisionId, /^[0-9a-f-]{36}$/);
  const published = await sfn.send(new PublishStateMachineVersionCommand({
    stateMachineArn: machine, revisionId: updated.revisionId, description: "second" }));
  assert.equal(published.stateMachineVersionArn, `${machine}:2`);
  const v2 = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${machine}:2` }));
  assert.equal(v2.description, "second");
  assert.equal(v2.revisionId, updated.revisionId);
  const versions = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: machine }));
  assert.deepEqual(versions.stateMachineVersions.map((v) => v.stateMachineVersionArn),
                   [`${machine}:2`, `${machine}:1`]);

  const alias = await sfn.send(new CreateStateMachineAliasCommand({ name: "live",
    routingConfiguration: [{ stateMachineVersionArn: `${machine}:1`, weight: 100 }] }));
  await sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: alias.stateMachineAliasArn,
    routingConfiguration: [{ stateMachineVersionArn: `${machine}:1`, weight: 90 },
                           { stateMachineVersionArn: `${machine}:2`, weight: 10 }] }));
  const described = await sfn.send(new DescribeStateMachineAliasCommand({
    stateMachineAliasArn: alias.stateMachineAliasArn }));
  assert.deepEqual(described.routingConfiguration,
                   [{ stateMachineVersionArn: `${machine}:1`, weight: 90 },
                    { stateMachineVersionArn: `${machine}:2`, weight: 10 }]);
  assert.ok(described.updateDate instanceof Date);

  await rejects(sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${machine}:1` })),
                ConflictException,
                "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [live]");
  await rejects(sfn.send(new CreateStateMachineAliasCommand({ name: "123",
    routingConfiguration: [{ stateMachineVersionArn: `${machine}:1`, weight: 100 }] })),
                ValidationException,
                "1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$");
  await rejects(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${machine}-gone` })),
                StateMachineDoesNotExist, `State Machine Does Not Exist: '${machine}-gone'`);
}

async function executions() {
  const created = await sfn.send(new CreateStateMachineCommand({ name: "js-runs", roleArn: role,
    publish: true, definition: JSON.stringify({ StartAt: "W", States: {
      W: { Type: "Wait", Seconds: 30, End: true } } }) }));
  const machine = created.stateMachineArn;
  const alias = await sfn.send(new CreateStateMachineAliasCommand({ name: "live",
    routingConfiguration: [{ stateMachineVersionArn: created.stateMachineVersionArn, weight: 100 }] }));
  const started = await sfn.send(new StartExecutionCommand({
    stateMachineArn: alias.stateMachineAliasArn, name: "js-1", input: '{"js": true}' }));
  assert.equal(started.executionArn, "arn:aws:states:us-east-1:123456789012:execution:js-runs:js-1");
  assert.ok(started.startDate instanceof Date);
  const running = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
  assert.equal(running.status, "RUNNING");
  assert.equal(running.stateMachineAliasArn, alias.stateMachineAliasArn);
  assert.equal(running.stateMachineVersionArn, created.stateMachineVersionArn);
  await rejects(sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: "js-1",
    input: "{}" })), ExecutionAlreadyExists, `Execution Already Exists: '${started.executionArn}'`);
  const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
  assert.deepEqual(history.events.map((e) => e.type), ["ExecutionStarted", "WaitStateEntered"]);
  assert.ok(history.events[0].timestamp instanceof Date);
  const stopped = await sfn.send(new StopExecutionCommand({ executionArn: started.executionArn }));
  assert.ok(stopped.stopDate instanceof Date);
  const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine,
    statusFilter: "ABORTED" }));
  assert.deepEqual(listed.executions.map((e) => e.name), ["js-1"]);
  const forExecution = await sfn.send(new DescribeStateMachineForExecutionCommand({
    executionArn: started.executionArn }));
  assert.equal(forExecution.stateMachineArn, machine);
  await rejects(sfn.send(new DescribeExecutionCommand({ executionArn: `${started.executionArn}x` })),
                ExecutionDoesNotExist, `Execution Does Not Exist: '${started.executionArn}x'`);

  // The aborted execution goes on in its Wait state; a running one cannot be redriven.
  const redriven = await sfn.send(new RedriveExecutionCommand({ executionArn: started.executionArn }));
  assert.ok(redriven.redriveDate instanceof Date);
  const again = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
  assert.equal(again.status, "RUNNING");
  assert.equal(again.redriveCount, 1);
  await rejects(sfn.send(new RedriveExecutionCommand({ executionArn: started.executionArn })),
                ExecutionNotRedrivable, "Execution is RUNNING and cannot be redriven");
  await sfn.send(new StopExecutionCommand({ executionArn: started.executionArn }));

  // StartSyncExecution goes to the host sync-<endpoint host> unless host prefixes are off.
  const express = await sfn.send(new CreateStateMachineCommand({ name: "js-fast", roleArn: role,
    type: "EXPRESS", definition: definition("express") }));
  const syncClient = new SFNClient({ ...config, disableHostPrefix: true });
  const sync = await syncClient.send(new StartSyncExecutionCommand({
    stateMachineArn: express.stateMachineArn, input: '{"n":1}' }));
  assert.equal(sync.status, "SUCCEEDED");
  assert.equal(sync.output, '{"n":1}');
  assert.equal(sync.billingDetails.billedMemoryUsedInMB, 64);
}

// A worker takes an activity task, heartbeats and answers; a second answer finds it over.
async function activities() {
  const { activityArn } = await sfn.send(new CreateActivityCommand({ name: "js-activity" }));
  const described = await sfn.send(new DescribeActivityCommand({ activityArn }));
  assert.equal(described.name, "js-activity");
  assert.ok(described.creationDate instanceof Date);
  const listed = await sfn.send(new ListActivitiesCommand({}));
  assert.ok(listed.activities.some((a) => a.activityArn === activityArn));
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({
    name: "js-activity-machine", roleArn: role, definition: JSON.stringify({ StartAt: "A",
      States: { A: { Type: "Task", Resource: activityArn, End: true } } }) }));
  const run = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"n":1}' }));
  const task = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "js" }));
  assert.equal(task.input, '{"n":1}');
  await sfn.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
  await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"ok":1}' }));
  await rejects(sfn.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error: "E" })),
                TaskTimedOut, "Task Timed Out: 'Provided task does not exist anymore'");
  await rejects(sfn.send(new SendTaskSuccessCommand({ taskToken: "nope", output: "{}" })),
                InvalidToken, "Invalid Token: 'Invalid token'");
  let ended = await sfn.send(new DescribeExecutionCommand({ executionArn: run.executionArn }));
  for (let i = 0; i < 100 && ended.status === "RUNNING"; ++i) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    ended = await sfn.send(new DescribeExecutionCommand({ executionArn: run.executionArn }));
  }
  assert.equal(ended.output, '{"ok":1}');
  await sfn.send(new DeleteActivityCommand({ activityArn }));
  await rejects(sfn.send(new DescribeActivityCommand({ activityArn })), ActivityDoesNotExist,
                `Activity Does Not Exist: '${activityArn}'`);
}

async function metricsAndAlarms() {
  await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: "js-errors", Namespace: "JsCompat",
    MetricName: "Errors", Statistic: "Sum", Period: 60, EvaluationPeriods: 1, Threshold: 1,
    ComparisonOperator: "GreaterThanOrEqualToThreshold" }));
  await cloudwatch.send(new PutCompositeAlarmCommand({ AlarmName: "js-any",
    AlarmRule: 'ALARM("js-errors")' }));
  await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: "js-errors", StateValue: "ALARM",
    StateReason: "forced by the JS SDK check" }));
  const alarms = await cloudwatch.send(new DescribeAlarmsCommand({
    AlarmNames: ["js-errors", "js-any"], AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }));
  assert.deepEqual(alarms.MetricAlarms.map((a) => [a.AlarmName, a.StateValue]), [["js-errors", "ALARM"]]);
  assert.deepEqual(alarms.CompositeAlarms.map((a) => [a.AlarmName, a.StateValue]), [["js-any", "ALARM"]]);
  assert.ok(alarms.MetricAlarms[0].StateUpdatedTimestamp instanceof Date);

  const now = Date.now();
  await cloudwatch.send(new PutMetricDataCommand({ Namespace: "JsCompat", MetricData: [
    { MetricName: "Latency", Value: 5, Unit: "Milliseconds", Timestamp: new Date(now) },
    { MetricName: "Latency", Values: [1, 2], Counts: [1, 3], Unit: "Milliseconds", Timestamp: new Date(now) }] }));
  const stats = await cloudwatch.send(new GetMetricStatisticsCommand({ Namespace: "JsCompat",
    MetricName: "Latency", StartTime: new Date(now - 3600e3), EndTime: new Date(now + 60e3), Period: 3600,
    Statistics: ["Sum", "SampleCount", "Maximum"] }));
  assert.equal(stats.Datapoints.length, 1);
  assert.deepEqual([stats.Datapoints[0].Sum, stats.Datapoints[0].SampleCount, stats.Datapoints[0].Maximum],
                   [12, 5, 5]);
  await assert.rejects(cloudwatch.send(new DescribeAlarmsCommand({ MaxRecords: 500 })),
                       (e) => e.name === "InvalidParameterValueException");
}

// TestState goes to sync-<endpoint host> too: host prefixes off.
async function testState() {
  const client = new SFNClient({ ...config, disableHostPrefix: true });
  const task = {
    Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Next: "Done",
    Retry: [{ ErrorEquals: ["Boom"], IntervalSeconds: 2, MaxAttempts: 3 }],
    Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handle", ResultPath: "$.error" }],
  };
  const ok = await client.send(new TestStateCommand({
    definition: JSON.stringify(task), input: '{"a":1}', inspectionLevel: "DEBUG",
    mock: { result: '{"StatusCode":200,"Payload":{"b":2}}' },
  }));
  assert.equal(ok.status, "SUCCEEDED");
  assert.equal(ok.nextState, "Done");
  assert.deepEqual(JSON.parse(ok.inspectionData.result), { StatusCode: 200, Payload: { b: 2 } });
  const retriable = await client.send(new TestStateCommand({
    definition: JSON.stringify(task), inspectionLevel: "DEBUG",
    mock: { errorOutput: { error: "Boom", cause: "x" } },
    stateConfiguration: { retrierRetryCount: 1 },
  }));
  assert.equal(retriable.status, "RETRIABLE");
  assert.deepEqual(retriable.inspectionData.errorDetails,
                   { retryIndex: 0, retryBackoffIntervalSeconds: 4 });
  const caught = await client.send(new TestStateCommand({
    definition: JSON.stringify(task), input: "{}",
    mock: { errorOutput: { error: "Boom", cause: "x" } },
    stateConfiguration: { retrierRetryCount: 3 },
  }));
  assert.equal(caught.status, "CAUGHT_ERROR");
  assert.equal(caught.nextState, "Handle");
  await rejects(client.send(new TestStateCommand({
    definition: JSON.stringify({
      Type: "Parallel", End: true,
      Branches: [{ StartAt: "B", States: { B: { Type: "Pass", End: true } } }],
    }),
  })), InvalidDefinition,
  "TestState API does not support Map or Parallel states. Supported state types include: " +
  "[Task, Wait, Pass, Succeed, Fail, Choice]");
}

async function mapRuns() {
  const { stateMachineArn: machine } = await sfn.send(new CreateStateMachineCommand({
    name: "js-map", roleArn: role, definition: JSON.stringify({ StartAt: "M", States: { M: {
      Type: "Map", End: true, Label: "Each", MaxConcurrency: 1,
      ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
                       StartAt: "W", States: { W: { Type: "Wait", Seconds: 60, End: true } } },
    } } }) }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({
    stateMachineArn: machine, input: "[1,2]" }));
  const listed = await sfn.send(new ListMapRunsCommand({ executionArn }));
  assert.equal(listed.mapRuns.length, 1);
  const { mapRunArn } = listed.mapRuns[0];
  assert.match(mapRunArn, /^arn:aws:states:us-east-1:123456789012:mapRun:js-map\/Each:[0-9a-f-]{36}$/);
  assert.equal(listed.mapRuns[0].stateMachineArn, `${machine}/Each`);
  assert.ok(listed.mapRuns[0].startDate instanceof Date);

  await sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 2,
                                           toleratedFailurePercentage: 10 }));
  let described;
  for (let i = 0; i < 200; ++i) {
    described = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    if (described.executionCounts.running === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(described.status, "RUNNING");
  assert.equal(described.executionCounts.running, 2);
  assert.equal(described.maxConcurrency, 2);
  assert.equal(described.toleratedFailurePercentage, 10);
  assert.equal(described.itemCounts.total, 2);
  const children = await sfn.send(new ListExecutionsCommand({ mapRunArn }));
  assert.deepEqual(children.executions.map((e) => [e.mapRunArn, e.itemCount]),
                   [[mapRunArn, 1], [mapRunArn, 1]]);

  await sfn.send(new StopExecutionCommand({ executionArn }));
  assert.equal((await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).status, "ABORTED");
  await assert.rejects(sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 1 })), (e) => {
    assert.ok(e instanceof ValidationException, `${e.name}: ${e.message}`);
    assert.equal(e.reason, "CANNOT_UPDATE_COMPLETED_MAP_RUN");
    return true;
  });
  await rejects(sfn.send(new DescribeMapRunCommand({ mapRunArn: `${mapRunArn}x` })),
                ResourceNotFound, `Resource not found: '${mapRunArn}x'`);
}

async function callerIdentity() {
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(identity.Account, "123456789012");
  assert.match(identity.Arn, /^arn:aws:iam::123456789012:/);
}

for (const check of [versionsAndAliases, executions, activities, testState, metricsAndAlarms,
                     mapRuns, callerIdentity]) {
  await check();
  console.log(`ok ${check.name}`);
}
