// `npm run bench`: nosana-deployments against the validators users have today, plus the size budget.
// One Node process (fresh child processes for the first-validation and memory figures); prints the
// tables, then each target of issue 24 (and issue 10's remaining two) as `value / target → verdict`
// with the peer measured in this run, and writes every figure to bench/results.json.
//   node bench/run.mjs             full run (2-3 minutes on 2 cores, plus the scale, CLI and Chromium
//                                  benches when present), writes bench/results.json
//   node bench/run.mjs --quick     smoke check (well under a minute): fewer rounds, smaller counts;
//                                  writes nothing unless --json <path> is given
//   node bench/run.mjs --docs      also rewrite the results table in docs/benchmarks.md
// Inputs: the corpus and JSON schema vendored in tests/fixtures. See docs/benchmarks.md.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CORPUS_DIR, generateDocument, injectError, loadCorpus, ROOT, SCHEMA_FILE } from "./corpus.mjs";
import { CPU_CLOCK, measureCases, median, pairedRatio, sink, summarize } from "./harness.mjs";
import { allOurSizes, checkSizeBudget, loadSizeBudget, theirSizes } from "./size.mjs";
import { compileAjv } from "./validators.mjs";
import { wasmBreakdown } from "./wasm-breakdown.mjs";

const args = process.argv.slice(2);
const QUICK = args.includes("--quick");
const JSON_OUT = args.includes("--json")
  ? args[args.indexOf("--json") + 1]
  : QUICK
    ? null
    : join(ROOT, "bench/results.json");
const UPDATE_DOCS = args.includes("--docs");

const CONFIG = QUICK
  ? {
      rounds: 3,
      roundMs: 40,
      warmupMs: 60,
      pairedRounds: 10,
      pairedRoundMs: 15,
      sizeRounds: 3,
      sizeRoundMs: 40,
      coldRuns: 3,
      memTotal: 100_000,
      memCheckpoint: 10_000,
      breakdown: false,
      cliFiles: 500,
    }
  : {
      rounds: 15,
      roundMs: 80,
      warmupMs: 250,
      pairedRounds: 60,
      pairedRoundMs: 15,
      sizeRounds: 7,
      sizeRoundMs: 80,
      coldRuns: 10,
      memTotal: 1_000_000,
      memCheckpoint: 100_000,
      breakdown: true,
      cliFiles: 10_000,
    };

// Issue 24's targets (size and speed, round 2), and the two of issue 10 it does not supersede
// (linearity, memory). `min`/`max` bound `value`; each is printed as `value / target → PASS|FAIL
// (value ÷ target)` beside the peer measured in the same run. Sizes come from bench/size-budget.json
// (the same targets the size check of `npm test` reports).
const SIZE_BUDGET = loadSizeBudget();
const TARGETS = {
  textCostVsParse: {
    issue: 24,
    max: 1.0,
    unit: "ratio",
    text: "text, every rule (warnings on): cost ÷ JSON.parse alone ≤ 1.0 (median of paired per-round ratios)",
  },
  textSpeedVsTypes: {
    issue: 24,
    min: 1.5,
    unit: "ratio",
    text: "text, every rule: speed vs JSON.parse + @nosana/types (typia) ≥ 1.5× (median of paired per-round ratios)",
  },
  objectSpeedVsTypes: {
    issue: 24,
    min: 0.33,
    unit: "ratio",
    text: "object already parsed, every rule: speed vs @nosana/types (typia) ≥ 0.33× (median of paired per-round ratios)",
  },
  firstValidationNodeMs: {
    issue: 24,
    max: 5,
    unit: "ms",
    text: "first validation after import ≤ 5 ms, job entry, Node (median of fresh processes)",
  },
  firstValidationChromiumMs: {
    issue: 24,
    max: 5,
    unit: "ms",
    text: "first validation after import ≤ 5 ms, job entry, headless Chromium (median of fresh pages)",
  },
  jobGzipBytes: {
    issue: 24,
    max: SIZE_BUDGET.entries.job?.targetGzipBytes,
    unit: "bytes",
    text: `job entry (nosana-deployments/job: wasm + glue + entry) ≤ ${SIZE_BUDGET.entries.job?.targetGzipBytes / 1024} KB gzip`,
  },
  wholeGzipBytes: {
    issue: 24,
    max: SIZE_BUDGET.entries.whole?.targetGzipBytes,
    unit: "bytes",
    text: `whole browser module (nosana-deployments: wasm + glue + entry) ≤ ${SIZE_BUDGET.entries.whole?.targetGzipBytes / 1024} KB gzip`,
  },
  scaleLinear: {
    issue: 24,
    unit: "slope",
    text: "scale: cost linear in documents (1k/10k/100k) and in size (1 KB … 1 MB) (bench/scale.mjs's criterion)",
  },
  scaleFlatMemory: {
    issue: 24,
    unit: "verdict",
    text: "scale: flat memory over 1k/10k/100k documents (bench/scale.mjs's criterion)",
  },
  cliEveryCore: {
    issue: 24,
    unit: "cores",
    text: "CLI linting 10,000 files uses every core (bench/cli-scale.mjs's criterion)",
  },
  linearity: {
    issue: 10,
    max: 2,
    unit: "ratio",
    text: "time per KB at 1 MB at most 2× the smallest document's (no superlinear growth)",
  },
  memory: {
    issue: 10,
    maxRssGrowth: 0.05,
    unit: "memory",
    text: `no memory growth: wasm memory unchanged and RSS within 5%, after ${CONFIG.memCheckpoint.toLocaleString("en")} vs after ${CONFIG.memTotal.toLocaleString("en")} validations`,
  },
};

