// The hostile-value harness (issue 19): drives EVERY export of the package (the main entry and
// `/job` and `/editor`, enumerated programmatically) and every method of DeploymentsClient and DeploymentStore with generated hostile
// values in every argument and every option field (hostile-values.mjs). After each call: it returned,
// or threw (or rejected with) a TypeError, a RangeError or one of the package's own errors, with a
// readable message, never a RuntimeError; and the module still validates a known document correctly.
// A new export without an argument model below fails the first test.
//   HARNESS_RUNS=n HARNESS_SEED=s node --test tests/robustness/hostile-harness.test.mjs
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import fc from "fast-check";
import { hostile, materialize, optionsWith } from "./hostile-values.mjs";

// Client calls never reach a network: `fetch` answers 404 at once, so a call whose arguments pass
// settles with a NotFoundError (no timers, no sockets, no timing luck).
let fetches = 0;
globalThis.fetch = async () => {
  fetches++;
  return new Response('{"message":"not found"}', { status: 404, headers: { "content-type": "application/json" } });
};

const require = createRequire(import.meta.url);
const main = require("nosana-deployments");
const job = require("nosana-deployments/job");
const editor = require("nosana-deployments/editor");

const SEED = Number(process.env.HARNESS_SEED ?? 19_0519);
const RUNS = Number(process.env.HARNESS_RUNS ?? 10_000);

const ID = "7PMvVJ6kyCYv3fZySTgHUCv5RGNp6AqPNXAHU8YjzvfJ";
const JOB = {
  version: "0.1",
  type: "container",
  ops: [{ id: "web", type: "container/run", args: { image: "nginx", expose: 80 } }],
};
const BODY = {
  name: "web",
  market: "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr",
  replicas: 1,
  timeout: 60,
  strategy: "SIMPLE",
  job_definition: JOB,
};

/** A slot: its valid value, or a hostile one, or (for objects) the valid one with hostile fields. */
const slot = (valid, fields) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(valid) },
    { weight: 3, arbitrary: hostile },
    ...(fields ? [{ weight: 3, arbitrary: optionsWith(fields, valid ?? {}) }] : []),
  );

const S = {
  job: fc.oneof(slot(JOB, ["version", "type", "ops", "meta"]), fc.constant(JSON.stringify(JOB))),
  body: slot(BODY, Object.keys(BODY)),
  validateOptions: slot({ warnings: false }, ["warnings"]),
  status: slot("RUNNING"),
  action: slot("updateReplicaCount"),
  strategy: slot("SIMPLE"),
  updateBody: slot({ replicas: 2 }, ["replicas", "timeout"]),
  keys: slot([], ["0", "length"]),
  schedule: slot("*/5 * * * *"),
  scheduleOptions: slot({ from: 0, count: 2 }, ["from", "count"]),
  text: slot('{"version": "0.1"}'),
  offset: slot(3),
  issues: slot(
    [{ fixes: [{ edits: [{ range: { start: { offset: 0 }, end: { offset: 0 } }, newText: " " }] }] }],
    ["0", "length", "fixes"],
  ),
  eventType: slot("deployment"),
  clientOptions: slot({ baseUrl: "http://127.0.0.1:9", retry: false }, [
    "baseUrl",
    "network",
    "serviceUrl",
    "nodeDomain",
    "pathPrefix",
    "timeoutMs",
    "retry",
    "headers",
    "wallet",
    "apiKey",
    "authMessage",
    "knownStatusTtlMs",
    "secretKey",
    "gateway",
  ]),
  id: slot(ID),
  callOptions: slot({}, ["signal", "timeoutMs", "status"]),
  waitOptions: slot({ intervalMs: 10 }, ["signal", "timeoutMs", "intervalMs"]),
  watchOptions: slot({}, ["signal", "connectTimeoutMs"]),
  filters: slot({}, ["limit", "status", "sortOrder", "cursor"]),
  string: slot("a-name"),
  number: slot(2),
  statuses: slot(["RUNNING"], ["0", "length"]),
  amounts: slot({ SOL: 1 }, ["SOL", "NOS"]),
  value: fc.oneof(slot(JOB), fc.constant(JSON.stringify(JOB))),
  any: hostile,
  locale: slot("fr"),
  localeTable: slot({ "status.RUNNING": "En cours" }, ["status.RUNNING", "action.start"]),
  explainOptions: slot({ locale: "fr" }, ["locale"]),
  // The live client is made when a value is drawn (after `liveClient` exists); `live: false`: no
  // stream and no polling timers, so a store does nothing until asked.
  storeOptions: fc
    .constant(null)
    .chain(() => slot({ client: liveClient(), live: false }, ["client", "live", "pollIntervalMs", "listFilters"])),
  listener: slot(() => {}),
};

