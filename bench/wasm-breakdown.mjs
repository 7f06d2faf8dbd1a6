// Per-crate cost of our wasm. The shipped module has no names, so the breakdown is made from the
// cargo output (which keeps the `name` section), put through the same wasm-bindgen and the same
// `wasm-opt -Os` as scripts/build.mjs but with `-g` (keep names), in a temp folder: Cargo.toml and
// pkg/ are not touched. The code section of that module is compared with the shipped one so a stale
// cargo output shows (the bench reports `matchesShipped`).
//   node bench/wasm-breakdown.mjs            prints the table
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ROOT } from "./corpus.mjs";
import { WASM_OPT_ARGS } from "../scripts/build.mjs";

// ---- a minimal wasm reader: sections, imported function count, code bodies, function names ----
function leb(buf, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [result, pos];
  }
}

function readName(buf, pos) {
  const [len, p] = leb(buf, pos);
  return [buf.toString("utf8", p, p + len), p + len];
}

export function parseWasm(buf) {
  const sections = [];
  let pos = 8;
  while (pos < buf.length) {
    const id = buf[pos];
    const [size, start] = leb(buf, pos + 1);
    let name = null;
    if (id === 0) [name] = readName(buf, start);
    sections.push({ id, name, start, end: start + size, bytes: start + size - pos });
    pos = start + size;
  }
  let importedFuncs = 0;
  const imp = sections.find((s) => s.id === 2);
  if (imp) {
    let [count, p] = leb(buf, imp.start);
    for (let i = 0; i < count; i++) {
      [, p] = readName(buf, p);
      [, p] = readName(buf, p);
      const kind = buf[p++];
      if (kind === 0) {
        [, p] = leb(buf, p);
        importedFuncs++;
      } else if (kind === 1) {
        p++; // reftype
        const flags = buf[p++];
        [, p] = leb(buf, p);
        if (flags & 1) [, p] = leb(buf, p);
      } else if (kind === 2) {
        const flags = buf[p++];
        [, p] = leb(buf, p);
        if (flags & 1) [, p] = leb(buf, p);
      } else if (kind === 3) {
        p += 2; // valtype, mut
      } else if (kind === 4) {
        p++;
        [, p] = leb(buf, p);
      }
    }
  }
  const bodies = [];
  const code = sections.find((s) => s.id === 10);
  if (code) {
    let [count, p] = leb(buf, code.start);
    for (let i = 0; i < count; i++) {
      const [size, body] = leb(buf, p);
      bodies.push(body + size - p);
      p = body + size;
    }
  }
  const names = new Map();
  const nameSec = sections.find((s) => s.id === 0 && s.name === "name");
  if (nameSec) {
    let [, p] = readName(buf, nameSec.start);
    while (p < nameSec.end) {
      const sub = buf[p];
      const [size, body] = leb(buf, p + 1);
      if (sub === 1) {
        let [count, q] = leb(buf, body);
        for (let i = 0; i < count; i++) {
          let idx;
          let n;
          [idx, q] = leb(buf, q);
          [n, q] = readName(buf, q);
          names.set(idx, n);
        }
      }
      p = body + size;
    }
  }
  return { sections, importedFuncs, bodies, names };
}

const SECTION = {
  1: "type",
  2: "import",
  3: "function",
  4: "table",
  5: "memory",
  6: "global",
  7: "export",
  9: "elem",
  10: "code",
  11: "data",
  12: "datacount",
};

const PRIMITIVE = /^(bool|char|str|u8|u16|u32|u64|u128|usize|i8|i16|i32|i64|i128|isize|f32|f64)\b/;

