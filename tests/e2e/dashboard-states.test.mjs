// What the dashboard says while it waits, when it fails and how it reads: "Loading…" (never "No
// jobs") until the answer is there, errors with what to do, human labels, full dates with relative
// times, newest first, and the revision of live jobs. Requests are held or failed with Playwright's
// routing, released on a condition (no sleeps).
import assert from "node:assert/strict";
import { test } from "node:test";
import { seriousViolations } from "./axe.mjs";
import { nodeLib, usePlayground } from "./harness.mjs";

const p = usePlayground();

/** Holds the requests matching `pattern` until `release()`; `held` resolves at the first one. */
async function hold(tab, pattern) {
  let release;
  const gate = new Promise((r) => {
    release = r;
  });
  let seen;
  const held = new Promise((r) => {
    seen = r;
  });
  await tab.route(pattern, async (route) => {
    seen();
    await gate;
    await route.continue().catch(() => {});
  });
  return {
    held,
    async release() {
      release();
      await tab.unroute(pattern);
    },
  };
}

test("while the details load, the lists say Loading…, not No jobs / No events / No revisions", {
  timeout: 30_000,
}, async () => {
  const { tab } = p;
  await tab.waitForSelector('[data-testid="dashboard"][data-loaded=true]');
  const gate = await hold(tab, /\/deployments\/[^/?]+\/(jobs|events|revisions)/);
  const row = tab.locator('[data-testid="deployment-row"]', { hasText: "demo nginx (infinite)" });
  await row.locator('[data-testid="select-deployment"]').click();
  await gate.held;
  // The deployment itself is known from the list; its jobs, events and revisions are not yet.
  await tab.waitForSelector('[data-testid="deployment-detail"][data-state="ready"]');
  for (const list of ["jobs", "events", "revisions"]) {
    await tab.waitForSelector(`[data-testid="${list}"][data-state="loading"]`);
    assert.equal(await tab.textContent(`[data-testid="${list}"]`), "Loading…");
  }
  assert.deepEqual(await seriousViolations(tab), [], "axe-core while loading");
  await gate.release();
  await tab.waitForSelector('[data-testid="jobs-row"]');
  await tab.waitForSelector('[data-testid="events-row"]');
});

test("labels are words, dates are full with a relative time, lists are newest first", { timeout: 30_000 }, async () => {
  const { tab } = p;
  await tab.waitForSelector('[data-testid="deployment-detail"][data-state="ready"]');
  // Statuses and actions in words, no internal names.
  const badge = await tab.textContent('[data-testid="detail-status"] .badge');
  assert.equal(badge, "Running");
  const allowed = await tab.textContent('[data-testid="allowed-actions"]');
  for (const action of nodeLib.allowedActions("RUNNING"))
    if (/[a-z][A-Z]/.test(action)) assert.ok(!allowed.includes(action), `${action} shown raw: ${allowed}`);
  // Full dates, then how long ago.
  const created = await tab.textContent('[data-testid="deployment-row"] td[data-label="Created"]');
  assert.match(created, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · .+/);
  // Newest first in the list, the events and the revisions.
  for (const scope of ['[data-testid="deployment-table"]', '[data-testid="events"]', '[data-testid="revisions"]']) {
    const times = await tab.$$eval(
      `${scope} tbody tr td[data-label="${scope.includes("events") ? "When" : "Created"}"] time`,
      (ts) => ts.map((t) => Date.parse(t.getAttribute("datetime"))),
    );
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      `${scope} newest first`,
    );
  }
  // The running deployment's jobs show their revision.
  const revs = await tab.$$eval('[data-testid="jobs-row"] td[data-label="Rev"]', (tds) =>
    tds.map((t) => t.textContent),
  );
  assert.ok(revs.length > 0 && revs.every((r) => /^\d+$/.test(r)), `revisions of the jobs: ${revs}`);
});

test("a failing API is explained: what happened and what to do", { timeout: 30_000 }, async () => {
  const { tab } = p;
  const listing = (url) => url.pathname === "/deployments";
  await tab.route(listing, (route) =>
    route.fulfill({ status: 500, contentType: "application/json", body: '{"error":"Internal Server Error"}' }),
  );
  await tab.click('[data-testid="refresh"]');
  const box = tab.locator('[data-testid="list-error"]');
  await box.waitFor();
  const paragraphs = await box.locator("p").allTextContents();
  assert.ok(paragraphs.length === 2, `a summary and an advice: ${paragraphs}`);
  // explainError's sentences, not the raw "GET …: 500, the server failed: Internal Server Error".
  assert.doesNotMatch(paragraphs.join(" "), /GET http|Internal Server Error/);
  assert.deepEqual(await seriousViolations(tab), [], "axe-core on the error view");
  await tab.unroute(listing);
  await tab.click('[data-testid="refresh"]');
  await tab.waitForSelector('[data-testid="deployment-row"]');
  assert.deepEqual(p.errors, []);
});

test("an action shows its optimistic status at once, and is undone with the server's error explained", {
  timeout: 30_000,
}, async () => {
  const { tab } = p;
  await tab.click('[data-testid="refresh"]');
  const row = tab.locator('[data-testid="deployment-row"]', { hasText: "demo hello (simple, draft)" });
  const id = await row.getAttribute("data-id");
  await row.locator('[data-testid="select-deployment"]').click();
  await tab.waitForSelector(
    `[data-testid="deployment-detail"][data-state="ready"] [data-testid="detail-id"]:text-is("${id}")`,
  );
  await tab.waitForSelector('[data-testid="detail-status"][data-status="DRAFT"]');
  // The server takes its time, then refuses (the DM's answer for an action in the wrong state).
  let refuse;
  const answered = new Promise((r) => {
    refuse = r;
  });
  let seen;
  const held = new Promise((r) => {
    seen = r;
  });
  const pattern = new RegExp(`/deployments/${id}/start`);
  await tab.route(pattern, async (route) => {
    seen();
    await answered;
    await route.fulfill({
      status: 500,
      contentType: "application/json",
      body: '{"error":"Deployment is in the incorrect state."}',
    });
  });
  await tab.click('[data-testid="action-start"]');
  await held;
  // Meanwhile: the state machine's next status, marked pending, and no button to press twice.
  const next = nodeLib.nextStatus("DRAFT", "start");
  await tab.waitForSelector(`[data-testid="detail-status"][data-status="${next}"][data-pending="start"]`);
  assert.equal(await tab.locator('[data-testid^="action-"]:not([disabled])').count(), 0);
  refuse();
  await tab.waitForSelector('[data-testid="rolled-back"]');
  await tab.waitForSelector('[data-testid="detail-status"][data-status="DRAFT"][data-pending=""]');
  assert.match(await tab.textContent('[data-testid="rolled-back"]'), /^Undone: /);
  assert.deepEqual(await seriousViolations(tab), [], "axe-core with an undone action");
  assert.match(await tab.textContent('[data-testid="announcer"]'), /undone/);
  await tab.unroute(pattern);
  assert.deepEqual(p.errors, []);
});
