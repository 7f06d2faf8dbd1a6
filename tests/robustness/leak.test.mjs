// No leaks across the wasm boundary (issue #9): 1,000,000 mixed calls (valid, invalid, throwing)
// through the Node build. The wasm linear memory must not grow between 100k calls and 1M calls
// (at most one 64 KiB page), nor the externref table, and the process RSS must stay bounded.
//   LEAK_CALLS=1000000 node --test tests/robustness/leak.test.mjs
import assert from "node:assert/strict";
import { loadWithInstance } from "./wasm-instance.mjs";
import { test } from "node:test";
import v8 from "node:v8";
import vm from "node:vm";

const TOTAL = Number(process.env.LEAK_CALLS ?? 1_000_000);
const CHECKPOINT = Math.min(100_000, Math.floor(TOTAL / 10));
const PAGE = 64 * 1024;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc");

const MARKET = "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr";
const JOB = {
  version: "0.1",
  type: "container",
  ops: [{ id: "web", type: "container/run", args: { image: "nginx", expose: 80 } }],
};
const BODY = {
  name: "web",
  market: MARKET,
  replicas: 1,
  timeout: 60,
  strategy: "SIMPLE",
  confidential: false,
  job_definition: JOB,
};
const BODY_TEXT = JSON.stringify(BODY);
const BAD_TEXT = JSON.stringify({ ...BODY, replicas: 0, timeout: 1, strategy: "SCHEDULED", extra: 1 });
const CYCLIC = { ...BODY };
CYCLIC.self = CYCLIC;

const mib = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const sample = (memory, tables) => {
  gc();
  return {
    memory: memory.buffer.byteLength,
    tables: Object.fromEntries(tables.map(([k, t]) => [k, t.length])),
    rss: process.memoryUsage().rss,
  };
};
const expectThrow = (f, code) => {
  try {
    f();
  } catch (e) {
    if (!(e instanceof Error) || (code && e.code !== code)) throw e;
    return;
  }
  throw new Error("expected a throw");
};

/** Runs `total` calls cycling through `calls`; samples after `checkpoint` calls and at the end. */
function measure(label, { memory, tables }, calls, total, checkpoint) {
  const started = performance.now();
  let mid = null;
  for (let i = 1; i <= total; i++) {
    calls[i % calls.length]();
    if (i === checkpoint) mid = { ...sample(memory, tables), ms: performance.now() - started };
  }
  const end = { ...sample(memory, tables), ms: performance.now() - started };
  console.log(
    `leak[${label}]: ${total} calls in ${(end.ms / 1000).toFixed(1)} s (${((end.ms * 1000) / total).toFixed(1)} µs/call); ` +
      `wasm memory ${mib(mid.memory)} after ${checkpoint} → ${mib(end.memory)} after ${total}; ` +
      `tables ${JSON.stringify(mid.tables)} → ${JSON.stringify(end.tables)}; RSS ${mib(mid.rss)} → ${mib(end.rss)}`,
  );
  assert.ok(end.memory - mid.memory <= PAGE, `wasm memory grew from ${mid.memory} to ${end.memory} bytes`);
  for (const [k, n] of Object.entries(end.tables)) {
    assert.ok(n <= mid.tables[k] + 128, `table ${k} grew from ${mid.tables[k]} to ${n} entries`);
  }
  // RSS includes V8's heap, which breathes; a per-call leak of even 64 bytes would add 55 MiB here.
  assert.ok(end.rss - mid.rss < 48 * 1024 * 1024, `RSS grew from ${mib(mid.rss)} to ${mib(end.rss)}`);
}

const wasm = loadWithInstance();
const m = wasm.api;
const schema = m.deploymentStandardSchema()["~standard"];

test(`no growth of wasm memory, externref table or RSS over ${TOTAL} mixed calls`, { timeout: 30 * 60_000 }, () => {
  // Valid, invalid, text, and errors thrown from Rust (unknown option, refused action, bad names).
  const calls = [
    () => assert.equal(m.validateDeployment(BODY).success, true),
    () => assert.equal(m.validateDeployment(BAD_TEXT).success, false),
    () => m.validateJobDefinition(JOB),
    () => m.validateJobDefinition('{"version": "0.1", "ops": [}'),
    () => expectThrow(() => m.validateDeployment(BODY, { bogus: true }), "INVALID_ARGUMENT"),
    () => m.validateDeploymentUpdate("updateReplicaCount", { replicas: -1 }),
    () => expectThrow(() => m.nextStatus("ARCHIVED", "start"), "INVALID_STATE"),
    () => m.nextScheduleTimes("*/5 * * * *", { from: 0, count: 3 }),
    () => expectThrow(() => m.describeSchedule("61 * * * *"), "invalidCron"),
    () => schema.validate(BODY_TEXT),
    () => m.validateSchedule("0 0 29 2 1"),
    () => expectThrow(() => m.allowedActions("NOPE"), "UNKNOWN_STATUS"),
  ];
  measure("mixed", wasm, calls, TOTAL, CHECKPOINT);
  assert.equal(m.validateDeployment(BODY).success, true);
});

