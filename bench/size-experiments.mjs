// What build settings would do to the shipped size, without touching Cargo.toml or pkg/: rebuilds
// into temp folders with cargo's profile overridden from the environment, then wasm-bindgen and
// wasm-opt as scripts/build.mjs does, and reports raw and gzip (level 9) per variant.
//   node bench/size-experiments.mjs          (a few minutes: one extra cargo build per opt-level)
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./corpus.mjs";
import { gzip } from "./size.mjs";

const { ensureWasmBindgen } = await import("../scripts/wasm-bindgen.mjs");
const { wasmToolchain, WASM_TARGET } = await import("../scripts/toolchain.mjs");
const bindgen = join(ensureWasmBindgen(), "wasm-bindgen");
const wasmOpt = join(ROOT, "node_modules/binaryen/bin/wasm-opt");
const FEATURES = [
  "--enable-bulk-memory",
  "--enable-nontrapping-float-to-int",
  "--enable-sign-ext",
  "--enable-mutable-globals",
  "--enable-reference-types",
  "--enable-multivalue",
];
const toolchain = wasmToolchain();

const work = mkdtempSync(join(tmpdir(), "nosana-size-"));
const targetRoot = process.env.NOSANA_SIZE_TARGET_DIR ?? join(tmpdir(), "nosana-size-target");

function cargoWasm(optLevel) {
  const targetDir = join(targetRoot, `opt-${optLevel}`);
  // The features of pkg/web, the module compared (scripts/build.mjs: the browser build has no `secret-key`).
  execFileSync(
    toolchain.cargo,
    [
      "build",
      "--release",
      "--target",
      WASM_TARGET,
      "--lib",
      "--no-default-features",
      "--features",
      "full",
      ...toolchain.buildArgs,
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, ...toolchain.env, CARGO_TARGET_DIR: targetDir, CARGO_PROFILE_RELEASE_OPT_LEVEL: optLevel },
    },
  );
  return join(targetDir, WASM_TARGET, "release", "nosana_deployments.wasm");
}

function variant(name, input, optFlags) {
  const dir = join(work, name.replace(/\W+/g, "_"));
  execFileSync(bindgen, ["--target", "web", "--out-dir", dir, input], { stdio: "pipe" });
  const wasm = join(dir, "nosana_deployments_bg.wasm");
  if (optFlags)
    execFileSync(process.execPath, [wasmOpt, ...optFlags, ...FEATURES, wasm, "-o", wasm], { stdio: "pipe" });
  const buf = readFileSync(wasm);
  return { name, raw: buf.length, gzip: gzip(buf) };
}

try {
  const rows = [];
  const shipped = readFileSync(join(ROOT, "pkg/web/nosana_deployments_bg.wasm"));
  rows.push({ name: "shipped pkg/ (opt-level s, wasm-opt -Os)", raw: shipped.length, gzip: gzip(shipped) });
  for (const opt of ["s", "z"]) {
    console.error(`cargo build with opt-level=${opt} into ${targetRoot} …`);
    const input = cargoWasm(opt);
    if (!existsSync(input)) throw new Error(`no ${input}`);
    rows.push(variant(`opt-level ${opt}, no wasm-opt`, input, null));
    rows.push(variant(`opt-level ${opt}, wasm-opt -Os`, input, ["-Os"]));
    rows.push(variant(`opt-level ${opt}, wasm-opt -Oz`, input, ["-Oz"]));
    rows.push(
      variant(`opt-level ${opt}, wasm-opt -Oz --converge, no names/producers`, input, [
        "-Oz",
        "--converge",
        "--strip-debug",
        "--strip-producers",
      ]),
    );
  }
  console.log("| variant | raw | gzip -9 |\n|---|---:|---:|");
  for (const r of rows)
    console.log(`| ${r.name} | ${(r.raw / 1024).toFixed(1)} KB | ${(r.gzip / 1024).toFixed(1)} KB |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
