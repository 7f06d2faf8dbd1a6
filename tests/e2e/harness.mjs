// Shared set-up of the end-to-end tests: a playground (with its own sandbox) and a headless Chromium,
// both closed by `close()` whatever happens.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { after, before } from "node:test";
import { startPlayground } from "../../scripts/start.mjs";
import { ROOT } from "../../scripts/util.mjs";
import { launchChromium } from "./browser.mjs";

// The tests always take their screenshots; they replace the committed ones in docs/ (shown in the
// README) only with UPDATE_SCREENSHOTS=1, so a test run does not dirty the work tree.
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === "1" ? join(ROOT, "docs", "screenshots") : join(ROOT, "target", "screenshots");
/** The Node build of the library: the oracle for what the page must show. */
export const nodeLib = createRequire(import.meta.url)("../../pkg/node/nosana_deployments.js");

// Everything started here and not closed yet, so `closeAll()` can clean up even after a set-up that
// timed out half-way.
const OPEN = new Set();
export async function closeAll() {
  for (const closer of [...OPEN].reverse()) {
    OPEN.delete(closer);
    await closer().catch(() => {});
  }
}

export async function openPlayground({ sandbox = true, viewport = { width: 1400, height: 1000 } } = {}) {
  const pg = await startPlayground({ port: 0, sandbox });
  const closePg = () => pg.close();
  OPEN.add(closePg);
  let browser;
  let closeBrowser;
  try {
    browser = await launchChromium(); // playwright's own launch time limit applies
    closeBrowser = () => browser.close();
    OPEN.add(closeBrowser);
    const context = await browser.newContext({ viewport });
    context.setDefaultTimeout(10_000);
    const tab = await context.newPage();
    const errors = [];
    tab.on("pageerror", (err) => errors.push(err.message));
    await tab.goto(pg.url);
    await tab.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
    return {
      pg,
      tab,
      errors,
      async screenshot(name, options = {}) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await tab.evaluate(() => document.querySelector('[data-testid="toasts"]')?.replaceChildren());
        await tab.screenshot({ path: join(SCREENSHOTS, name), ...options });
      },
      /** A screenshot of one element (e.g. a panel), scrolled into view first. */
      async screenshotOf(selector, name) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await tab.evaluate(() => document.querySelector('[data-testid="toasts"]')?.replaceChildren());
        await tab.locator(selector).screenshot({ path: join(SCREENSHOTS, name) });
      },
      async close() {
        OPEN.delete(closeBrowser);
        OPEN.delete(closePg);
        await browser.close().catch(() => {});
        await pg.close();
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/**
 * One playground for a test file: opened before its tests (then `afterOpen(p)`, if given), closed
 * after them with anything a timed-out set-up left behind. The object returned is filled when the
 * playground is open, so tests read `p.tab`, `p.pg` and `p.errors`.
 */
export function usePlayground(options, afterOpen) {
  const p = {};
  before(
    async () => {
      Object.assign(p, await openPlayground(options));
      await afterOpen?.(p);
    },
    { timeout: 90_000 },
  );
  after(
    async () => {
      await p.close?.();
      await closeAll();
    },
    { timeout: 30_000 },
  );
  return p;
}

/** Replaces the editor's text the way a paste does (no auto-closing brackets or auto-indent). */
export async function typeInEditor(tab, text) {
  await tab.click('[data-testid="editor"] .cm-content');
  await tab.keyboard.press("ControlOrMeta+a");
  await tab.keyboard.press("Delete");
  await tab.keyboard.insertText(text);
}

/** What the editor's issue list shows: [{ code, location, severity }]. */
export function shownIssues(tab) {
  return tab.$$eval('[data-testid="issue"]', (items) =>
    items.map((li) => ({ code: li.dataset.code, location: li.dataset.location, severity: li.dataset.severity })),
  );
}

/** Each lint marker in the editor: its text, CSS class and 1-based line. */
export function shownMarkers(tab) {
  return tab.$$eval(".cm-lintRange", (marks) =>
    marks.map((m) => {
      const line = m.closest(".cm-line");
      const lines = [...document.querySelectorAll('[data-testid="editor"] .cm-content > .cm-line')];
      return { text: m.textContent, error: m.classList.contains("cm-lintRange-error"), line: lines.indexOf(line) + 1 };
    }),
  );
}

export const location = (issue) => (issue.range ? `${issue.range.start.line}:${issue.range.start.column}` : "1:1");
