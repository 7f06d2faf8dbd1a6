// Bounded memory through the wasm build (issue 19): a sub-megabyte document with a hundred
// thousand problems grows wasm memory by a bounded multiple of its size (12× measured: the tape,
// the scratch for repeated keys, the text; it was 69× before the rules stopped building issues at
// the cap; the bound leaves room for the allocator), and ten more calls reuse that memory. Wasm memory
// never shrinks, so this file measures one fresh instance (node --test runs each file in its own
// process). Figures for every size are in bench/memory-bounds.mjs and docs/benchmarks.md.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadWithInstance } from "./wasm-instance.mjs";

const { api, memory } = loadWithInstance();

const KEYS = 100_000;
// `{"version":…,"ops":[…],"k0":0,"k1":0,…}`: every extra key is an `unknownKey` error.
const head =
  '{"version":"0.1","type":"container","meta":{"trigger":"cli"},"ops":[{"type":"container/run","id":"run","args":{"image":"ubuntu"}}]';
const extra = Array.from({ length: KEYS }, (_, i) => `"${i.toString(36)}":0`).join(",");
const text = `${head},${extra}}`;

test("a sub-megabyte document of 100,000 problems grows wasm memory by at most 16× its size, and reuses it", () => {
  assert.ok(text.length < 1_000_000, `${text.length} bytes`);
  api.validateJobDefinition(`${head}}`); // the buffers of a small call
  const before = memory.buffer.byteLength;
  const report = api.validateJobDefinition(text);
  const growth = memory.buffer.byteLength - before;
  assert.equal(report.success, false);
  assert.equal(report.issues.length, 1000);
  const summary = report.issues.at(-1);
  assert.equal(summary.code, "tooManyIssues");
  assert.match(summary.message, new RegExp(`^${KEYS - 999} more issues \\(${KEYS - 999} errors\\)`));
  assert.ok(growth <= 16 * text.length, `grew ${growth} bytes for ${text.length} bytes of text`);

  const peak = memory.buffer.byteLength;
  for (let i = 0; i < 10; i++) api.validateJobDefinition(text);
  assert.equal(memory.buffer.byteLength, peak, "ten more calls reuse the memory of the first");
});

test("the same document as an object: the same cap, no ranges", () => {
  const report = api.validateJobDefinition(JSON.parse(text));
  assert.equal(report.issues.length, 1000);
  assert.equal(report.issues.at(-1).code, "tooManyIssues");
  assert.ok(report.issues.every((i) => i.range === undefined));
});
