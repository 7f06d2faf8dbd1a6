// `npm test`: every level of test the project has, in one run. Each step runs even when an earlier
// one failed, so one run shows every failure; the exit code is 1 if any step failed.
//   node scripts/test.mjs [--only name,name]   (names as printed in the summary)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { wasmToolchain, WASM_TARGET } from "./toolchain.mjs";
import { ensureWasmBindgen } from "./wasm-bindgen.mjs";
import { log, main, ROOT, withEnv } from "./util.mjs";

// A step that hangs fails after this long instead of holding the run (and CI) until its own limit:
// the slowest step takes ~7 minutes on a 2-core machine.
const STEP_TIMEOUT_MS = 30 * 60_000;

function steps() {
  const toolchain = wasmToolchain();
  const runner = join(ensureWasmBindgen(), "wasm-bindgen-test-runner");
  const wasmEnv = { ...toolchain.env, CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: runner };
  const wasmCargo = (args) => [toolchain.cargo, [...args, "--target", WASM_TARGET, ...toolchain.buildArgs], wasmEnv];
  // Every folder of Node tests: tests/<area>/*.test.{mjs,cjs,js} and sandbox/test.
  const candidates = [...readdirSync(join(ROOT, "tests")).map((d) => join("tests", d)), "sandbox/test"];
  const nodeTestDirs = candidates.filter(
    (d) =>
      existsSync(join(ROOT, d)) &&
      statSync(join(ROOT, d)).isDirectory() &&
      readdirSync(join(ROOT, d)).some((f) => /\.test\.[cm]?js$/.test(f)),
  );
  const list = [
    // JS formatting and lint (Biome, biome.jsonc): read-only here; `npx biome check --write .` mends.
    {
      name: "biome",
      cmd: [process.execPath, [join(ROOT, "node_modules", "@biomejs", "biome", "bin", "biome"), "ci", "."]],
    },
    { name: "rustfmt", cmd: ["cargo", ["fmt", "--check"]] },
    { name: "clippy", cmd: ["cargo", ["clippy", "--all-targets", "--", "-D", "warnings"]] },
    toolchain.name === "rustup"
      ? {
          name: "clippy-wasm32",
          // Also the job-definition-only module (`nosana-deployments/job`), built without default features.
          cmds: [
            [
              "cargo",
              [
                "clippy",
                "--lib",
                "--test",
                "wasm_node",
                "--test",
                "wasm_browser",
                "--target",
                WASM_TARGET,
                "--",
                "-D",
                "warnings",
              ],
            ],
            ["cargo", ["clippy", "--lib", "--no-default-features", "--target", WASM_TARGET, "--", "-D", "warnings"]],
            // The editor module (`nosana-deployments/editor`): the validator plus the language service.
            [
              "cargo",
              [
                "clippy",
                "--lib",
                "--no-default-features",
                "--features",
                "editor",
                "--target",
                WASM_TARGET,
                "--",
                "-D",
                "warnings",
              ],
            ],
            // And the whole package's browser module (`pkg/web`), built without `secret-key`.
            [
              "cargo",
              [
                "clippy",
                "--lib",
                "--no-default-features",
                "--features",
                "full",
                "--target",
                WASM_TARGET,
                "--",
                "-D",
                "warnings",
              ],
            ],
          ],
        }
      : { name: "clippy-wasm32", skip: "Debian's Rust route has no clippy for wasm32; the rustup route runs it" },
    { name: "cargo-test", cmd: ["cargo", ["test"]] },
    { name: "wasm-node", cmd: wasmCargo(["test", "--test", "wasm_node"]) },
    {
      name: "wasm-chromium",
      cmd: (([c, a, e]) => [c, a, { ...e, CHROMEDRIVER: "/usr/bin/chromedriver" }])(
        wasmCargo(["test", "--test", "wasm_browser"]),
      ),
    },
    { name: "node-tests", cmd: [process.execPath, ["--test", "--test-concurrency=1", ...nodeTestDirs]] },
    {
      name: "tsc",
      cmd: [process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tests/ts"]],
    },
  ];
  return list;
}

await main(() => {
  const args = process.argv.slice(2);
  const only = args.includes("--only") ? new Set(args[args.indexOf("--only") + 1].split(",")) : null;
  const results = [];
  for (const step of steps()) {
    if (only && !only.has(step.name)) continue;
    if (step.skip) {
      log(`── ${step.name}: skipped (${step.skip})`);
      results.push({ name: step.name, status: "skipped", seconds: 0 });
      continue;
    }
    // A step is one command (`cmd`) or several (`cmds`, run in order until one fails).
    const started = Date.now();
    let passed = true;
    for (const [cmd, cmdArgs, env = {}] of step.cmds ?? [step.cmd]) {
      log(`── ${step.name}: ${cmd} ${cmdArgs.join(" ")}`);
      const result = spawnSync(cmd, cmdArgs, {
        cwd: ROOT,
        stdio: "inherit",
        env: withEnv(env),
        timeout: STEP_TIMEOUT_MS,
        killSignal: "SIGKILL",
      });
      if (result.error?.code === "ETIMEDOUT")
        log(`── ${step.name}: stopped after ${STEP_TIMEOUT_MS / 60_000} minutes (a hang)`);
      if (result.status !== 0) {
        passed = false;
        break;
      }
    }
    const seconds = (Date.now() - started) / 1000;
    results.push({ name: step.name, status: passed ? "passed" : "failed", seconds });
  }
  log("summary:");
  for (const r of results) log(`  ${r.status.padEnd(7)} ${r.name} (${r.seconds.toFixed(1)} s)`);
  const count = (s) => results.filter((r) => r.status === s).length;
  console.log(`steps: ${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped`);
  if (count("failed") > 0) process.exit(1);
});
