// Build flags by measurement (issue 24): for cargo outputs built with different profiles, every
// wasm-opt flag set gives a module whose size (gzip -9) and per-document cost of text validation
// with every rule are measured. All variants are loaded into one process and timed in interleaved
// rounds (CPU time, median of the rounds), so load on the machine hits them alike.
//   node bench/build-flags.mjs label=path/to/cargo.wasm [label=…] [--opt "-Os|-Oz|-Oz --converge"] [--rounds 15]
// The cargo outputs come from `cargo build --lib --target wasm32-unknown-unknown --profile …`
// (with CARGO_PROFILE_<NAME>_OPT_LEVEL etc. to vary one setting). Results: docs/benchmarks.md,
// "Where the bytes go (issue 24)".
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import { snippetsToCommonJs, WASM_OPT_ARGS } from "../scripts/build.mjs";
import { ROOT } from "../scripts/util.mjs";
import { ensureWasmBindgen } from "../scripts/wasm-bindgen.mjs";
import { median } from "./harness.mjs";
import { corpusFiles } from "../tests/js/corpus.mjs";

const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : fallback;
};
const inputs = argv.filter((a, i) => a.includes("=") && !argv[i - 1]?.startsWith("--"));
// The build's own flags minus its -O level, so only the level (and --converge) varies.
const FEATURES = WASM_OPT_ARGS.filter((a) => a !== "-Os");
const optSets = flag("--opt", "-Os|-Oz|-Oz --converge|-O3").split("|");
const ROUNDS = Number(flag("--rounds", 15));

const dir = mkdtempSync(join(tmpdir(), "build-flags-"));
const bindgen = join(ensureWasmBindgen(), "wasm-bindgen");
const wasmOpt = join(ROOT, "node_modules", "binaryen", "bin", "wasm-opt");
const require = createRequire(import.meta.url);

const variants = [];
for (const input of inputs) {
  const [label, wasm] = input.split("=");
  for (const opt of optSets) {
    const out = join(dir, `${label}${opt}`.replace(/[^\w-]+/g, "_"));
    mkdirSync(out, { recursive: true });
    execFileSync(bindgen, ["--target", "nodejs", "--out-dir", out, wasm]);
    snippetsToCommonJs(join(out, "snippets"));
    // wasm-bindgen names its output after the input file.
    const stem = basename(wasm, ".wasm");
    const file = join(out, `${stem}_bg.wasm`);
    execFileSync(process.execPath, [wasmOpt, ...opt.split(" "), ...FEATURES, file, "-o", file]);
    const bytes = readFileSync(file);
    variants.push({
      name: `${label} ${opt}`,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      lib: require(join(out, `${stem}.js`)),
      samples: [],
    });
  }
}

const texts = corpusFiles()
  .filter((f) => f.endsWith(".json"))
  .map((f) => readFileSync(f, "utf8"));
const REPEAT = 20;
function round(lib) {
  const start = process.cpuUsage();
  for (let r = 0; r < REPEAT; r++) for (const t of texts) lib.validateJobDefinition(t);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (REPEAT * texts.length);
}
for (const v of variants) round(v.lib); // warm-up: compile tiers, caches
for (let i = 0; i < ROUNDS; i++) {
  // Interleaved, and each round in a rotated order so no variant always runs first.
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(i + k) % variants.length];
    v.samples.push(round(v.lib));
  }
}
console.log(`${texts.length} corpus texts × ${REPEAT} per round, ${ROUNDS} rounds; CPU µs per document (median)`);
console.log("variant".padEnd(34), "raw".padStart(9), "gzip".padStart(9), "µs/doc".padStart(8));
for (const v of variants)
  console.log(
    v.name.padEnd(34),
    String(v.raw).padStart(9),
    String(v.gzip).padStart(9),
    median(v.samples).toFixed(2).padStart(8),
  );
