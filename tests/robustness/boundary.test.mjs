// Issue 19, the binding layer's boundary with the page's values: one named regression test per class
// of the issue's first list that the boundary owns. Each checks the answer and then that the module
// still validates a known document.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const m = require("nosana-deployments");
const job = require("nosana-deployments/job");

const JOB = {
  version: "0.1",
  type: "container",
  ops: [{ id: "web", type: "container/run", args: { image: "nginx", expose: 80 } }],
};
const CLOSED = "http://127.0.0.1:9"; // nothing is sent: every case fails on its arguments first

function stillWorks() {
  assert.equal(m.validateJobDefinition(JOB).success, true);
  assert.equal(m.validateJobDefinition({ ...JOB, version: 5 }).success, false);
  assert.equal(job.validateJobDefinition(JOB).success, true);
}

/** What a thrown value makes of an argument: the error a call throws, which must be readable. */
function thrownBy(call) {
  try {
    call();
  } catch (error) {
    return error;
  }
  assert.fail("expected a throw");
}

function assertReadable(error, Class) {
  assert.ok(error instanceof Class, `expected a ${Class.name}, got ${error?.constructor?.name}: ${error}`);
  assert.equal(typeof error.message, "string");
  assert.ok(error.message.length > 0 && error.message.length < 1_000, error.message);
}

// Thrown values whose own description fails.
const ODD_THROWS = {
  "an Error whose message getter throws": () => {
    const e = new Error("hidden");
    Object.defineProperty(e, "message", {
      get() {
        throw new Error("message getter");
      },
    });
    return e;
  },
  "an object whose message and toString throw": () => ({
    get message() {
      throw new Error("m");
    },
    toString() {
      throw new Error("t");
    },
  }),
  "an object whose toString returns an object": () => ({ toString: () => ({}), valueOf: () => ({}) }),
  "a Symbol": () => Symbol("odd"),
  null: () => null,
  undefined: () => undefined,
  "a BigInt": () => 10n,
  "a revoked Proxy": () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  "a Proxy whose traps throw Symbols": () =>
    new Proxy(
      {},
      {
        get() {
          throw Symbol("trap");
        },
        has() {
          throw Symbol("trap");
        },
      },
    ),
  "a 10 MB string": () => "x".repeat(10_000_000),
};

test("thrown values that cannot describe themselves still give a readable TypeError", () => {
  for (const [label, make] of Object.entries(ODD_THROWS)) {
    const getterThrows = () => ({
      get version() {
        throw make();
      },
    });
    for (const [name, call] of [
      ["validateJobDefinition", () => m.validateJobDefinition(getterThrows())],
      ["validateDeployment", () => m.validateDeployment({ job_definition: getterThrows() })],
      ["/job validateJobDefinition", () => job.validateJobDefinition(getterThrows())],
      [
        "nextScheduleTimes",
        () =>
          m.nextScheduleTimes("* * * * *", {
            get from() {
              throw make();
            },
          }),
      ],
      [
        "the client's options",
        () =>
          new m.DeploymentsClient({
            get baseUrl() {
              throw make();
            },
          }),
      ],
      [
        "applyFixes",
        () =>
          m.applyFixes("{}", [
            {
              get fixes() {
                throw make();
              },
            },
          ]),
      ],
    ]) {
      const error = thrownBy(call);
      assertReadable(error, TypeError);
      assert.equal(error.code, "INVALID_ARGUMENT", `${label} / ${name}`);
    }
    const standard = m.jobDefinitionStandardSchema()["~standard"].validate(getterThrows());
    assert.equal(standard.issues.length, 1, label);
    assert.equal(typeof standard.issues[0].message, "string");
  }
  stillWorks();
});

test("Proxies whose traps throw odd values give a TypeError from every reader", () => {
  const trap = (value) => () => {
    throw value;
  };
  for (const odd of [Symbol("s"), null, { toString: trap(new Error("t")) }, 1n]) {
    const hostile = new Proxy(
      {},
      { get: trap(odd), ownKeys: trap(odd), getOwnPropertyDescriptor: trap(odd), has: trap(odd) },
    );
    for (const call of [
      () => m.validateJobDefinition(hostile),
      () => m.validateJobDefinition("{}", hostile),
      () => m.nextScheduleTimes("* * * * *", hostile),
      () => new m.DeploymentsClient(hostile),
      () => new m.DeploymentsClient({ wallet: hostile }),
      () => m.applyFixes("{}", hostile),
    ]) {
      assertReadable(thrownBy(call), TypeError);
    }
  }
  stillWorks();
});