const log = (...a) => console.error(...a);
const require = createRequire(import.meta.url);

// ---------- setup ----------
const started = Date.now();
const phases = {};
let phaseStart = Date.now();
const phase = (name) => {
  phases[name] = (Date.now() - phaseStart) / 1000;
  phaseStart = Date.now();
};
// A bench another file provides (bench/scale.mjs …), run when this tree has it: its result, or
// `{ notMeasured: why }` when the file is missing, says it skipped (`{ skipped }`), or throws.
async function optionalBench(file, run) {
  if (!existsSync(fileURLToPath(new URL(file, import.meta.url)))) {
    return { notMeasured: `bench/${file.slice(2)} is not in this tree` };
  }
  try {
    const result = await run(await import(file));
    return result?.skipped ? { ...result, notMeasured: `skipped: ${result.skipped}` } : result;
  } catch (error) {
    log(`bench/${file.slice(2)} failed:`, error);
    return { notMeasured: `bench/${file.slice(2)} failed: ${error?.message ?? error}` };
  }
}
// Per-document targets are judged on wall time, unless the machine is already overloaded (1-minute
// load average above the CPU count) when the run starts: then wall time mostly measures the
// scheduler, and process CPU time over the same rounds is the fairer figure. Both are recorded.
const loadAtStart = os.loadavg()[0];
const BASIS = process.env.NOSANA_BENCH_BASIS ?? (loadAtStart > os.cpus().length ? "cpu" : "wall");
if (!["pkg/node", "pkg/job-node"].every((dir) => existsSync(join(ROOT, dir, "nosana_deployments_bg.wasm")))) {
  throw new Error("pkg/ is missing: run `node scripts/build.mjs` (or `npm run bench`, which builds first)");
}
const { loadOurs } = require("./ours.cjs");
const { lib: ours, wasmMemoryBytes } = loadOurs();
// The job-definition entry: the same validator code, built for size (opt-level "s") where the main
// entry is built for speed (Cargo.toml profiles).
const oursJob = require(join(ROOT, "pkg/job-node/nosana_deployments.js"));
const { validateJobDefinition: types } = await import("@nosana/types");
const { default: Ajv } = await import("ajv");
const ajv = compileAjv(Ajv, JSON.parse(readFileSync(SCHEMA_FILE, "utf8")));

const corpus = loadCorpus();
const texts = corpus.map((d) => d.text);
const objects = corpus.map((d) => d.object);
const injected = texts.map(injectError);
const corpusBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

const OPT_ERRORS = { warnings: false };
const OPT_WARNINGS = { warnings: true };
// Each returns a number so results are consumed (see harness `sink`).
const ok = (r) => (r.success ? 1 : 0) + r.issues.length;
const fns = {
  parse: (t) => JSON.parse(t).ops.length,
  types: (t) => (types(JSON.parse(t)).success ? 1 : 0),
  ajv: (t) => (ajv(JSON.parse(t)) ? 1 : 0),
  oursErrors: (t) => ok(ours.validateJobDefinition(t, OPT_ERRORS)),
  oursJobErrors: (t) => ok(oursJob.validateJobDefinition(t, OPT_ERRORS)),
  oursWarnings: (t) => ok(ours.validateJobDefinition(t, OPT_WARNINGS)),
  oursDefault: (t) => ok(ours.validateJobDefinition(t)),
  typesObject: (o) => (types(o).success ? 1 : 0),
  ajvObject: (o) => (ajv(o) ? 1 : 0),
  stringify: (o) => JSON.stringify(o).length,
};

// What each validator says about the inputs: the comparison is only fair if they agree.
const verdicts = (fn, inputs) => inputs.filter((x) => fn(x)).length;
const agreement = {
  documents: corpus.length,
  valid: {
    types: verdicts((t) => types(JSON.parse(t)).success, texts),
    ajv: verdicts((t) => ajv(JSON.parse(t)), texts),
    ours: verdicts((t) => ours.validateJobDefinition(t, OPT_ERRORS).success, texts),
  },
  injectedErrorDetected: {
    types: verdicts((t) => !types(JSON.parse(t)).success, injected),
    ajv: verdicts((t) => !ajv(JSON.parse(t)), injected),
    ours: verdicts((t) => !ours.validateJobDefinition(t, OPT_ERRORS).success, injected),
  },
  oursIssuesOnInjected: injected.reduce((n, t) => n + ours.validateJobDefinition(t, OPT_WARNINGS).issues.length, 0),
  oursWarningsOnValid: texts.reduce((n, t) => n + ours.validateJobDefinition(t, OPT_WARNINGS).issues.length, 0),
};
if (agreement.injectedErrorDetected.ours < corpus.length) {
  log(
    `note: ours reports only ${agreement.injectedErrorDetected.ours}/${corpus.length} injected errors: the "with one error" rows then do not price ranges`,
  );
}
log(
  `nosana-deployments ${ours.version()}, ${corpus.length} documents (${corpusBytes} bytes) from ${CORPUS_DIR}; ${QUICK ? "quick" : "full"} run`,
);

