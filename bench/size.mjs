// What a web app ships: our wasm + glue, against @nosana/types' validator bundled with esbuild
// (and with @nosana/api when it can be resolved), raw and gzip (zlib level 9). Also the size check
// `npm test` runs (tests/size): the same measurement against bench/size-budget.json.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT } from "./corpus.mjs";

export const gzip = (buf) => gzipSync(buf, { level: 9 }).length;
const sized = (buf) => ({ raw: buf.length, gzip: gzip(buf) });

async function minify(file) {
  const esbuild = await import("esbuild");
  const out = await esbuild.build({
    entryPoints: [file],
    bundle: false,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    // wasm-bindgen's glue repeats keys in an import object (esbuild warns); the bytes are the same.
    logLevel: "silent",
  });
  return Buffer.from(out.outputFiles[0].contents);
}

/**
 * One entry of our package as the browser gets it: its pkg glue + wasm + the js entry.
 * `whole` = the main entry (js/web.mjs, pkg/web); `job` = `nosana-deployments/job` (js/job-web.mjs,
 * pkg/job-web: the job-definition validator alone, what a page that validates job definitions ships).
 */
export const OUR_ENTRIES = {
  whole: { web: "pkg/web", node: "pkg/node", entry: "js/web.mjs" },
  job: { web: "pkg/job-web", node: "pkg/job-node", entry: "js/job-web.mjs" },
  editor: { web: "pkg/editor-web", node: "pkg/editor-node", entry: "js/editor-web.mjs" },
};

export async function ourSizes(which = "whole") {
  const paths = OUR_ENTRIES[which];
  if (!paths) throw new Error(`no entry "${which}" in OUR_ENTRIES (bench/size.mjs)`);
  const wasm = readFileSync(join(ROOT, paths.web, "nosana_deployments_bg.wasm"));
  const glue = readFileSync(join(ROOT, paths.web, "nosana_deployments.js"));
  const entry = readFileSync(join(ROOT, paths.entry));
  const nodeGlue = readFileSync(join(ROOT, paths.node, "nosana_deployments.js"));
  const glueMin = await minify(join(ROOT, paths.web, "nosana_deployments.js"));
  const entryMin = await minify(join(ROOT, paths.entry));
  const files = {
    wasm: sized(wasm),
    webGlue: sized(glue),
    webGlueMinified: sized(glueMin),
    webEntry: sized(entry),
    nodeGlue: sized(nodeGlue),
  };
  // Shipped as separate files, so each is compressed on its own; a bundler minifies the JS.
  const total = {
    raw: wasm.length + glueMin.length + entryMin.length,
    gzip: files.wasm.gzip + gzip(glueMin) + gzip(entryMin),
    note: `wasm + minified ${paths.web} glue + minified ${paths.entry}, each gzipped on its own`,
  };
  const name = which === "whole" ? "nosana-deployments" : `nosana-deployments/${which}`;
  return { entry: name, files, total };
}

/** Every entry of OUR_ENTRIES (job, whole, and any other a branch adds), measured as `ourSizes` does. */
export async function allOurSizes() {
  const out = {};
  for (const which of Object.keys(OUR_ENTRIES)) out[which] = await ourSizes(which);
  return out;
}

export const SIZE_BUDGET_FILE = join(ROOT, "bench/size-budget.json");

