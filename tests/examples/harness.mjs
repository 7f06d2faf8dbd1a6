// What both framework dashboards (examples/react, examples/vue) must do, driven as a user would in
// headless Chromium at 360 px: install and build the example with its pinned Vite (the package from
// its `npm pack` tarball, as the recipes do), serve the build, point it at a strict sandbox whose
// clock is frozen at a fixed instant, then create → start → Running → stop → archive (with a
// confirmation), and see a deployment deleted by another client turn "gone". axe-core finds no
// serious or critical violation, the page never scrolls sideways, and the app stays under 200 lines.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createClock } from "../../sandbox/lib/clock.mjs";
import { startSandbox } from "../../sandbox/server.mjs";
import { newKey } from "../client/helpers.mjs";
import { pageWidth, seriousViolations } from "../e2e/axe.mjs";
import { launchChromium } from "../e2e/browser.mjs";
import { buildExample, prepareExample, ROOT } from "../recipes/harness.mjs";
import { serveStatic } from "../recipes/serve.mjs";

/** The Node build: the oracle for labels and explained errors, and the "other client". */
const lib = createRequire(import.meta.url)("../../pkg/node/nosana_deployments.js");
const API_KEY = "nos_examples_test_key";
const MAX_APP_LINES = 200;

/** The same small deployment the examples' form sends (examples/<name>/src/connect.js). */
function createBody(name, image = "nginx:1.27") {
  const op = { id: "web", type: "container/run", args: { image, expose: 80 } };
  const job_definition = { version: "0.1", type: "container", meta: { trigger: "cli" }, ops: [op] };
  const market = "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr";
  return { name, market, replicas: 1, timeout: 60, strategy: "SIMPLE", job_definition };
}