// ---------- per-document validation time ----------
const opts = { rounds: CONFIG.rounds, roundMs: CONFIG.roundMs, warmupMs: CONFIG.warmupMs };
log("per-document: text input, valid corpus …");
const textValid = measureCases(
  [
    { name: "JSON.parse", fn: fns.parse, inputs: texts },
    { name: "JSON.parse + @nosana/types", fn: fns.types, inputs: texts },
    { name: "JSON.parse + ajv", fn: fns.ajv, inputs: texts },
    { name: "ours, errors only", fn: fns.oursErrors, inputs: texts },
    { name: "ours, with warnings", fn: fns.oursWarnings, inputs: texts },
    { name: "ours, options omitted", fn: fns.oursDefault, inputs: texts },
    { name: "ours, job-definition entry, errors only", fn: fns.oursJobErrors, inputs: texts },
  ],
  opts,
);
log("per-document: text input, one injected error per document …");
const textInjected = measureCases(
  [
    { name: "JSON.parse", fn: fns.parse, inputs: injected },
    { name: "JSON.parse + @nosana/types", fn: fns.types, inputs: injected },
    { name: "JSON.parse + ajv", fn: fns.ajv, inputs: injected },
    { name: "ours, errors only", fn: fns.oursErrors, inputs: injected },
    { name: "ours, with warnings", fn: fns.oursWarnings, inputs: injected },
  ],
  opts,
);
log("per-document: object input, valid corpus …");
const objectValid = measureCases(
  [
    { name: "JSON.stringify (reference)", fn: fns.stringify, inputs: objects },
    { name: "@nosana/types", fn: fns.typesObject, inputs: objects },
    { name: "ajv", fn: fns.ajvObject, inputs: objects },
    { name: "ours, errors only", fn: fns.oursErrors, inputs: objects },
    { name: "ours, with warnings", fn: fns.oursWarnings, inputs: objects },
  ],
  opts,
);
// The per-document targets, judged on ratios taken round by round (`pairedRatio`): ours sits
// between the cases it is compared with, in rounds short enough (~15 ms a case) that one phase of
// the machine's speed covers the pair. The tables above keep the ratio of medians. Issue 24 judges
// ours with every rule (`warnings: true`), on text and on objects already parsed.
log("per-document: the target ratios, in short paired rounds (text) …");
const pairedOpts = { rounds: CONFIG.pairedRounds, roundMs: CONFIG.pairedRoundMs, warmupMs: CONFIG.warmupMs };
const targetRounds = measureCases(
  [
    { name: "JSON.parse", fn: fns.parse, inputs: texts },
    { name: "ours, with warnings", fn: fns.oursWarnings, inputs: texts },
    { name: "JSON.parse + @nosana/types", fn: fns.types, inputs: texts },
  ],
  pairedOpts,
);
log("per-document: the target ratio, in short paired rounds (object) …");
const objectTargetRounds = measureCases(
  [
    { name: "@nosana/types", fn: fns.typesObject, inputs: objects },
    { name: "ours, with warnings", fn: fns.oursWarnings, inputs: objects },
  ],
  pairedOpts,
);
const pairedRatios = {
  textCostVsParse: pairedRatio(targetRounds, "ours, with warnings", "JSON.parse", BASIS),
  textSpeedVsTypes: pairedRatio(targetRounds, "JSON.parse + @nosana/types", "ours, with warnings", BASIS),
  objectSpeedVsTypes: pairedRatio(objectTargetRounds, "@nosana/types", "ours, with warnings", BASIS),
};

phase("perDocument");
// ---------- growth with size ----------
log("document size 1 KB → 1 MB …");
const SIZES = [1, 4, 16, 64, 256, 1024].map((k) => k * 1024);
const sizes = [];
for (const target of SIZES) {
  const text = generateDocument(corpus, target);
  const bytes = Buffer.byteLength(text);
  const object = JSON.parse(text);
  const m = measureCases(
    [
      { name: "JSON.parse", fn: fns.parse, inputs: [text] },
      { name: "JSON.parse + @nosana/types", fn: fns.types, inputs: [text] },
      { name: "ours, errors only", fn: fns.oursErrors, inputs: [text] },
    ],
    { rounds: CONFIG.sizeRounds, roundMs: CONFIG.sizeRoundMs, warmupMs: CONFIG.warmupMs },
  );
  sizes.push({
    targetBytes: target,
    bytes,
    ops: object.ops.length,
    valid: { types: types(object).success, ours: ours.validateJobDefinition(text, OPT_ERRORS).success },
    nsPerKB: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.median / (bytes / 1024)])),
    timing: m,
  });
}
const pick = (timing) => (BASIS === "cpu" ? timing.cpu.median : timing.median);
const perKB = sizes.map((s) => pick(s.timing["ours, errors only"]) / (s.bytes / 1024));
// Growth: time per KB at 1 MB over time per KB at the smallest size. Only growth counts against
// linearity: a per-KB cost that falls with size is the fixed per-call cost being spread (time =
// a + b·size is linear), which the 1 KB row shows on its own.
const linearityRatio = perKB.at(-1) / perKB[0];
// The log-log slope over the three largest sizes (1.0 = linear).
const fit = (() => {
  const top = sizes.slice(-3);
  const lx = top.map((s) => Math.log(s.bytes));
  const ly = top.map((s) => Math.log(pick(s.timing["ours, errors only"])));
  const lmx = lx.reduce((a, b) => a + b) / 3;
  const lmy = ly.reduce((a, b) => a + b) / 3;
  const exponent =
    lx.reduce((a, x, i) => a + (x - lmx) * (ly[i] - lmy), 0) / lx.reduce((a, x) => a + (x - lmx) ** 2, 0);
  return { exponentLargest3: exponent };
})();
const largest = sizes.at(-1);
phase("bySize");

