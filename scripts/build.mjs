// Builds the npm package's wasm: cargo (release, wasm32) → wasm-bindgen (Node and browser ES module
// targets) → wasm-opt (from the npm `binaryen` package). Skips everything when no input changed.
// Four modules: the whole package for Node (pkg/node) and for browsers (pkg/web: no `secretKey`,
// built for size), the job-definition validator alone of the `nosana-deployments/job` entry
// (pkg/job-node, pkg/job-web: no default features, so no API client, no deployment functions and no
// language service), and the validator plus the language service of `nosana-deployments/editor`
// (pkg/editor-node, pkg/editor-web: feature `editor` only).
// The Node module is also written as an ES module that waits for `init()` (pkg/node-esm), for the
// `nosana-deployments/init` entry in Node (js/init-node.mjs); the browser ones serve both ways.
//   node scripts/build.mjs [--force] [--no-opt] [--only node,web,job,editor] [--help]
// `--only` builds the named modules alone (for a quick measurement while developing); it never
// writes the up-to-date stamp, so the next plain build makes all four again.
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { exportErrors } from "./error-exports.mjs";
import { guardFreedObjects } from "./freed-objects.mjs";
import { foldSnippets } from "./startup-glue.mjs";
import { wasmToolchain, WASM_TARGET } from "./toolchain.mjs";
import { ensureWasmBindgen } from "./wasm-bindgen.mjs";
import { log, main, ROOT, run, SetupError } from "./util.mjs";

const CRATE = "nosana_deployments";
const PKG = join(ROOT, "pkg");
const STAMP = join(PKG, ".build-stamp");
// Module types for the two outputs: the Node build is CommonJS, the browser build an ES module.
const NODE = { dir: "node", bindgenTarget: "nodejs", type: "commonjs" };
const WEB = { dir: "web", bindgenTarget: "web", type: "module" };
const NODE_ESM = { dir: "node-esm", bindgenTarget: "web", type: "module" };
// The four modules. Each has its own cargo profile, hence its own output dir (see Cargo.toml), so
// no build overwrites another's wasm. The whole package is built twice: for Node at opt-level 3
// with `secretKey`, and for browsers for size, without it (Cargo.toml, `release-web`).
const VARIANTS = [
  {
    key: "node",
    name: "whole package for Node",
    profile: "release",
    cargoArgs: [],
    prefix: "",
    targets: [NODE, NODE_ESM],
  },
  {
    key: "web",
    name: "whole package for browsers",
    profile: "release-web",
    cargoArgs: ["--no-default-features", "--features", "full"],
    prefix: "",
    targets: [WEB],
  },
  {
    key: "job",
    name: "job definitions only",
    profile: "release-job",
    cargoArgs: ["--no-default-features"],
    prefix: "job-",
    targets: [NODE, WEB],
  },
  {
    key: "editor",
    name: "job definitions and the language service",
    profile: "release-editor",
    cargoArgs: ["--no-default-features", "--features", "editor"],
    prefix: "editor-",
    targets: [NODE, WEB],
  },
];
const OUTPUTS = VARIANTS.flatMap((variant) =>
  variant.targets.map((target) => ({ variant, target, dir: join(PKG, `${variant.prefix}${target.dir}`) })),
);

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

