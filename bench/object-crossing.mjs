// How a JS object crosses into wasm, measured (docs/benchmarks.md, "Object crossing"): the 58
// corpus templates as objects, each way of crossing against @nosana/types (typia) and
// JSON.stringify, in one process, interleaved rounds (bench/harness.mjs).
//   node bench/object-crossing.mjs [--rounds N]
// Rows:
// - the JS half of each crossing alone: JSON.stringify + TextEncoder.encodeInto into wasm memory
//   (the JSON route), and the tape walker (src/wasm/object_tape.js) writing into wasm memory;
// - the whole validation: ours through the tape (what `validateJobDefinition(object)` does), and
//   ours through the JSON route (the same module, the object wrapped in `{ toJSON }`, which the
//   walker hands to JSON.stringify at once: the route every object took before).
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { loadCorpus, ROOT } from "./corpus.mjs";
import { measureCases, pairedRatio } from "./harness.mjs";

const args = process.argv.slice(2);
const rounds = args.includes("--rounds") ? Number(args[args.indexOf("--rounds") + 1]) : 31;
const require = createRequire(import.meta.url);
const ours = require(join(ROOT, "pkg/node/nosana_deployments.js"));
const snippets = join(ROOT, "pkg/node/snippets");
const walkerFile = readdirSync(snippets)
  .map((dir) => join(snippets, dir, "src/wasm/object_tape.js"))
  .find((file) => {
    try {
      require.resolve(file);
      return true;
    } catch {
      return false;
    }
  });
if (!walkerFile) throw new Error("pkg/node has no object_tape.js snippet: run `node scripts/build.mjs --only node`");
const walker = require(walkerFile);
const { validateJobDefinition: types } = await import("@nosana/types");

const objects = loadCorpus().map((d) => d.object);
const viaJson = objects.map((o) => ({ toJSON: () => o }));
const OPTIONS = { warnings: false };
const count = (r) => (r.success ? 1 : 0) + r.issues.length;

// A memory of its own for the JS halves, with room for the largest template.
const memory = new WebAssembly.Memory({ initial: 4 });
const encoder = new TextEncoder();
const TEXT_AT = 65536;
const TEXT_CAP = 131072;
const textView = new Uint8Array(memory.buffer, TEXT_AT, TEXT_CAP);
const cases = [
  { name: "@nosana/types (typia)", fn: (o) => (types(o).success ? 1 : 0), inputs: objects },
  { name: "JSON.stringify", fn: (o) => JSON.stringify(o).length, inputs: objects },
  {
    name: "JS half: JSON.stringify + encodeInto",
    fn: (o) => encoder.encodeInto(JSON.stringify(o), textView).written,
    inputs: objects,
  },
  {
    name: "JS half: tape walker",
    fn: (o) => walker.writeTape(o, memory, 0, 8192, 32768, 4096, TEXT_AT, TEXT_CAP),
    inputs: objects,
  },
  { name: "ours, JSON route", fn: (o) => count(ours.validateJobDefinition(o, OPTIONS)), inputs: viaJson },
  { name: "ours, tape", fn: (o) => count(ours.validateJobDefinition(o, OPTIONS)), inputs: objects },
];
// Every document must cross by the tape, or the rows compare nothing.
for (const o of objects) {
  if (walker.writeTape(o, memory, 0, 8192, 32768, 4096, TEXT_AT, TEXT_CAP) < 0) throw new Error("walker gave up");
}
console.error(`measuring ${objects.length} documents, ${rounds} rounds …`);
const timings = measureCases(cases, { rounds, roundMs: 10, warmupMs: 300 });
const us = (ns) => (ns / 1000).toFixed(2);
const typia = "@nosana/types (typia)";
console.log("| crossing | µs/doc (median) | µs/doc (min) | typia's time / this (paired median) |");
console.log("|---|---:|---:|---:|");
for (const c of cases) {
  const t = timings[c.name];
  const vsTypia = c.name === typia ? "1.00" : pairedRatio(timings, typia, c.name, "wall").median.toFixed(2);
  console.log(`| ${c.name} | ${us(t.median)} | ${us(t.min)} | ${vsTypia} |`);
}
const tapeVsJson = pairedRatio(timings, "ours, tape", "ours, JSON route", "wall");
const walkVsStringify = pairedRatio(timings, "JS half: tape walker", "JS half: JSON.stringify + encodeInto", "wall");
console.log(
  `\ntape / JSON route, whole validation: ${tapeVsJson.median.toFixed(3)} (IQR ${tapeVsJson.q1.toFixed(3)}–${tapeVsJson.q3.toFixed(3)}); ` +
    `walker / stringify+encodeInto: ${walkVsStringify.median.toFixed(3)} (IQR ${walkVsStringify.q1.toFixed(3)}–${walkVsStringify.q3.toFixed(3)})`,
);