// ---------- time to first validation (fresh processes) ----------
log(`first validation: ${CONFIG.coldRuns} fresh processes per validator …`);
const firstDoc = join(CORPUS_DIR, corpus[0].file);
const coldStart = {};
// "ours" is the whole package, "oursJob" the job-definition entry (nosana-deployments/job).
const COLD_ARGS = { ours: "ours", oursJob: "ours-job", types: "types", ajv: "ajv" };
for (const [which, arg] of Object.entries(COLD_ARGS)) {
  const runs = [];
  for (let i = 0; i < CONFIG.coldRuns; i++) {
    const out = execFileSync(process.execPath, [join(ROOT, "bench/first-validation.mjs"), arg, firstDoc], {
      encoding: "utf8",
    });
    runs.push(JSON.parse(out.trim()));
  }
  coldStart[which] = {
    ms: summarize(runs.map((r) => r.ms)),
    importMs: median(runs.map((r) => r.importMs)),
    firstCallMs: median(runs.map((r) => r.firstCallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    ...(which.startsWith("ours")
      ? {
          wasmCompileMs: median(runs.map((r) => r.wasmMs.compile)),
          wasmInstantiateMs: median(runs.map((r) => r.wasmMs.instantiate)),
        }
      : {}),
    allValid: runs.every((r) => r.result === true),
  };
}

// Chromium: bench/first-validation-browser.mjs (fresh headless pages), when this tree has it.
log("first validation: headless Chromium …");
const chromiumFirst = await optionalBench("./first-validation-browser.mjs", (m) =>
  m.firstValidationInChromium({ runs: CONFIG.coldRuns }),
);
coldStart.chromium = chromiumFirst;
phase("firstValidation");
// ---------- memory ----------
log(`memory: ${CONFIG.memTotal} validations in a child process …`);
const memRun = spawnSync(
  process.execPath,
  ["--expose-gc", join(ROOT, "bench/memory.mjs"), String(CONFIG.memTotal), String(CONFIG.memCheckpoint)],
  {
    encoding: "utf8",
  },
);
if (memRun.status !== 0) throw new Error(`bench/memory.mjs failed:\n${memRun.stderr}`);
const mem = JSON.parse(memRun.stdout.trim());
const atCheck = mem.points[CONFIG.memCheckpoint];
const atEnd = mem.points[CONFIG.memTotal];
const memory = {
  ...mem,
  wasmGrowthBytes: atEnd.wasmMemoryBytes - atCheck.wasmMemoryBytes,
  rssGrowthBytes: atEnd.rssBytes - atCheck.rssBytes,
  rssGrowth: (atEnd.rssBytes - atCheck.rssBytes) / atCheck.rssBytes,
  inProcessWasmMemoryBytes: wasmMemoryBytes(),
};

phase("memory");
// ---------- size ----------
log("size: our module, esbuild bundles of the alternatives …");
// Every browser entry of bench/size.mjs (`whole` = the main entry, `job` = nosana-deployments/job,
// and any other a branch adds), checked against bench/size-budget.json as `npm test` does.
// `ours` / `oursJob` keep the names earlier results.json files used.
const entrySizes = await allOurSizes();
const size = { entries: entrySizes, ours: entrySizes.whole, oursJob: entrySizes.job, theirs: await theirSizes() };
size.budgetCheck = checkSizeBudget(
  Object.fromEntries(Object.entries(entrySizes).map(([k, v]) => [k, v.total.gzip])),
  SIZE_BUDGET,
);
if (CONFIG.breakdown) {
  log("size: per-crate breakdown of the wasm (wasm-bindgen + wasm-opt -g in a temp folder) …");
  size.breakdown = await wasmBreakdown();
} else {
  size.breakdown = { skipped: "not in --quick runs" };
}

phase("size");
// ---------- scale (bench/scale.mjs, bench/cli-scale.mjs, when this tree has them) ----------
log("scale: 1k/10k/100k documents, 1 KB … 1 MB …");
const scale = await optionalBench("./scale.mjs", (m) => m.scaleBench({ quick: QUICK }));
log(`scale: the CLI over ${CONFIG.cliFiles.toLocaleString("en")} files …`);
const cliScale = await optionalBench("./cli-scale.mjs", (m) => m.cliScaleBench({ files: CONFIG.cliFiles }));
phase("scale");
// ---------- targets ----------
// One target's record: value, verdict, value ÷ target, the peer measured in this run; a target that
// was not measured has `value: null`, `pass: null` and says why (`notMeasured`).
function judge(key, value, extra = {}) {
  const target = TARGETS[key];
  if (value === null || value === undefined) return { ...target, value: null, pass: null, ...extra };
  const bound = target.min ?? target.max;
  const pass = target.min !== undefined ? value >= target.min : value <= target.max;
  return { ...target, value, pass, ratioToTarget: value / bound, ...extra };
}
// A target judged by the bench that measured it (scale, CLI): its own verdict `pass`.
function judgedBy(key, result, value, pass, extra = {}) {
  if (!result || result.notMeasured) {
    return { ...TARGETS[key], ...extra, value: null, pass: null, notMeasured: result?.notMeasured ?? "no result" };
  }
  return { ...TARGETS[key], ...extra, value, pass: pass === true };
}
const t = (name) => pick(textValid[name]);
const paired = (timings, name) => pick(timings[name]);
const pairedExtra = (ratio, ratioOfMedians, peers) => ({
  interquartile: [ratio.q1, ratio.q3],
  rounds: ratio.samples.length,
  ratioOfMedians,
  peer: peers,
});
const chromiumMs = (x) => (chromiumFirst.notMeasured ? null : (x?.medianMs ?? null));
const sizeTarget = (key, entry) =>
  judge(key, entrySizes[entry]?.total.gzip, {
    budgetGzipBytes: SIZE_BUDGET.entries[entry]?.budgetGzipBytes ?? null,
    peer: { [size.theirs.types.package]: size.theirs.types.gzip },
    ...(entrySizes[entry] ? {} : { notMeasured: `no "${entry}" entry in bench/size.mjs` }),
  });
const targets = {
  textCostVsParse: judge(
    "textCostVsParse",
    pairedRatios.textCostVsParse.median,
    pairedExtra(pairedRatios.textCostVsParse, t("ours, with warnings") / t("JSON.parse"), {
      "JSON.parse ns/doc": paired(targetRounds, "JSON.parse"),
      "ours ns/doc": paired(targetRounds, "ours, with warnings"),
    }),
  ),
  textSpeedVsTypes: judge(
    "textSpeedVsTypes",
    pairedRatios.textSpeedVsTypes.median,
    pairedExtra(pairedRatios.textSpeedVsTypes, t("JSON.parse + @nosana/types") / t("ours, with warnings"), {
      "JSON.parse + @nosana/types ns/doc": paired(targetRounds, "JSON.parse + @nosana/types"),
      "ours ns/doc": paired(targetRounds, "ours, with warnings"),
    }),
  ),
  objectSpeedVsTypes: judge(
    "objectSpeedVsTypes",
    pairedRatios.objectSpeedVsTypes.median,
    pairedExtra(
      pairedRatios.objectSpeedVsTypes,
      pick(objectValid["@nosana/types"]) / pick(objectValid["ours, with warnings"]),
      {
        "@nosana/types ns/doc": paired(objectTargetRounds, "@nosana/types"),
        "ours ns/doc": paired(objectTargetRounds, "ours, with warnings"),
      },
    ),
  ),
  firstValidationNodeMs: judge("firstValidationNodeMs", coldStart.oursJob.ms.median, {
    wholeModuleValue: coldStart.ours.ms.median,
    peer: { "@nosana/types ms": coldStart.types.ms.median },
  }),
  firstValidationChromiumMs: judge("firstValidationChromiumMs", chromiumMs(chromiumFirst.job), {
    wholeModuleValue: chromiumMs(chromiumFirst.whole),
    ...(chromiumFirst.types ? { peer: { "@nosana/types ms": chromiumMs(chromiumFirst.types) } } : {}),
    ...(chromiumFirst.notMeasured ? { notMeasured: chromiumFirst.notMeasured } : {}),
  }),
  jobGzipBytes: sizeTarget("jobGzipBytes", "job"),
  wholeGzipBytes: sizeTarget("wholeGzipBytes", "whole"),
  scaleLinear: judgedBy("scaleLinear", scale, scale.linear?.slope ?? null, scale.linear?.pass),
  scaleFlatMemory: judgedBy("scaleFlatMemory", scale, scale.flatMemory ?? null, scale.flatMemory?.pass),
  cliEveryCore: judgedBy("cliEveryCore", cliScale, cliScale.cpuPerWall ?? null, cliScale.pass, {
    files: cliScale.files,
    cores: cliScale.cores,
    speedup: cliScale.speedup,
  }),
  linearity: judge("linearity", linearityRatio),
  memory: {
    ...TARGETS.memory,
    value: { wasmGrowthBytes: memory.wasmGrowthBytes, rssGrowth: memory.rssGrowth },
    pass: memory.wasmGrowthBytes === 0 && memory.rssGrowth <= TARGETS.memory.maxRssGrowth,
  },
};

function gitCommit() {
  try {
    const sha = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty =
      execFileSync("git", ["status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"], {
        cwd: ROOT,
        encoding: "utf8",
      }).trim() !== "";
    return dirty ? `${sha}+dirty-src` : sha;
  } catch {
    return null;
  }
}

const results = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  mode: QUICK ? "quick" : "full",
  basis: BASIS,
  cpuClock: CPU_CLOCK,
  basisNote:
    "per-document targets use wall time, or main-thread CPU time when the 1-minute load average exceeded the CPU count at the start",
  environment: {
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: os.loadavg()[0],
    ours: `nosana-deployments ${ours.version()}`,
    types: `@nosana/types@${JSON.parse(readFileSync(join(ROOT, "node_modules/@nosana/types/package.json"), "utf8")).version}`,
    ajv: `ajv@${JSON.parse(readFileSync(join(ROOT, "node_modules/ajv/package.json"), "utf8")).version}`,
  },
  config: CONFIG,
  corpus: {
    documents: corpus.length,
    bytes: corpusBytes,
    meanBytes: Math.round(corpusBytes / corpus.length),
    pattern: "pipeline-templates__*job-definition*.json",
  },
  agreement,
  unit: "nanoseconds per document (median over rounds); spread = interquartile range / median",
  perDocument: { textValid, textInjected, objectValid, targetRounds, objectTargetRounds, pairedRatios },
  bySize: sizes,
  largestDocument: {
    bytes: largest.bytes,
    ops: largest.ops,
    basis: BASIS,
    msPerDocument: Object.fromEntries(Object.entries(largest.timing).map(([k, v]) => [k, pick(v) / 1e6])),
    mbPerSecond: Object.fromEntries(
      Object.entries(largest.timing).map(([k, v]) => [k, largest.bytes / 1048576 / (pick(v) / 1e9)]),
    ),
  },
  linearity: { basis: BASIS, nsPerKB: perKB, ratio: linearityRatio, fit },
  firstValidation: coldStart,
  memory,
  size,
  scale,
  cliScale,
  targets,
  sink: sink.value,
  phasesSeconds: phases,
  durationSeconds: (Date.now() - started) / 1000,
};

// ---------- report ----------
const us = (ns) => (ns / 1000).toFixed(2);
const pct = (x) => `${(x * 100).toFixed(0)}%`;
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

// One target as printed: `value / target → verdict (value ÷ target …)`, and the peer of the same run.
function targetParts(x, pairedRounds) {
  const fmt = {
    ratio: (v) => `${v.toFixed(2)}×`,
    ms: (v) => `${v.toFixed(1)} ms`,
    bytes: (v) => kb(v),
    slope: (v) => `slope ${v.toFixed(2)}`,
    cores: (v) => `CPU/wall ${v.toFixed(2)}`,
    verdict: (v) =>
      Object.entries(v)
        .filter(([k, n]) => k !== "pass" && typeof n === "number")
        .map(([k, n]) => `${k} ${Number.isInteger(n) ? n : n.toFixed(3)}`)
        .join(", ") || (v.pass ? "flat" : "grows"),
    memory: (v) => `wasm +${v.wasmGrowthBytes} B, RSS ${(v.rssGrowth * 100).toFixed(2)}%`,
  }[x.unit];
  const target =
    x.min !== undefined
      ? `≥ ${fmt(x.min)}`
      : x.max !== undefined
        ? `≤ ${fmt(x.max)}`
        : x.unit === "memory"
          ? `wasm +0 B, RSS ≤ ${x.maxRssGrowth * 100}%`
          : x.unit === "cores"
            ? `every core${x.cores ? ` (${x.cores})` : ""}`
            : "its bench's criterion";
  if (x.pass === null)
    return { value: `not measured: ${x.notMeasured}`, target, verdict: "NOT MEASURED", ratio: "", peer: "–" };
  let ratio = "";
  if (x.ratioToTarget !== undefined) {
    const missedBy = x.min !== undefined ? 1 - x.ratioToTarget : x.ratioToTarget - 1;
    ratio = ` (${x.ratioToTarget.toFixed(2)}${x.pass ? "" : `: missed by ${(missedBy * 100).toFixed(0)}%`})`;
  } else if (x.unit === "cores" && x.cores) {
    ratio = ` (${(x.value / x.cores).toFixed(2)} of ${x.cores} cores; speedup ${x.speedup?.toFixed?.(2) ?? "?"}× over ${x.files?.toLocaleString("en") ?? "?"} files)`;
  }
  const extras = [];
  if (x.interquartile) {
    extras.push(
      `middle half of ${x.rounds ?? pairedRounds} paired rounds ${fmt(x.interquartile[0])}–${fmt(x.interquartile[1])}, ratio of the tables' medians ${fmt(x.ratioOfMedians)}`,
    );
  }
  if (x.wholeModuleValue !== undefined && x.wholeModuleValue !== null)
    extras.push(`whole module ${fmt(x.wholeModuleValue)}`);
  if (x.budgetGzipBytes) extras.push(`size-check budget ${kb(x.budgetGzipBytes)}`);
  const peerFmt = (k, v) =>
    k.endsWith("ns/doc")
      ? `${k.replace(" ns/doc", "")} ${us(v)} µs/doc`
      : k.endsWith(" ms")
        ? `${k.replace(" ms", "")} ${v.toFixed(1)} ms`
        : `${k} ${kb(v)}`;
  const peers = Object.entries(x.peer ?? {}).map(([k, v]) => (v === null ? `${k} not measured` : peerFmt(k, v)));
  const peer = [...peers, ...extras].join("; ") || "–";
  return { value: fmt(x.value), target, verdict: x.pass ? "PASS" : "FAIL", ratio, peer };
}

function renderMarkdown(r) {
  const lines = [];
  const perDoc = (title, table, { typesKey, parseKey }) => {
    lines.push(
      `**${title}**`,
      "",
      "| validator | µs/doc wall | spread | µs/doc CPU¹ | spread | speed vs @nosana/types (wall / CPU) | cost vs JSON.parse (wall / CPU) |",
      "|---|---:|---:|---:|---:|---:|---:|",
    );
    const base = table[typesKey];
    const floor = parseKey ? table[parseKey] : null;
    for (const [name, s] of Object.entries(table)) {
      const speed = `${(base.median / s.median).toFixed(2)}× / ${(base.cpu.median / s.cpu.median).toFixed(2)}×`;
      const cost = floor
        ? `${(s.median / floor.median).toFixed(2)}× / ${(s.cpu.median / floor.cpu.median).toFixed(2)}×`
        : "–";
      lines.push(
        `| ${name} | ${us(s.median)} | ±${pct(s.spread / 2)} | ${us(s.cpu.median)} | ±${pct(s.cpu.spread / 2)} | ${speed} | ${cost} |`,
      );
    }
    lines.push("");
  };
  lines.push(
    `Medians over ${r.config.rounds} interleaved rounds; spread = ±half the interquartile range. ¹ CPU = on-CPU time of the main thread (${r.cpuClock}), which leaves out time spent waiting for a CPU on a busy machine. "ours" per document = the main entry's Node build (\`nosana-deployments\`, built with \`opt-level = 3\` for speed; its browser build is made for size); the job-definition entry (\`nosana-deployments/job\`) runs the same validator code built with \`opt-level = "s"\` for size (its own row).`,
    "",
  );
  perDoc(`Text in, ${r.corpus.documents} valid documents (mean ${r.corpus.meanBytes} B)`, r.perDocument.textValid, {
    typesKey: "JSON.parse + @nosana/types",
    parseKey: "JSON.parse",
  });
  perDoc("Text in, one injected error per document (prices ranges)", r.perDocument.textInjected, {
    typesKey: "JSON.parse + @nosana/types",
    parseKey: "JSON.parse",
  });
  perDoc("Object in (already parsed), valid documents", r.perDocument.objectValid, {
    typesKey: "@nosana/types",
    parseKey: null,
  });

  lines.push(
    `**Growth with size** (text in; µs per KB, ${r.basis === "cpu" ? "CPU" : "wall"} time)`,
    "",
    "| document | ops | JSON.parse | JSON.parse + @nosana/types | ours, errors only | ours ms/doc |",
    "|---:|---:|---:|---:|---:|---:|",
  );
  for (const s of r.bySize) {
    const per = (k) => us((r.basis === "cpu" ? s.timing[k].cpu.median : s.timing[k].median) / (s.bytes / 1024));
    lines.push(
      `| ${kb(s.bytes)} | ${s.ops} | ${per("JSON.parse")} | ${per("JSON.parse + @nosana/types")} | ${per("ours, errors only")} | ${((r.basis === "cpu" ? s.timing["ours, errors only"].cpu.median : s.timing["ours, errors only"].median) / 1e6).toFixed(3)} |`,
    );
  }
  const f = r.linearity.fit;
  lines.push(
    "",
    `Ours: log-log slope of time against size over the three largest documents ${f.exponentLargest3.toFixed(2)} (1.00 = linear).`,
  );
  const big = r.largestDocument;
  lines.push(
    "",
    `Largest document (${kb(big.bytes)}, ${big.ops} ops): ` +
      Object.entries(big.mbPerSecond)
        .map(([k, v]) => `${k} ${v.toFixed(1)} MB/s (${big.msPerDocument[k].toFixed(2)} ms)`)
        .join("; ") +
      ".",
    "",
  );

  const c = r.firstValidation;
  lines.push(
    `**Time to first validation** (fresh process, import → first result; median of ${r.config.coldRuns})`,
    "",
    "| validator | median ms | min–max ms | import ms | first call ms | process CPU ms |",
    "|---|---:|---:|---:|---:|---:|",
  );
  const coldRows = [
    ["oursJob", "**ours, job-definition entry** (`nosana-deployments/job`; compile + instantiate wasm)"],
    ["ours", "ours, whole module (`nosana-deployments`)"],
    ["types", "@nosana/types"],
    ["ajv", "ajv (+ schema compile)"],
  ];
  for (const [k, label] of coldRows) {
    lines.push(
      `| ${label} | ${c[k].ms.median.toFixed(1)} | ${c[k].ms.min.toFixed(1)}–${c[k].ms.max.toFixed(1)} | ${c[k].importMs.toFixed(1)} | ${c[k].firstCallMs.toFixed(1)} | ${c[k].cpuMs.toFixed(1)} |`,
    );
  }
  const wasmTimes = (x) =>
    `\`new WebAssembly.Module\` (synchronous compile) ${x.wasmCompileMs.toFixed(1)} ms, \`new WebAssembly.Instance\` ${x.wasmInstantiateMs.toFixed(1)} ms`;
  lines.push(
    "",
    `Ours inside the import (medians): job-definition entry ${wasmTimes(c.oursJob)}; whole module ${wasmTimes(c.ours)}.`,
    "",
  );
  const ms = (x) => (typeof x?.medianMs === "number" ? `${x.medianMs.toFixed(1)} ms` : "–");
  lines.push(
    c.chromium?.notMeasured
      ? `Headless Chromium: not measured (${c.chromium.notMeasured}).`
      : `Headless Chromium (bench/first-validation-browser.mjs, median of fresh pages): job-definition entry ${ms(c.chromium?.job)}, whole module ${ms(c.chromium?.whole)}.`,
    "",
  );

  const so = r.size.ours;
  const sj = r.size.oursJob;
  const st = r.size.theirs;
  lines.push(
    "**Size** (gzip = zlib level 9)",
    "",
    "| what | raw | gzip |",
    "|---|---:|---:|",
    `| ours, job-definition entry: wasm | ${kb(sj.files.wasm.raw)} | ${kb(sj.files.wasm.gzip)} |`,
    `| ours, job-definition entry: web glue (as shipped / minified) | ${kb(sj.files.webGlue.raw)} / ${kb(sj.files.webGlueMinified.raw)} | ${kb(sj.files.webGlue.gzip)} / ${kb(sj.files.webGlueMinified.gzip)} |`,
    `| **ours: job-definition entry** (\`nosana-deployments/job\`, what a page that validates job definitions ships: wasm + minified glue + entry) | ${kb(sj.total.raw)} | ${kb(sj.total.gzip)} |`,
    `| ours, whole module: wasm | ${kb(so.files.wasm.raw)} | ${kb(so.files.wasm.gzip)} |`,
    `| ours, whole module: web glue (as shipped / minified) | ${kb(so.files.webGlue.raw)} / ${kb(so.files.webGlueMinified.raw)} | ${kb(so.files.webGlue.gzip)} / ${kb(so.files.webGlueMinified.gzip)} |`,
    `| ours, whole module: node glue | ${kb(so.files.nodeGlue.raw)} | ${kb(so.files.nodeGlue.gzip)} |`,
    `| **ours: whole module** (\`nosana-deployments\`: validators, state machine and API client; wasm + minified glue + entry) | ${kb(so.total.raw)} | ${kb(so.total.gzip)} |`,
    `| ${st.types.package} validator, esbuild browser bundle | ${kb(st.types.raw)} | ${kb(st.types.gzip)} |`,
    st.typesAndApi.skipped
      ? `| @nosana/api + @nosana/types | not measured | ${st.typesAndApi.skipped.split(";")[0]} |`
      : `| ${st.typesAndApi.package}, esbuild browser bundle | ${kb(st.typesAndApi.raw)} | ${kb(st.typesAndApi.gzip)} |`,
    // Any other browser entry bench/size.mjs measures (e.g. an editor entry).
    ...Object.entries(r.size.entries ?? {})
      .filter(([k]) => k !== "job" && k !== "whole")
      .map(([k, x]) => `| ours: ${k} entry (${x.total.note}) | ${kb(x.total.raw)} | ${kb(x.total.gzip)} |`),
    "",
  );
  if (r.size.budgetCheck) {
    lines.push(
      `Size check (\`npm test\`, bench/size-budget.json, fails at ${(SIZE_BUDGET.tolerance * 100).toFixed(0)}% over a budget): ` +
        r.size.budgetCheck.map((v) => `${v.pass ? "ok" : "**FAIL**"} ${v.message}`).join("; ") +
        ".",
      "",
    );
  }
  const b = r.size.breakdown;
  if (b && !b.skipped) {
    const total = b.crates.reduce((n, x) => n + x.bytes, 0);
    lines.push(
      `Whole module's wasm code by crate (${b.functions} functions, ${kb(total)} of code; data section ${kb(b.sections.data ?? 0)}; ${b.matchesShipped ? "matches the shipped module" : "**does not match the shipped module (stale cargo output)**"}): ` +
        b.crates
          .slice(0, 8)
          .map((x) => `${x.crate} ${kb(x.bytes)}`)
          .join(", ") +
        ".",
      "",
      "Our code by module (export shims hold the code inlined into them): " +
        b.ourModules
          .slice(0, 10)
          .map((x) => `${x.module} ${kb(x.bytes)}`)
          .join(", ") +
        ".",
      "",
      "Largest functions: " +
        b.topFunctions
          .slice(0, 6)
          .map(
            (f) =>
              `\`${f.name
                .replace(/\[[0-9a-f]{16}\]/g, "")
                .replace(/::h[0-9a-f]{16}$/, "")
                .slice(0, 70)}\` ${kb(f.size)}`,
          )
          .join(", ") +
        ".",
      "",
    );
  } else if (b) {
    lines.push(`Wasm breakdown skipped: ${b.skipped}.`, "");
  }

  const m = r.memory;
  lines.push(
    `**Memory** (${m.total.toLocaleString("en")} validations of ${m.inputs} small valid/invalid inputs): wasm memory ${kb(m.afterImport.wasmMemoryBytes)} after import, ` +
      `${kb(m.points[m.checkpoint].wasmMemoryBytes)} after ${m.checkpoint.toLocaleString("en")}, ${kb(m.points[m.total].wasmMemoryBytes)} after ${m.total.toLocaleString("en")}; ` +
      `RSS ${(m.points[m.checkpoint].rssBytes / 1048576).toFixed(1)} MB → ${(m.points[m.total].rssBytes / 1048576).toFixed(1)} MB (${(m.rssGrowth * 100).toFixed(2)}%).`,
    "",
  );

  lines.push(
    "**Targets** (value / target → verdict (value ÷ target); the peer measured in the same run)",
    "",
    "| issue | target | value / target | result | peer, same run |",
    "|---:|---|---:|---|---|",
  );
  for (const x of Object.values(r.targets)) {
    const p = targetParts(x, r.config.pairedRounds);
    lines.push(`| #${x.issue} | ${x.text} | ${p.value} / ${p.target} | ${p.verdict}${p.ratio} | ${p.peer} |`);
  }
  lines.push(
    "",
    `Per-document and size targets judged on **${r.basis === "cpu" ? "main-thread CPU time (the machine was overloaded: load average above the CPU count at the start)" : "wall time"}**.`,
  );
  lines.push(
    "",
    `Node ${r.environment.node}, ${r.environment.cpus} × ${r.environment.cpuModel}, load average ${r.environment.loadAverageAtStart.toFixed(1)} at the start, ${r.environment.loadAverageAtEnd.toFixed(1)} at the end; ${r.environment.ours}, ${r.environment.types}, ${r.environment.ajv}; commit ${r.commit?.slice(0, 12) ?? "?"}; ${r.date}; ${r.mode} run in ${r.durationSeconds.toFixed(0)} s.`,
  );
  return lines.join("\n");
}

const markdown = renderMarkdown(results);
console.log(markdown);
console.log("");
for (const x of Object.values(targets)) {
  const p = targetParts(x, CONFIG.pairedRounds);
  console.log(
    `${x.text}\n    ${p.value} / ${p.target} → ${p.verdict}${p.ratio}${p.peer === "–" ? "" : `; peer: ${p.peer}`}`,
  );
}

if (JSON_OUT) {
  // Sections other benches record in the same file (bench/memory-bounds.mjs: memoryBounds) are kept.
  if (existsSync(JSON_OUT)) {
    const previous = JSON.parse(readFileSync(JSON_OUT, "utf8"));
    if (previous.memoryBounds !== undefined) results.memoryBounds ??= previous.memoryBounds;
  }
  const tmp = `${JSON_OUT}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(tmp, JSON_OUT);
  log(`results written to ${JSON_OUT}`);
}
if (UPDATE_DOCS) {
  const docs = join(ROOT, "docs/benchmarks.md");
  const text = readFileSync(docs, "utf8");
  const begin = "<!-- bench:results:begin -->";
  const end = "<!-- bench:results:end -->";
  if (!text.includes(begin) || !text.includes(end)) throw new Error(`${docs} has no ${begin} … ${end} markers`);
  writeFileSync(
    docs,
    `${text.slice(0, text.indexOf(begin) + begin.length)}\n${markdown}\n${text.slice(text.indexOf(end))}`,
  );
  log(`table updated in ${docs}`);
}
