// What every recipe test does: install the example's pinned tools (once, cached by a stamp of its
// package.json), put the package in its node_modules as a user gets it (the `npm pack` tarball,
// unpacked), build it with the real tool, serve the output and load it in headless Chromium. The
// page posts `window.recipe`: its validation result and the worker's answer to the message it sent
// right after constructing the worker.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../e2e/browser.mjs";
import { assertRecipe } from "./expect.mjs";
import { serveStatic } from "./serve.mjs";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const STAMP = ".recipe-stamp";

function run(cmd, args, cwd, env = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, ...env },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  assert.equal(result.status, 0, `${cmd} ${args.join(" ")} in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return seconds;
}

/** The package as npm would publish it (no prepack: the test runs on the build already made). */
function packTarball() {
  const out = mkdtempSync(join(tmpdir(), "nd-recipe-pack-"));
  const result = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", out], {
    cwd: ROOT,
    encoding: "utf8",
    // A hung `npm pack` fails the test instead of holding the step until its own limit.
    timeout: 300_000,
  });
  assert.equal(result.status, 0, `npm pack: ${result.error ?? ""}\n${result.stderr}`);
  return join(out, JSON.parse(result.stdout)[0].filename);
}

/**
 * Installs examples/<name>'s tools (skipped while its package.json is unchanged), then replaces the
 * `file:../..` link npm made with the unpacked tarball. Returns the example's directory and timings.
 */
export function prepareExample(name) {
  const dir = join(ROOT, "examples", name);
  const modules = join(dir, "node_modules");
  const stamp = createHash("sha256")
    .update(readFileSync(join(dir, "package.json")))
    .digest("hex");
  let install = 0;
  if (!existsSync(join(modules, STAMP)) || readFileSync(join(modules, STAMP), "utf8") !== stamp) {
    install = run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--prefer-offline"], dir);
    writeFileSync(join(modules, STAMP), stamp);
  }
  const tarball = packTarball();
  const unpacked = mkdtempSync(join(tmpdir(), "nd-recipe-unpacked-"));
  run("tar", ["-xzf", tarball, "-C", unpacked], dir);
  rmSync(dirname(tarball), { recursive: true, force: true });
  rmSync(join(modules, "nosana-deployments"), { recursive: true, force: true });
  mkdirSync(modules, { recursive: true });
  renameSync(join(unpacked, "package"), join(modules, "nosana-deployments"));
  rmSync(unpacked, { recursive: true, force: true });
  return { dir, install };
}

/** Runs the example's build script; returns its duration in seconds. */
export function buildExample(dir, env = {}) {
  return run("npm", ["run", "--silent", "build"], dir, env);
}

/**
 * Serves `root` and loads `path` in Chromium; resolves to what the page set as `window.recipe`
 * (failing with the page's errors when it never does).
 */
export async function loadRecipe(root, path = "/") {
  const server = await serveStatic(root);
  const browser = await launchChromium();
  const errors = [];
  try {
    const page = await browser.newPage();
    page.on("pageerror", (error) => errors.push(String(error)));
    // Failed requests are reported by URL (the console only says "404"); the browser's own
    // favicon request is not the page's.
    page.on("response", (response) => {
      const url = new URL(response.url());
      if (response.status() >= 400 && url.pathname !== "/favicon.ico") errors.push(`${response.status()} ${url}`);
    });
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
        errors.push(message.text());
    });
    await page.goto(`${server.url}${path}`);
    await page
      .waitForFunction(() => window.recipe !== undefined, null, { timeout: 30_000 })
      .catch((error) => {
        throw new Error(`the page never set window.recipe: ${errors.join("\n") || error.message}`);
      });
    const recipe = await page.evaluate(() => window.recipe);
    return { recipe, errors };
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * The whole recipe check for examples/<name>: install, build (unless the example has no build), load
 * `out` in Chromium and check the page's and the worker's results. Logs the timings.
 */
export async function checkRecipe(t, name, { out, env, build = true }) {
  const { dir, install } = prepareExample(name);
  const seconds = build ? buildExample(dir, env) : 0;
  t.diagnostic(`${name}: install ${install.toFixed(1)} s (0 when cached), build ${seconds.toFixed(1)} s`);
  const { recipe, errors } = await loadRecipe(join(dir, out));
  assertRecipe(recipe, errors);
}
