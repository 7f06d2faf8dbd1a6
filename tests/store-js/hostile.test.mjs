// DeploymentStore and its functions (statusLabel, actionLabel, registerLocale, explainError) with
// hostile options and arguments: throwing getters, Proxies whose traps throw, revoked Proxies,
// look-alike clients. Each call returns or throws a TypeError that says what was wrong (never a
// RuntimeError, never the caller's own thrown value), and the module keeps working. A generated
// run with the robustness harness's hostile values (tests/robustness/hostile-values.mjs) drives
// every entry point of the store the same way.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  actionLabel,
  DeploymentStore,
  DeploymentsClient,
  explainError,
  NosanaError,
  registerLocale,
  statusLabel,
  validateJobDefinition,
} from "nosana-deployments";
import { hostile, materialize, optionsWith } from "../robustness/hostile-values.mjs";

// No call reaches a network: `fetch` answers 404 at once (a NotFoundError), like the harness's.
globalThis.fetch = async () =>
  new Response('{"message":"not found"}', { status: 404, headers: { "content-type": "application/json" } });

const ID = "7PMvVJ6kyCYv3fZySTgHUCv5RGNp6AqPNXAHU8YjzvfJ";
const JOB = {
  version: "0.1",
  type: "container",
  ops: [{ id: "web", type: "container/run", args: { image: "nginx", expose: 80 } }],
};
const client = new DeploymentsClient({ baseUrl: "http://127.0.0.1:9", retry: false });

function throwingGetter(key, thrown = new Error(`hostile ${key}`)) {
  return Object.defineProperty({}, key, {
    enumerable: true,
    get() {
      throw thrown;
    },
  });
}

function revoked(target = {}) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

const trapsThrow = (target = {}) =>
  new Proxy(target, {
    get() {
      throw Symbol("trap");
    },
    has() {
      throw Symbol("trap");
    },
    ownKeys() {
      throw Symbol("trap");
    },
    getOwnPropertyDescriptor() {
      throw Symbol("trap");
    },
    getPrototypeOf() {
      throw Symbol("trap");
    },
  });

function assertWorks() {
  assert.equal(validateJobDefinition(JOB).success, true);
  assert.deepEqual(
    validateJobDefinition({ ...JOB, version: 5 }).issues.map((i) => i.code),
    ["invalidType"],
  );
  assert.equal(typeof statusLabel("RUNNING"), "string");
  const store = new DeploymentStore({ client });
  assert.equal(store.getSnapshot().list.state, "idle");
  store.free();
}

test("each option read through a throwing getter is a TypeError naming the option and the cause", () => {
  for (const key of ["client", "live", "pollIntervalMs", "listFilters"]) {
    const options = throwingGetter(key);
    if (key !== "client") options.client = client;
    assert.throws(
      () => new DeploymentStore(options),
      { name: "TypeError", message: new RegExp(`options\\.${key} could not be read: hostile ${key}`) },
      key,
    );
  }
  // A thrown Symbol, null or a revoked Proxy is described, not passed through.
  for (const thrown of [Symbol("odd"), null, revoked()]) {
    const options = Object.assign(throwingGetter("live", thrown), { client });
    assert.throws(() => new DeploymentStore(options), {
      name: "TypeError",
      message: /options\.live could not be read: ./,
    });
  }
  assertWorks();
});

test("Proxies and revoked Proxies as options, or as the client", () => {
  for (const options of [trapsThrow(), revoked(), trapsThrow({ client }), revoked({ client })]) {
    assert.throws(() => new DeploymentStore(options), { name: "TypeError", message: /options\.client/ });
  }
  for (const bad of [trapsThrow(), revoked(), revoked(client), trapsThrow(client)]) {
    assert.throws(() => new DeploymentStore({ client: bad }), {
      name: "TypeError",
      message: "options.client must be a DeploymentsClient",
    });
  }
  // A transparent Proxy of a real client is that client.
  const store = new DeploymentStore({ client: new Proxy(client, {}) });
  assert.equal(store.getSnapshot().list.state, "idle");
  store.free();
  assertWorks();
});

