// Small helpers shared by the build, bootstrap, test and start scripts (Node built-ins only: these
// run before `npm install` has ever happened).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

export function log(message) {
  process.stderr.write(`[nosana-deployments] ${message}\n`);
}

/** A setup problem the user can fix: printed without a stack trace, exit code 1. */
export class SetupError extends Error {
  constructor(message) {
    super(message);
    this.name = "SetupError";
  }
}

/** Runs a command with inherited output; throws SetupError (with `hint`) when it fails. */
/** The current environment with `overrides` applied; an `undefined` override removes the variable. */
export function withEnv(overrides) {
  const env = { ...process.env, ...overrides };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

export function run(cmd, args, { env = {}, cwd = ROOT, hint = "", timeoutMs } = {}) {
  const result = spawnSync(cmd, args, {
    cwd,
    stdio: "inherit",
    env: withEnv(env),
    timeout: timeoutMs,
  });
  if (result.error?.code === "ENOENT") throw new SetupError(`\`${cmd}\` is not installed. ${hint}`);
  if (result.signal === "SIGTERM" && timeoutMs) {
    throw new SetupError(`\`${cmd} ${args.join(" ")}\` did not finish within ${timeoutMs / 1000} s. ${hint}`);
  }
  if (result.status !== 0) {
    throw new SetupError(`\`${cmd} ${args.join(" ")}\` failed (exit ${result.status ?? result.signal}). ${hint}`);
  }
}

/** Runs a command and returns its trimmed stdout, or null when it cannot run or fails. */
export function capture(cmd, args, { env = {}, timeoutMs = 60_000 } = {}) {
  const result = spawnSync(cmd, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: withEnv(env),
    timeout: timeoutMs,
  });
  if (result.error || result.status !== 0) return null;
  return result.stdout.trim();
}

export function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

export function isDebian() {
  return existsSync("/etc/debian_version") && existsSync("/usr/bin/apt-get");
}

let aptUpdated = false;
/** Installs Debian packages (root on Debian only); throws a SetupError naming them otherwise. */
export function aptInstall(packages, why) {
  if (!isRoot() || !isDebian()) {
    throw new SetupError(
      `${why} needs the Debian packages ${packages.join(" ")}. Install them (as root: apt-get install -y ${packages.join(" ")}) and run again.`,
    );
  }
  const hint = "Is the Debian package registry reachable? Check the network and /etc/apt/sources.list.";
  if (!aptUpdated) {
    log("apt-get update");
    run("apt-get", ["update", "-qq"], { hint, timeoutMs: 600_000 });
    aptUpdated = true;
  }
  log(`apt-get install ${packages.join(" ")} (${why})`);
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], {
    hint,
    env: { DEBIAN_FRONTEND: "noninteractive" },
    timeoutMs: 1_200_000,
  });
}

/** Entry-point wrapper: SetupErrors print as one clear message, anything else with its stack. */
export async function main(fn) {
  try {
    await fn();
  } catch (err) {
    if (err instanceof SetupError) {
      log(`error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
