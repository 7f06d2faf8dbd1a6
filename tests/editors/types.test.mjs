// The declarations of nosana-deployments/codemirror and /monaco compile against a consumer's code.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "./helpers.mjs";

test("tsc -p tests/editors: usage.mts (an ES module, as the entries are) type-checks against js/codemirror.d.mts and js/monaco.d.mts", {
  timeout: 300_000,
}, () => {
  const run = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tests/editors"],
    { cwd: ROOT, encoding: "utf8" },
  );
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
