// Where the time goes in a validation call, seen from Node: a V8 CPU profile of a loop over the
// corpus, against a copy of the Node build whose wasm keeps its function names (built in a temp
// folder; pkg/ is untouched). Self time is grouped into: wasm by crate, the wasm-bindgen JS glue,
// V8 builtins (JSON.parse, TextEncoder …) and the rest.
//   node bench/profile.mjs [text|injected|object|tiny] [--warnings] [--seconds N] [--top N]
// (`tiny`: one minimal valid document, to see the fixed cost of a call)
// For the Rust side alone, natively: see docs/benchmarks.md (examples/profile.rs + callgrind).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./corpus.mjs";
import { buildNamedWasm, crateOf } from "./wasm-breakdown.mjs";
import { snippetsToCommonJs } from "../scripts/build.mjs";

const args = process.argv.slice(2);
const mode = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a)) ?? "text";
const warnings = args.includes("--warnings");
const seconds = args.includes("--seconds") ? Number(args[args.indexOf("--seconds") + 1]) : 4;
const top = args.includes("--top") ? Number(args[args.indexOf("--top") + 1]) : 25;

const dir = mkdtempSync(join(tmpdir(), "nosana-bench-profile-"));
try {
  console.error("building a named copy of the Node build …");
  await buildNamedWasm(dir, "nodejs");
  snippetsToCommonJs(join(dir, "snippets")); // as scripts/build.mjs does for the Node build
  writeFileSync(join(dir, "package.json"), '{"type":"commonjs"}\n');
  const loop = join(dir, "loop.mjs");
  writeFileSync(
    loop,
    `import { createRequire } from "node:module";
import { injectError, loadCorpus } from ${JSON.stringify(join(ROOT, "bench/corpus.mjs"))};
const require = createRequire(import.meta.url);
const { validateJobDefinition } = require("./nosana_deployments.js");
const corpus = loadCorpus();
const inputs = ${JSON.stringify(mode)} === "tiny" ? ['{"version":"0.1","type":"container","ops":[]}']
  : ${JSON.stringify(mode)} === "object" ? corpus.map((d) => d.object)
  : ${JSON.stringify(mode)} === "injected" ? corpus.map((d) => injectError(d.text)) : corpus.map((d) => d.text);
const options = { warnings: ${warnings} };
let sink = 0, calls = 0;
const end = Date.now() + ${seconds * 1000};
while (Date.now() < end) for (const x of inputs) { sink += validateJobDefinition(x, options).issues.length; calls++; }
console.log(JSON.stringify({ calls, sink }));
`,
  );
  console.error(`profiling ${mode} input${warnings ? " with warnings" : ", errors only"} for ${seconds} s …`);
  const out = execFileSync(
    process.execPath,
    ["--cpu-prof", "--cpu-prof-interval", "100", "--cpu-prof-dir", dir, loop],
    { encoding: "utf8", env: process.env },
  );
  const { calls } = JSON.parse(out.trim().split("\n").at(-1));
  const profile = JSON.parse(
    readFileSync(
      join(
        dir,
        readdirSync(dir).find((f) => f.endsWith(".cpuprofile")),
      ),
      "utf8",
    ),
  );

  // Self time per node = its sample count × the mean interval.
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const byFunction = new Map();
  const byGroup = new Map();
  for (const node of profile.nodes) {
    const n = counts.get(node.id) ?? 0;
    if (!n) continue;
    const { functionName, url } = node.callFrame;
    const name = functionName || "(anonymous)";
    let group;
    if (url.startsWith("wasm://")) group = `wasm: ${crateOf(name)}`;
    else if (url.includes("nosana_deployments.js")) group = "JS glue (wasm-bindgen)";
    else if (name === "(garbage collector)") group = "GC";
    else if (name === "(program)" || name === "(idle)") group = "V8 (program/idle)";
    else if (!url) group = `V8 builtin`;
    else if (url.endsWith("loop.mjs")) group = "benchmark loop";
    else group = "other JS";
    const key = `${name}  [${url.startsWith("wasm://") ? "wasm" : url ? url.split("/").at(-1) : "builtin"}]`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + n);
    byGroup.set(group, (byGroup.get(group) ?? 0) + n);
  }
  const usPerCall = (profile.endTime - profile.startTime) / calls;
  console.log(`${calls} calls, ${usPerCall.toFixed(2)} µs per call (under the profiler), ${total} samples\n`);
  console.log("self time by group:");
  for (const [g, n] of [...byGroup].sort((a, b) => b[1] - a[1]))
    console.log(`${((100 * n) / total).toFixed(1).padStart(6)}%  ${g}`);
  console.log(`\ntop ${top} functions by self time:`);
  for (const [f, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * n) / total).toFixed(1).padStart(6)}%  ${f}`);
  if (args.includes("--keep")) {
    const keep = join(tmpdir(), `nosana-profile-${mode}.cpuprofile`);
    copyFileSync(
      join(
        dir,
        readdirSync(dir).find((f) => f.endsWith(".cpuprofile")),
      ),
      keep,
    );
    console.error(`profile kept as ${keep} (open in Chrome DevTools → Performance)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
