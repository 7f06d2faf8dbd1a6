// Provides wasm-bindgen (and wasm-bindgen-test-runner) at exactly the version of the `wasm-bindgen`
// crate pinned in Cargo.toml: the CLI refuses modules made by another version.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { capture, log, main, ROOT, run, SetupError } from "./util.mjs";

export function pinnedWasmBindgenVersion() {
  const manifest = readFileSync(join(ROOT, "Cargo.toml"), "utf8");
  const match = /^wasm-bindgen\s*=\s*"=([0-9.]+)"/m.exec(manifest);
  if (!match) throw new SetupError('Cargo.toml must pin wasm-bindgen exactly (wasm-bindgen = "=x.y.z").');
  return match[1];
}

function versionOf(binary) {
  const out = capture(binary, ["--version"]);
  return out?.split(/\s+/)[1] ?? null;
}

/** @returns {string} the directory holding wasm-bindgen and wasm-bindgen-test-runner */
export function ensureWasmBindgen() {
  const version = pinnedWasmBindgenVersion();
  // A per-version cache outside the repository: fresh clones reuse it, and a different wasm-bindgen
  // on PATH (another project's) is left alone.
  const cacheRoot = join(
    process.env.NOSANA_TOOLS_DIR ?? join(homedir(), ".cache", "nosana-deployments"),
    `wasm-bindgen-${version}`,
  );
  const cached = join(cacheRoot, "bin");
  if (versionOf(join(cached, "wasm-bindgen")) === version) return cached;

  const onPath = capture("sh", ["-c", "command -v wasm-bindgen"]);
  const pathVersion = onPath ? versionOf(onPath) : null;
  if (pathVersion === version && existsSync(onPath.replace(/wasm-bindgen$/, "wasm-bindgen-test-runner"))) {
    return onPath.replace(/\/wasm-bindgen$/, "");
  }
  if (pathVersion)
    log(
      `wasm-bindgen ${pathVersion} on PATH (${onPath}) does not match the pinned ${version}; installing ${version} into ${cacheRoot}`,
    );
  else log(`installing wasm-bindgen-cli ${version} into ${cacheRoot} (about 5 minutes, once)`);
  // Not --locked: one locked dependency version is missing from the registry mirror here.
  run("cargo", ["install", "wasm-bindgen-cli", "--version", version, "--root", cacheRoot], {
    hint:
      "Installing wasm-bindgen-cli needs cargo and the crates.io registry. Check the network, or install it yourself: " +
      `cargo install wasm-bindgen-cli --version ${version}`,
  });
  if (versionOf(join(cached, "wasm-bindgen")) !== version)
    throw new SetupError(`wasm-bindgen ${version} was installed but does not run from ${cached}.`);
  return cached;
}

// `node scripts/wasm-bindgen.mjs` provides the pinned CLI on its own and prints where it is.
if (import.meta.url === `file://${process.argv[1]}`) {
  await main(() => console.log(ensureWasmBindgen()));
}
