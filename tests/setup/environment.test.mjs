// A bad environment gets one clear message and exit code 1, not a stack trace or a hang.
// Each case builds the bad environment for real: an unprivileged user with no toolchain, a dead
// registry, a wrong wasm-bindgen on PATH.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const isRoot = process.getuid?.() === 0;
const DEAD_REGISTRY = "http://127.0.0.1:9/"; // port 9 (discard): nothing listens, connections are refused

function run(cmd, args, { env, cwd = ROOT } = {}) {
  return spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 120_000 });
}

test("no root and no toolchain: says exactly what to install", { skip: !isRoot && "needs root to create an unprivileged user's view (unshare + runuser)" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "nd-noroot-"));
  cpSync(join(ROOT, "scripts"), join(dir, "scripts"), { recursive: true });
  cpSync(join(ROOT, "Cargo.toml"), join(dir, "Cargo.toml"));
  chmodSync(dir, 0o755);
  // Hide Debian's rustc in a private mount namespace, then drop to `nobody` with no rustup on PATH.
  const script = `mount --bind /dev/null /usr/bin/rustc && exec runuser -u nobody -- env -i PATH=/usr/bin:/bin HOME=/tmp ${process.execPath} scripts/build.mjs`;
  const result = run("unshare", ["-m", "sh", "-c", script], { cwd: dir });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /error: No Rust toolchain here can build for wasm32-unknown-unknown/);
  assert.match(result.stderr, /rustup target add wasm32-unknown-unknown/);
  assert.match(result.stderr, /apt-get install -y rustc-web cargo-web rust-web-src lld/);
  assert.doesNotMatch(result.stderr, /at .*\.mjs:\d+/, "no stack trace");
});

test("npm registry unreachable: says to check the network", () => {
  const dir = mkdtempSync(join(tmpdir(), "nd-nonet-"));
  for (const f of ["package.json", "package-lock.json", "Cargo.toml"]) cpSync(join(ROOT, f), join(dir, f));
  cpSync(join(ROOT, "scripts"), join(dir, "scripts"), { recursive: true });
  const env = {
    ...process.env,
    npm_config_registry: DEAD_REGISTRY,
    npm_config_cache: join(dir, "empty-cache"),
    npm_config_fetch_retries: "0",
    npm_config_fetch_timeout: "5000",
    npm_config_offline: "false",
  };
  const result = run(process.execPath, ["scripts/bootstrap.mjs", "--deps"], { env, cwd: dir });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /error: `npm ci --no-audit --no-fund` failed .*Is the npm registry reachable\?/);
});

test("a wrong wasm-bindgen on PATH is left alone and the pinned one is installed beside it", () => {
  const dir = mkdtempSync(join(tmpdir(), "nd-wrongbg-"));
  const fakeBin = join(dir, "bin");
  mkdirSync(fakeBin);
  writeFileSync(join(fakeBin, "wasm-bindgen"), "#!/bin/sh\necho wasm-bindgen 0.2.99\n");
  chmodSync(join(fakeBin, "wasm-bindgen"), 0o755);
  // A cargo home whose crates.io is the dead registry, so the install fails fast instead of
  // compiling for five minutes: the test is about the message.
  const cargoHome = join(dir, "cargo");
  mkdirSync(cargoHome);
  writeFileSync(
    join(cargoHome, "config.toml"),
    `[source.crates-io]\nreplace-with = "dead"\n[source.dead]\nregistry = "sparse+${DEAD_REGISTRY}"\n[net]\nretry = 0\n`,
  );
  const env = {
    ...process.env,
    PATH: `${fakeBin}:${process.env.HOME}/.cargo/bin:${process.env.PATH}`,
    CARGO_HOME: cargoHome,
    RUSTUP_HOME: process.env.RUSTUP_HOME ?? `${process.env.HOME}/.rustup`,
    NOSANA_TOOLS_DIR: join(dir, "tools"),
  };
  const result = run(process.execPath, ["scripts/wasm-bindgen.mjs"], { env });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /wasm-bindgen 0\.2\.99 on PATH .* does not match the pinned 0\.2\.130; installing 0\.2\.130 into /);
  assert.match(result.stderr, /error: .*Installing wasm-bindgen-cli needs cargo and the crates.io registry/);
});
