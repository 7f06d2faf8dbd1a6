// The arithmetic of the size check (bench/size.mjs `checkSizeBudget`) on made-up sizes, so it is
// shown to fail: the real-package test passes on a good build and would prove nothing on its own.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkSizeBudget } from "../../bench/size.mjs";

const budget = {
  tolerance: 0.1,
  entries: {
    job: { targetGzipBytes: 60_000, budgetGzipBytes: 80_000, why: "made up" },
    whole: { targetGzipBytes: 120_000, budgetGzipBytes: 100_000 },
  },
};
const byEntry = (verdicts) => Object.fromEntries(verdicts.map((v) => [v.entry, v]));

test("at the budget, and up to 10% over it, an entry passes", () => {
  const v = byEntry(checkSizeBudget({ job: 88_000, whole: 100_000 }, budget));
  assert.equal(v.job.pass, true);
  assert.equal(v.whole.pass, true);
  assert.equal(v.job.withinTarget, false, "over its target, reported, not failed");
  assert.equal(v.whole.withinTarget, true);
});

test("one byte more than 10% over the budget fails, naming the entry, the size, the budget and the target", () => {
  const v = byEntry(checkSizeBudget({ job: 88_001, whole: 90_000 }, budget));
  assert.equal(v.job.pass, false);
  assert.equal(v.whole.pass, true);
  assert.match(
    v.job.message,
    /^job: 85\.9 KB gzip, 10\.0% over its budget 78\.1 KB \(fails above 85\.9 KB\), target 58\.6 KB \(missed by 27\.3 KB\)$/,
  );
});

test("an entry without a budget fails, and so does a budgeted entry that was not measured", () => {
  const v = byEntry(checkSizeBudget({ job: 1000, editor: 5000 }, budget));
  assert.equal(v.editor.pass, false);
  assert.match(v.editor.message, /editor: 4\.9 KB gzip has no budget/);
  assert.equal(v.whole.pass, false);
  assert.match(v.whole.message, /whole: not measured/);
  assert.equal(v.job.pass, true);
});

test("an entry with no issue-24 target is checked against its budget alone", () => {
  const b = { tolerance: 0.1, entries: { editor: { targetGzipBytes: null, budgetGzipBytes: 10_000 } } };
  const [ok] = checkSizeBudget({ editor: 11_000 }, b);
  const [over] = checkSizeBudget({ editor: 11_001 }, b);
  assert.equal(ok.pass, true);
  assert.equal(ok.withinTarget, null);
  assert.equal(over.pass, false);
  assert.match(over.message, /no issue-24 target/);
});

test("a budget file without a usable tolerance is an error, not a pass", () => {
  assert.throws(() => checkSizeBudget({ job: 1 }, { entries: budget.entries }), /tolerance/);
});
