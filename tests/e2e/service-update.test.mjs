// The service's newer changes in the dashboard, against the sandbox the test starts (issue 20): SSH keys
// added to a running deployment with each job's result, duplicating an archived deployment, market and
// requirements with the restart warning, the startup timeout of INFINITE deployments, and the
// online/offline dot of each endpoint. What the page must show is computed with the Node build of the
// library and read from the sandbox's state, never written out by hand.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { test } from "node:test";
import { randomAddress } from "../../sandbox/lib/crypto.mjs";
import { nodeLib, usePlayground } from "./harness.mjs";

const p = usePlayground({ sandbox: true, viewport: { width: 1400, height: 1100 } });

const sandboxDeployment = (id) => p.pg.sandbox.state.data.deployments.find((d) => d.id === id);

/** A fresh OpenSSH ed25519 public key line: "ssh-ed25519 <base64 blob> [comment]". */
function ed25519Key(comment) {
  const raw = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  const field = (bytes) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    return Buffer.concat([len, bytes]);
  };
  const blob = Buffer.concat([field(Buffer.from("ssh-ed25519")), field(raw)]).toString("base64");
  return comment ? `ssh-ed25519 ${blob} ${comment}` : `ssh-ed25519 ${blob}`;
}

async function selectByName(tab, name) {
  await tab.waitForSelector('[data-testid="dashboard"][data-loaded=true]');
  const row = tab.locator('[data-testid="deployment-row"]', { hasText: name }).first();
  await row.waitFor();
  const id = await row.getAttribute("data-id");
  await row.locator('[data-testid="select-deployment"]').click();
  await tab.waitForSelector(`[data-testid="detail-id"]:text-is("${id}")`);
  return id;
}
const waitForStatus = (tab, want, timeout = 20_000) =>
  tab.waitForSelector(`[data-testid="detail-status"][data-status="${want}"]`, { timeout });
const visible = (tab, testid) => tab.isVisible(`[data-testid="${testid}"]`);

/** What the page shows for each pasted key: valid or not, and the codes next to it. */
const shownKeys = (tab) =>
  tab.$$eval('[data-testid="ssh-pasted-key"]', (items) =>
    items.map((li) => ({
      valid: li.dataset.valid === "true",
      codes: [...li.querySelectorAll('[data-testid="ssh-key-issue"]')].map((x) => x.dataset.code),
    })),
  );

/** The same, from the library: issues grouped by the key index their path ends with. */
function expectedKeys(keys) {
  const res = nodeLib.validateSshPublicKeys(keys);
  return keys.map((_, i) => {
    const mine = res.issues.filter((x) => x.path.at(-1) === i);
    return { valid: !mine.some((x) => x.severity === "error"), codes: mine.map((x) => x.code) };
  });
}

