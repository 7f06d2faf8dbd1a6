// Shared by the editor tests: the Node build of the library (the oracle) and the documents used.
import { createRequire } from "node:module";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../e2e/browser.mjs";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const lib = createRequire(import.meta.url)("../../pkg/node/nosana_deployments.js");

export const VALID = `{
  "version": "0.1",
  "type": "container",
  "ops": [
    {
      "type": "container/run",
      "id": "web",
      "args": {
        "image": "nginx",
        "expose": 80
      }
    }
  ]
}
`;

/** A misspelled key ("imgae"), which the library's quick fix renames to "image". */
export const MISSPELLED = VALID.replace('"image"', '"imgae"');

/** A key being typed inside the op's args: `__KEY__` marks the cursor, inside the new key's quotes. */
export const TYPING_KEY = VALID.replace('"expose": 80', '"expose": 80,\n        "__KEY__"');

/** `marker` removed from `template`: the text, the marker's offset and its LSP position. */
export function positionOf(template, marker) {
  const offset = template.indexOf(marker);
  if (offset < 0) throw new Error(`no ${marker} in the template`);
  const text = template.slice(0, offset) + template.slice(offset + marker.length);
  const before = text.slice(0, offset).split("\n");
  return { text, offset, position: { line: before.length - 1, character: before.at(-1).length } };
}

/**
 * Serves a test page with `serve()`, opens it in headless Chromium once it says it is ready, and
 * closes both after the file's tests. Returns a holder whose `tab` is set in `before` and whose
 * `errors` collects the page's uncaught errors.
 */
export function chromiumTab(serve) {
  const session = { tab: undefined, errors: [] };
  let page;
  let browser;
  before(
    async () => {
      page = await serve();
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      context.setDefaultTimeout(10_000);
      session.tab = await context.newPage();
      session.tab.on("pageerror", (err) => session.errors.push(err.message));
      await session.tab.goto(page.url);
      await session.tab.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 20_000 });
    },
    { timeout: 90_000 },
  );
  after(async () => {
    await browser?.close().catch(() => {});
    await page?.close();
  });
  return session;
}
