// The AWS SDK for JavaScript v3 against `stepshift serve`'s Lambda (restJson1) and Route 53
// (restXml): usage: node lambda_route53_check.mjs ENDPOINT HANDLER_ZIP. Each check asserts AWS's
// behaviour; the first failure exits non-zero with its message.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  LambdaClient, CreateFunctionCommand, GetFunctionCommand, InvokeCommand,
  UpdateFunctionConfigurationCommand, PublishVersionCommand, CreateAliasCommand, GetAliasCommand,
  UpdateAliasCommand, TagResourceCommand, UntagResourceCommand, ListTagsCommand,
  ResourceNotFoundException, PreconditionFailedException, InvalidParameterValueException,
} from "@aws-sdk/client-lambda";
import {
  Route53Client, CreateHostedZoneCommand, ChangeResourceRecordSetsCommand, GetChangeCommand,
  ListResourceRecordSetsCommand, InvalidChangeBatch,
} from "@aws-sdk/client-route-53";

const config = {
  region: "us-east-1",
  endpoint: process.argv[2],
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
  maxAttempts: 1,
};
const lambda = new LambdaClient(config);
const route53 = new Route53Client(config);
const role = "arn:aws:iam::123456789012:role/js";
const encode = (value) => new TextEncoder().encode(JSON.stringify(value));
const decode = (bytes) => JSON.parse(new TextDecoder().decode(bytes));

async function rejects(promise, check) {
  await assert.rejects(promise, (e) => {
    check(e);
    return true;
  });
}

