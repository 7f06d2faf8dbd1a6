// The deployment form and the dashboard against the sandbox the test starts: create, start, watch it
// reach RUNNING through the live stream, stop, archive.
import assert from "node:assert/strict";
import { test } from "node:test";
import { usePlayground } from "./harness.mjs";

const p = usePlayground({ sandbox: true, viewport: { width: 1400, height: 1100 } });

const status = (tab) => tab.getAttribute('[data-testid="detail-status"]', "data-status");
async function waitForStatus(tab, want, timeout = 15_000) {
  await tab.waitForSelector(`[data-testid="detail-status"][data-status="${want}"]`, { timeout });
}
async function enabledActions(tab) {
  return tab.$$eval('[data-testid^="action-"]', (bs) =>
    bs
      .filter((b) => !b.disabled)
      .map((b) => b.dataset.testid.slice(7))
      .sort(),
  );
}

test("the dashboard lists the demo wallet's seeded deployments", { timeout: 30_000 }, async () => {
  const { tab } = p;
  await tab.waitForSelector('[data-testid="dashboard"][data-loaded=true]');
  const rows = await tab.$$eval('[data-testid="deployment-row"]', (rs) => rs.map((r) => r.dataset.status));
  assert.ok(rows.length >= 4, `seeded rows: ${rows}`);
  assert.match(await tab.textContent('[data-testid="connection"]'), /local sandbox/);
});

test("create a deployment from the form, start it, see RUNNING arrive on the live stream, stop it, archive it", {
  timeout: 90_000,
}, async () => {
  const { tab } = p;
  const name = `e2e nginx ${Date.now()}`;
  await tab.selectOption('[data-testid="template-picker"]', "nginx");
  await tab.waitForFunction(() => window.playground.editor.getText().includes('"nginx"'));
  await tab.fill('[data-testid="field-name"]', name);
  await tab.fill('[data-testid="field-replicas"]', "1");
  await tab.fill('[data-testid="field-timeout"]', "60");
  await tab.selectOption('[data-testid="field-strategy"]', "SIMPLE");
  await tab.waitForSelector('[data-testid="deploy"]:not([disabled])');
  await tab.click('[data-testid="deploy"]');

  // The new deployment is listed and selected, in DRAFT.
  const row = tab.locator('[data-testid="deployment-row"]', { hasText: name });
  await row.waitFor();
  assert.equal(await row.getAttribute("data-status"), "DRAFT");
  await tab.waitForSelector(`[data-testid="detail-name"]:text-is("${name}")`);
  await waitForStatus(tab, "DRAFT");
  await tab.waitForSelector('[data-testid="live-indicator"][data-state="live"]');
  const id = await tab.textContent('[data-testid="detail-id"]');
  assert.equal(await tab.getAttribute('[data-testid="deploy-result"]', "data-id"), id);

  // The page's library has the state-machine functions that drive the actions and the diagram.
  const missing = await tab.evaluate(() =>
    ["canPerform", "transitionTable", "validateDeploymentUpdate"].filter(
      (f) => typeof window.playground.lib[f] !== "function",
    ),
  );
  assert.deepEqual(missing, []);
  // Only what canPerform allows is enabled, and the diagram highlights the current status.
  assert.deepEqual(await enabledActions(tab), ["start"]);
  assert.equal(await tab.getAttribute('[data-testid="state-diagram"] .node.current', "data-status"), "DRAFT");

  // Start: STARTING at once (optimistic), then RUNNING from the store's live stream.
  await tab.click('[data-testid="action-start"]');
  await waitForStatus(tab, "RUNNING");
  assert.equal(await tab.getAttribute('[data-testid="live-indicator"]', "data-state"), "live", "the stream is open");
  await tab.waitForSelector('[data-testid="jobs-row"]', { timeout: 15_000 });
  assert.deepEqual(await enabledActions(tab), ["stop"]);
  assert.equal(await tab.getAttribute('[data-testid="state-diagram"] .node.current', "data-status"), "RUNNING");
  // Updates are validated with validateDeploymentUpdate before they are sent.
  await tab.click('[data-testid="updates"] summary');
  await tab.fill('[data-testid="update-timeout"]', "30");
  await tab.waitForSelector('[data-testid="update-issues-timeout"] li[data-code]');
  assert.equal(await tab.isDisabled('[data-testid="update-updateTimeout"]'), true);
  await tab.fill('[data-testid="update-replicas"]', "2");
  await tab.click('[data-testid="update-updateReplicaCount"]');
  await tab.waitForSelector('[data-testid="detail-facts"] >> text=of 2');
  assert.equal(p.pg.sandbox.state.data.deployments.find((x) => x.id === id).replicas, 2);
  await tab.waitForSelector('[data-testid="events-row"]', { timeout: 15_000 });
  await tab.waitForSelector('[data-testid="revisions-row"]');
  await p.screenshot("dashboard.png", { fullPage: true });

  // Stop: STOPPING, then STOPPED once its job is stopped.
  await tab.click('[data-testid="action-stop"]');
  await waitForStatus(tab, "STOPPED", 30_000);
  assert.deepEqual(await enabledActions(tab), ["archive", "delete", "start"]);

  // Archive: terminal, nothing left to do (after the confirmation).
  await tab.click('[data-testid="action-archive"]');
  await tab.click('[data-testid="confirm-dialog"][open] [data-testid="confirm-ok"]');
  await waitForStatus(tab, "ARCHIVED");
  assert.deepEqual(await enabledActions(tab), []);
  assert.equal(await tab.isDisabled('[data-testid="update-updateReplicaCount"]'), true, "no updates once archived");
  assert.equal(await tab.getAttribute('[data-testid="state-diagram"] .node.current', "data-status"), "ARCHIVED");
  assert.equal(await status(tab), "ARCHIVED");
  await tab.waitForSelector(`[data-testid="deployment-row"][data-id="${id}"][data-status="ARCHIVED"]`);

  // The sandbox agrees.
  const d = p.pg.sandbox.state.data.deployments.find((x) => x.id === id);
  assert.equal(d.status, "ARCHIVED");
  assert.deepEqual(p.errors, []);
});

