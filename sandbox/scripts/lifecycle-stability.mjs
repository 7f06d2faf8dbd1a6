#!/usr/bin/env node
// Stability check for the lifecycle tests: runs the sandbox's and the client's lifecycle test files
// RUNS times in a row (default 20), each run starting every test's clock at a different minute of
// the hour (SANDBOX_TEST_START_OFFSET_MINUTES = run × 60 / RUNS), and prints the pass/fail counts.
//   node sandbox/scripts/lifecycle-stability.mjs [RUNS]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const FILES = ["sandbox/test/lifecycle.test.mjs", "tests/client/lifecycle.test.mjs"];
const runs = Number(process.argv[2] ?? 20);
let failedRuns = 0;
const totals = { tests: 0, pass: 0, fail: 0 };
for (let i = 0; i < runs; i++) {
  const offset = Math.floor((i * 60) / runs);
  const r = spawnSync(process.execPath, ["--test", "--test-reporter=tap", ...FILES], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, SANDBOX_TEST_START_OFFSET_MINUTES: String(offset) },
  });
  const count = (k) => Number(r.stdout.match(new RegExp(`^# ${k} (\\d+)$`, "m"))?.[1] ?? NaN);
  const n = { tests: count("tests"), pass: count("pass"), fail: count("fail") };
  for (const k of Object.keys(totals)) totals[k] += n[k];
  const ok = r.status === 0 && n.fail === 0 && n.pass === n.tests && n.tests > 0;
  if (!ok) failedRuns++;
  console.log(
    `run ${i + 1}/${runs} offset +${offset} min: ${n.pass}/${n.tests} passed${ok ? "" : ` FAILED (exit ${r.status})`}`,
  );
  if (!ok)
    console.log(
      r.stdout
        .split("\n")
        .filter((l) => /^not ok|error:|expected|actual/.test(l.trim()))
        .join("\n"),
    );
}
console.log(
  `${runs - failedRuns} passed, ${failedRuns} failed (runs); tests: ${totals.pass} passed, ${totals.fail} failed of ${totals.tests}`,
);
process.exit(failedRuns ? 1 : 0);
