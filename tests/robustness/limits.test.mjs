// Size limits through the wasm build (issue #9): time and wasm linear memory for big inputs.
// Linear memory never shrinks, so the peak an input causes stays with the instance for good:
// these figures are in docs/robustness.md.
import assert from "node:assert/strict";
import { loadWithInstance } from "./wasm-instance.mjs";
import { test } from "node:test";

const MB = 1024 * 1024;

const { api: m, memory } = loadWithInstance();
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

/** Runs f; returns its result, the time and how far wasm memory grew beyond its previous peak. */
function measure(label, inputBytes, f) {
  const before = memory.buffer.byteLength;
  const start = performance.now();
  const result = f();
  const ms = performance.now() - start;
  const grew = memory.buffer.byteLength - before;
  console.log(
    `limits: ${label}: input ${(inputBytes / MB).toFixed(1)} MiB, ${ms.toFixed(0)} ms, wasm memory +${(grew / MB).toFixed(1)} MiB (now ${(memory.buffer.byteLength / MB).toFixed(1)} MiB)`,
  );
  return { result, ms, grew };
}

const MAX_DOCUMENT = 10 * MB; // bytes of UTF-8
const MAX_STRING = MB;
const MAX_OPS = 1000;

/** A valid job definition of `ops` ops, padded with spaces to exactly `bytes` (ASCII). */
function jobTextOf(bytes, ops = MAX_OPS) {
  const filler = "x".repeat(Math.max(0, Math.floor(bytes / ops) - 120));
  const list = Array.from({ length: ops }, (_, i) => ({
    type: "container/run",
    id: `op${i}`,
    args: { image: "ubuntu", cmd: ["echo", filler] },
  }));
  const text = JSON.stringify({ version: "0.1", type: "container", ops: list });
  assert.ok(text.length <= bytes, `${text.length} > ${bytes}`);
  return text + " ".repeat(bytes - text.length);
}

const codes = (report) => report.issues.map((i) => i.code);

// Runs first: memory only shows growth beyond the instance's previous peak.
// Bug R5: list items expand to every value they select with no dedup and no length cap.
test("a schedule of 100,000 repeated ranges stays small", () => {
  const expr = `${"0-59,".repeat(100_000)}1 * * * *`;
  const r = measure("0.5 MB schedule of 0-59,0-59,…", expr.length, () => m.validateSchedule(expr));
  assert.ok(
    r.grew <= 16 * MB,
    `wasm memory grew by ${(r.grew / MB).toFixed(0)} MiB for a ${(expr.length / MB).toFixed(1)} MiB expression`,
  );
  assert.ok(r.ms < 1000, `${r.ms} ms`);
});

test("documents: 10 MiB validate, as text and as object; one byte more is documentTooLarge", () => {
  const text = jobTextOf(MAX_DOCUMENT);
  const asText = measure("10 MiB job definition text", text.length, () => m.validateJobDefinition(text));
  assert.equal(asText.result.success, true, JSON.stringify(asText.result.issues[0]));
  const asObject = measure("10 MiB job definition object", text.length, () =>
    m.validateJobDefinition(JSON.parse(text)),
  );
  assert.equal(asObject.result.success, true);
  const body = measure("10 MiB deployment body object", text.length, () =>
    m.validateDeployment({ ...BODY, job_definition: JSON.parse(text) }),
  );
  assert.deepEqual(body.result, { success: true, issues: [] });

  const over = `${text} `;
  const refused = measure("10 MiB + 1 byte text", over.length, () => m.validateJobDefinition(over));
  assert.deepEqual(codes(refused.result), ["documentTooLarge"]);
  assert.ok(refused.result.issues[0].range, "the issue has a range");
  // Multi-byte text: 10 MiB of UTF-8 in fewer UTF-16 units is refused too.
  const accents = JSON.stringify({
    version: "0.1",
    type: "container",
    ops: [],
    meta: { x: "é".repeat(MAX_DOCUMENT / 2) },
  });
  assert.deepEqual(codes(m.validateJobDefinition(accents)), ["documentTooLarge"]);
  // An object whose JSON is over the limit: the same issue, without a range.
  const object = JSON.parse(text);
  object.meta = { trigger: "x".repeat(MAX_DOCUMENT - JSON.stringify(object).length) };
  assert.ok(JSON.stringify(object).length > MAX_DOCUMENT);
  const fromObject = m.validateJobDefinition(object);
  assert.deepEqual(codes(fromObject), ["documentTooLarge"]);
  assert.equal(fromObject.issues[0].range, undefined);
});

