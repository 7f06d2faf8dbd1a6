// Scale: does validation cost grow linearly, and memory stay flat? Two sweeps with the main Node
// entry, text in, every rule on (`validateJobDefinition(text, { warnings: true })`):
//   counts: 1,000 / 10,000 / 100,000 documents (the corpus templates, cycled), µs per document;
//   sizes:  single documents of 1 KB … 1 MB (bench/corpus.mjs generateDocument), µs per KB.
// Linear = the log-log slope of total time against the count (or the size) is ~1. Flat memory =
// the wasm memory and the RSS after a full GC do not grow with the count. Times are on-CPU time of
// the process (process.cpuUsage: this thread, plus V8's GC helpers), less shaken than wall time on a
// shared machine; wall is kept too.
//
//   node bench/scale.mjs [--quick]       prints the table (the sweeps run in a child with --expose-gc)
//   import { scaleBench } from "./scale.mjs"; await scaleBench({ quick })   → JSON-able results
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { generateDocument, loadCorpus } from "./corpus.mjs";

const SELF = fileURLToPath(import.meta.url);
const COUNTS = [1_000, 10_000, 100_000];
const QUICK_COUNTS = [1_000, 3_000, 10_000];
const SIZES_KB = [1, 4, 16, 64, 256, 1024];
const QUICK_SIZES_KB = [1, 16, 256];
/** A slope within this of 1 is linear; the machine is shared, so not tighter. */
const SLOPE_TOLERANCE = 0.15;
/** RSS may move this much from one count to the next without memory being said to grow. */
const RSS_TOLERANCE = 16 * 1024 * 1024;

