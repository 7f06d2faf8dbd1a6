// Time to first validation in headless Chromium: from before `import()` of the browser entry to the
// first `validateJobDefinition(text)` result, in a fresh browser context each run (so a cold HTTP
// cache and a new renderer: no compiled wasm is reused). Measured for the job-definition entry
// (js/job-web.mjs) and the whole module (js/web.mjs), interleaved run by run.
// The files are served over loopback from memory with `application/wasm`, so the glue takes its
// `WebAssembly.instantiateStreaming` path (compiling while the bytes arrive), as on a real site.
// Breakdown per run: `compileMs` (fetch + streaming compile of the wasm), `instantiateMs`,
// `importMs` (the whole `import()`: module graph, fetch, compile, instantiate, start) and
// `firstCallMs` (the first call itself, including V8's lazy compilation of the functions it runs),
// `wasmRequestAtMs` (when the wasm request left: the JS module waterfall before it),
// `afterWasmRequestMs` (from then to the first result: the library's own part) and `fetches`.
//   node bench/first-validation-browser.mjs [--runs N] [--root DIR]     prints a table
// bench/run.mjs calls `firstValidationInChromium()`.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { loadCorpus, ROOT } from "./corpus.mjs";
import { median } from "./harness.mjs";

const ENTRIES = { job: "/js/job-web.mjs", whole: "/js/web.mjs" };
const CONTENT_TYPES = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm", // what makes the glue compile while streaming
  ".json": "application/json",
};
const PAGE = "<!doctype html><meta charset=utf-8><title>first validation</title>";

/** Serves pkg/ and js/ (read once, then from memory: the disk is not what we measure) and a blank page. */
async function serve(root) {
  const files = new Map();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(PAGE);
      return;
    }
    const relative = normalize(decodeURIComponent(path)).slice(1);
    const top = relative.split(sep)[0];
    if ((top !== "pkg" && top !== "js") || relative.includes("..")) {
      res.writeHead(404).end();
      return;
    }
    let body = files.get(relative);
    if (body === undefined) {
      try {
        body = readFileSync(join(root, relative));
      } catch {
        res.writeHead(404).end();
        return;
      }
      files.set(relative, body);
    }
    res
      .writeHead(200, {
        "content-type": CONTENT_TYPES[extname(relative)] ?? "application/octet-stream",
        "cache-control": "no-store",
      })
      .end(body);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

// Runs in the page before any script: splits the glue's instantiateStreaming into its compile and
// instantiate halves (same work, same order) to time each.
function instrumentWasm() {
  const times = { compileMs: 0, instantiateMs: 0, streamingAt: Number.NaN, instantiatedAt: Number.NaN };
  globalThis.__firstValidation = times;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const t0 = performance.now();
    const module = await WebAssembly.compileStreaming(source);
    const t1 = performance.now();
    const instance = await WebAssembly.instantiate(module, imports);
    times.compileMs += t1 - t0;
    times.instantiatedAt = performance.now();
    times.instantiateMs += times.instantiatedAt - t1;
    times.streamingAt = t0;
    return { instance, module };
  };
}

async function measureOnce(browser, baseUrl, entry, text) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(instrumentWasm);
    await page.goto(`${baseUrl}/`);
    return await page.evaluate(
      async ({ entry, text }) => {
        const t0 = performance.now();
        const lib = await import(entry);
        const t1 = performance.now();
        const result = lib.validateJobDefinition(text, { warnings: false });
        const t2 = performance.now();
        lib.validateJobDefinition(text, { warnings: false });
        const t3 = performance.now();
        // What the import fetched (not the page, nor a favicon request of the page load).
        const resources = performance.getEntriesByType("resource").filter((e) => e.startTime >= t0);
        const wasmEntry = resources.find((e) => e.name.endsWith(".wasm"));
        const wasmTimes = globalThis.__firstValidation;
        return {
          ms: t2 - t0,
          importMs: t1 - t0,
          firstCallMs: t2 - t1,
          secondCallMs: t3 - t2,
          compileMs: wasmTimes.compileMs,
          instantiateMs: wasmTimes.instantiateMs,
          // From the wasm request to its response headers (the glue awaits them before compiling).
          responseWaitMs: wasmEntry ? wasmTimes.streamingAt - wasmEntry.startTime : Number.NaN,
          // From the instance to import() resolving: the start function and promise/module hops.
          settleMs: t1 - wasmTimes.instantiatedAt,
          valid: result.success,
          // The module-graph waterfall: when the wasm request left, and how many files were fetched.
          wasmRequestAtMs: wasmEntry ? wasmEntry.startTime - t0 : Number.NaN,
          fetches: resources.length,
          // What the library costs once the page's module graph is in: download, compile, instantiate,
          // start and the first call (the rest of `ms` is the JS module waterfall before the request).
          afterWasmRequestMs: wasmEntry ? t2 - wasmEntry.startTime : Number.NaN,
        };
      },
      { entry: `${baseUrl}${entry}`, text },
    );
  } finally {
    await context.close();
  }
}

