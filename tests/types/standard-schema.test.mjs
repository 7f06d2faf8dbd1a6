// The Standard Schema objects at run time: issues as the spec defines them (`message`, `path` of
// keys and indexes), plus the rule's `code` — in every entry.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";

const require = createRequire(import.meta.url);
const whole = require("../../pkg/node/nosana_deployments.js");
const job = require("../../pkg/job-node/nosana_deployments.js");
const editor = require("../../pkg/editor-node/nosana_deployments.js");
const codes = new Set(whole.listRules().map((rule) => rule.code));

const BAD_JOB = {
  version: "0.1",
  type: "container",
  ops: [{ id: "app", type: "container/run", args: { image: "ubuntu", expose: "8080", imgae: "x" } }],
};

function assertSpecIssues(result) {
  assert.ok(Array.isArray(result.issues) && result.issues.length > 0, "a failure lists issues");
  for (const issue of result.issues) {
    assert.equal(typeof issue.message, "string");
    assert.ok(codes.has(issue.code), `a rule code: ${issue.code}`);
    assert.ok(Array.isArray(issue.path), "path is an array");
    for (const key of issue.path) assert.ok(typeof key === "string" || Number.isInteger(key), `a key: ${key}`);
  }
}

for (const [entry, lib] of [
  ["whole", whole],
  ["job", job],
  ["editor", editor],
]) {
  test(`jobDefinitionStandardSchema issues carry code and path (${entry} entry)`, async () => {
    const standard = lib.jobDefinitionStandardSchema()["~standard"];
    const result = await standard.validate(BAD_JOB);
    assertSpecIssues(result);
    const byCode = Object.fromEntries(result.issues.map((issue) => [issue.code, issue.path]));
    assert.deepEqual(byCode.unknownKey, ["ops", 0, "args", "imgae"]);
    assert.deepEqual(result.issues.find((i) => i.path.at(-1) === "expose")?.path, ["ops", 0, "args", "expose"]);
    // Text is parsed: the same issues.
    assert.deepEqual(await standard.validate(JSON.stringify(BAD_JOB)), result);
    assert.deepEqual(await standard.validate(JSON.stringify({ ...BAD_JOB, ops: [] })), {
      value: { ...BAD_JOB, ops: [] },
    });
  });
}

test("deploymentStandardSchema issues carry code and path", async () => {
  const standard = whole.deploymentStandardSchema()["~standard"];
  const body = { name: "", market: "m", replicas: 0, timeout: 60, strategy: "SIMPLE", job_definition: BAD_JOB };
  const result = await standard.validate(body);
  assertSpecIssues(result);
  const paths = result.issues.map((issue) => `${issue.code} ${JSON.stringify(issue.path)}`);
  assert.ok(paths.includes('nameEmpty ["name"]'), paths.join("\n"));
  assert.ok(paths.includes('unknownKey ["job_definition","ops",0,"args","imgae"]'), paths.join("\n"));
});

test("a value with no JSON form (a BigInt) is an invalidType issue at the root", async () => {
  const standard = whole.jobDefinitionStandardSchema()["~standard"];
  const result = await standard.validate({ version: "0.1", type: "container", ops: [], meta: { n: 1n } });
  assertSpecIssues(result);
  assert.deepEqual(
    result.issues.map(({ code, path }) => ({ code, path })),
    [{ code: "invalidType", path: [] }],
  );
});
