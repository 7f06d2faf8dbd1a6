// Memory after many validations, in its own process (started with --expose-gc by bench/run.mjs) so
// the other benchmarks' garbage does not blur it. Prints one JSON line.
//   node --expose-gc bench/memory.mjs <total> <checkpoint>
import { createRequire } from "node:module";
import { injectError, loadCorpus, SMALL_INVALID } from "./corpus.mjs";

const require = createRequire(import.meta.url);
const { loadOurs } = require("./ours.cjs");
const [total, checkpoint] = process.argv.slice(2).map(Number);

const snapshot = () => {
  globalThis.gc?.();
  return {
    rssBytes: process.memoryUsage().rss,
    heapUsedBytes: process.memoryUsage().heapUsed,
    wasmMemoryBytes: wasmMemoryBytes(),
  };
};

const before = { rssBytes: process.memoryUsage().rss, heapUsedBytes: process.memoryUsage().heapUsed };
const { lib, wasmMemoryBytes } = loadOurs();
const afterImport = snapshot();

// Small documents, valid and invalid, as text and as objects, with and without warnings.
const small = loadCorpus()
  .sort((a, b) => a.text.length - b.text.length)
  .slice(0, 12);
const inputs = [
  ...small.map((d) => d.text),
  ...small.map((d) => injectError(d.text)),
  ...small.slice(0, 4).map((d) => d.object),
  ...SMALL_INVALID,
];
const options = [{ warnings: false }, { warnings: true }];
let failures = 0;
let sink = 0;
const points = {};
for (let i = 1; i <= total; i++) {
  const r = lib.validateJobDefinition(inputs[i % inputs.length], options[i & 1]);
  sink += r.issues.length;
  if (!r.success) failures++;
  if (i === checkpoint || i === total) points[i] = snapshot();
}
process.stdout.write(
  `${JSON.stringify({ total, checkpoint, inputs: inputs.length, failures, sink, before, afterImport, points })}\n`,
);
