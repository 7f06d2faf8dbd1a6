// Accessibility of the playground: axe-core on every view (no serious or critical violation), a
// 360 px screen with no horizontal scroll, and the keyboard flows (Escape closes Settings, Escape then
// Tab leaves the editor, Enter keeps the focus where it was).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { pageWidth, seriousViolations } from "./axe.mjs";
import { closeAll, openPlayground, typeInEditor } from "./harness.mjs";

let wide;
let narrow;
before(
  async () => {
    wide = await openPlayground({ viewport: { width: 1400, height: 1000 } });
    narrow = await openPlayground({ viewport: { width: 360, height: 780 } });
  },
  { timeout: 90_000 },
);
after(
  async () => {
    await wide?.close();
    await narrow?.close();
    await closeAll();
  },
  { timeout: 30_000 },
);

const focused = (tab) => tab.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.tagName);

async function selectFirst(tab, status) {
  await tab.waitForSelector('[data-testid="dashboard"][data-loaded=true]');
  const row = tab.locator(`[data-testid="deployment-row"]${status ? `[data-status="${status}"]` : ""}`).first();
  const id = await row.getAttribute("data-id");
  await row.locator('[data-testid="select-deployment"]').click();
  await tab.waitForSelector(
    `[data-testid="deployment-detail"][data-state="ready"] [data-testid="detail-id"]:text-is("${id}")`,
  );
  return id;
}

/** Each view of the page, reached in turn on `p`'s tab; `check(view)` runs on each. */
async function everyView(p, check) {
  const { tab } = p;
  await tab.waitForSelector('[data-testid="dashboard"][data-loaded=true]');
  await check("start (list, editor, form)");
  await typeInEditor(
    tab,
    '{ "version": "0.1", "type": "container", "ops": [{ "type": "container/run", "id": "x", "args": { "imag": "nginx" } }] }',
  );
  await tab.waitForSelector('[data-testid="issue-fix"]');
  await check("editor with issues and quick fixes");
  await selectFirst(tab, "RUNNING");
  await tab.click('[data-testid="updates"] summary');
  await check("a running deployment's detail");
  await tab.click('[data-testid="settings-toggle"]');
  await tab.waitForSelector('[data-testid="settings"]', { state: "visible" });
  await check("settings open");
  await tab.keyboard.press("Escape");
  await selectFirst(tab, "STOPPED");
  await tab.click('[data-testid="action-archive"]');
  await tab.waitForSelector('[data-testid="confirm-dialog"][open]');
  await check("confirmation dialog");
  await tab.keyboard.press("Escape");
  await tab.waitForSelector('[data-testid="confirm-dialog"]', { state: "hidden" });
}

test("axe-core finds no serious or critical violation on any view (1400 px and 360 px)", {
  timeout: 60_000,
}, async () => {
  for (const p of [wide, narrow]) {
    const found = {};
    await everyView(p, async (view) => {
      const serious = await seriousViolations(p.tab);
      if (serious.length) found[view] = serious;
    });
    assert.deepEqual(found, {}, JSON.stringify(found, null, 1));
    assert.deepEqual(p.errors, []);
  }
});

test("axe-core finds no serious or critical violation in the dark theme either", { timeout: 60_000 }, async () => {
  await wide.tab.emulateMedia({ colorScheme: "dark" });
  await wide.tab.reload();
  await wide.tab.waitForSelector("body[data-ready=true]");
  const found = {};
  await everyView(wide, async (view) => {
    const serious = await seriousViolations(wide.tab);
    if (serious.length) found[view] = serious;
  });
  await wide.tab.emulateMedia({ colorScheme: "light" });
  assert.deepEqual(found, {}, JSON.stringify(found, null, 1));
});

test("at 360 px no view scrolls sideways", { timeout: 60_000 }, async () => {
  const widths = {};
  await narrow.tab.reload();
  await narrow.tab.waitForSelector("body[data-ready=true]");
  await everyView(narrow, async (view) => {
    widths[view] = await pageWidth(narrow.tab);
  });
  for (const [view, width] of Object.entries(widths)) assert.ok(width <= 360, `${view}: ${width} px wide`);
  await narrow.tab.locator('[data-testid="deployment-list"]').scrollIntoViewIfNeeded();
  await narrow.screenshot("playground-360.png");
});

test("Escape closes Settings and gives the focus back to its toggle", { timeout: 20_000 }, async () => {
  const { tab } = wide;
  await tab.focus('[data-testid="settings-toggle"]');
  await tab.keyboard.press("Enter");
  await tab.waitForSelector('[data-testid="settings"]', { state: "visible" });
  await tab.focus('[data-testid="settings-base-url"]');
  await tab.keyboard.press("Escape");
  await tab.waitForSelector('[data-testid="settings"]', { state: "hidden" });
  assert.equal(await focused(tab), "settings-toggle");
});

test("Tab indents in the editor; Escape then Tab leaves it, as the hint next to it says", {
  timeout: 20_000,
}, async () => {
  const { tab } = wide;
  assert.match(await tab.textContent('[data-testid="editor-hint"]'), /Esc.*then.*Tab/);
  assert.equal(
    await tab.getAttribute('[data-testid="editor-content"]', "aria-describedby"),
    "editor-hint",
    "the hint is read with the editor",
  );
  await typeInEditor(tab, "{}");
  await tab.keyboard.press("Tab");
  assert.equal(await focused(tab), "editor-content", "Tab alone stays in the editor");
  assert.match(await tab.evaluate(() => window.playground.editor.getText()), /\s/, "and indents");
  await tab.keyboard.press("Escape");
  await tab.keyboard.press("Tab");
  assert.notEqual(await focused(tab), "editor-content", "Escape then Tab moves on");
  // The editor shows where the focus is (a ring on its frame).
  await tab.focus('[data-testid="editor-content"]');
  const outline = await tab.$eval('[data-testid="editor"]', (el) => getComputedStyle(el).outlineStyle);
  assert.equal(outline, "solid");
});

test("Enter on a button keeps the focus on it after the page re-renders", { timeout: 20_000 }, async () => {
  const { tab } = wide;
  await tab.waitForSelector('[data-testid="dashboard"][data-loaded=true]');
  const row = tab.locator('[data-testid="deployment-row"]').nth(1);
  const id = await row.getAttribute("data-id");
  await row.locator('[data-testid="select-deployment"]').focus();
  await tab.keyboard.press("Enter");
  await tab.waitForSelector(
    `[data-testid="deployment-detail"][data-state="ready"] [data-testid="detail-id"]:text-is("${id}")`,
  );
  const where = await tab.evaluate(() => ({
    testid: document.activeElement?.dataset.testid,
    id: document.activeElement?.closest("[data-id]")?.dataset.id,
  }));
  assert.deepEqual(where, { testid: "select-deployment", id });
  await tab.focus('[data-testid="refresh"]');
  await tab.keyboard.press("Enter");
  await tab.waitForResponse((r) => new URL(r.url()).pathname === "/deployments");
  assert.equal(await focused(tab), "refresh");
});

test("rows say which deployment is shown with aria-current, not the invalid aria-selected", async () => {
  const { tab } = wide;
  assert.equal(await tab.locator("[aria-selected]").count(), 0);
  assert.equal(await tab.locator('[data-testid="deployment-row"][aria-current="true"]').count(), 1);
});