// The argument model of every export: how it is called and what goes in each argument.
const call = (...slots) => ({ kind: "call", slots });
const schema = () => ({ kind: "schema", slots: [S.value] });
const FUNCTIONS = {
  allowedActions: call(S.status),
  applyFixes: call(S.text, S.issues),
  canPerform: call(S.status, S.action),
  completionsAt: call(S.text, S.offset),
  deploymentJsonSchema: call(),
  deploymentStandardSchema: schema(),
  describeEventType: call(S.eventType),
  describeSchedule: call(S.schedule),
  hoverAt: call(S.text, S.offset),
  isActive: call(S.status),
  isTerminal: call(S.status),
  jobDefinitionJsonSchema: call(),
  jobDefinitionStandardSchema: schema(),
  listRules: call(),
  nextScheduleTimes: call(S.schedule, S.scheduleOptions),
  nextStatus: call(S.status, S.action),
  transitionTable: call(),
  updateEffect: call(S.action, S.status, S.strategy),
  validateDeployment: call(S.body, S.validateOptions),
  validateDeploymentUpdate: call(S.action, S.updateBody, S.validateOptions),
  validateJobDefinition: call(S.job, S.validateOptions),
  validateSchedule: call(S.schedule),
  validateSshPublicKeys: call(S.keys, S.validateOptions),
  version: call(),
  DeploymentsClient: { kind: "construct", slots: [S.clientOptions] },
  DeploymentStore: { kind: "construct", slots: [S.storeOptions] },
  statusLabel: call(S.status, S.locale),
  actionLabel: call(S.action, S.locale),
  explainError: call(S.any, S.explainOptions),
  registerLocale: call(S.locale, S.localeTable),
};
/** The error classes and their guards (errors.js): constructed, or asked, with anything. */
function errorModel(name) {
  if (/^is[A-Z]\w*Error$/.test(name)) return call(S.any);
  if (/^[A-Z]\w*Error$/.test(name)) return { kind: "construct", slots: [S.any, S.any] };
  return undefined;
}