// Bug R4 (docs/robustness.md): when a `catch` import throws (JSON.stringify of a cyclic object or a
// BigInt, a throwing getter or toJSON, a Proxy trap), wasm-bindgen's glue stores the import's
// `undefined` result in an externref table slot that is never freed: one slot per call, so the
// table (and the slab's free list in linear memory) grows without bound.
const JS_THROWN_CALLS = Math.min(TOTAL, 100_000);
test(`no growth over ${JS_THROWN_CALLS} calls whose input makes JavaScript throw`, { timeout: 10 * 60_000 }, () => {
  const calls = [
    () => assert.equal(m.validateDeployment(BODY).success, true),
    () => expectThrow(() => m.validateDeployment(CYCLIC), "INVALID_ARGUMENT"),
    () => expectThrow(() => m.validateJobDefinition({ a: 1n }), "INVALID_ARGUMENT"),
    () =>
      expectThrow(
        () =>
          m.validateJobDefinition({
            get a() {
              throw new Error("getter");
            },
          }),
        "INVALID_ARGUMENT",
      ),
  ];
  measure("js-thrown", wasm, calls, JS_THROWN_CALLS, Math.floor(JS_THROWN_CALLS / 10));
});

// Issue 19: no externref-table slot leaks on any error path of the boundary room. Every call below
// fails (a throwing getter in options, a revoked Proxy, a fake Date, an out-of-range number, a
// freed client, a thrown value that cannot describe itself…); the table and memory must not grow
// between the first 10% of the calls and the end. Client calls reject before any request; the loop
// awaits them in batches so their promises settle.
const FAILING_CALLS = Math.min(TOTAL, 100_000);
test(`no growth over ${FAILING_CALLS} failing calls through every reader of caller values`, {
  timeout: 10 * 60_000,
}, async () => {
  const throwingGetter = (key) => ({
    get [key]() {
      throw new Error("getter");
    },
  });
  const undescribable = {
    get message() {
      throw new Error("m");
    },
    toString() {
      throw new Error("t");
    },
  };
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const client = new m.DeploymentsClient({ baseUrl: "http://127.0.0.1:9", retry: false });
  const freed = new m.DeploymentsClient({ baseUrl: "http://127.0.0.1:9" });
  freed.free();
  const id = "7PMvVJ6kyCYv3fZySTgHUCv5RGNp6AqPNXAHU8YjzvfJ";
  const standard = m.jobDefinitionStandardSchema()["~standard"];
  const rejects = (promise) =>
    promise.then(
      () => assert.fail("expected a rejection"),
      (e) => assert.ok(e instanceof Error),
    );
  const calls = [
    () => expectThrow(() => new m.DeploymentsClient(throwingGetter("baseUrl")), "INVALID_ARGUMENT"),
    () => expectThrow(() => new m.DeploymentsClient({ timeoutMs: Number.NaN }), "INVALID_ARGUMENT"),
    () => expectThrow(() => new m.DeploymentsClient({ retry: throwingGetter("retries") }), "INVALID_ARGUMENT"),
    () => expectThrow(() => new m.DeploymentsClient({ wallet: revoked }), "INVALID_ARGUMENT"),
    () => rejects(client.get(id, throwingGetter("timeoutMs"))),
    () => rejects(client.get(id, { timeoutMs: 2 ** 31 })),
    () => rejects(client.waitForStatus(id, "RUNNING", throwingGetter("intervalMs"))),
    () => expectThrow(() => m.nextScheduleTimes("* * * * *", throwingGetter("from")), "INVALID_ARGUMENT"),
    () =>
      expectThrow(() => m.nextScheduleTimes("* * * * *", { from: Object.create(Date.prototype) }), "INVALID_ARGUMENT"),
    () => expectThrow(() => m.nextScheduleTimes("* * * * *", revoked), "INVALID_ARGUMENT"),
    () =>
      expectThrow(
        () =>
          m.validateJobDefinition({
            get a() {
              throw undescribable;
            },
          }),
        "INVALID_ARGUMENT",
      ),
    () => expectThrow(() => m.validateJobDefinition(revoked), "INVALID_ARGUMENT"),
    () => expectThrow(() => m.validateDeployment(BODY, throwingGetter("warnings")), "INVALID_ARGUMENT"),
    () => expectThrow(() => m.applyFixes("{}", [throwingGetter("fixes")]), "INVALID_ARGUMENT"),
    () => expectThrow(() => freed.baseUrl, "FREED"),
    () => assert.equal(standard.validate(throwingGetter("ops")).issues.length, 1),
  ];
  const { memory, tables } = wasm;
  const checkpoint = Math.floor(FAILING_CALLS / 10);
  const started = performance.now();
  let mid = null;
  let pending = [];
  for (let i = 1; i <= FAILING_CALLS; i++) {
    const result = calls[i % calls.length]();
    if (result instanceof Promise) pending.push(result);
    if (pending.length >= 1_000) {
      await Promise.all(pending);
      pending = [];
    }
    if (i === checkpoint) {
      await Promise.all(pending);
      pending = [];
      mid = sample(memory, tables);
    }
  }
  await Promise.all(pending);
  const end = sample(memory, tables);
  console.log(
    `leak[failing]: ${FAILING_CALLS} calls in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `wasm memory ${mib(mid.memory)} → ${mib(end.memory)}; tables ${JSON.stringify(mid.tables)} → ${JSON.stringify(end.tables)}`,
  );
  assert.ok(end.memory - mid.memory <= PAGE, `wasm memory grew from ${mid.memory} to ${end.memory} bytes`);
  for (const [k, n] of Object.entries(end.tables)) {
    assert.ok(n <= mid.tables[k] + 128, `table ${k} grew from ${mid.tables[k]} to ${n} entries`);
  }
  client.free();
  assert.equal(m.validateDeployment(BODY).success, true);
});