function summarizeRuns(runs) {
  const ms = runs.map((r) => r.ms);
  const med = (key) => median(runs.map((r) => r[key]));
  return {
    medianMs: median(ms),
    minMs: Math.min(...ms),
    maxMs: Math.max(...ms),
    runs: runs.length,
    importMs: med("importMs"),
    responseWaitMs: med("responseWaitMs"),
    compileMs: med("compileMs"),
    instantiateMs: med("instantiateMs"),
    settleMs: med("settleMs"),
    firstCallMs: med("firstCallMs"),
    secondCallMs: med("secondCallMs"),
    wasmRequestAtMs: med("wasmRequestAtMs"),
    afterWasmRequestMs: med("afterWasmRequestMs"),
    fetches: med("fetches"),
    allValid: runs.every((r) => r.valid === true),
  };
}

/**
 * Median time to first validation in headless Chromium for the job entry and the whole module, or
 * `{ skipped }` when no Chromium can be launched here.
 * @param {{ runs?: number, text?: string, root?: string }} [options] `text`: the document (default: the
 *   first corpus document, as bench/run.mjs uses); `root`: a folder holding pkg/ and js/ (default: this
 *   checkout), to compare two builds
 */
export async function firstValidationInChromium({ runs = 10, text = loadCorpus()[0].text, root = ROOT } = {}) {
  let browser;
  try {
    const { launchChromium } = await import("../tests/e2e/browser.mjs");
    browser = await launchChromium();
  } catch (err) {
    return { skipped: `headless Chromium could not be launched: ${String(err?.message ?? err).split("\n")[0]}` };
  }
  const server = await serve(root);
  try {
    const results = { job: [], whole: [] };
    // One unmeasured load first: the server's file reads and the browser's own first-use costs.
    await measureOnce(browser, server.url, ENTRIES.job, text);
    for (let i = 0; i < runs; i++) {
      // Interleaved, alternating which goes first, so load on the machine hits both alike.
      const order = i % 2 === 0 ? ["job", "whole"] : ["whole", "job"];
      for (const key of order) results[key].push(await measureOnce(browser, server.url, ENTRIES[key], text));
    }
    return { job: summarizeRuns(results.job), whole: summarizeRuns(results.whole) };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--runs");
  const runs = at >= 0 ? Number(process.argv[at + 1]) : 10;
  const rootAt = process.argv.indexOf("--root");
  const out = await firstValidationInChromium({ runs, ...(rootAt >= 0 ? { root: process.argv[rootAt + 1] } : {}) });
  if (out.skipped) {
    console.log(`skipped: ${out.skipped}`);
  } else {
    const f = (v) => `${v.toFixed(2)} ms`.padStart(10);
    console.log(`first validation in headless Chromium, ${runs} fresh contexts each (median; min-max of the total)`);
    console.log(
      `${"entry".padEnd(8)}${["total", "min", "max", "import", "wasm req", "after req", "resp wait", "compile", "inst.", "settle", "1st call", "2nd call"].map((h) => h.padStart(10)).join("")}  fetches`,
    );
    for (const [key, r] of Object.entries(out)) {
      console.log(
        `${key.padEnd(8)}${f(r.medianMs)}${f(r.minMs)}${f(r.maxMs)}${f(r.importMs)}${f(r.wasmRequestAtMs)}${f(r.afterWasmRequestMs)}${f(r.responseWaitMs)}${f(r.compileMs)}${f(r.instantiateMs)}${f(r.settleMs)}${f(r.firstCallMs)}${f(r.secondCallMs)}${String(r.fetches).padStart(9)}${r.allValid ? "" : "  (a result was not valid!)"}`,
      );
    }
  }
}
