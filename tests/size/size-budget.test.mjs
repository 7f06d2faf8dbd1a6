// The size check of `npm test`: every browser entry of the built package (pkg/, built by the test
// runner's pretest) against bench/size-budget.json, measured by the function `npm run bench` uses
// (bench/size.mjs `ourSizes`: gzip -9 of the wasm + minified glue + minified entry). Builds nothing.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../bench/corpus.mjs";
import { allOurSizes, checkSizeBudget, loadSizeBudget, OUR_ENTRIES } from "../../bench/size.mjs";

const budget = loadSizeBudget();

test("the size budget file: a budget per entry, a why wherever the budget is above issue 24's target", () => {
  for (const [entry, b] of Object.entries(budget.entries)) {
    assert.ok(Number.isInteger(b.budgetGzipBytes) && b.budgetGzipBytes > 0, `${entry}: budgetGzipBytes`);
    if (b.targetGzipBytes != null && b.budgetGzipBytes > b.targetGzipBytes) {
      assert.ok(
        b.why?.trim(),
        `${entry}: budget ${b.budgetGzipBytes} B is above its target ${b.targetGzipBytes} B: say why`,
      );
    }
  }
});

test("every browser entry of the built package is within 10% of its size budget", async () => {
  for (const paths of Object.values(OUR_ENTRIES)) {
    assert.ok(existsSync(join(ROOT, paths.web, "nosana_deployments_bg.wasm")), `build first: ${paths.web} is missing`);
  }
  const sizes = await allOurSizes();
  const gzip = Object.fromEntries(Object.entries(sizes).map(([entry, s]) => [entry, s.total.gzip]));
  const verdicts = checkSizeBudget(gzip, budget);
  for (const v of verdicts) console.log(`size check: ${v.pass ? "ok  " : "FAIL"} ${v.message}`);
  const failed = verdicts.filter((v) => !v.pass);
  assert.deepEqual(
    failed.map((v) => v.message),
    [],
    "over budget (lower the size, or raise the budget in bench/size-budget.json with a why)",
  );
});