const method = (...slots) => ({ kind: "method", slots });
const onId = () => method(S.id, S.callOptions);
const METHODS = {
  address: { kind: "getter", slots: [] },
  baseUrl: { kind: "getter", slots: [] },
  nodeDomain: { kind: "getter", slots: [] },
  list: method(S.filters, S.callOptions),
  listAll: { kind: "iterator", slots: [S.filters, S.callOptions] },
  get: onId(),
  create: method(S.body, S.callOptions),
  duplicate: method(S.id, S.updateBody, S.callOptions),
  updateMarket: method(S.id, S.string, S.callOptions),
  updateRequirements: method(S.id, S.amounts, S.callOptions),
  updateStartupTimeout: method(S.id, S.number, S.callOptions),
  sshKeys: onId(),
  addSshKeys: method(S.id, S.keys, S.callOptions),
  revokeSshKeys: method(S.id, S.keys, S.callOptions),
  start: onId(),
  stop: onId(),
  archive: onId(),
  delete: onId(),
  rename: method(S.id, S.string, S.callOptions),
  updateReplicaCount: method(S.id, S.number, S.callOptions),
  updateTimeout: method(S.id, S.number, S.callOptions),
  updateSchedule: method(S.id, S.schedule, S.callOptions),
  updateActiveRevision: method(S.id, S.number, S.callOptions),
  createRevision: method(S.id, S.job, S.callOptions),
  jobs: method(S.id, S.filters, S.callOptions),
  job: method(S.id, S.string, S.callOptions),
  revisions: method(S.id, S.filters, S.callOptions),
  events: method(S.id, S.filters, S.callOptions),
  tasks: method(S.id, S.filters, S.callOptions),
  header: method(S.id, S.filters, S.callOptions),
  vaults: method(S.callOptions),
  createVault: method(S.callOptions),
  withdraw: method(S.string, S.amounts, S.callOptions),
  waitForStatus: method(S.id, S.statuses, S.waitOptions),
  waitForEndpoint: method(S.id, S.waitOptions),
  watch: { kind: "iterator", slots: [S.id, S.watchOptions] },
  // The store's way to the client's core: no arguments, an opaque handle back.
  __storeCore: method(),
};
const storeMethod = (...slots) => ({ kind: "storeMethod", slots });
const STORE_METHODS = {
  subscribe: storeMethod(S.listener),
  getSnapshot: storeMethod(),
  loadList: storeMethod(),
  open: storeMethod(S.id),
  refresh: storeMethod(S.id),
  perform: storeMethod(S.id, S.action, S.any),
  serverNow: storeMethod(),
};
// Not driven: the object's own lifecycle (free is covered by boundary.test.mjs).
const LIFECYCLE = new Set(["constructor", "free", "__destroy_into_raw", "__wbg_ptr", "dispose"]);

const ENTRIES = { "nosana-deployments": main, "nosana-deployments/job": job, "nosana-deployments/editor": editor };

/** Every export of every entry with its model; a missing model is listed in `missing`. */
function targets() {
  const list = [];
  const missing = [];
  for (const [entry, lib] of Object.entries(ENTRIES)) {
    for (const name of Object.keys(lib)) {
      const model = FUNCTIONS[name] ?? errorModel(name);
      if (model === undefined) missing.push(`${entry}: ${name}`);
      else list.push({ label: `${entry} ${name}`, lib, name, ...model });
    }
  }
  const client = main.DeploymentsClient;
  for (const name of Object.getOwnPropertyNames(client.prototype)) {
    if (LIFECYCLE.has(name)) continue;
    const model = METHODS[name];
    if (model === undefined) missing.push(`DeploymentsClient#${name}`);
    else list.push({ label: `DeploymentsClient#${name}`, name, ...model });
  }
  for (const name of Object.getOwnPropertyNames(main.DeploymentStore.prototype)) {
    if (LIFECYCLE.has(name)) continue;
    const model = STORE_METHODS[name];
    if (model === undefined) missing.push(`DeploymentStore#${name}`);
    else list.push({ label: `DeploymentStore#${name}`, name, ...model });
  }
  return { list, missing };
}

const { list: TARGETS, missing: MISSING } = targets();
const OWN_ERRORS = [main.NosanaError];

/** A thrown value is acceptable when it is a TypeError, a RangeError or the package's own, with a
 * readable message; never a RuntimeError (a trap), never the caller's own odd value passed through. */
function assertAcceptable(error, label) {
  assert.ok(!(error instanceof WebAssembly.RuntimeError), `${label}: a trap: ${error?.message}`);
  const ours = OWN_ERRORS.some((Class) => error instanceof Class);
  const freed = error instanceof Error && error.code === "FREED";
  assert.ok(
    error instanceof TypeError || error instanceof RangeError || ours || freed,
    `${label}: threw ${typeof error === "symbol" ? "a symbol" : Object.prototype.toString.call(error)}`,
  );
  assert.equal(typeof error.message, "string", label);
  assert.ok(
    error.message.length > 0 && error.message.length <= 4_000,
    `${label}: message of ${error.message.length}: ${error.message.slice(0, 80)}`,
  );
}

function assertStillWorks(label) {
  for (const lib of [main, job, editor]) {
    assert.equal(lib.validateJobDefinition(JOB).success, true, `${label}: the module no longer validates`);
    const bad = lib.validateJobDefinition({ ...JOB, version: 5 });
    assert.deepEqual(
      bad.issues.map((i) => i.code),
      ["invalidType"],
      `${label}: the module answers wrongly after the call`,
    );
  }
}

