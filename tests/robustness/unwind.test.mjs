// Bug R6 (docs/robustness.md): a JS exception thrown *through* wasm frames — from a JS import that
// wasm-bindgen does not wrap in `catch` — skips Rust's cleanup: the heap allocations of the frames
// it unwinds leak and the shadow stack pointer is never restored. `nextScheduleTimes` reads its
// options with `Object.keys` (not `catch`), so a Proxy whose `ownKeys` trap throws does exactly that:
// ~6,000 such calls exhaust the 1 MiB shadow stack and every later call of any function traps
// (`RuntimeError: unreachable` / `memory access out of bounds`): the module is dead.
// Runs in a worker so the dead instance does not take the other tests with it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Worker } from "node:worker_threads";

function runWorker(source, timeoutMs = 120_000) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true });
    const timer = setTimeout(() => worker.terminate().then(() => reject(new Error("timed out"))), timeoutMs);
    worker.once("message", (msg) => {
      clearTimeout(timer);
      worker.terminate().then(() => resolve(msg));
    });
    worker.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

const PRELUDE = `
  const { parentPort } = require("node:worker_threads");
  const m = require("nosana-deployments");
  const BODY = { name: "web", market: "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr", replicas: 1, timeout: 60,
    strategy: "SIMPLE", confidential: false, job_definition: { version: "0.1", type: "container", ops: [] } };
  const sane = () => { try { return m.validateDeployment(BODY).success === true; } catch { return false; } };
  function hammer(call, n) {
    const errors = {};
    for (let i = 1; i <= n; i++) {
      try { call(); } catch (e) { const k = (e && e.constructor && e.constructor.name) + ": " + String(e && e.message).slice(0, 60); errors[k] = (errors[k] || 0) + 1; }
      if (!sane()) return { deadAfter: i, errors };
    }
    return { deadAfter: null, errors };
  }
`;

const N = 20_000;

/** Every call threw a TypeError: the hostile input reached the code that reads it, each time. */
function assertAllRefused(r) {
  const thrown = Object.entries(r.errors);
  assert.equal(
    thrown.reduce((n, [, count]) => n + count, 0),
    N,
    `only some calls threw: ${JSON.stringify(r.errors)}`,
  );
  assert.ok(
    thrown.every(([kind]) => kind.startsWith("TypeError: ")),
    JSON.stringify(r.errors),
  );
}

test(`nextScheduleTimes with a Proxy whose ownKeys throws, ${N} times, leaves the module working`, async () => {
  const r = await runWorker(`${PRELUDE}
    const P = new Proxy({}, { ownKeys() { throw new Error("ownKeys trap"); } });
    parentPort.postMessage(hammer(() => m.nextScheduleTimes("* * * * *", P), ${N}));`);
  assert.equal(r.deadAfter, null, `module dead after ${r.deadAfter} calls: ${JSON.stringify(r.errors)}`);
  assertAllRefused(r);
});

// The same pressure through the paths that do catch JS exceptions must leave the module working.
for (const [label, call] of [
  [
    "validateDeployment with a Proxy whose ownKeys throws",
    `() => m.validateDeployment(new Proxy({}, { ownKeys() { throw new Error("t"); } }))`,
  ],
  [
    "validateJobDefinition with a throwing getter",
    `() => m.validateJobDefinition({ get a() { throw new Error("t"); } })`,
  ],
  ["options with a throwing toJSON", `() => m.validateJobDefinition({}, { toJSON() { throw new Error("t"); } })`],
  [
    "nextScheduleTimes with a throwing getter",
    `() => m.nextScheduleTimes("* * * * *", { get from() { throw new Error("t"); } })`,
  ],
  [
    "nextScheduleTimes with a Proxy as from",
    `() => m.nextScheduleTimes("* * * * *", { from: new Proxy({}, { getPrototypeOf() { throw new Error("t"); } }) })`,
  ],
  ["nextStatus with a throwing toString", `() => m.nextStatus({ toString() { throw new Error("t"); } }, "start")`],
]) {
  test(`${label}, ${N} times, leaves the module working`, async () => {
    const r = await runWorker(`${PRELUDE}
      parentPort.postMessage(hammer(${call}, ${N}));`);
    assert.equal(r.deadAfter, null, `module dead after ${r.deadAfter} calls: ${JSON.stringify(r.errors)}`);
    assertAllRefused(r);
  });
}