test("look-alike clients are refused without their code escaping", () => {
  const lookAlikes = [
    {},
    { __storeCore: 42 },
    { __storeCore() {} },
    {
      __storeCore() {
        throw Symbol("look-alike");
      },
    },
    throwingGetter("__storeCore", revoked()),
    Object.create(DeploymentsClient.prototype),
    "a string",
    () => {},
  ];
  for (const bad of lookAlikes) {
    assert.throws(() => new DeploymentStore({ client: bad }), {
      name: "TypeError",
      message: "options.client must be a DeploymentsClient",
    });
  }
  // A freed client is refused the same way (its own FREED error stays inside the check).
  const freed = new DeploymentsClient({ baseUrl: "http://127.0.0.1:9" });
  freed.free();
  assert.throws(() => new DeploymentStore({ client: freed }), { name: "TypeError" });
  assertWorks();
});

test("options of the wrong type or range", () => {
  const cases = [
    [{ client, live: "yes" }, /options\.live must be a boolean/],
    [{ client, live: new Boolean(true) }, /options\.live must be a boolean/],
    [{ client, pollIntervalMs: 5 }, /pollIntervalMs/],
    [{ client, pollIntervalMs: Number.NaN }, /pollIntervalMs/],
    [{ client, pollIntervalMs: new Number(100) }, /pollIntervalMs/],
    [{ client, listFilters: trapsThrow() }, /listFilters/],
    [{ client, listFilters: revoked() }, /listFilters/],
    [{ client, listFilters: throwingGetter("limit") }, /listFilters/],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => new DeploymentStore(options), { name: "TypeError", message });
  }
  assertWorks();
});

test("hostile listeners, ids, actions and args", async () => {
  const store = new DeploymentStore({ client });
  for (const listener of [42, {}, trapsThrow(), revoked(), null]) {
    assert.throws(() => store.subscribe(listener), { name: "TypeError", message: /listener/ });
  }
  for (const id of [trapsThrow(), revoked(), { toString: () => ID }, Symbol("id")]) {
    assert.throws(() => store.open(id), { name: "TypeError", message: /id must be a string/ });
    await assert.rejects(store.refresh(id), { name: "TypeError", message: /id must be a string/ });
    await assert.rejects(store.perform(id, "start"), { name: "TypeError", message: /id must be a string/ });
  }
  for (const action of [trapsThrow(), revoked(), { toString: () => "start" }]) {
    await assert.rejects(store.perform(ID, action), { name: "TypeError", message: /action must be a string/ });
  }
  for (const args of [trapsThrow(), revoked(), throwingGetter("name"), { toJSON: () => 10n }]) {
    await assert.rejects(store.perform(ID, "rename", args), { name: "TypeError", message: /args/ });
  }
  assert.equal(store.getSnapshot().list.state, "idle");
  store.free();
  assertWorks();
});

test("labels, locales and explainError with hostile values", () => {
  for (const bad of [trapsThrow(), revoked(), Symbol("s"), { toString: () => "RUNNING" }]) {
    assert.throws(() => statusLabel(bad), { name: "TypeError" });
    assert.throws(() => actionLabel(bad), { name: "TypeError" });
    assert.throws(() => statusLabel("RUNNING", bad), { name: "TypeError", message: /locale/ });
    assert.throws(() => registerLocale(bad, {}), { name: "TypeError" });
  }
  for (const bad of [trapsThrow(), revoked(), Symbol("s"), throwingGetter("status.RUNNING")]) {
    assert.throws(() => registerLocale("xx", bad), { name: "TypeError", message: /table/ });
  }
  // A caller's 1 MB text is quoted cut short, not echoed whole.
  assert.throws(() => actionLabel("x".repeat(1 << 20)), { message: /^unknown action "x{60}…"$/ });
  assert.throws(() => statusLabel("é".repeat(1 << 20)), { message: /^unknown status "é{60}…"$/ });
  // Whatever the error, explainError explains: a hostile getter only loses its fact.
  const generic = explainError(undefined);
  for (const error of [trapsThrow(), revoked(), throwingGetter("code"), throwingGetter("httpStatus"), Symbol()]) {
    assert.deepEqual(explainError(error), generic);
  }
  assert.equal(
    explainError(Object.assign(throwingGetter("code"), { httpStatus: 500 })).summary,
    "The server failed to handle the request.",
    "the readable facts still count",
  );
  // Its options are the caller's: an unreadable locale is a TypeError, not silently English.
  for (const options of [throwingGetter("locale"), trapsThrow(), revoked()]) {
    assert.throws(() => explainError(new Error("x"), options), {
      name: "TypeError",
      message: /options\.locale could not be read/,
    });
  }
  assertWorks();
});

