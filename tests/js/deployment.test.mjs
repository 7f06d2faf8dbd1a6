// The deployment part of the JS surface: bodies, schedules and the state machine, as JS calls them.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  allowedActions,
  canPerform,
  deploymentStandardSchema,
  describeSchedule,
  isActive,
  isTerminal,
  nextScheduleTimes,
  nextStatus,
  transitionTable,
  updateEffect,
  validateDeployment,
  validateDeploymentUpdate,
  validateSchedule,
} from "nosana-deployments";

const JOB = { version: "0.1", type: "container", ops: [{ id: "web", type: "container/run", args: { image: "nginx", expose: 80 } }] };
const BODY = {
  name: "web",
  market: "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr",
  replicas: 1,
  timeout: 60,
  strategy: "SIMPLE",
  confidential: false,
  job_definition: JOB,
};

test("a valid create body passes, as object and as text", () => {
  assert.deepEqual(validateDeployment(BODY), { success: true, issues: [] });
  assert.deepEqual(validateDeployment(JSON.stringify(BODY, null, 2)), { success: true, issues: [] });
});

test("every problem of a body is reported at once, with codes and pointers", () => {
  const result = validateDeployment({ ...BODY, market: "not-a-key", replicas: 1.5, strategy: "SCHEDULED" });
  assert.equal(result.success, false);
  const found = result.issues.map((i) => `${i.code} ${i.pointer}`).sort();
  assert.deepEqual(found, ["invalidMarket /market", "replicasNotInteger /replicas", "scheduleRequired /schedule"].sort());
});

test("issues in text input carry ranges pointing into the text", () => {
  const text = JSON.stringify({ ...BODY, replicas: 0 }, null, 2);
  const issue = validateDeployment(text).issues.find((i) => i.code === "replicasOutOfRange");
  assert.ok(issue, "replicasOutOfRange reported");
  assert.ok(issue.range, "text input gives a range");
  assert.equal(text.slice(issue.range.start.offset, issue.range.end.offset), "0");
});

test("absurd numbers are issues, never exceptions", () => {
  for (const replicas of [NaN, Infinity, -1, 1e300, 2.5]) {
    const result = validateDeployment({ ...BODY, replicas });
    assert.equal(result.success, false, `replicas ${replicas}`);
    assert.ok(result.issues.some((i) => i.pointer === "/replicas"), `replicas ${replicas}: ${JSON.stringify(result.issues)}`);
  }
});

test("update bodies follow each route's own rules", () => {
  assert.equal(validateDeploymentUpdate("updateReplicaCount", { replicas: 0 }).success, true);
  assert.equal(validateDeploymentUpdate("updateTimeout", { timeout: 30 }).issues[0].code, "timeoutTooShort");
  assert.equal(validateDeploymentUpdate("start").success, true);
  assert.throws(() => validateDeploymentUpdate("explode", {}), { name: "TypeError", code: "UNKNOWN_ACTION" });
});

test("schedules: validation, next fire times in UTC, descriptions", () => {
  assert.equal(validateSchedule("30 2 * * *").success, true);
  for (const bad of ["61 * * * *", "0 24 * * *", "0 0 31 2 *", "@daily", "* * * *"]) {
    assert.equal(validateSchedule(bad).success, false, bad);
  }
  assert.deepEqual(nextScheduleTimes("30 2 * * *", { from: "2024-02-28T12:00:00Z", count: 3 }), [
    "2024-02-29T02:30:00.000Z",
    "2024-03-01T02:30:00.000Z",
    "2024-03-02T02:30:00.000Z",
  ]);
  assert.deepEqual(nextScheduleTimes("0 0 * * *", { from: new Date("2024-12-31T23:59:00Z"), count: 1 }), ["2025-01-01T00:00:00.000Z"]);
  assert.match(describeSchedule("30 2 * * *"), /02:30 UTC/);
  assert.throws(() => describeSchedule("61 * * * *"), (err) => err instanceof Error && err.name === "ScheduleError" && err.code === "invalidCron" && err.field === "minute");
  assert.throws(() => nextScheduleTimes("* * * * *", { from: "not a date" }), { name: "TypeError", code: "INVALID_ARGUMENT" });
  assert.throws(() => nextScheduleTimes("* * * * *", { count: 1.5 }), { code: "INVALID_ARGUMENT" });
});

test("the state machine matches the server: STARTING cannot be stopped, INSUFFICIENT_FUNDS can be started", () => {
  assert.equal(canPerform("STARTING", "stop"), false);
  assert.equal(canPerform("INSUFFICIENT_FUNDS", "start"), true);
  assert.equal(nextStatus("RUNNING", "stop"), "STOPPING");
  assert.equal(nextStatus("STOPPED", "delete"), null);
  assert.throws(() => nextStatus("DRAFT", "archive"), (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.name, "InvalidStateError");
    assert.equal(err.code, "INVALID_STATE");
    assert.equal(err.status, "DRAFT");
    assert.equal(err.action, "archive");
    assert.equal(err.serverMessage, "Deployment is in the incorrect state.");
    return true;
  });
  assert.deepEqual(allowedActions("ARCHIVED"), ["rename", "duplicate", "listSshKeys"]);
  assert.equal(isTerminal("ARCHIVED"), true);
  assert.equal(isActive("RUNNING"), true);
  assert.throws(() => isActive("PAUSED"), { name: "TypeError", code: "UNKNOWN_STATUS" });
});

test("the transition table is plain data a UI can draw", () => {
  const table = transitionTable();
  assert.equal(table.statuses.length, 8);
  assert.equal(table.actions.length, 18);
  assert.equal(table.userTransitions.length + table.refusals.length, 144);
  assert.ok(table.automaticTransitions.some((t) => t.from.includes("STARTING") && t.to === "RUNNING"));
  assert.equal(updateEffect("updateReplicaCount", "RUNNING", "SCHEDULED").kind, "nextFire");
});

test("the deployment Standard Schema accepts a good body and lists errors for a bad one", async () => {
  const std = deploymentStandardSchema()["~standard"];
  assert.deepEqual(await std.validate(BODY), { value: BODY });
  const bad = await std.validate({ ...BODY, name: "" });
  assert.deepEqual(bad.issues.map((i) => i.path), [["name"]]);
});

test("hostile option objects become a TypeError, and the module keeps working", () => {
  const hostile = new Proxy({}, { ownKeys() { throw new Error("trap"); } });
  for (let i = 0; i < 10_000; i++) {
    assert.throws(() => nextScheduleTimes("* * * * *", hostile), { name: "TypeError", code: "INVALID_ARGUMENT" });
  }
  const getter = { get from() { throw new Error("getter"); } };
  assert.throws(() => nextScheduleTimes("* * * * *", getter), /cannot be read: getter/);
  assert.equal(validateSchedule("0 0 * * *").success, true);
});

test("an object holding a lone surrogate validates like its JSON.parse round trip", () => {
  const body = { ...BODY, name: "web \ud800" };
  assert.equal(validateDeployment(body).success, true);
  assert.equal(validateDeployment({ ...BODY, name: "emoji 😀" }).success, true);
});