test("each pasted SSH key is checked on its own as it is typed, with its issues and hints next to it", {
  timeout: 60_000,
}, async () => {
  const { tab } = p;
  await selectByName(tab, "demo nginx (infinite)");
  await waitForStatus(tab, "RUNNING");
  assert.equal(await visible(tab, "ssh-add-form"), nodeLib.canPerform("RUNNING", "addSshKeys"));

  // A good key, a key whose blob says another algorithm, an unsupported algorithm and a two-word comment.
  const good = ed25519Key("alice@laptop");
  const ed = good.split(" ")[1];
  const pasted = [good, `ssh-rsa ${ed}`, `ssh-dss ${ed}`, `${ed25519Key()} two words`];
  await tab.fill('[data-testid="ssh-input"]', pasted.join("\n"));
  const want = expectedKeys(pasted);
  assert.deepEqual(
    want.map((k) => k.valid),
    [true, false, false, false],
    "the library refuses the three bad keys",
  );
  assert.deepEqual(await shownKeys(tab), want);
  assert.equal(await tab.isDisabled('[data-testid="ssh-add"]'), true);
  // The hint of a bad key is shown next to that key.
  const hinted = nodeLib.validateSshPublicKeys(pasted).issues.find((x) => x.hint && x.path.at(-1) === 1);
  assert.ok(hinted, "the library gives a hint for a blob that says another algorithm");
  assert.deepEqual(
    await tab.$$eval('[data-testid="ssh-pasted-key"][data-index="1"] [data-testid="issue-hint"]', (l) =>
      l.map((x) => x.textContent),
    ),
    // Set apart from the message, as plain text (`code` spans are <code>, not literal backticks).
    [`Hint: ${hinted.hint.replaceAll("`", "")}`],
  );
  // Eleven distinct keys: each one is fine, the set is not (an issue for the whole list).
  const eleven = Array.from({ length: 11 }, () => ed25519Key());
  const setIssues = nodeLib.validateSshPublicKeys(eleven).issues.filter((x) => typeof x.path.at(-1) !== "number");
  assert.equal(setIssues.length, 1, "the library reports the count for the whole set");
  await tab.fill('[data-testid="ssh-input"]', eleven.join("\n"));
  await tab.waitForFunction(() => document.querySelectorAll('[data-testid="ssh-pasted-key"]').length === 11);
  assert.deepEqual(await shownKeys(tab), expectedKeys(eleven));
  assert.deepEqual(
    await tab.$$eval('[data-testid="ssh-set-issue"]', (l) => l.map((x) => x.dataset.code)),
    setIssues.map((x) => x.code),
  );
  assert.equal(await tab.isDisabled('[data-testid="ssh-add"]'), true);
  await tab.fill('[data-testid="ssh-input"]', "");
  assert.deepEqual(p.errors, []);
});

test("a running deployment gets an SSH key, and each running job's result is shown", { timeout: 90_000 }, async () => {
  const { tab } = p;
  const id = await selectByName(tab, "demo nginx (infinite)");
  await waitForStatus(tab, "RUNNING");
  await tab.waitForSelector('[data-testid="jobs-row"]');
  await tab.waitForSelector('[data-testid="ssh-keys"][data-loaded=true]');
  const good = ed25519Key("alice@laptop");

  // Two good keys (one with a blank line and spaces around it): both valid, Add enabled.
  const second = ed25519Key("bob");
  await tab.fill('[data-testid="ssh-input"]', `${good}\n\n  ${second}  \n`);
  assert.deepEqual(await shownKeys(tab), [
    { valid: true, codes: [] },
    { valid: true, codes: [] },
  ]);
  await tab.waitForSelector('[data-testid="ssh-add"]:not([disabled])');
  const running = p.pg.sandbox.state.data.jobs.filter((j) => j.deployment === id && j.state === "RUNNING" && j.node);
  assert.ok(running.length >= 1, "the sandbox has a running job with a node");
  await tab.click('[data-testid="ssh-add"]');

  // One row per running job, each authorized, and the deployment now has both keys.
  await tab.waitForSelector('[data-testid="ssh-result"][data-kind="add"] [data-testid="ssh-result-row"]');
  const rows = await tab.$$eval('[data-testid="ssh-result-row"]', (rs) =>
    rs.map((r) => ({ job: r.dataset.job, status: r.dataset.status })),
  );
  assert.deepEqual(rows.map((r) => r.job).sort(), running.map((j) => j.job).sort());
  assert.ok(
    rows.every((r) => r.status === "authorized"),
    JSON.stringify(rows),
  );
  assert.match(
    await tab.textContent('[data-testid="ssh-result-summary"]'),
    new RegExp(`Authorized on ${running.length} of ${running.length} running job`),
  );
  const listed = await tab.$$eval('[data-testid="ssh-key"]', (ks) => ks.map((k) => k.dataset.key));
  assert.deepEqual(listed, [good, second]);
  assert.deepEqual(sandboxDeployment(id).ssh_public_keys, [good, second]);
  assert.equal(await tab.inputValue('[data-testid="ssh-input"]'), "", "the paste box is emptied");
  await p.screenshotOf('[data-testid="service-panels"]', "service-panels.png");

  // Revoke the first key while the node of one job does not answer: that job says "failed" with the
  // node's error, every other one "revoked".
  const runningNow = p.pg.sandbox.state.data.jobs.filter((j) => j.deployment === id && j.state === "RUNNING" && j.node);
  const dead = runningNow[0];
  p.pg.sandbox.state.sim.sshFailJobs = [dead.job];
  try {
    await tab.click('[data-testid="ssh-key"]:first-child [data-testid="ssh-revoke"]');
    await tab.waitForSelector('[data-testid="ssh-result"][data-kind="revoke"] [data-testid="ssh-result-row"]');
  } finally {
    p.pg.sandbox.state.sim.sshFailJobs = [];
  }
  const revoked = await tab.$$eval('[data-testid="ssh-result-row"]', (rs) =>
    rs.map((r) => ({
      job: r.dataset.job,
      status: r.dataset.status,
      error: r.querySelector('[data-testid="ssh-result-error"]')?.textContent ?? null,
    })),
  );
  assert.deepEqual(
    revoked.map((r) => [r.job, r.status]).sort(),
    runningNow.map((j) => [j.job, j.job === dead.job ? "failed" : "revoked"]).sort(),
  );
  assert.ok(revoked.find((r) => r.job === dead.job).error, "the failed job's error is shown");
  assert.match(
    await tab.textContent('[data-testid="ssh-result-summary"]'),
    new RegExp(`Revoked on ${runningNow.length - 1} of ${runningNow.length} running job`),
  );
  await tab.waitForFunction(() => document.querySelectorAll('[data-testid="ssh-key"]').length === 1);
  assert.deepEqual(sandboxDeployment(id).ssh_public_keys, [second]);

  // A key the deployment already has (another comment, same key): nothing is sent to the jobs.
  await tab.fill('[data-testid="ssh-input"]', `${second.split(" ").slice(0, 2).join(" ")} bob@desktop`);
  await tab.click('[data-testid="ssh-add"]');
  await tab.waitForSelector('[data-testid="ssh-result"][data-kind="add"] [data-testid="ssh-result-summary"]');
  assert.match(await tab.textContent('[data-testid="ssh-result-summary"]'), /^Nothing new/);
  assert.equal(await tab.$$eval('[data-testid="ssh-result-row"]', (l) => l.length), 0);
  assert.deepEqual(sandboxDeployment(id).ssh_public_keys, [second]);
  assert.deepEqual(p.errors, []);
});

test("each endpoint has an online/offline dot that follows the service", { timeout: 60_000 }, async () => {
  const { tab } = p;
  const id = await selectByName(tab, "demo nginx (infinite)");
  await waitForStatus(tab, "RUNNING");
  // The sandbox reports the endpoint online once a job runs; the page must say the same.
  await tab.waitForSelector('[data-testid="detail-facts"] [data-testid="endpoint"][data-online="true"]', {
    timeout: 20_000,
  });
  const shown = await tab.$$eval('[data-testid="detail-facts"] [data-testid="endpoint"]', (es) =>
    es.map((e) => ({ opId: e.dataset.opId, port: e.dataset.port, online: e.dataset.online })),
  );
  assert.deepEqual(
    shown,
    sandboxDeployment(id).endpoints.map((e) => ({ opId: e.opId, port: String(e.port), online: String(e.online) })),
  );
  assert.ok(
    await tab.isVisible(`[data-testid="deployment-row"][data-id="${id}"] [data-testid="endpoint"][data-online="true"]`),
    "the list shows the dot too",
  );
  // On the sandbox nothing links to a production host: its endpoints are simulated on a reserved
  // .invalid domain, and the page shows them as text.
  assert.equal(await tab.locator('[data-testid="endpoint"] a').count(), 0);
  assert.ok(sandboxDeployment(id).endpoints.every((e) => new URL(e.url).hostname.endsWith(".invalid")));
  // Stopped, its endpoint goes offline and is not offered as a link any more (issue 22: nothing can
  // answer there); started again, online: the store follows the stream's endpoint frames.
  await tab.click('[data-testid="action-stop"]');
  await waitForStatus(tab, "STOPPED", 30_000);
  await tab.waitForSelector('[data-testid="detail-facts"] [data-testid="endpoints-idle"]');
  assert.equal(await tab.locator('[data-testid="detail-facts"] [data-testid="endpoint"]').count(), 0);
  assert.ok(sandboxDeployment(id).endpoints.every((e) => e.online === false));
  await tab.click('[data-testid="action-start"]');
  await waitForStatus(tab, "RUNNING");
  await tab.waitForSelector('[data-testid="detail-facts"] [data-testid="endpoint"][data-online="true"]', {
    timeout: 20_000,
  });
  assert.equal(
    await tab.getAttribute('[data-testid="live-indicator"]', "data-state"),
    "live",
    "kept live by the stream",
  );
  assert.deepEqual(p.errors, []);
});

test("the startup timeout is offered for an INFINITE deployment with an exposed port, and nowhere else", {
  timeout: 60_000,
}, async () => {
  const { tab } = p;
  const id = await selectByName(tab, "demo nginx (infinite)");
  await waitForStatus(tab, "RUNNING");
  assert.equal(await visible(tab, "startup-timeout-form"), nodeLib.canPerform("RUNNING", "updateStartupTimeout"));
  await tab.fill('[data-testid="startup-timeout-input"]', "0");
  const zero = nodeLib.validateDeploymentUpdate("updateStartupTimeout", { startup_timeout: 0 });
  assert.equal(zero.success, false);
  await tab.waitForSelector('[data-testid="startup-timeout-form-issues"] li');
  assert.deepEqual(
    await tab.$$eval('[data-testid="startup-timeout-form-issues"] li', (l) => l.map((x) => x.dataset.code)),
    zero.issues.map((i) => i.code),
  );
  await tab.fill('[data-testid="startup-timeout-input"]', "15");
  await tab.click('[data-testid="update-updateStartupTimeout"]');
  await tab.waitForSelector('[data-testid="detail-facts"] >> text=15 min');
  assert.equal(sandboxDeployment(id).startup_timeout, 15);

  // A SIMPLE deployment has no startup timeout to offer.
  await selectByName(tab, "demo hello (simple, draft)");
  await waitForStatus(tab, "DRAFT");
  assert.equal(await visible(tab, "startup-timeout"), false);
  assert.deepEqual(p.errors, []);
});

test("market and requirements: checked before sending, with the warning that a market change restarts running jobs", {
  timeout: 60_000,
}, async () => {
  const { tab } = p;
  const id = await selectByName(tab, "demo nginx (infinite)");
  await waitForStatus(tab, "RUNNING");
  const effect = nodeLib.updateEffect("updateMarket", "RUNNING", "INFINITE");
  await tab.waitForSelector('[data-testid="market-warning"].warning');
  assert.equal(await tab.textContent('[data-testid="market-warning"]'), effect.explanation);

  // A market that is not a public key is refused locally, with the library's codes.
  await tab.fill('[data-testid="market-input"]', "not-a-key");
  const bad = nodeLib.validateDeploymentUpdate("updateMarket", { market: "not-a-key" });
  assert.equal(bad.success, false);
  await tab.waitForSelector('[data-testid="market-form-issues"] li');
  assert.deepEqual(
    await tab.$$eval('[data-testid="market-form-issues"] li', (l) => l.map((x) => x.dataset.code)),
    bad.issues.map((i) => i.code),
  );
  assert.equal(await tab.isDisabled('[data-testid="update-updateMarket"]'), true);

  const market = randomAddress();
  await tab.fill('[data-testid="market-input"]', market);
  await tab.click('[data-testid="update-updateMarket"]');
  await tab.waitForSelector(`[data-testid="detail-market"]:text-is("${market}")`);
  assert.equal(sandboxDeployment(id).market, market);

  // Requirements: `{}` is refused by the library, text that is not JSON by the page; a map is sent with the market.
  await tab.fill('[data-testid="requirements-input"]', "{}");
  const empty = nodeLib.validateDeploymentUpdate("updateRequirements", { market, requirements: {} });
  assert.equal(empty.success, false);
  await tab.waitForSelector('[data-testid="requirements-form-issues"] li');
  assert.deepEqual(
    await tab.$$eval('[data-testid="requirements-form-issues"] li', (l) => l.map((x) => x.dataset.code)),
    empty.issues.map((i) => i.code),
  );
  await tab.fill('[data-testid="requirements-input"]', "{gpu");
  await tab.waitForSelector('[data-testid="requirements-form-issues"] li[data-code="invalidJson"]');
  assert.equal(await tab.isDisabled('[data-testid="update-updateRequirements"]'), true);
  const requirements = { gpu: "RTX 4090", vram: 24 };
  await tab.fill('[data-testid="requirements-input"]', JSON.stringify(requirements));
  await tab.click('[data-testid="update-updateRequirements"]');
  await tab.waitForSelector(`[data-testid="detail-requirements"]:text-is('${JSON.stringify(requirements)}')`);
  assert.deepEqual(sandboxDeployment(id).requirements, requirements);
  assert.equal(sandboxDeployment(id).market, market);
  assert.deepEqual(p.errors, []);
});

test("an archived deployment can be duplicated (and nothing else it cannot do is offered)", {
  timeout: 60_000,
}, async () => {
  const { tab } = p;
  const id = await selectByName(tab, "demo ollama (simple-extend, stopped)");
  await waitForStatus(tab, "STOPPED");
  await tab.click('[data-testid="action-archive"]');
  await tab.click('[data-testid="confirm-dialog"][open] [data-testid="confirm-ok"]');
  await waitForStatus(tab, "ARCHIVED");
  // Only what the state machine allows while ARCHIVED is offered.
  for (const [testid, action] of [
    ["duplicate-form", "duplicate"],
    ["market-form", "updateMarket"],
    ["requirements-form", "updateRequirements"],
    ["ssh-add-form", "addSshKeys"],
  ]) {
    assert.equal(await visible(tab, testid), nodeLib.canPerform("ARCHIVED", action), `${testid} while ARCHIVED`);
  }
  assert.equal(nodeLib.canPerform("ARCHIVED", "duplicate"), true);
  await p.screenshotOf('[data-testid="service-panels"]', "archived-panels.png");

  // An override is checked like any update body: a market that is not a public key is refused locally.
  await tab.fill('[data-testid="duplicate-market"]', "not-a-key");
  const bad = nodeLib.validateDeploymentUpdate("duplicate", { market: "not-a-key" });
  assert.equal(bad.success, false);
  await tab.waitForSelector('[data-testid="duplicate-form-issues"] li');
  assert.deepEqual(
    await tab.$$eval('[data-testid="duplicate-form-issues"] li', (l) => l.map((x) => x.dataset.code)),
    bad.issues.map((i) => i.code),
  );
  assert.equal(await tab.isDisabled('[data-testid="update-duplicate"]'), true);
  await tab.fill('[data-testid="duplicate-market"]', "");

  const name = `ollama again ${Date.now()}`;
  await tab.fill('[data-testid="duplicate-name"]', name);
  await tab.click('[data-testid="update-duplicate"]');
  await tab.waitForSelector(`[data-testid="detail-name"]:text-is("${name}")`);
  await waitForStatus(tab, "DRAFT");
  const copyId = await tab.textContent('[data-testid="detail-id"]');
  assert.notEqual(copyId, id);
  await tab.waitForSelector(`[data-testid="deployment-row"][data-id="${copyId}"][data-status="DRAFT"]`);
  const source = sandboxDeployment(id);
  const copy = sandboxDeployment(copyId);
  assert.equal(source.status, "ARCHIVED", "the source is not changed");
  assert.equal(copy.name, name);
  assert.equal(copy.status, "DRAFT");
  for (const k of ["strategy", "market", "replicas", "timeout", "vault"]) assert.equal(copy[k], source[k], k);
  assert.deepEqual(p.errors, []);
});

test("the new panels fit a 390 px wide screen", { timeout: 60_000 }, async () => {
  const { tab } = p;
  await tab.setViewportSize({ width: 390, height: 900 });
  try {
    await selectByName(tab, "demo nginx (infinite)");
    await waitForStatus(tab, "RUNNING");
    await tab.fill('[data-testid="ssh-input"]', `${ed25519Key("phone")}\nssh-dss AAAA`);
    await tab.waitForSelector('[data-testid="ssh-pasted-key"][data-valid="false"]');
    const overflow = await tab.evaluate(() => {
      const panels = document.querySelector('[data-testid="service-panels"]');
      const wide = [...panels.querySelectorAll("*")].filter(
        (el) => el.getBoundingClientRect().right > window.innerWidth + 1,
      );
      return { page: document.documentElement.scrollWidth, wide: wide.map((el) => `${el.tagName}.${el.className}`) };
    });
    assert.deepEqual(overflow.wide, [], "nothing in the panels sticks out of the screen");
    await p.screenshotOf('[data-testid="service-panels"]', "service-panels-390.png");
    await tab.fill('[data-testid="ssh-input"]', "");
  } finally {
    await tab.setViewportSize({ width: 1400, height: 1100 });
  }
  assert.deepEqual(p.errors, []);
});