test("delete asks for confirmation (Escape cancels), then removes a stopped deployment and shows it gone", {
  timeout: 30_000,
}, async () => {
  const { tab } = p;
  await tab.click('[data-testid="refresh"]');
  const row = tab.locator('[data-testid="deployment-row"][data-status="STOPPED"]').first();
  await row.waitFor();
  const id = await row.getAttribute("data-id");
  await row.locator('[data-testid="select-deployment"]').click();
  await tab.waitForSelector(`[data-testid="detail-id"]:text-is("${id}")`);
  await waitForStatus(tab, "STOPPED");
  // The dialog opens with the safe choice focused; Escape cancels and nothing is deleted.
  await tab.click('[data-testid="action-delete"]');
  await tab.waitForSelector('[data-testid="confirm-dialog"][open]');
  assert.match(await tab.textContent('[data-testid="confirm-title"]'), /^Delete /);
  assert.equal(await tab.evaluate(() => document.activeElement?.dataset.testid), "confirm-cancel");
  await tab.keyboard.press("Escape");
  await tab.waitForSelector('[data-testid="confirm-dialog"]', { state: "hidden" });
  assert.equal(await tab.evaluate(() => document.activeElement?.dataset.testid), "action-delete");
  assert.ok(
    p.pg.sandbox.state.data.deployments.some((d) => d.id === id),
    "not deleted after Escape",
  );
  // Confirmed: deleted, dropped from the list, and the detail says gone with no action button.
  await tab.click('[data-testid="action-delete"]');
  await tab.click('[data-testid="confirm-dialog"][open] [data-testid="confirm-ok"]');
  await tab.waitForSelector(`[data-testid="deployment-row"][data-id="${id}"]`, { state: "detached" });
  await tab.waitForSelector('[data-testid="detail-gone"]');
  assert.equal(await tab.locator('[data-testid^="action-"]').count(), 0);
  assert.ok(!p.pg.sandbox.state.data.deployments.some((d) => d.id === id));
  assert.deepEqual(p.errors, []);
});

test("settings point the page at another base URL with a pasted wallet signature", { timeout: 30_000 }, async () => {
  const { tab } = p;
  const { authHeaders } = await import("../../sandbox/lib/crypto.mjs");
  const wallet = p.pg.sandbox.demoWallet;
  const headers = authHeaders(wallet);
  await tab.click('[data-testid="settings-toggle"]');
  // The gateway-style path of the same sandbox: the demo key is not used, the pasted header is.
  await tab.fill('[data-testid="settings-base-url"]', `${p.pg.sandboxUrl}/api`);
  await tab.waitForSelector('[data-testid="custom-auth"]:not([hidden])');
  await tab.fill('[data-testid="settings-address"]', headers["x-user-id"]);
  await tab.fill('[data-testid="settings-authorization"]', headers.authorization);
  const listed = tab.waitForResponse(
    (r) =>
      r.url().startsWith(p.pg.sandboxUrl) && new URL(r.url()).pathname === "/api/deployments" && r.status() === 200,
  );
  await tab.click('[data-testid="settings-save"]');
  await listed;
  assert.match(await tab.textContent('[data-testid="connection"]'), /127\.0\.0\.1/);
  await tab.waitForSelector('[data-testid="deployment-row"]');
  // A wrong signature is refused and said so.
  await tab.fill('[data-testid="settings-authorization"]', `${headers.authorization.split(":")[0]}:1111`);
  await tab.click('[data-testid="settings-save"]');
  await tab.waitForSelector('[data-testid="list-error"]');
  // Back to the local sandbox.
  await tab.click('[data-testid="settings-reset"]');
  await tab.waitForSelector('[data-testid="deployment-row"]');
  assert.equal(await tab.textContent('[data-testid="connection"]'), "local sandbox");
  assert.deepEqual(p.errors, []);
});
