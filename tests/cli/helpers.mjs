// Shared by the CLI tests: run the CLI as a real process, and what the library build offers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as mod from "nosana-deployments";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURES = "tests/fixtures/cli";
export const lib = mod.default ?? mod;

/**
 * Runs `node cli/index.mjs …args` from the repository root; NO_COLOR unset unless given.
 * `stdin` (a file descriptor) replaces `input` as the child's stdin. `timeout` (ms) is a hang
 * guard: a child still running then is killed and the call throws, failing the test.
 */
export function cli(args, { input, stdin, env = {}, cwd = ROOT, timeout = 120_000 } = {}) {
  const childEnv = { ...process.env, ...env };
  if (!("NO_COLOR" in env)) delete childEnv.NO_COLOR;
  delete childEnv.FORCE_COLOR;
  const result = spawnSync(process.execPath, [join(ROOT, "cli", "index.mjs"), ...args], {
    cwd,
    input,
    ...(stdin === undefined ? {} : { stdio: [stdin, "pipe", "pipe"] }),
    env: childEnv,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout,
    killSignal: "SIGKILL",
  });
  if (result.error?.code === "ETIMEDOUT")
    throw new Error(`the CLI did not finish within ${timeout} ms: ${args.join(" ").slice(0, 200)}`);
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `cli([...args, "--format", "json"])` with the report parsed. */
export function cliJson(args, options) {
  const run = cli([...args, "--format", "json"], options);
  return { ...run, report: JSON.parse(run.stdout) };
}

export const has = (name) => typeof lib[name] === "function";

/** A temporary directory removed after the test. */
export function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), "nosana-cli-test-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
