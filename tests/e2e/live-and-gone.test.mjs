// What changes by itself: a status change made elsewhere is announced in the page's live region, a
// deployment deleted elsewhere shows as gone (no live buttons), and switching the API in Settings
// drops what belonged to the old one. Changes "from elsewhere" are real HTTP requests to the sandbox.
import assert from "node:assert/strict";
import { test } from "node:test";
import { authHeaders } from "../../sandbox/lib/crypto.mjs";
import { seriousViolations } from "./axe.mjs";
import { usePlayground } from "./harness.mjs";

const p = usePlayground();

/** Another client (a CLI, another tab) acting on the demo wallet's deployment. */
async function elsewhere(method, path) {
  const res = await fetch(`${p.pg.sandboxUrl}/deployments/${path}`, {
    method,
    headers: authHeaders(p.pg.sandbox.demoWallet),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.text()}`);
}

async function selectByName(tab, name) {
  await tab.waitForSelector('[data-testid="dashboard"][data-loaded=true]');
  const row = tab.locator('[data-testid="deployment-row"]', { hasText: name });
  const id = await row.getAttribute("data-id");
  await row.locator('[data-testid="select-deployment"]').click();
  await tab.waitForSelector(
    `[data-testid="deployment-detail"][data-state="ready"] [data-testid="detail-id"]:text-is("${id}")`,
  );
  await tab.waitForSelector('[data-testid="live-indicator"][data-state="live"]');
  return id;
}

test("a status change made elsewhere is announced in the aria-live region", { timeout: 30_000 }, async () => {
  const { tab } = p;
  const id = await selectByName(tab, "demo hello (simple, draft)");
  assert.equal(await tab.getAttribute('[data-testid="announcer"]', "aria-live"), "polite");
  await elsewhere("POST", `${id}/start`);
  // STARTING then RUNNING arrive on the stream; each is said in words, not as an internal name.
  await tab.waitForFunction(() =>
    /demo hello \(simple, draft\): (Starting|Running)\./.test(
      document.querySelector('[data-testid="announcer"]').textContent,
    ),
  );
  await tab.waitForSelector('[data-testid="detail-status"][data-status="RUNNING"]');
  assert.deepEqual(p.errors, []);
});

test("a deployment deleted elsewhere shows as gone, with no action left", { timeout: 40_000 }, async () => {
  const { tab } = p;
  const id = await selectByName(tab, "demo ollama (simple-extend, stopped)");
  await elsewhere("DELETE", id);
  // The page finds out by itself (no click): the detail says gone and the row is dropped.
  await tab.waitForSelector('[data-testid="detail-gone"]', { timeout: 30_000 });
  assert.equal(await tab.locator('[data-testid^="action-"]').count(), 0, "no live button for it");
  await tab.waitForSelector(`[data-testid="deployment-row"][data-id="${id}"]`, { state: "detached" });
  assert.match(await tab.textContent('[data-testid="announcer"]'), /deleted|gone/);
  assert.deepEqual(await seriousViolations(tab), [], "axe-core on the gone view");
  assert.deepEqual(p.errors, []);
});

test("switching the API in Settings drops the old deployment; an error says what to do", {
  timeout: 30_000,
}, async () => {
  const { tab } = p;
  await selectByName(tab, "demo nginx (infinite)");
  await tab.click('[data-testid="settings-toggle"]');
  await tab.fill('[data-testid="settings-base-url"]', `${p.pg.sandboxUrl}/api`);
  await tab.fill('[data-testid="settings-address"]', p.pg.sandbox.demoWallet.address);
  await tab.fill('[data-testid="settings-authorization"]', "NosanaApiAuthentication:1111");
  await tab.click('[data-testid="settings-save"]');
  await tab.waitForSelector('[data-testid="list-error"]');
  assert.equal(await tab.locator('[data-testid="detail-name"]').count(), 0, "the old detail is not kept");
  assert.equal(await tab.locator('[data-testid^="action-"]').count(), 0);
  // The error is a sentence, not a raw "401 …".
  const text = await tab.textContent('[data-testid="list-error"]');
  assert.ok(text.length > 20 && !/^\d{3}\b/.test(text), text);
  await tab.click('[data-testid="settings-reset"]');
  await tab.waitForSelector('[data-testid="deployment-row"]');
  assert.deepEqual(p.errors, []);
});
