// Hostile input through the JS API (issue #9). Every call must return a result (issues) or throw a
// real `Error` with a string `name` and `code`, within a time budget, and leave the module working:
// after each call a worker checks that a normal validation still gives the right answer (a panic or
// a trap in wasm would leave the instance unusable). Each case runs in its own worker thread so a
// hang can be cut off (a synchronous wasm call cannot be interrupted from its own thread).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { Worker } from "node:worker_threads";

const require = createRequire(import.meta.url);
const CASES = require.resolve("./hostile-cases.cjs");
const { GROUPS, names } = require(CASES);

// One call may take this long (the slowest legitimate one, a 10 MB document, takes ~1 s).
const CALL_BUDGET_MS = Number(process.env.HOSTILE_CALL_BUDGET_MS ?? 10_000);

// Known bugs, reported in docs/robustness.md: these checks run but are marked TODO until fixed.
// Open bugs, as `todo` (none today: R1, R2 and R3 are fixed).
const KNOWN = {};

/** Runs one case in workers; a call that overruns its budget is cut off and the rest resumed. */
async function run(group, name) {
  const results = {};
  for (;;) {
    const skip = Object.keys(results);
    const finished = await new Promise((resolve, _reject) => {
      const worker = new Worker(CASES, { workerData: { group, name, skip } });
      let current = null;
      let timer = null;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          results[current] = { timedOut: true };
          worker.terminate().then(() => resolve(false));
        }, CALL_BUDGET_MS * 1.5);
      };
      worker.on("message", (msg) => {
        if (msg.done) {
          clearTimeout(timer);
          worker.terminate().then(() => resolve(true));
        } else if (msg.started) {
          current = msg.fn;
          arm();
        } else {
          results[msg.fn] = msg;
        }
      });
      worker.on("error", (err) => {
        clearTimeout(timer);
        if (current && !results[current]) results[current] = { workerError: String(err?.stack ?? err) };
        resolve(false);
      });
      worker.on("exit", () => clearTimeout(timer));
    });
    if (finished) return results;
    if (Object.keys(results).length === skip.length) throw new Error(`worker for ${group}/${name} made no progress`);
  }
}

function checkCall(r) {
  assert.ok(!r.timedOut, `did not return within ${CALL_BUDGET_MS * 1.5} ms`);
  assert.ok(!r.workerError, `the worker died: ${r.workerError}`);
  assert.ok(r.sane, `the module no longer validates correctly after this call (outcome ${JSON.stringify(r.outcome)})`);
  assert.ok(r.ms < CALL_BUDGET_MS, `took ${r.ms.toFixed(0)} ms (budget ${CALL_BUDGET_MS} ms)`);
  const o = r.outcome;
  if (o.kind === "error") {
    assert.ok(o.isError, `threw a non-Error: ${JSON.stringify(o)}`);
    assert.notEqual(o.ctor, "RuntimeError", `a wasm trap: ${o.message}`);
    assert.equal(typeof o.name, "string");
    assert.equal(typeof o.code, "string", `error without a code: ${JSON.stringify(o)}`);
  } else if (o.kind === "result") {
    assert.ok(o.shapeOk, `malformed issues: ${JSON.stringify(o)}`);
    if (o.success !== undefined) assert.equal(o.success, o.errors === 0, "success disagrees with the issues");
  }
}

// Specific answers for some cases (beyond "an answer in time, module intact").
const EXPECT = {
  "values/deep array text 127/validateDeployment": (o) => assert.deepEqual(o.codes, ["bodyNotObject"]),
  "values/deep array text 128/validateDeployment": (o) => assert.deepEqual(o.codes, ["nestingTooDeep"]),
  "values/deep array text 100000/validateDeployment": (o) => assert.deepEqual(o.codes, ["nestingTooDeep"]),
  "values/deep object text 128/validateJobDefinition": (o) => assert.deepEqual(o.codes, ["nestingTooDeep"]),
  // 127 levels of objects or arrays are accepted, 128 refused, for objects as for text (the same
  // parser reads JSON.stringify's output); 100,000 levels, which overflow JSON.stringify itself, are
  // written down to the limit and get the same nestingTooDeep as their text (issue 19).
  "values/deep object 127/validateJobDefinition": (o) => assert.equal(o.kind, "result"),
  "values/deep object 128/validateJobDefinition": (o) => assert.deepEqual(o.codes, ["nestingTooDeep"]),
  "values/deep object 100000/validateJobDefinition": (o) => assert.deepEqual(o.codes, ["nestingTooDeep"]),
  "values/10 MB job definition text/validateJobDefinition": (o) => assert.equal(o.success, true),
  "values/10 MB job definition object/validateJobDefinition": (o) => assert.equal(o.success, true),
  "values/11 MB job definition text/validateJobDefinition": (o) => assert.deepEqual(o.codes, ["documentTooLarge"]),
  "values/cyclic object/validateJobDefinition": (o) => assert.equal(o.code, "INVALID_ARGUMENT"),
  "values/BigInt/validateDeployment": (o) => assert.equal(o.code, "INVALID_ARGUMENT"),
  "values/NaN and Infinity/validateDeployment": (o) => assert.ok(o.codes.includes("invalidType"), JSON.stringify(o)),
  "values/huge numbers in text/validateDeployment": (o) => assert.deepEqual(o.codes, ["invalidJson"]),
  "values/__proto__ own property/validateDeployment": (o) => assert.equal(o.kind, "result"),
  // R2: JSON.parse accepts what JSON.stringify writes for a lone surrogate; the object should validate.
  ...Object.fromEntries(
    [
      "validateJobDefinition",
      "validateDeployment",
      "validateDeploymentUpdate(rename)",
      "validateDeploymentUpdate(createRevision)",
    ].map((fn) => [
      `values/lone surrogates in object/${fn}`,
      (o) => assert.equal(o.kind, "result", `refused: ${o.message}`),
    ]),
  ),
  "values/lone surrogates in object/jobDefinitionStandardSchema.validate": (o) =>
    assert.ok(!o.firstMessage?.includes("not a JSON value"), o.firstMessage),
  "scheduleOptions/count 1001/nextScheduleTimes": (o) => assert.equal(o.code, "INVALID_ARGUMENT"),
  "scheduleOptions/count 1000 rare/nextScheduleTimes": (o) => assert.equal(o.preview, "array(1000)"),
  "schedules/never fires/nextScheduleTimes": (o) => assert.equal(o.name, "ScheduleError"),
};

test("every specific expectation names a case that runs (a misspelt key would check nothing)", () => {
  const cases = new Set(
    Object.keys(GROUPS).flatMap((group) =>
      names(group).flatMap((name) => Object.keys(GROUPS[group][1]).map((fn) => `${group}/${name}/${fn}`)),
    ),
  );
  assert.deepEqual(
    Object.keys(EXPECT).filter((key) => !cases.has(key)),
    [],
  );
  assert.deepEqual(
    Object.keys(KNOWN).filter((key) => !cases.has(key)),
    [],
  );
});

for (const group of Object.keys(GROUPS)) {
  for (const name of names(group)) {
    test(`${group}: ${name}`, async (t) => {
      const results = await run(group, name);
      for (const fn of Object.keys(GROUPS[group][1])) {
        const key = `${group}/${name}/${fn}`;
        await t.test(fn, { todo: KNOWN[key] }, () => {
          const r = results[fn];
          assert.ok(r, "no result");
          checkCall(r);
          EXPECT[key]?.(r.outcome);
        });
      }
    });
  }
}