test("a Date from another realm works like a Date; a Date-like value that is not one is a TypeError", () => {
  const here = m.nextScheduleTimes("0 12 * * *", { from: new Date(0), count: 2 });
  assert.deepEqual(m.nextScheduleTimes("0 12 * * *", { from: vm.runInNewContext("new Date(0)"), count: 2 }), here);
  assert.deepEqual(here, ["1970-01-01T12:00:00.000Z", "1970-01-02T12:00:00.000Z"]);
  const invalidElsewhere = vm.runInNewContext("new Date(NaN)");
  assertReadable(
    thrownBy(() => m.nextScheduleTimes("* * * * *", { from: invalidElsewhere })),
    TypeError,
  );
  const fakes = {
    "Object.create(Date.prototype)": Object.create(Date.prototype),
    "a Proxy of a Date": new Proxy(new Date(0), {}),
    "an object with getTime": { getTime: () => 0, valueOf: () => 0, [Symbol.toPrimitive]: () => 0 },
    "a Date subclass instance without the slot": Object.setPrototypeOf({}, class extends Date {}.prototype),
  };
  for (const [label, fake] of Object.entries(fakes)) {
    const error = thrownBy(() => m.nextScheduleTimes("* * * * *", { from: fake }));
    assertReadable(error, TypeError);
    assert.match(error.message, /not a Date/, label);
  }
  stillWorks();
});

/** `{"a":{"a":…}}` `depth` levels deep, as an object and as text. */
function nested(depth, array) {
  let value = array ? [] : {};
  for (let i = 1; i < depth; i++) value = array ? [value] : { a: value };
  const text = array
    ? `${"[".repeat(depth)}${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}`;
  return { value, text };
}

const view = (report) => report.issues.map(({ code, path, severity, pointer }) => ({ code, path, severity, pointer }));

test("objects nested deeper than the text limit get the same nestingTooDeep issue as their text", () => {
  for (const depth of [127, 128, 129, 1_000, 10_000, 100_000]) {
    for (const array of [false, true]) {
      const { value, text } = nested(depth, array);
      for (const [name, lib] of [
        ["validateJobDefinition", m],
        ["validateDeployment", m],
        ["validateJobDefinition", job],
      ]) {
        const fromText = lib[name](text);
        const fromValue = lib[name](value);
        assert.deepEqual(view(fromValue), view(fromText), `${name}, ${depth} levels, ${array ? "arrays" : "objects"}`);
        if (depth >= 128)
          assert.ok(
            fromValue.issues.some((i) => i.code === "nestingTooDeep"),
            `${depth}`,
          );
        else assert.ok(!fromValue.issues.some((i) => i.code === "nestingTooDeep"), `${depth}`);
      }
    }
  }
  stillWorks();
});

const RANGE = /must be a whole number/;
const OUT_OF_RANGE_MS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 1.5, 2 ** 31, 2 ** 53];

