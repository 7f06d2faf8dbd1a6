// Size limits through the wasm build (issue #9): time and wasm linear memory for big inputs.
// Linear memory never shrinks, so the peak an input causes stays with the instance for good:
// these figures are in docs/robustness.md.
import assert from "node:assert/strict";
import { loadWithInstance } from "./wasm-instance.mjs";
import { test } from "node:test";

const MB = 1024 * 1024;

const { api: m, memory } = loadWithInstance();
const MARKET = "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr";
const JOB = { version: "0.1", type: "container", ops: [{ id: "web", type: "container/run", args: { image: "nginx", expose: 80 } }] };
const BODY = { name: "web", market: MARKET, replicas: 1, timeout: 60, strategy: "SIMPLE", confidential: false, job_definition: JOB };

/** Runs f; returns its result, the time and how far wasm memory grew beyond its previous peak. */
function measure(label, inputBytes, f) {
  const before = memory.buffer.byteLength;
  const start = performance.now();
  const result = f();
  const ms = performance.now() - start;
  const grew = memory.buffer.byteLength - before;
  console.log(`limits: ${label}: input ${(inputBytes / MB).toFixed(1)} MiB, ${ms.toFixed(0)} ms, wasm memory +${(grew / MB).toFixed(1)} MiB (now ${(memory.buffer.byteLength / MB).toFixed(1)} MiB)`);
  return { result, ms, grew };
}

function bigJobText(bytes) {
  const ops = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const op = { type: "container/run", id: "op" + i, args: { image: "ubuntu", cmd: ["echo", "x".repeat(200)] } };
    size += JSON.stringify(op).length + 1;
    ops.push(op);
  }
  return JSON.stringify({ version: "0.1", type: "container", ops });
}

// Runs first: memory only shows growth beyond the instance's previous peak.
// Bug R5: list items expand to every value they select with no dedup and no length cap.
test("a schedule of 100,000 repeated ranges stays small", () => {
  const expr = "0-59,".repeat(100_000) + "1 * * * *";
  const r = measure("0.5 MB schedule of 0-59,0-59,…", expr.length, () => m.validateSchedule(expr));
  assert.ok(r.grew <= 16 * MB, `wasm memory grew by ${(r.grew / MB).toFixed(0)} MiB for a ${(expr.length / MB).toFixed(1)} MiB expression`);
  assert.ok(r.ms < 1000, `${r.ms} ms`);
});

test("a 10 MB job definition: text and object, linear time, bounded memory", () => {
  const text = bigJobText(10 * MB);
  const asText = measure("10 MB job definition text", text.length, () => m.validateJobDefinition(text));
  assert.equal(asText.result.success, true);
  const asObject = measure("10 MB job definition object", text.length, () => m.validateJobDefinition(JSON.parse(text)));
  assert.equal(asObject.result.success, true);
  const body = measure("10 MB deployment body object", text.length, () => m.validateDeployment({ ...BODY, job_definition: JSON.parse(text) }));
  assert.equal(typeof body.result.success, "boolean");
  // serde_json's Value costs several times the text; a 10 MB document must stay well under 256 MiB.
  assert.ok(memory.buffer.byteLength < 256 * MB, `wasm memory ${memory.buffer.byteLength}`);
});

test("schedules of single values: 10 MB in bounded time", () => {
  const expr = "1,".repeat(5 * MB) + "1 * * * *";
  const r = measure("10 MB schedule of 1,1,1,…", expr.length, () => m.validateSchedule(expr));
  assert.equal(typeof r.result.success, "boolean");
  assert.ok(r.ms < 20_000, `${r.ms} ms`);
});

test("schedule nextScheduleTimes count: at most 1000", () => {
  assert.equal(m.nextScheduleTimes("0 0 29 2 1", { from: 0, count: 1000 }).length, 1000);
  assert.throws(() => m.nextScheduleTimes("* * * * *", { count: 1001 }), { code: "INVALID_ARGUMENT" });
});