/** Runs the sweeps in a child process (for --expose-gc) and returns its results with verdicts. */
export async function scaleBench({ quick = false } = {}) {
  const out = execFileSync(process.execPath, ["--expose-gc", SELF, "--child", ...(quick ? ["--quick"] : [])], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  return verdicts(JSON.parse(out));
}

/** Least-squares slope of log(y) against log(x). */
export function logLogSlope(points) {
  const xs = points.map(([x]) => Math.log(x));
  const ys = points.map(([, y]) => Math.log(y));
  const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
  const [mx, my] = [mean(xs), mean(ys)];
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

function verdicts({ counts, sizes, ...rest }) {
  const countSlope = logLogSlope(counts.map((r) => [r.documents, r.cpuMs]));
  const sizeSlope = logLogSlope(sizes.map((r) => [r.bytes, r.cpuUsPerRun]));
  const linearPass = Math.abs(countSlope - 1) <= SLOPE_TOLERANCE && Math.abs(sizeSlope - 1) <= SLOPE_TOLERANCE;
  // Growth from the smallest count to the largest: what more documents cost in memory, if anything.
  const first = counts[0];
  const last = counts[counts.length - 1];
  const wasmGrowthBytes = last.wasmAfter - first.wasmAfter;
  const rssGrowth = last.rssAfter - first.rssAfter;
  return {
    ...rest,
    counts,
    sizes,
    linear: {
      slope: round(sizeSlope, 3),
      countSlope: round(countSlope, 3),
      tolerance: SLOPE_TOLERANCE,
      pass: linearPass,
    },
    flatMemory: {
      wasmGrowthBytes,
      rssGrowth,
      rssTolerance: RSS_TOLERANCE,
      pass: wasmGrowthBytes === 0 && rssGrowth <= RSS_TOLERANCE,
    },
  };
}

const round = (x, digits = 2) => Number(x.toFixed(digits));
const cpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** The child: both sweeps, raw figures as JSON on stdout. */
function runSweeps(quick) {
  if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc (scaleBench does)");
  const { loadOurs } = createRequire(import.meta.url)("./ours.cjs");
  const { lib, wasmMemoryBytes } = loadOurs();
  const corpus = loadCorpus();
  const texts = corpus.map((c) => c.text);
  const options = { warnings: true };
  let sink = 0; // issues counted, so no call can be optimised away
  const validateMany = (n) => {
    for (let i = 0; i < n; i++) sink += lib.validateJobDefinition(texts[i % texts.length], options).issues.length;
  };
  const measure = (work) => {
    const wall = process.hrtime.bigint();
    const cpu = cpuUs();
    work();
    return { cpuUs: cpuUs() - cpu, wallUs: Number(process.hrtime.bigint() - wall) / 1000 };
  };
  const settle = () => {
    globalThis.gc();
    globalThis.gc();
    return { wasm: wasmMemoryBytes(), rss: process.memoryUsage().rss };
  };

  validateMany(quick ? 10_000 : 30_000); // warm up: JIT tiers, allocator, wasm memory at its working size
  // Each count runs in rounds (the fastest kept: the one the machine disturbed least); memory is
  // read after a full GC before the first round and after the last.
  const counts = [];
  for (const documents of quick ? QUICK_COUNTS : COUNTS) {
    const before = settle();
    let cpu = Number.POSITIVE_INFINITY;
    let wallUs = Number.POSITIVE_INFINITY;
    for (let r = 0; r < (quick ? 2 : 3); r++) {
      const m = measure(() => validateMany(documents));
      cpu = Math.min(cpu, m.cpuUs);
      wallUs = Math.min(wallUs, m.wallUs);
    }
    const after = settle();
    counts.push({
      documents,
      cpuMs: round(cpu / 1000),
      wallMs: round(wallUs / 1000),
      cpuUsPerDoc: round(cpu / documents, 3),
      wallUsPerDoc: round(wallUs / documents, 3),
      wasmBefore: before.wasm,
      wasmAfter: after.wasm,
      rssBefore: before.rss,
      rssAfter: after.rss,
    });
  }

  // Sizes: each document validated for ≥ ~150 ms of CPU per round, rounds interleaved across sizes;
  // the fastest round per size is kept (the one the machine disturbed least).
  const docs = (quick ? QUICK_SIZES_KB : SIZES_KB).map((kb) => ({ kb, text: generateDocument(corpus, kb * 1024) }));
  for (const d of docs) {
    const once = measure(() => {
      sink += lib.validateJobDefinition(d.text, options).issues.length;
    });
    d.runs = Math.max(1, Math.ceil((quick ? 50_000 : 150_000) / Math.max(once.cpuUs, 1)));
    d.best = Number.POSITIVE_INFINITY;
    d.bestWall = Number.POSITIVE_INFINITY;
  }
  for (let round_ = 0; round_ < (quick ? 2 : 5); round_++) {
    for (const d of docs) {
      const { cpuUs: cpu, wallUs } = measure(() => {
        for (let i = 0; i < d.runs; i++) sink += lib.validateJobDefinition(d.text, options).issues.length;
      });
      d.best = Math.min(d.best, cpu / d.runs);
      d.bestWall = Math.min(d.bestWall, wallUs / d.runs);
    }
  }
  const sizes = docs.map((d) => ({
    kb: d.kb,
    bytes: Buffer.byteLength(d.text),
    runs: d.runs,
    cpuUsPerRun: round(d.best, 1),
    wallUsPerRun: round(d.bestWall, 1),
    cpuUsPerKb: round(d.best / (Buffer.byteLength(d.text) / 1024), 3),
  }));
  return { quick, node: process.version, issuesSeen: sink, counts, sizes };
}

function printTable(r) {
  const mb = (b) => (b / 1024 / 1024).toFixed(1);
  console.log(`Scale (${r.quick ? "quick" : "full"}; ${r.node}; process CPU time, best round)\n`);
  console.log("documents   cpu ms   µs/doc (cpu)   µs/doc (wall)   wasm MB before→after   RSS MB before→after");
  for (const c of r.counts)
    console.log(
      `${String(c.documents).padStart(9)} ${c.cpuMs.toFixed(0).padStart(8)} ${c.cpuUsPerDoc.toFixed(2).padStart(14)} ${c.wallUsPerDoc.toFixed(2).padStart(15)}   ${`${mb(c.wasmBefore)} → ${mb(c.wasmAfter)}`.padStart(20)}   ${`${mb(c.rssBefore)} → ${mb(c.rssAfter)}`.padStart(19)}`,
    );
  console.log("\n     size      bytes   µs/run (cpu)   µs/run (wall)   µs/KB (cpu)");
  for (const s of r.sizes)
    console.log(
      `${`${s.kb} KB`.padStart(9)} ${String(s.bytes).padStart(10)} ${s.cpuUsPerRun.toFixed(1).padStart(14)} ${s.wallUsPerRun.toFixed(1).padStart(15)} ${s.cpuUsPerKb.toFixed(2).padStart(13)}`,
    );
  const { linear, flatMemory } = r;
  console.log(
    `\nlinear: log-log slope ${linear.slope} over sizes, ${linear.countSlope} over counts (1 ± ${linear.tolerance}) → ${linear.pass ? "PASS" : "FAIL"}`,
  );
  console.log(
    `flat memory: wasm grew ${flatMemory.wasmGrowthBytes} B, RSS ${mb(flatMemory.rssGrowth)} MB from the smallest count to the largest (≤ ${mb(flatMemory.rssTolerance)} MB) → ${flatMemory.pass ? "PASS" : "FAIL"}`,
  );
}

if (process.argv[1] === SELF) {
  const quick = process.argv.includes("--quick");
  if (process.argv.includes("--child")) process.stdout.write(JSON.stringify(runSweeps(quick)));
  else printTable(await scaleBench({ quick }));
}