async function lambdaAliases() {
  const name = "js-double";
  const arn = `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
  const created = await lambda.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: "python3.12", Role: role, Handler: "app.handler",
    Code: { ZipFile: readFileSync(process.argv[3]) }, Publish: true }));
  assert.equal(created.FunctionArn, `${arn}:1`);
  assert.equal(created.Version, "1");
  const got = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
  assert.equal(got.Configuration.FunctionArn, arn);

  const doubled = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({ n: 21 }) }));
  assert.equal(doubled.StatusCode, 200);
  assert.equal(doubled.FunctionError, undefined);
  assert.equal(doubled.ExecutedVersion, "$LATEST");
  assert.deepEqual(decode(doubled.Payload), { doubled: 42, version: "$LATEST", mode: null });
  const failed = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({ n: null }) }));
  assert.equal(failed.FunctionError, "Unhandled");
  assert.equal(decode(failed.Payload).errorType, "TypeError");

  // A configuration-only change is a new version, as PublishVersion does on AWS.
  await lambda.send(new UpdateFunctionConfigurationCommand({
    FunctionName: name, Environment: { Variables: { MODE: "fast" } } }));
  const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: name }));
  assert.equal(v2.Version, "2");
  const again = await lambda.send(new PublishVersionCommand({ FunctionName: name }));
  assert.equal(again.Version, "2", "nothing changed: the newest version back");

  const alias = await lambda.send(new CreateAliasCommand({
    FunctionName: name, Name: "live", FunctionVersion: "1",
    RoutingConfig: { AdditionalVersionWeights: { 2: 0.25 } } }));
  assert.equal(alias.AliasArn, `${arn}:live`);
  const described = await lambda.send(new GetAliasCommand({ FunctionName: name, Name: "live" }));
  assert.deepEqual(described.RoutingConfig.AdditionalVersionWeights, { 2: 0.25 });
  assert.equal(described.RevisionId, alias.RevisionId);
  const seen = new Set();
  for (let i = 0; i < 40; i++) {
    const out = await lambda.send(new InvokeCommand({ FunctionName: `${name}:live`, Payload: encode({ n: i }) }));
    assert.equal(decode(out.Payload).version, out.ExecutedVersion);
    seen.add(out.ExecutedVersion);
  }
  assert.deepEqual([...seen].sort(), ["1", "2"]);
  await rejects(lambda.send(new UpdateAliasCommand({
    FunctionName: name, Name: "live", FunctionVersion: "2", RevisionId: "stale" })),
  (e) => assert.ok(e instanceof PreconditionFailedException, e.name));
  const updated = await lambda.send(new UpdateAliasCommand({
    FunctionName: name, Name: "live", FunctionVersion: "2", RoutingConfig: {},
    RevisionId: described.RevisionId }));
  assert.equal(updated.FunctionVersion, "2");
  assert.notEqual(updated.RevisionId, described.RevisionId);

  await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { team: "js", tier: "1" } }));
  await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ["tier"] }));
  assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags, { team: "js" });
  await rejects(lambda.send(new TagResourceCommand({ Resource: `${arn}:live`, Tags: { a: "b" } })),
    (e) => assert.ok(e instanceof InvalidParameterValueException, e.name));
  await rejects(lambda.send(new GetFunctionCommand({ FunctionName: "nope" })), (e) => {
    assert.ok(e instanceof ResourceNotFoundException, e.name);
    assert.equal(e.message, "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope");
    assert.equal(e.$metadata.httpStatusCode, 404);
  });
}

const weighted = (action, id, weight, ip) => ({
  Action: action,
  ResourceRecordSet: { Name: "app.js.example.com.", Type: "A", SetIdentifier: id, Weight: weight,
    TTL: 60, ResourceRecords: [{ Value: ip }] },
});

async function route53Weighted() {
  const zone = await route53.send(new CreateHostedZoneCommand({
    Name: "js.example.com", CallerReference: "js-check" }));
  const id = zone.HostedZone.Id;
  assert.match(id, /^\/hostedzone\/[A-Z0-9]+$/);
  assert.equal(zone.HostedZone.Name, "js.example.com.");
  assert.ok(zone.Location.endsWith(id), zone.Location);
  const change = await route53.send(new ChangeResourceRecordSetsCommand({
    HostedZoneId: id, ChangeBatch: { Changes: [
      weighted("CREATE", "blue", 90, "10.0.0.1"), weighted("CREATE", "green", 10, "10.0.0.2")] } }));
  assert.match(change.ChangeInfo.Id, /^\/change\/[A-Z0-9]+$/);
  const deadline = Date.now() + 10000;
  let status = change.ChangeInfo.Status;
  while (status !== "INSYNC" && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 100));
    status = (await route53.send(new GetChangeCommand({ Id: change.ChangeInfo.Id }))).ChangeInfo.Status;
  }
  assert.equal(status, "INSYNC");
  // The controller's shift: DELETE the current values and CREATE the new ones in one batch.
  await route53.send(new ChangeResourceRecordSetsCommand({
    HostedZoneId: id, ChangeBatch: { Changes: [
      weighted("DELETE", "blue", 90, "10.0.0.1"), weighted("CREATE", "blue", 50, "10.0.0.1"),
      weighted("DELETE", "green", 10, "10.0.0.2"), weighted("CREATE", "green", 50, "10.0.0.2")] } }));
  const listed = await route53.send(new ListResourceRecordSetsCommand({
    HostedZoneId: id, StartRecordName: "app.js.example.com", StartRecordType: "A" }));
  assert.deepEqual(listed.ResourceRecordSets.filter((r) => r.Type === "A")
    .map((r) => [r.SetIdentifier, r.Weight]), [["blue", 50], ["green", 50]]);
  await rejects(route53.send(new ChangeResourceRecordSetsCommand({
    HostedZoneId: id, ChangeBatch: { Changes: [weighted("DELETE", "blue", 90, "10.0.0.1")] } })),
  (e) => {
    assert.ok(e instanceof InvalidChangeBatch, e.name);
    // AWS answers a standard ErrorResponse whose Message lists the problems in brackets.
    assert.equal(e.message, "[Tried to delete resource record set [name='app.js.example.com.', " +
      "type='A', set-identifier='blue'] but the values provided do not match the current values]");
    assert.equal(e.$metadata.httpStatusCode, 400);
  });
}

for (const check of [lambdaAliases, route53Weighted]) {
  await check();
  console.log("ok", check.name);
}