/** Acceptable: a TypeError or RangeError or one of the package's errors, with a readable message. */
function assertAcceptable(error, label) {
  assert.ok(!(error instanceof WebAssembly.RuntimeError), `${label}: a trap: ${error?.message}`);
  assert.ok(
    error instanceof TypeError || error instanceof RangeError || error instanceof NosanaError,
    `${label}: threw ${typeof error === "symbol" ? "a symbol" : Object.prototype.toString.call(error)}`,
  );
  assert.ok(typeof error.message === "string" && error.message.length > 0 && error.message.length <= 4000, label);
}

const slot = (valid, fields) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(valid) },
    { weight: 3, arbitrary: hostile },
    ...(fields ? [{ weight: 3, arbitrary: optionsWith(fields, valid) }] : []),
  );

const OPTIONS = slot({ client, live: false, pollIntervalMs: 50, listFilters: {} }, [
  "client",
  "live",
  "pollIntervalMs",
  "listFilters",
]);
const ID_SLOT = slot(ID);
const ACTION = slot("rename");
const ARGS = slot({ name: "renamed" }, ["name", "replicas", "toJSON"]);
const LOCALE = slot("fr");

let shared = null;
const storeOf = () => {
  shared ??= new DeploymentStore({ client, live: false });
  return shared;
};

/** Every entry point of the store: a name and how it is called with generated arguments. */
const ENTRIES = {
  constructor: [[OPTIONS], (o) => new DeploymentStore(o).free()],
  subscribe: [[slot(() => {})], (l) => storeOf().subscribe(l)()],
  getSnapshot: [[hostile], (thisArg) => storeOf().getSnapshot.call(thisArg)],
  open: [[ID_SLOT], (id) => storeOf().open(id)()],
  refresh: [[ID_SLOT], (id) => storeOf().refresh(id)],
  perform: [[ID_SLOT, ACTION, ARGS], (id, a, args) => storeOf().perform(id, a, args)],
  statusLabel: [[slot("RUNNING"), LOCALE], statusLabel],
  actionLabel: [[ACTION, LOCALE], actionLabel],
  registerLocale: [[LOCALE, slot({ "status.RUNNING": "En cours" }, ["status.RUNNING"])], registerLocale],
  explainError: [[hostile, slot({ locale: "fr" }, ["locale"])], explainError],
};

test("generated hostile values through every entry point of the store", { timeout: 5 * 60_000 }, async () => {
  const runs = Number(process.env.STORE_HOSTILE_RUNS ?? 2000);
  const seen = new Set();
  const entry = fc.oneof(
    ...Object.entries(ENTRIES).map(([name, [slots, run]]) =>
      fc.tuple(...slots).map((args) => ({ name, run, args, [fc.toStringMethod]: () => name })),
    ),
  );
  await fc.assert(
    fc.asyncProperty(entry, async ({ name, run, args }) => {
      seen.add(name);
      try {
        await run(...args.map(materialize));
      } catch (error) {
        assertAcceptable(error, name);
      }
      assertWorks();
    }),
    { seed: 22_0019, numRuns: runs, endOnFailure: true, includeErrorInReport: true },
  );
  assert.equal(seen.size, Object.keys(ENTRIES).length, `entries drawn: ${[...seen]}`);
  shared?.free();
});
