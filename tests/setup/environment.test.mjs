// A bad environment gets one clear message and exit code 1, not a stack trace or a hang.
// Each case builds the bad environment in a temporary folder, whatever this machine has: no
// toolchain for an unprivileged user (empty PATH and home, tests/setup/hide-rust.mjs for the rest),
// a dead registry, a wrong wasm-bindgen on PATH.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DEAD_REGISTRY = "http://127.0.0.1:9/"; // port 9 (discard): nothing listens, connections are refused

function run(cmd, args, { env, cwd = ROOT } = {}) {
  return spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 120_000 });
}

test("no root and no toolchain: says exactly what to install", () => {
  const dir = mkdtempSync(join(tmpdir(), "nd-noroot-"));
  cpSync(join(ROOT, "scripts"), join(dir, "scripts"), { recursive: true });
  cpSync(join(ROOT, "Cargo.toml"), join(dir, "Cargo.toml"));
  // No rustup, cargo or rustc on PATH (an empty folder) and an empty home, wherever this machine
  // keeps its toolchain; hide-rust.mjs hides what the scripts look up by full path, and root.
  const empty = join(dir, "empty");
  mkdirSync(empty);
  const env = { PATH: empty, HOME: empty, CARGO_HOME: join(empty, "cargo"), RUSTUP_HOME: join(empty, "rustup") };
  const result = run(
    process.execPath,
    ["--import", pathToFileURL(join(ROOT, "tests/setup/hide-rust.mjs")).href, "scripts/build.mjs"],
    { env, cwd: dir },
  );
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /error: No Rust toolchain here can build for wasm32-unknown-unknown/);
  assert.match(result.stderr, /rustup target add wasm32-unknown-unknown/);
  assert.match(result.stderr, /apt-get install -y rustc-web cargo-web rust-web-src lld/);
  assert.doesNotMatch(result.stderr, /at .*\.mjs:\d+/, "no stack trace");
});

test("hide-rust.mjs hides a toolchain at any path, and nothing else", () => {
  const dir = mkdtempSync(join(tmpdir(), "nd-hide-"));
  const bin = join(dir, "opt", "bin");
  mkdirSync(bin, { recursive: true });
  for (const tool of ["rustc", "cargo", "rustup", "wasm-ld"]) {
    writeFileSync(join(bin, tool), "#!/bin/sh\necho found\n");
    chmodSync(join(bin, tool), 0o755);
  }
  mkdirSync(join(dir, "lib", "rustlib", "src"), { recursive: true });
  writeFileSync(join(bin, "other"), "#!/bin/sh\necho other\n");
  chmodSync(join(bin, "other"), 0o755);
  const probe = `
    import { spawnSync } from "node:child_process";
    import { existsSync } from "node:fs";
    const bin = ${JSON.stringify(bin)};
    const ran = (cmd) => spawnSync(cmd, [], { encoding: "utf8" }).stdout?.trim() ?? null;
    console.log(JSON.stringify({
      byPath: ["rustc", "cargo", "rustup", "wasm-ld"].map((t) => ran(bin + "/" + t)),
      byName: ran("rustc"),
      other: ran(bin + "/other"),
      exists: [bin + "/rustc", ${JSON.stringify(join(dir, "lib", "rustlib", "src"))}, bin + "/other"].map(existsSync),
      uid: process.getuid(),
    }));`;
  const plain = run(process.execPath, ["--input-type=module", "-e", probe], { env: { PATH: bin } });
  assert.deepEqual(JSON.parse(plain.stdout).byPath, ["found", "found", "found", "found"], plain.stderr);
  const hidden = run(
    process.execPath,
    ["--import", pathToFileURL(join(ROOT, "tests/setup/hide-rust.mjs")).href, "--input-type=module", "-e", probe],
    { env: { PATH: bin } },
  );
  assert.deepEqual(
    JSON.parse(hidden.stdout),
    { byPath: ["", "", "", ""], byName: "", other: "other", exists: [false, false, true], uid: 65534 },
    hidden.stderr,
  );
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
  assert.match(
    result.stderr,
    /wasm-bindgen 0\.2\.99 on PATH .* does not match the pinned 0\.2\.130; installing 0\.2\.130 into /,
  );
  assert.match(result.stderr, /error: .*Installing wasm-bindgen-cli needs cargo and the crates.io registry/);
});