test("a string of 100 MiB is refused before it is copied into wasm memory", () => {
  const huge = " ".repeat(100 * MB);
  const r = measure("100 MiB text", huge.length, () => m.validateJobDefinition(huge));
  assert.deepEqual(codes(r.result), ["documentTooLarge"]);
  assert.ok(r.grew < 4 * MB, `wasm memory grew by ${(r.grew / MB).toFixed(1)} MiB`);
  assert.ok(r.result.issues[0].message.includes("104857600 UTF-16 code units"), r.result.issues[0].message);
});

test("strings: 1 MiB is read, one byte more is stringTooLong", () => {
  const doc = (s) => `{"version":"0.1","type":"container","ops":[],"meta":{"trigger":"${s}"}}`;
  assert.deepEqual(codes(m.validateJobDefinition(doc("x".repeat(MAX_STRING)))), ["emptyOps"]);
  const r = m.validateJobDefinition(doc("x".repeat(MAX_STRING + 1)));
  assert.deepEqual(codes(r), ["stringTooLong"]);
  assert.equal(r.issues[0].range.start.offset, doc("").indexOf('""'));
  // Keys, and strings in objects.
  assert.deepEqual(codes(m.validateJobDefinition({ ["k".repeat(MAX_STRING + 1)]: 1 })), ["stringTooLong"]);
  assert.deepEqual(codes(m.validateDeployment({ ...BODY, name: "n".repeat(MAX_STRING + 1) })), ["stringTooLong"]);
});

test("ops: 1,000 validate, 1,001 are tooManyOps", () => {
  const job = (n) => ({
    version: "0.1",
    type: "container",
    ops: Array.from({ length: n }, (_, i) => ({ type: "container/run", id: `op${i}`, args: { image: "ubuntu" } })),
  });
  assert.equal(m.validateJobDefinition(job(MAX_OPS)).success, true);
  const r = m.validateJobDefinition(job(MAX_OPS + 1));
  assert.deepEqual(codes(r), ["tooManyOps"]);
  assert.equal(r.issues[0].pointer, "/ops");
});

test("issues: a report lists 1,000; beyond, the last one sums up the rest", () => {
  const withUnknown = (n) => {
    const args = { image: "ubuntu" };
    for (let i = 0; i < n; i++) args[`bogus${i}`] = i;
    return { version: "0.1", type: "container", ops: [{ type: "container/run", id: "a", args }] };
  };
  const exact = m.validateJobDefinition(withUnknown(1000));
  assert.equal(exact.issues.length, 1000);
  assert.ok(exact.issues.every((i) => i.code === "unknownKey"));
  const over = m.validateJobDefinition(withUnknown(2500));
  assert.equal(over.success, false);
  assert.equal(over.issues.length, 1000);
  const last = over.issues.at(-1);
  assert.equal(last.code, "tooManyIssues");
  assert.equal(last.severity, "error");
  assert.ok(last.message.startsWith("1501 more issues (1501 errors)"), last.message);
});

test("schedules of single values: 10 MB in bounded time", () => {
  const expr = `${"1,".repeat(5 * MB)}1 * * * *`;
  const r = measure("10 MB schedule of 1,1,1,…", expr.length, () => m.validateSchedule(expr));
  // Refused by its length (at most 1,024 characters), before its 5 million items are read.
  assert.equal(r.result.success, false);
  assert.deepEqual(codes(r.result), ["invalidCron"]);
  assert.match(r.result.issues[0].message, /at most 1024/);
  assert.ok(r.ms < 20_000, `${r.ms} ms`);
});

test("schedule nextScheduleTimes count: at most 1000", () => {
  assert.equal(m.nextScheduleTimes("0 0 29 2 1", { from: 0, count: 1000 }).length, 1000);
  assert.throws(() => m.nextScheduleTimes("* * * * *", { count: 1001 }), { code: "INVALID_ARGUMENT" });
});
