// Makes a fresh clone ready: npm dependencies, a wasm32-capable Rust toolchain, the pinned
// wasm-bindgen CLI, Chromium + ChromeDriver (tests only), then the wasm build. Each step is skipped
// when what it provides is already there, so a second run takes a second or two.
//   node scripts/bootstrap.mjs --deps            npm dependencies only
//   node scripts/bootstrap.mjs --for start|test|bench
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "./build.mjs";
import { aptInstall, log, main, ROOT, run } from "./util.mjs";

const NPM_STAMP = join(ROOT, "node_modules", ".nosana-deps-stamp");

export function ensureNodeModules() {
  const lock = join(ROOT, "package-lock.json");
  const hash = createHash("sha256")
    .update(readFileSync(join(ROOT, "package.json")))
    .update(existsSync(lock) ? readFileSync(lock) : "")
    .digest("hex");
  if (existsSync(NPM_STAMP) && readFileSync(NPM_STAMP, "utf8") === hash) return;
  log("installing npm dependencies");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  run(npm, [existsSync(lock) ? "ci" : "install", "--no-audit", "--no-fund"], {
    hint: "Is the npm registry reachable? Check the network or your npm proxy settings.",
  });
  writeFileSync(NPM_STAMP, hash);
}

export function ensureBrowser() {
  if (existsSync("/usr/bin/chromium") && existsSync("/usr/bin/chromedriver")) return;
  aptInstall(["chromium", "chromium-driver"], "the headless browser tests");
}

await main(() => {
  const args = process.argv.slice(2);
  const purpose = args.includes("--for") ? args[args.indexOf("--for") + 1] : null;
  ensureNodeModules();
  if (args.includes("--deps")) return;
  if (purpose === "test") ensureBrowser();
  build();
});
