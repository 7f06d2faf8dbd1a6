// Peak wasm memory against input size, and reuse across large calls (issue 19, "bounded work and
// memory"). WebAssembly memory never shrinks, so each measurement runs in a fresh child process:
// the peak of one call is the module's `memory.buffer.byteLength` after it. Prints a table; with
// --write, records the figures under `memoryBounds` in bench/results.json (other sections kept).
//   node bench/memory-bounds.mjs [--write]
//   node bench/memory-bounds.mjs --child <kind> <bytes>     (one measurement, one JSON line)
import { spawnSync } from "node:child_process";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import { generateDocument, loadCorpus } from "./corpus.mjs";

const require = createRequire(import.meta.url);
const { loadOurs, ROOT } = require("./ours.cjs");
const SELF = fileURLToPath(import.meta.url);

const OP = { type: "container/run", id: "run", args: { image: "ubuntu", cmd: ["echo", "hi"] } };
const HEAD = `{"version":"0.1","type":"container","meta":{"trigger":"cli"},"ops":[${JSON.stringify(OP)}]`;

/** JSON text of about `bytes` bytes, made of `unit(i)` pieces joined by commas inside `open…close`. */
function fill(bytes, open, close, unit) {
  const parts = [];
  let size = open.length + close.length;
  for (let i = 0; size < bytes; i++) {
    const part = unit(i);
    parts.push(part);
    size += part.length + 1;
  }
  return `${open}${parts.join(",")}${close}`;
}

/** The documents, by kind: realistic and valid, valid with many keys, many unknown keys, many
 * wrong-type elements. */
const KINDS = {
  // Valid job definitions made of copies of the corpus ops (a realistic shape).
  corpusValid: (bytes) => generateDocument(loadCorpus(), bytes),
  // A valid document: one op whose `env` holds many keys (no issue at all).
  manyKeysValid: (bytes) =>
    fill(
      bytes,
      `{"version":"0.1","type":"container","meta":{"trigger":"cli"},"ops":[{"type":"container/run","id":"run","args":{"image":"ubuntu","env":{`,
      "}}}]}",
      (i) => `"K${i}":"v"`,
    ),
  // Every extra top-level key is an `unknownKey` issue.
  manyUnknownKeys: (bytes) => fill(bytes, `${HEAD},`, "}", (i) => `"k${i}":1`),
  // Every element of `cmd` is an `invalidType` issue.
  manyWrongTypes: (bytes) =>
    fill(
      bytes,
      `{"version":"0.1","type":"container","meta":{"trigger":"cli"},"ops":[{"type":"container/run","id":"run","args":{"image":"ubuntu","cmd":[`,
      "]}}]}",
      () => "1",
    ),
};

const SIZES = [1024, 4096, 16384, 65536, 262144, 1048576];

function child(kind, bytes) {
  const { lib, wasmMemoryBytes } = loadOurs();
  lib.validateJobDefinition(KINDS.manyKeysValid(64)); // warm: the buffers a small call needs
  const baseline = wasmMemoryBytes();
  const text = KINDS[kind](bytes);
  const started = performance.now();
  const report = lib.validateJobDefinition(text);
  const firstMs = performance.now() - started;
  const afterFirst = wasmMemoryBytes();
  for (let i = 0; i < 10; i++) lib.validateJobDefinition(text);
  const afterEleven = wasmMemoryBytes();
  const summary = report.issues.find((i) => i.code === "tooManyIssues");
  return {
    kind,
    bytes: text.length,
    issues: report.issues.length,
    summary: summary?.message ?? null,
    baselineBytes: baseline,
    peakBytes: afterFirst,
    growthBytes: afterFirst - baseline,
    afterElevenCallsBytes: afterEleven,
    firstCallMs: firstMs,
  };
}

/** Issues per second on a document with 200,000 problems (wrong-type elements), median of 5. */
function throughput() {
  const { lib, wasmMemoryBytes } = loadOurs();
  const problems = 200_000;
  const text = `{"version":"0.1","type":"container","meta":{"trigger":"cli"},"ops":[{"type":"container/run","id":"run","args":{"image":"ubuntu","cmd":[${Array(problems).fill("1").join(",")}]}}]}`;
  const times = [];
  let report;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    report = lib.validateJobDefinition(text);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const ms = times[2];
  return {
    problems,
    bytes: text.length,
    issuesListed: report.issues.length,
    summary: report.issues.at(-1).message,
    medianMs: ms,
    problemsPerSecond: Math.round(problems / (ms / 1000)),
    wasmMemoryBytes: wasmMemoryBytes(),
  };
}

function run(args) {
  const out = spawnSync(process.execPath, [SELF, ...args], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (out.status !== 0) throw new Error(`child ${args.join(" ")} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout.trim());
}

const argv = process.argv.slice(2);
if (argv[0] === "--child") {
  const result = argv[1] === "throughput" ? throughput() : child(argv[1], Number(argv[2]));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const rows = [];
  for (const kind of Object.keys(KINDS)) {
    for (const bytes of SIZES) rows.push(run(["--child", kind, String(bytes)]));
  }
  const mib = (b) => (b / 1048576).toFixed(2);
  console.log("kind             input KB  issues  wasm growth MiB  growth/input  peak MiB  after 11 calls MiB");
  for (const r of rows) {
    console.log(
      `${r.kind.padEnd(16)} ${(r.bytes / 1024).toFixed(0).padStart(8)}  ${String(r.issues).padStart(6)}  ${mib(r.growthBytes).padStart(15)}  ${(r.growthBytes / r.bytes).toFixed(1).padStart(12)}  ${mib(r.peakBytes).padStart(8)}  ${mib(r.afterElevenCallsBytes).padStart(18)}`,
    );
  }
  const speed = run(["--child", "throughput"]);
  console.log(
    `200,000 problems (${(speed.bytes / 1024).toFixed(0)} KB): ${speed.issuesListed} issues listed, ${speed.medianMs.toFixed(1)} ms, ${speed.problemsPerSecond.toLocaleString("en")} problems/s, wasm memory ${mib(speed.wasmMemoryBytes)} MiB`,
  );
  if (argv.includes("--write")) {
    const file = join(ROOT, "bench/results.json");
    const results = JSON.parse(readFileSync(file, "utf8"));
    results.memoryBounds = {
      date: new Date().toISOString(),
      note: "peak wasm memory of one validateJobDefinition(text) call in a fresh process; growth = peak − memory after one small call; afterElevenCalls = after ten more calls of the same document (reuse: equal to peak)",
      rows,
      throughput: speed,
    };
    writeFileSync(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    console.log(`written to ${file} (memoryBounds)`);
  }
}