export function loadSizeBudget(file = SIZE_BUDGET_FILE) {
  return JSON.parse(readFileSync(file, "utf8"));
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * The size check of `npm test`: each entry's gzip total (`ourSizes(…).total.gzip`) against its
 * budget in bench/size-budget.json. An entry fails when it is more than `tolerance` (10%) over its
 * budget, when it has no budget, or when the budget names an entry that was not measured. The
 * issue-24 target is reported beside the budget, not enforced: a budget above its target says why.
 * `gzipByEntry`: `{ job: 61234, … }`; `budget`: the parsed budget file. Pure: tested with made-up sizes.
 */
export function checkSizeBudget(gzipByEntry, budget) {
  const tolerance = budget.tolerance;
  if (!(typeof tolerance === "number" && tolerance >= 0))
    throw new Error("size budget: `tolerance` must be a number ≥ 0");
  const names = [...new Set([...Object.keys(budget.entries), ...Object.keys(gzipByEntry)])];
  return names.map((entry) => {
    const gzip = gzipByEntry[entry];
    const b = budget.entries[entry];
    if (b === undefined) {
      return {
        entry,
        gzip,
        pass: false,
        message: `${entry}: ${kb(gzip)} gzip has no budget in bench/size-budget.json`,
      };
    }
    const target = b.targetGzipBytes ?? null;
    const against = `budget ${kb(b.budgetGzipBytes)} (fails above ${kb(b.budgetGzipBytes * (1 + tolerance))}), ${target === null ? "no issue-24 target" : `target ${kb(target)}`}`;
    if (gzip === undefined) {
      return {
        entry,
        gzip: null,
        budget: b.budgetGzipBytes,
        target,
        pass: false,
        message: `${entry}: not measured; ${against}`,
      };
    }
    const limit = b.budgetGzipBytes * (1 + tolerance);
    const pass = gzip <= limit;
    const overBudget = gzip / b.budgetGzipBytes - 1;
    return {
      entry,
      gzip,
      budget: b.budgetGzipBytes,
      limit,
      target,
      pass,
      withinTarget: target === null ? null : gzip <= target,
      message:
        `${entry}: ${kb(gzip)} gzip, ${overBudget >= 0 ? `${(overBudget * 100).toFixed(1)}% over` : `${(-overBudget * 100).toFixed(1)}% under`} its ${against}` +
        (target !== null && gzip > target ? ` (missed by ${kb(gzip - target)})` : ""),
    };
  });
}

async function bundle(source, resolveDir) {
  const esbuild = await import("esbuild");
  const out = await esbuild.build({
    stdin: { contents: source, resolveDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const buf = Buffer.from(out.outputFiles[0].contents);
  const inputs = Object.values(out.metafile.outputs)[0].inputs;
  const top = Object.entries(inputs)
    .map(([path, v]) => ({ path: path.replace(/^.*node_modules\//, ""), bytes: v.bytesInOutput }))
    .filter((x) => x.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  return { ...sized(buf), top };
}

/** Where @nosana/api can be found: the repo's node_modules, or NOSANA_BENCH_NODE_PATH (a node_modules dir). */
function apiResolveDir() {
  if (existsSync(join(ROOT, "node_modules/@nosana/api/package.json"))) return ROOT;
  const extra = process.env.NOSANA_BENCH_NODE_PATH;
  if (extra && existsSync(join(extra, "@nosana/api/package.json"))) return dirname(extra);
  return null;
}

export async function theirSizes() {
  const typesEntry =
    'import { validateJobDefinition } from "@nosana/types";\nglobalThis.validate = validateJobDefinition;\n';
  const types = await bundle(typesEntry, ROOT);
  const version = JSON.parse(readFileSync(join(ROOT, "node_modules/@nosana/types/package.json"), "utf8")).version;
  const out = { types: { package: `@nosana/types@${version}`, entry: typesEntry.trim(), ...types } };
  const apiDir = apiResolveDir();
  if (apiDir) {
    const apiEntry =
      'import { validateJobDefinition } from "@nosana/types";\nimport { createNosanaApi } from "@nosana/api";\n' +
      "globalThis.validate = validateJobDefinition;\nglobalThis.api = createNosanaApi;\n";
    const apiVersion = JSON.parse(readFileSync(join(apiDir, "node_modules/@nosana/api/package.json"), "utf8")).version;
    out.typesAndApi = {
      package: `@nosana/api@${apiVersion} + @nosana/types`,
      entry: apiEntry.trim(),
      resolvedFrom: apiDir,
      ...(await bundle(apiEntry, apiDir)),
    };
  } else {
    out.typesAndApi = {
      skipped:
        "@nosana/api is not a devDependency; set NOSANA_BENCH_NODE_PATH to a node_modules folder holding it " +
        "(e.g. after `npm install --prefix /tmp/nosana-api @nosana/api`) to include it",
    };
  }
  return out;
}