let client = null;
function liveClient() {
  client ??= new main.DeploymentsClient({ baseUrl: "http://127.0.0.1:9", retry: false, timeoutMs: 1_000 });
  return client;
}

let store = null;
function liveStore() {
  store ??= new main.DeploymentStore({ client: liveClient(), live: false });
  return store;
}

/** Runs one call; resolves when it (and any promise or first iterator step it made) settled. */
async function drive(target, recipes) {
  const { kind, lib, name } = target;
  const args = recipes.map(materialize);
  let result;
  try {
    if (kind === "call") result = lib[name](...args);
    else if (kind === "construct") result = new lib[name](...args);
    else if (kind === "schema") result = lib[name]()["~standard"].validate(...args);
    else if (kind === "getter") result = liveClient()[name];
    else if (kind === "method") result = liveClient()[name](...args);
    else if (kind === "storeMethod") {
      result = liveStore()[name](...args);
      // `open` hands back its release, `subscribe` its unsubscribe: undo what the call did.
      if (typeof result === "function") result = result();
    } else if (kind === "iterator") {
      const iterator = liveClient()[name](...args);
      try {
        await iterator.next();
      } finally {
        await iterator.return?.();
      }
    }
    if (result instanceof Promise) await result;
    if (result instanceof main.DeploymentsClient) result.free();
    if (result instanceof main.DeploymentStore) {
      result.dispose();
      result.free();
    }
  } catch (error) {
    assertAcceptable(error, target.label);
  }
}

// A target prints as its label in a counterexample.
for (const target of TARGETS) target[fc.toStringMethod] = () => target.label;
const targetArb = fc.oneof(
  ...TARGETS.map((target) =>
    fc.tuple(fc.constant(target), fc.tuple(...target.slots)).map(([t, args]) => ({ t, args })),
  ),
);

test("every export and every client method has an argument model", () => {
  assert.deepEqual(MISSING, [], "exports without an argument model: add them to hostile-harness.test.mjs");
  assert.ok(TARGETS.length >= 60, `only ${TARGETS.length} targets`);
});

test("the harness's check refuses traps, passed-through caller values and unreadable messages", () => {
  const refused = {
    "a trap": new WebAssembly.RuntimeError("unreachable"),
    "a caller's Symbol": Symbol("caller"),
    "a caller's plain Error": new Error("caller's own"),
    "a caller's object": { message: "looks like an error" },
    "an empty message": new TypeError(""),
    "an 11 MB message": new TypeError("x".repeat(11 * 1024 * 1024)),
  };
  for (const [label, error] of Object.entries(refused)) {
    assert.throws(() => assertAcceptable(error, label), assert.AssertionError, label);
  }
  assertAcceptable(new TypeError("readable"), "a TypeError");
  assertAcceptable(new main.TimeoutError("late"), "one of ours");
});

test(`hostile values through every export (seed ${SEED}, ${RUNS} runs)`, { timeout: 10 * 60_000 }, async () => {
  const started = performance.now();
  const seen = new Set();
  console.log(`hostile harness: seed ${SEED}, ${RUNS} runs over ${TARGETS.length} targets`);
  await fc.assert(
    fc.asyncProperty(targetArb, async ({ t, args }) => {
      seen.add(t.label);
      await drive(t, args);
      assertStillWorks(t.label);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `hostile harness: ${RUNS} runs in ${seconds.toFixed(1)} s, ${seen.size}/${TARGETS.length} targets reached, ${fetches} fetches`,
  );
  // Every target is drawn at the default run count (fast-check draws them uniformly); a short run
  // (HARNESS_RUNS under 20 per target) may miss some.
  if (RUNS >= 20 * TARGETS.length) {
    assert.equal(
      seen.size,
      TARGETS.length,
      `targets never drawn: ${TARGETS.map((t) => t.label).filter((l) => !seen.has(l))}`,
    );
  }
  store?.dispose();
  store?.free();
  client?.free();
});
