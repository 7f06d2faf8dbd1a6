// The deployment form: validated live through the library, issues next to their fields, the schedule
// described in English with its next fire times, Deploy enabled only for a valid body.
import assert from "node:assert/strict";
import { test } from "node:test";
import { nodeLib, usePlayground } from "./harness.mjs";

const p = usePlayground({ sandbox: true, viewport: { width: 1400, height: 1000 } });

const FIELDS = ["name", "market", "replicas", "timeout", "strategy", "schedule", "rotation_time", "confidential"];

/** The issues shown next to each field, and what the Node build of the library says about the same body. */
async function compare(tab) {
  const body = await tab.evaluate(() => window.playground.form.body());
  const expected = nodeLib.validateDeployment(body, { warnings: true });
  const want = {};
  for (const issue of expected.issues) {
    const key = FIELDS.includes(issue.path[0]) ? issue.path[0] : issue.path[0] === "job_definition" ? null : "general";
    if (key) (want[key] ??= []).push(issue.code);
  }
  const shown = await tab.evaluate((fields) => {
    const out = {};
    for (const f of [...fields, "general"]) {
      const codes = [...document.querySelectorAll(`[data-testid="issues-${f}"] li`)].map((li) => li.dataset.code);
      if (codes.length) out[f] = codes;
    }
    return out;
  }, FIELDS);
  return { body, expected, want, shown };
}

async function settle(tab, predicate) {
  const deadline = Date.now() + 5000;
  let last;
  for (;;) {
    last = await compare(tab);
    if (predicate(last) || Date.now() > deadline) return last;
    await tab.waitForTimeout(100);
  }
}

test("field issues, schedule preview and the Deploy button follow the library", { timeout: 60_000 }, async () => {
  const { tab } = p;
  // The page's library has the deployment functions (a build without them would make this test moot).
  const missing = await tab.evaluate(() =>
    ["validateDeployment", "describeSchedule", "nextScheduleTimes"].filter(
      (f) => typeof window.playground.lib[f] !== "function",
    ),
  );
  assert.deepEqual(missing, []);
  await tab.selectOption('[data-testid="template-picker"]', "hello-world");
  await tab.waitForFunction(() => window.playground.editor.getText().includes("hello world"));
  await tab.waitForSelector('[data-testid="editor-status"][data-state="valid"]');

  // A valid SCHEDULED body: described in English, five future fire times, deployable.
  await tab.fill('[data-testid="field-name"]', "nightly report");
  await tab.selectOption('[data-testid="field-strategy"]', "SCHEDULED");
  await tab.fill('[data-testid="field-schedule"]', "30 2 * * 1-5");
  await tab.fill('[data-testid="field-timeout"]', "30");
  assert.equal(await tab.textContent('[data-testid="schedule-description"]'), nodeLib.describeSchedule("30 2 * * 1-5"));
  const times = await tab.$$eval('[data-testid="schedule-next"] time', (ts) =>
    ts.map((t) => t.getAttribute("datetime")),
  );
  assert.equal(times.length, 5);
  const from = new Date(Date.parse(times[0]) - 1000).toISOString();
  assert.deepEqual(times, nodeLib.nextScheduleTimes("30 2 * * 1-5", { from, count: 5 }));
  let r = await settle(p.tab, (x) => x.expected.success);
  assert.ok(r.expected.success, JSON.stringify(r.expected.issues));
  assert.deepEqual(r.shown, r.want);
  assert.equal(await tab.isDisabled('[data-testid="deploy"]'), false);

  // Broken values: each issue appears next to its field, and Deploy is disabled.
  await tab.fill('[data-testid="field-name"]', "");
  await tab.fill('[data-testid="field-market"]', "not-a-market");
  await tab.fill('[data-testid="field-replicas"]', "0");
  await tab.fill('[data-testid="field-schedule"]', "61 * * * *");
  r = await settle(tab, (x) => JSON.stringify(x.shown) === JSON.stringify(x.want) && !x.expected.success);
  assert.equal(r.expected.success, false);
  assert.deepEqual(r.shown, r.want);
  for (const f of ["market", "replicas", "schedule"])
    assert.ok(r.shown[f]?.length, `an issue next to ${f}: ${JSON.stringify(r.shown)}`);
  assert.equal(await tab.getAttribute('[data-testid="field-replicas"]', "aria-invalid"), "true");
  assert.equal(await tab.isDisabled('[data-testid="deploy"]'), true);
  assert.match(await tab.getAttribute('[data-testid="schedule-description"]', "class"), /bad/);

  // INFINITE: the rotation time must leave ten minutes before the timeout.
  await tab.selectOption('[data-testid="field-strategy"]', "INFINITE");
  await tab.fill('[data-testid="field-timeout"]', "60");
  await tab.fill('[data-testid="field-rotation_time"]', "55");
  r = await settle(tab, (x) => JSON.stringify(x.shown) === JSON.stringify(x.want) && Boolean(x.want.rotation_time));
  assert.deepEqual(r.shown, r.want);
  assert.ok(r.shown.rotation_time?.length, JSON.stringify(r.shown));

  // Back to SCHEDULED with a valid schedule and other issues shown, for the screenshot.
  await tab.selectOption('[data-testid="field-strategy"]', "SCHEDULED");
  await tab.fill('[data-testid="field-schedule"]', "30 2 * * 1-5");
  await tab.waitForSelector('[data-testid="schedule-next"] time');
  r = await settle(tab, (x) => JSON.stringify(x.shown) === JSON.stringify(x.want));
  await p.screenshot("form.png", {
    clip: await tab.locator('[data-testid="deployment-form"]').evaluate((f) => {
      const b = f.closest("section").getBoundingClientRect();
      return { x: b.x, y: b.y + window.scrollY, width: b.width, height: b.height };
    }),
  });

  // Fixed: no issues, Deploy creates it.
  await tab.fill('[data-testid="field-name"]', "nightly report");
  await tab.fill('[data-testid="field-market"]', "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr");
  await tab.fill('[data-testid="field-replicas"]', "2");
  await tab.fill('[data-testid="field-schedule"]', "30 2 * * 1-5");
  r = await settle(tab, (x) => x.expected.success);
  assert.deepEqual(r.shown, r.want);
  await tab.click('[data-testid="deploy"]');
  await tab.waitForSelector('[data-testid="deployment-row"][data-status="DRAFT"] >> text=nightly report');
  const created = p.pg.sandbox.state.data.deployments.find((d) => d.name === "nightly report");
  assert.equal(created.strategy, "SCHEDULED");
  assert.equal(created.schedule, "30 2 * * 1-5");
  assert.equal(created.replicas, 2);
  assert.deepEqual(p.errors, []);
});

test("a job definition that does not parse blocks Deploy and says so", { timeout: 30_000 }, async () => {
  const { tab } = p;
  await tab.selectOption('[data-testid="template-picker"]', "broken-syntax");
  await tab.waitForSelector('[data-testid="editor-status"][data-state="error"]');
  await tab.waitForSelector('[data-testid="form-jobdef-status"].bad');
  assert.match(await tab.textContent('[data-testid="form-jobdef-status"]'), /not valid JSON/);
  assert.equal(await tab.isDisabled('[data-testid="deploy"]'), true);
  await tab.selectOption('[data-testid="template-picker"]', "nginx");
  await tab.waitForSelector('[data-testid="form-jobdef-status"].good');
});