test("numeric options out of their documented range are a RangeError naming the option and the range", async () => {
  const constructorCases = [
    ["timeoutMs", (n) => ({ timeoutMs: n })],
    ["knownStatusTtlMs", (n) => ({ knownStatusTtlMs: n })],
    ["retry.baseDelayMs", (n) => ({ retry: { baseDelayMs: n } })],
    ["retry.maxDelayMs", (n) => ({ retry: { maxDelayMs: n } })],
  ];
  for (const [name, options] of constructorCases) {
    for (const n of OUT_OF_RANGE_MS) {
      const error = thrownBy(() => new m.DeploymentsClient({ baseUrl: CLOSED, ...options(n) }));
      assertReadable(error, RangeError);
      assert.match(
        error.message,
        new RegExp(`options\\.${name.replace(".", "\\.")} ${RANGE.source} of milliseconds from \\d+ to 2147483647`),
        `${name} = ${n}`,
      );
    }
  }
  for (const n of [Number.NaN, -1, 0.5, 21, Number.POSITIVE_INFINITY]) {
    const error = thrownBy(() => new m.DeploymentsClient({ baseUrl: CLOSED, retry: { retries: n } }));
    assertReadable(error, RangeError);
    assert.match(error.message, /options\.retry\.retries must be a whole number from 0 to 20/);
  }
  // The edges of each range are accepted.
  for (const ok of [
    { timeoutMs: 1 },
    { timeoutMs: 2 ** 31 - 1 },
    { knownStatusTtlMs: 0 },
    { retry: { retries: 20, baseDelayMs: 0, maxDelayMs: 2 ** 31 - 1 } },
  ]) {
    new m.DeploymentsClient({ baseUrl: CLOSED, ...ok }).free();
  }
  const client = new m.DeploymentsClient({ baseUrl: CLOSED, retry: false });
  const id = "7PMvVJ6kyCYv3fZySTgHUCv5RGNp6AqPNXAHU8YjzvfJ";
  for (const n of OUT_OF_RANGE_MS) {
    await assert.rejects(
      client.get(id, { timeoutMs: n }),
      (e) => e instanceof RangeError && /options\.timeoutMs/.test(e.message),
    );
    await assert.rejects(
      client.waitForStatus(id, "RUNNING", { intervalMs: n }),
      (e) => e instanceof RangeError && /options\.intervalMs .* from 0 to 2147483647/.test(e.message),
    );
    await assert.rejects(
      client.waitForEndpoint(id, { timeoutMs: n }),
      (e) => e instanceof RangeError && /options\.timeoutMs/.test(e.message),
    );
    // watch() throws at once (it returns an iterator, not a promise).
    const error = thrownBy(() => client.watch(id, { connectTimeoutMs: n }));
    assertReadable(error, RangeError);
    assert.match(
      error.message,
      new RegExp(`options\\.connectTimeoutMs ${RANGE.source} of milliseconds from 1 to 2147483647, not `),
      `connectTimeoutMs = ${n}`,
    );
  }
  assert.throws(() => client.watch(id, { connectTimeoutMs: 0 }), RangeError, "0 is below the range");
  // Its edges are accepted: the iterator is made (and closed before it connects).
  for (const ok of [1, 2 ** 31 - 1]) await client.watch(id, { connectTimeoutMs: ok }).return();
  client.free();
  for (const n of [Number.NaN, -1, 1.5, 1001, Number.POSITIVE_INFINITY]) {
    const error = thrownBy(() => m.nextScheduleTimes("* * * * *", { count: n }));
    assertReadable(error, RangeError);
    assert.match(error.message, /`count` must be a whole number from 0 to 1000/);
  }
  stillWorks();
});

test("after free(), a call throws an Error naming the class and saying it was freed", async () => {
  const client = new m.DeploymentsClient({ baseUrl: CLOSED });
  client.free();
  for (const call of [
    () => client.baseUrl,
    () => client.address,
    () => client.get("x"),
    () => client.watch("x"),
    () => client.listAll(),
  ]) {
    const error = thrownBy(call);
    assert.ok(error instanceof Error);
    assert.equal(error.code, "FREED");
    assert.match(error.message, /DeploymentsClient was freed/);
    assert.doesNotMatch(error.message, /null pointer/);
  }
  client.free(); // a second free() is a no-op
  const notOne = thrownBy(() => m.DeploymentsClient.prototype.get.call({}, "x"));
  assert.ok(notOne instanceof TypeError && /not a DeploymentsClient/.test(notOne.message));
  stillWorks();
});

test("the Standard Schema success value is the value the caller passed", () => {
  for (const lib of [m, job]) {
    const standard = lib.jobDefinitionStandardSchema()["~standard"];
    const value = { ...JOB, meta: { lone: "\ud800", pair: "😀", high: "\udbff" } };
    const result = standard.validate(value);
    assert.equal(result.value, value, "an object comes back as itself");
    const text = JSON.stringify(value);
    const fromText = standard.validate(text);
    assert.deepEqual(fromText.value, JSON.parse(text));
    assert.equal(fromText.value.meta.lone, "\ud800", "lone surrogates are not altered");
    assert.equal(fromText.value.meta.high, "\udbff");
  }
  const body = m.deploymentStandardSchema()["~standard"];
  const frozen = Object.freeze({
    name: "web",
    market: "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr",
    replicas: 1,
    timeout: 60,
    strategy: "SIMPLE",
    job_definition: JOB,
  });
  assert.equal(body.validate(frozen).value, frozen);
  stillWorks();
});