/** The crate a (demangled) Rust symbol belongs to: `<serde_json::Value as core::fmt::Debug>::fmt` → serde_json. */
export function crateOf(raw) {
  const name = raw.replace(/\[[0-9a-f]{16}\]/g, ""); // `core[c5930c85a12de822]::` → `core::`
  if (/ (externref|multivalue) shim$|^__wbindgen|^__wbg|^__externref|^wasm_bindgen/.test(name))
    return "exports (wasm-bindgen shims + inlined code)";
  if (/^(memcpy|memmove|memset|memcmp|bcmp|strlen)$/.test(name)) return "compiler_builtins (mem*)";
  if (/^(dlmalloc|__rdl_|__rust_|__rg_|__rustc::)/.test(name)) return "std (allocator)";
  const n = name.replace(/^(<|&|\*const |\*mut |mut |dyn |\[)+/, "");
  // `<f64 as core::fmt::Display>::fmt`, `<char>::escape_debug_ext`: a primitive's code is core's.
  if (PRIMITIVE.test(n)) {
    const trait = / as ([A-Za-z_][A-Za-z0-9_]*)::/.exec(n);
    return trait ? trait[1] : "core";
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(n);
  if (m) return m[1] === "dlmalloc" ? "std (allocator)" : m[1];
  return "(unnamed / other)";
}

export function breakdown(buf) {
  const { sections, importedFuncs, bodies, names } = parseWasm(buf);
  const byCrate = new Map();
  const byModule = new Map();
  const fns = [];
  bodies.forEach((size, i) => {
    const name = names.get(importedFuncs + i) ?? `func[${importedFuncs + i}]`;
    const crate = crateOf(name);
    byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
    // Our own code by top-level module, and each export's shim (into which its Rust code is often inlined).
    const own = /^<?nosana_deployments(?:\[[0-9a-f]{16}\])?::(\w+)/.exec(name);
    const shim = / (?:externref|multivalue) shim/.test(name) ? name.split(" ")[0] : null;
    const module = own ? `nosana_deployments::${own[1]}` : shim ? `export ${shim}` : null;
    if (module) byModule.set(module, (byModule.get(module) ?? 0) + size);
    fns.push({ name, size, crate });
  });
  const sectionBytes = {};
  for (const s of sections) {
    const key = s.id === 0 ? `custom:${s.name}` : (SECTION[s.id] ?? `id${s.id}`);
    sectionBytes[key] = (sectionBytes[key] ?? 0) + s.bytes;
  }
  return {
    sections: sectionBytes,
    functions: bodies.length,
    crates: [...byCrate.entries()].map(([crate, bytes]) => ({ crate, bytes })).sort((a, b) => b.bytes - a.bytes),
    ourModules: [...byModule.entries()].map(([module, bytes]) => ({ module, bytes })).sort((a, b) => b.bytes - a.bytes),
    topFunctions: fns.sort((a, b) => b.size - a.size).slice(0, 15),
  };
}

/** The newest cargo output of `profile` (`release-web`: the browser build of the whole package). */
function newestCargoWasm(profile) {
  const file = `wasm32-unknown-unknown/${profile}/nosana_deployments.wasm`;
  const candidates = [
    ...(process.env.CARGO_TARGET_DIR ? [join(resolve(ROOT, process.env.CARGO_TARGET_DIR), file)] : []),
    join(ROOT, "target", file),
    join(ROOT, "target/debian", file),
  ].filter(existsSync);
  return candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0] ?? null;
}

async function wasmBindgenBin() {
  // The build's own lookup (PATH or its cache); the bootstrap before `npm run bench` has provided it.
  try {
    const { ensureWasmBindgen } = await import("../scripts/wasm-bindgen.mjs");
    const bin = join(ensureWasmBindgen(), "wasm-bindgen");
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/**
 * Writes the shipped module again, with function names, into `dir`: wasm-bindgen `--target`
 * (`web` or `nodejs`) on the cargo output, then scripts/build.mjs's wasm-opt flags plus `-g`.
 * Returns the path of the named .wasm; throws `{ skipped }`-style Errors when a tool is missing.
 */
export async function buildNamedWasm(dir, target = "web") {
  // The module each target ships: pkg/web comes from the `release-web` profile, pkg/node from `release`.
  const cargoWasm = newestCargoWasm(target === "web" ? "release-web" : "release");
  if (!cargoWasm) throw new Error("no cargo output in target/: run `node scripts/build.mjs` first");
  const bindgen = await wasmBindgenBin();
  if (!bindgen) throw new Error("the pinned wasm-bindgen CLI is not installed (scripts/build.mjs installs it)");
  const wasmOpt = join(ROOT, "node_modules/binaryen/bin/wasm-opt");
  if (!existsSync(wasmOpt)) throw new Error("node_modules/binaryen is missing: run `npm ci`");
  execFileSync(bindgen, ["--target", target, "--out-dir", dir, cargoWasm], { stdio: "pipe" });
  const named = join(dir, "nosana_deployments_bg.wasm");
  execFileSync(process.execPath, [wasmOpt, ...WASM_OPT_ARGS, "-g", named, "-o", named], { stdio: "pipe" });
  return { named, source: cargoWasm.replace(`${ROOT}/`, "") };
}

/** The per-crate breakdown of the shipped module, or `{ skipped: reason }`. */
export async function wasmBreakdown() {
  const dir = mkdtempSync(join(tmpdir(), "nosana-bench-wasm-"));
  try {
    const { named, source } = await buildNamedWasm(dir, "web");
    const result = breakdown(readFileSync(named));
    const shipped = parseWasm(readFileSync(join(ROOT, "pkg/web/nosana_deployments_bg.wasm")));
    const shippedCode = shipped.sections.find((s) => s.id === 10)?.bytes ?? 0;
    result.matchesShipped = result.functions === shipped.bodies.length && result.sections.code === shippedCode;
    result.shippedCodeBytes = shippedCode;
    result.source = source;
    return result;
  } catch (err) {
    return { skipped: String(err.message).split("\n")[0] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await wasmBreakdown();
  if (r.skipped) {
    console.log(`skipped: ${r.skipped}`);
  } else {
    console.log(`source ${r.source}; ${r.functions} functions; matches shipped: ${r.matchesShipped}`);
    console.log("sections:", r.sections);
    for (const { crate, bytes } of r.crates) console.log(`${String(bytes).padStart(8)}  ${crate}`);
    console.log("our code by module / export shim:");
    for (const { module, bytes } of r.ourModules) console.log(`${String(bytes).padStart(8)}  ${module}`);
    console.log("top functions:");
    for (const f of r.topFunctions) console.log(`${String(f.size).padStart(8)}  ${f.name}`);
  }
}