/** Lines of every file under examples/<name>/src (the app; config and index.html aside). */
export function appLines(name) {
  const src = join(ROOT, "examples", name, "src");
  const files = readdirSync(src, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const perFile = Object.fromEntries(
    files.map((e) => [e.name, readFileSync(join(e.parentPath, e.name), "utf8").trimEnd().split("\n").length]),
  );
  return { perFile, total: Object.values(perFile).reduce((a, b) => a + b, 0) };
}

async function assertAccessible(page, when) {
  assert.deepEqual(await seriousViolations(page), [], `axe-core, ${when}`);
  const scroll = await pageWidth(page);
  const viewport = page.viewportSize().width;
  assert.ok(scroll <= viewport, `${when}: the page is ${scroll} px wide in a ${viewport} px viewport`);
}

export async function checkDashboard(t, name) {
  const lines = appLines(name);
  t.diagnostic(`${name}: ${lines.total} lines of app code ${JSON.stringify(lines.perFile)}`);
  assert.ok(lines.total <= MAX_APP_LINES, `${name} has ${lines.total} lines of app code (at most ${MAX_APP_LINES})`);

  const { dir, install } = prepareExample(name);
  const build = buildExample(dir);
  t.diagnostic(`${name}: install ${install.toFixed(1)} s (0 when cached), build ${build.toFixed(1)} s`);

  // Frozen at a fixed instant: the sandbox's worker still moves STARTING → RUNNING and STOPPING →
  // STOPPED on its next tick, and nothing depends on the wall clock.
  const clock = createClock({ timeScale: 0, startAt: "2026-03-02T09:00:00Z" });
  const owner = newKey().address;
  // The first list request is slow, then fails: the page must show "loading", then the error.
  const listFails = [
    { type: "latency", route: "GET /deployments", ms: 1500, count: 1 },
    { type: "status", route: "GET /deployments", status: 500, count: 1 },
  ];
  // Closed in this order whatever happens: the browser first, so no stream holds a server open.
  const open = [];
  t.after(async () => {
    for (const close of open.reverse()) await close();
  });
  const sb = await startSandbox({
    strict: true,
    tickMs: 5,
    clock,
    apiKeys: { [API_KEY]: owner },
    faults: listFails,
    log: () => {},
  });
  open.push(() => sb.close());
  const server = await serveStatic(join(dir, "dist"));
  open.push(() => server.close());
  const browser = await launchChromium();
  open.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  // The browser logs every 4xx as "Failed to load resource": a 404 from the API is how a deletion
  // shows, so only the page's own files count, by URL.
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  page.on("response", (r) => {
    if (r.url().startsWith(server.url) && r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  const other = new lib.DeploymentsClient({ baseUrl: sb.url, apiKey: API_KEY });
  open.push(() => other.free());

  const started = performance.now();
  await page.goto(`${server.url}/?api=${encodeURIComponent(sb.url)}&key=${API_KEY}`);
  const list = page.locator('section[aria-labelledby="list-title"]');
  await list.getByText("Loading").waitFor();
  const alert = await list.getByRole("alert").textContent();
  sb.setFaults(listFails.slice(1));
  const explained = await other.list().then(
    () => assert.fail("the fault did not fire"),
    (error) => lib.explainError(error).text,
  );
  assert.equal(alert.replace("Retry", "").trim(), explained, "the list's error, explained");
  await list.getByRole("button", { name: "Retry" }).click();
  await list.getByText("No deployments yet").waitFor();

  const detail = page.locator('section[aria-labelledby="detail-title"]');
  const status = detail.getByRole("status");
  // The whole text: "demo: Archived (updating…)" is the optimistic status, before the server answered.
  const shows = (deployment, s) =>
    status.filter({ hasText: new RegExp(`^\\s*${deployment}: ${lib.statusLabel(s)}\\s*$`) }).waitFor();
  const button = (action) => detail.getByRole("button", { name: lib.actionLabel(action), exact: true });

  // A job definition the client refuses: the form says what the Node build's explainError says.
  const form = page.getByRole("form", { name: "New deployment" });
  await form.getByLabel("Name").fill("demo");
  await form.getByLabel("Container image").fill("NGINX::bad");
  await form.getByRole("button", { name: "Create" }).click();
  const refused = await other.create(createBody("demo", "NGINX::bad")).then(
    () => assert.fail("the client accepted a broken image"),
    (error) => lib.explainError(error).text,
  );
  await form.getByRole("alert").filter({ hasText: refused }).waitFor();

  // create → DRAFT, shown with the actions the state machine allows.
  await form.getByLabel("Container image").fill("nginx:1.27");
  await form.getByRole("button", { name: "Create" }).click();
  await shows("demo", "DRAFT");
  await button("start").waitFor();
  assert.equal(await button("stop").count(), 0, "no Stop for a draft");
  await assertAccessible(page, "a draft deployment open");

  // start → RUNNING (from the live stream or a refresh; the page never reloads).
  await button("start").click();
  await shows("demo", "RUNNING");
  await button("stop").click();
  await shows("demo", "STOPPED");

  // archive asks first: cancelling sends nothing; confirming archives.
  const archives = () => sb.requests.filter((r) => r.method === "POST" && r.path.endsWith("/archive")).length;
  const asked = [];
  page.once("dialog", (dialog) => {
    asked.push(dialog.message());
    return dialog.dismiss();
  });
  await button("archive").click();
  assert.equal(asked.length, 1, "a confirmation was asked");
  await shows("demo", "STOPPED");
  assert.equal(archives(), 0, "a cancelled archive sends nothing");
  page.once("dialog", (dialog) => dialog.accept());
  await button("archive").click();
  await shows("demo", "ARCHIVED");
  assert.equal(archives(), 1);
  assert.equal(await detail.getByRole("button").count(), 0, "an archived deployment offers no action");

  // Deleted by another client while open: the page says it is gone and offers no action.
  const doomed = await other.create(createBody("doomed"));
  await other.start(doomed.id);
  await other.waitForStatus(doomed.id, "RUNNING", { timeoutMs: 10_000, intervalMs: 20 });
  await other.stop(doomed.id);
  await other.waitForStatus(doomed.id, "STOPPED", { timeoutMs: 10_000, intervalMs: 20 });
  await page.getByRole("button", { name: "Refresh" }).click();
  await page.getByRole("button", { name: /^doomed/ }).click();
  await shows("doomed", "STOPPED");
  await other.delete(doomed.id);
  // The stream says nothing when a deployment is deleted (the service's does not either): the store
  // checks what it follows every `pollIntervalMs` (5 s by default), with no click from the user.
  await detail.getByText("no longer exists").waitFor({ timeout: 20_000 });
  await list.getByRole("button", { name: /^doomed/ }).waitFor({ state: "detached" });
  assert.equal(await detail.getByRole("button").count(), 0, "a gone deployment offers no action");
  await assertAccessible(page, "a deployment deleted elsewhere");
  t.diagnostic(`${name}: driven in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  assert.deepEqual(errors, [], "the page reported no error");
  assert.deepEqual(sb.state.strictViolations, [], "every request and response matched the OpenAPI document");
}