function inputsHash(extra) {
  const hash = createHash("sha256").update(extra);
  const inputs = [
    ...filesUnder(join(ROOT, "src")),
    ...[
      "Cargo.toml",
      "Cargo.lock",
      "scripts/build.mjs",
      "scripts/error-exports.mjs",
      "scripts/freed-objects.mjs",
      "scripts/startup-glue.mjs",
      "scripts/toolchain.mjs",
    ].map((f) => join(ROOT, f)),
  ];
  for (const file of inputs.filter(existsSync).sort()) {
    hash.update(relative(ROOT, file)).update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** wasm-opt's arguments for every build (and for the bench's named copies, which must match).
 * `--one-caller-inline-max-function-size 200`: binaryen otherwise inlines every function that has
 * one caller, whatever its size, and folded the job rules into one 47 KB function that V8's baseline
 * compiler took ~7 ms to compile on the first call (see `job::validate`); 2.7 KB less gzipped too. */
export const WASM_OPT_ARGS = [
  "-Os",
  "--one-caller-inline-max-function-size",
  "200",
  "--enable-bulk-memory",
  "--enable-nontrapping-float-to-int",
  "--enable-sign-ext",
  "--enable-mutable-globals",
  "--enable-reference-types",
  "--enable-multivalue",
];

function wasmOpt(file) {
  const bin = join(ROOT, "node_modules", "binaryen", "bin", "wasm-opt");
  if (!existsSync(bin))
    throw new SetupError(
      "wasm-opt (npm package binaryen) is missing: run `npm install` first, or build with --no-opt.",
    );
  const before = statSync(file).size;
  run(process.execPath, [bin, ...WASM_OPT_ARGS, file, "-o", file]);
  log(`wasm-opt ${relative(ROOT, file)}: ${before} → ${statSync(file).size} bytes`);
}

// wasm-bindgen writes `inline_js` snippets as ES modules even for its CommonJS Node target, which
// then `require`s them and fails. Our snippets are plain `export function` declarations: turn them
// into CommonJS for that target.
export function snippetsToCommonJs(dir) {
  if (!existsSync(dir)) return;
  for (const file of filesUnder(dir).filter((f) => f.endsWith(".js"))) {
    const source = readFileSync(file, "utf8");
    const names = [...source.matchAll(/^export function (\w+)/gm)].map((m) => m[1]);
    if (/^\s*(import|export)\b(?! function)/m.test(source)) {
      throw new SetupError(
        `${relative(ROOT, file)}: only \`export function\` snippets can be converted for the Node build`,
      );
    }
    const body = source.replace(/^export function /gm, "function ");
    writeFileSync(file, `${body}\nmodule.exports = { ${names.join(", ")} };\n`);
  }
}

export function build({ force = false, optimize = true, only = null } = {}) {
  if (only) {
    const unknown = only.filter((key) => !VARIANTS.some((v) => v.key === key));
    if (unknown.length || !only.length)
      throw new SetupError(`--only takes ${VARIANTS.map((v) => v.key).join(", ")} (comma-separated)`);
  }
  const variants = only ? VARIANTS.filter((v) => only.includes(v.key)) : VARIANTS;
  const outputs = OUTPUTS.filter((o) => variants.includes(o.variant));
  const toolchain = wasmToolchain();
  const bindgenDir = ensureWasmBindgen();
  const stamp = inputsHash(JSON.stringify({ toolchain: toolchain.name, optimize }));
  const complete = OUTPUTS.every((o) => existsSync(join(o.dir, `${CRATE}_bg.wasm`)));
  if (!only && !force && complete && existsSync(STAMP) && readFileSync(STAMP, "utf8") === stamp) {
    log("wasm build is up to date");
    return;
  }
  // Where cargo puts it: the route's own dir, else the caller's CARGO_TARGET_DIR, else target/.
  const targetDir = toolchain.env.CARGO_TARGET_DIR ?? process.env.CARGO_TARGET_DIR ?? "target";
  const wasmOf = new Map();
  for (const variant of variants) {
    log(`building the ${variant.name} for ${WASM_TARGET} with the ${toolchain.name} toolchain`);
    const args = [
      "build",
      "--profile",
      variant.profile,
      "--target",
      WASM_TARGET,
      "--lib",
      ...variant.cargoArgs,
      ...toolchain.buildArgs,
    ];
    run(toolchain.cargo, args, { env: toolchain.env });
    wasmOf.set(variant, resolve(ROOT, targetDir, WASM_TARGET, variant.profile, `${CRATE}.wasm`));
  }

  for (const { variant, target, dir } of outputs) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    run(join(bindgenDir, "wasm-bindgen"), ["--target", target.bindgenTarget, "--out-dir", dir, wasmOf.get(variant)]);
    writeFileSync(join(dir, "package.json"), `${JSON.stringify({ type: target.type }, null, 2)}\n`);
    if (target.type === "commonjs") snippetsToCommonJs(join(dir, "snippets"));
    guardFreedObjects(join(dir, `${CRATE}.js`));
    exportErrors(dir, CRATE, target.type);
    foldSnippets(dir, CRATE, target.type);
  }
  if (optimize) {
    for (const variant of variants) {
      const [first, ...rest] = outputs.filter((o) => o.variant === variant).map((o) => join(o.dir, `${CRATE}_bg.wasm`));
      const original = readFileSync(first);
      wasmOpt(first);
      // The targets usually carry the same module: optimise it once and copy it.
      for (const file of rest) {
        if (readFileSync(file).equals(original)) copyFileSync(first, file);
        else wasmOpt(file);
      }
    }
  }
  if (only) {
    rmSync(STAMP, { force: true });
    log(`wasm build of ${only.join(", ")} done (no up-to-date stamp: the next plain build makes every module)`);
    return;
  }
  writeSchemas();
  writeFileSync(STAMP, stamp);
  log("wasm build done");
}

/** The JSON Schemas the package ships (`schema/`), written by the generator in the built Node
 * module (`src/lang/schema.rs`); tests/lang_schema.rs fails when the checked-in files differ. */
export function writeSchemas() {
  const lib = createRequire(import.meta.url)(join(PKG, "node", `${CRATE}.js`));
  const dir = join(ROOT, "schema");
  mkdirSync(dir, { recursive: true });
  for (const [file, schema] of [
    ["job-definition.schema.json", lib.jobDefinitionJsonSchema()],
    ["deployment.schema.json", lib.deploymentJsonSchema()],
  ]) {
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    const path = join(dir, file);
    if (!existsSync(path) || readFileSync(path, "utf8") !== text) {
      writeFileSync(path, text);
      log(`wrote ${relative(ROOT, path)}`);
    }
  }
}

const USAGE = `usage: node scripts/build.mjs [--force] [--no-opt] [--only node,web,job,editor]
  --force    rebuild even when no input changed
  --no-opt   skip wasm-opt
  --only     build only these modules (node = pkg/node + pkg/node-esm, web = pkg/web,
             job = pkg/job-node + pkg/job-web, editor = pkg/editor-node + pkg/editor-web);
             writes no up-to-date stamp`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
  } else {
    const at = argv.indexOf("--only");
    const only = at >= 0 ? (argv[at + 1] ?? "").split(",").filter(Boolean) : null;
    const known = new Set(["--force", "--no-opt", "--only"]);
    const unknown = argv.filter((arg, i) => !known.has(arg) && !(at >= 0 && i === at + 1));
    if (unknown.length) {
      console.error(`unknown argument ${unknown[0]}\n${USAGE}`);
      process.exitCode = 2;
    } else {
      await main(() => build({ force: argv.includes("--force"), optimize: !argv.includes("--no-opt"), only }));
    }
  }
}
