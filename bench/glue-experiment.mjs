// Experiment (before/after, nothing in src/ or pkg/ changes): how much of a text validation is the
// wasm-bindgen glue copying the string into wasm memory one `charCodeAt` at a time?
// A copy of pkg/node is made in a temp folder with `passStringToWasm0` rewritten to one
// `TextEncoder.encodeInto` call (worst-case allocation, then shrink), and both builds are measured
// side by side, interleaved, on the same documents.
//   node bench/glue-experiment.mjs [--quick]
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { injectError, loadCorpus, ROOT } from "./corpus.mjs";
import os from "node:os";
import { measureCases, sink } from "./harness.mjs";

const QUICK = process.argv.includes("--quick");
const require = createRequire(import.meta.url);

const ENCODE_INTO = `function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }
    // Experiment: one native encodeInto instead of a charCodeAt loop over every ASCII character.
    const max = arg.length * 3;
    let ptr = malloc(max, 1) >>> 0;
    const { written } = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr, ptr + max));
    if (written !== max) ptr = realloc(ptr, max, written, 1) >>> 0;
    WASM_VECTOR_LEN = written;
    return ptr;
}
`;

export function patchedGlue(source) {
  const start = source.indexOf("function passStringToWasm0(arg, malloc, realloc) {");
  if (start < 0) throw new Error("passStringToWasm0 not found in the glue: wasm-bindgen changed");
  const end = source.indexOf("\n}\n", start) + 3;
  return source.slice(0, start) + ENCODE_INTO + source.slice(end);
}

const dir = mkdtempSync(join(tmpdir(), "nosana-glue-"));
try {
  cpSync(join(ROOT, "pkg/node"), dir, { recursive: true });
  const glue = join(dir, "nosana_deployments.js");
  writeFileSync(glue, patchedGlue(readFileSync(glue, "utf8")));
  const before = require(join(ROOT, "pkg/node/nosana_deployments.js"));
  const after = require(glue);
  const { validateJobDefinition: types } = await import("@nosana/types");

  const corpus = loadCorpus();
  const texts = corpus.map((d) => d.text);
  const injected = texts.map(injectError);
  const objects = corpus.map((d) => d.object);
  // Same answers from both builds, or the experiment is void.
  for (const x of [...texts, ...injected, ...objects]) {
    const a = JSON.stringify(before.validateJobDefinition(x, { warnings: true }));
    const b = JSON.stringify(after.validateJobDefinition(x, { warnings: true }));
    if (a !== b) throw new Error("the patched glue changes a result");
  }
  const OPT = { warnings: false };
  const ok = (r) => (r.success ? 1 : 0) + r.issues.length;
  const opts = QUICK ? { rounds: 3, roundMs: 40, warmupMs: 60 } : { rounds: 9, roundMs: 150, warmupMs: 250 };
  const sets = { "text, valid": texts, "text, one error": injected, "object, valid": objects };
  // As bench/run.mjs: main-thread CPU time when the machine is overloaded, else wall time.
  const basis = process.env.NOSANA_BENCH_BASIS ?? (os.loadavg()[0] > os.cpus().length ? "cpu" : "wall");
  console.log(`(${basis} time)`);
  console.log(
    "| input | JSON.parse + @nosana/types µs | ours as built µs | ours, encodeInto glue µs | speed-up | speed vs types: before → after |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const [name, inputs] of Object.entries(sets)) {
    const isText = typeof inputs[0] === "string";
    const m = measureCases(
      [
        {
          name: "types",
          fn: isText ? (t) => (types(JSON.parse(t)).success ? 1 : 0) : (o) => (types(o).success ? 1 : 0),
          inputs,
        },
        { name: "before", fn: (x) => ok(before.validateJobDefinition(x, OPT)), inputs },
        { name: "after", fn: (x) => ok(after.validateJobDefinition(x, OPT)), inputs },
      ],
      opts,
    );
    const [t, b, a] = [m.types, m.before, m.after].map((x) => (basis === "cpu" ? x.cpu.median : x.median));
    console.log(
      `| ${name} | ${(t / 1000).toFixed(2)} | ${(b / 1000).toFixed(2)} | ${(a / 1000).toFixed(2)} | ${(b / a).toFixed(2)}× | ${(t / b).toFixed(2)}× → ${(t / a).toFixed(2)}× |`,
    );
  }
  console.error(`(sink ${sink.value})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
