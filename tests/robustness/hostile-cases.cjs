// Hostile inputs for the JS API, and the worker that runs them (see hostile-input.test.mjs).
// Each case builds its input inside the worker, calls every API function on it, and after each
// call checks that the module still answers a normal validation correctly: a panic or a trap in
// wasm would leave it unusable.
"use strict";
const { isMainThread, parentPort, workerData } = require("node:worker_threads");

const MARKET = "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr";
const JOB = {
  version: "0.1",
  type: "container",
  ops: [{ id: "web", type: "container/run", args: { image: "nginx", expose: 80 } }],
};
const BODY = {
  name: "web",
  market: MARKET,
  replicas: 1,
  timeout: 60,
  strategy: "SIMPLE",
  confidential: false,
  job_definition: JOB,
};
const MB = 1024 * 1024;

function deepArrayText(n) {
  return "[".repeat(n) + "]".repeat(n);
}
function deepObjectText(n) {
  return `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
}
function deepObject(n) {
  let o = 1;
  for (let i = 0; i < n; i++) o = { a: o };
  return o;
}
function deepArray(n) {
  let o = [];
  for (let i = 0; i < n; i++) o = [o];
  return o;
}
/** A valid job definition of about `bytes` (at most the 10 MiB limit): 1,000 ops (the limit). */
function bigJobText(bytes) {
  const filler = "x".repeat(Math.floor(bytes / 1000) - 120);
  const ops = Array.from({ length: 1000 }, (_, i) => ({
    type: "container/run",
    id: `op${i}`,
    args: { image: "ubuntu", cmd: ["echo", filler] },
  }));
  return JSON.stringify({ version: "0.1", type: "container", ops });
}
function cyclic() {
  const a = { version: "0.1" };
  a.self = a;
  return a;
}

// name → () => value. Values are built in the worker (functions, Symbols and Proxies cannot be sent).
const VALUES = {
  "deep array text 10": () => deepArrayText(10),
  "deep array text 127": () => deepArrayText(127),
  "deep array text 128": () => deepArrayText(128),
  "deep array text 1000": () => deepArrayText(1000),
  "deep array text 100000": () => deepArrayText(100000),
  "deep object text 127": () => deepObjectText(127),
  "deep object text 128": () => deepObjectText(128),
  "deep object text 100000": () => deepObjectText(100000),
  "deep object 10": () => deepObject(10),
  "deep object 128": () => deepObject(128),
  "deep object 127": () => deepObject(127),
  "deep object 1000": () => deepObject(1000),
  "deep object 100000": () => deepObject(100000),
  "deep array 100000": () => deepArray(100000),
  "deep job_definition 126": () => ({ ...BODY, job_definition: { ...JOB, meta: deepObject(124) } }),
  "10 MB job definition text": () => bigJobText(10 * MB),
  "10 MB job definition object": () => JSON.parse(bigJobText(10 * MB)),
  "11 MB job definition text": () => bigJobText(11 * MB),
  "10 MB string value": () => ({ ...BODY, name: "x".repeat(10 * MB) }),
  "10 MB string text": () => JSON.stringify({ ...BODY, name: "x".repeat(10 * MB) }),
  "1 MB key": () => ({ ["k".repeat(MB)]: 1 }),
  "10 MB key": () => ({ ["k".repeat(10 * MB)]: 1 }),
  "20000 unknown keys": () => Object.fromEntries(Array.from({ length: 20000 }, (_, i) => [`k${i}`, i])),
  "10 MB of whitespace": () => " ".repeat(10 * MB),
  "10 MB unterminated string": () => `"${"x".repeat(10 * MB)}`,
  "lone surrogates in text": () => '{"a\ud800":"\udc00","name":"\udfff"}',
  "lone surrogates in object": () => ({ ...BODY, name: "\ud800", "k\udc00": "\udbff" }),
  "escaped lone surrogate in text": () => '{"name":"\\ud800"}',
  "NUL and BOM": () => '\ufeff{"name":"\u0000"}',
  "__proto__ key in text": () => '{"__proto__":{"admin":true},"name":"x","constructor":{"prototype":{}}}',
  "__proto__ own property": () => JSON.parse('{"__proto__":{"admin":true},"name":"x"}'),
  "null-prototype object": () => Object.assign(Object.create(null), BODY),
  "huge numbers in text": () => '{"replicas":1e400,"timeout":-1e400}',
  "big numbers in text": () => '{"replicas":1e308,"timeout":9007199254740993,"rotation_time":-0}',
  "huge numbers in object": () => ({
    ...BODY,
    replicas: Number.MAX_VALUE,
    timeout: -Number.MAX_VALUE,
    rotation_time: Number.MIN_VALUE,
  }),
  "NaN and Infinity": () => ({ ...BODY, replicas: NaN, timeout: Infinity, rotation_time: -Infinity }),
  "cyclic object": () => cyclic(),
  "cyclic via toJSON": () => ({
    toJSON() {
      return cyclic();
    },
  }),
  "getter that throws": () => ({
    get name() {
      throw new Error("getter boom");
    },
  }),
  "toJSON that throws": () => ({
    toJSON() {
      throw new RangeError("toJSON boom");
    },
  }),
  "Proxy with throwing traps": () =>
    new Proxy(
      {},
      {
        get() {
          throw new Error("get trap");
        },
        ownKeys() {
          throw new Error("ownKeys trap");
        },
        getOwnPropertyDescriptor() {
          throw new Error("gopd trap");
        },
      },
    ),
  "revoked Proxy": () => {
    const p = Proxy.revocable({}, {});
    p.revoke();
    return p.proxy;
  },
  BigInt: () => 10n,
  "nested BigInt": () => ({ ...BODY, replicas: 1n }),
  Symbol: () => Symbol("s"),
  "Symbol key and value": () => ({ ...BODY, [Symbol("k")]: 1, name: Symbol("v") }),
  function: () => function f() {},
  "nested function": () => ({ ...BODY, job_definition: () => JOB }),
  "typed array": () => new Uint8Array(1024),
  ArrayBuffer: () => new ArrayBuffer(16),
  "Map and Set": () => ({ ...BODY, job_definition: new Map([["a", 1]]), name: new Set([1]) }),
  "Date, RegExp, Error": () => ({ ...BODY, name: new Date(0), market: /x/, job_definition: new Error("e") }),
  null: () => null,
  undefined: () => undefined,
  number: () => 42,
  boolean: () => true,
  "empty string": () => "",
  "String object": () => new String("{}"),
};

const API = {
  validateJobDefinition: (m, v) => m.validateJobDefinition(v),
  validateDeployment: (m, v) => m.validateDeployment(v),
  "validateDeploymentUpdate(rename)": (m, v) => m.validateDeploymentUpdate("rename", v),
  "validateDeploymentUpdate(createRevision)": (m, v) => m.validateDeploymentUpdate("createRevision", v),
  "jobDefinitionStandardSchema.validate": (m, v) => m.jobDefinitionStandardSchema()["~standard"].validate(v),
  "validateJobDefinition options": (m, v) => m.validateJobDefinition(JOB, v),
};

// Schedules take strings; these get their own list and functions.
const SCHEDULES = {
  "10 MB schedule": () => `${"1,".repeat(5 * MB)}1 * * * *`,
  "100000 ranges": () => `${"0-59/1,".repeat(100000)}1 * * * *`,
  "lone surrogates schedule": () => "\ud800 * * * \udc00",
  "NUL schedule": () => "0 0 * * *\u0000",
  "huge step": () => "*/99999999999999999999999 * * * *",
  "huge range": () => "0-18446744073709551617 * * * *",
  "nth weekday overflow": () => "0 0 * * 1#4294967297",
  "never fires": () => "0 0 30 2 *",
  "leap day on a Monday": () => "0 0 29 2 1",
  "not a string": () => 5,
  "Symbol schedule": () => Symbol("cron"),
  "object with throwing toString": () => ({
    toString() {
      throw new Error("toString boom");
    },
  }),
};
const SCHEDULE_API = {
  validateSchedule: (m, v) => m.validateSchedule(v),
  describeSchedule: (m, v) => m.describeSchedule(v),
  nextScheduleTimes: (m, v) => m.nextScheduleTimes(v, { from: 0, count: 3 }),
};
// Hostile `nextScheduleTimes` options.
const SCHEDULE_OPTIONS = {
  "from NaN": () => ({ from: NaN }),
  "from Infinity": () => ({ from: Infinity }),
  "from beyond the Date range": () => ({ from: 8.64e15 + 1 }),
  "from the last Date": () => ({ from: 8.64e15 - 1, count: 5 }),
  "from the first Date": () => ({ from: -8.64e15, count: 5 }),
  "from invalid Date": () => ({ from: new Date(NaN) }),
  "from unparsable string": () => ({ from: "yesterday" }),
  "from BigInt": () => ({ from: 10n }),
  "count 1000 rare": () => ({ from: 0, count: 1000 }),
  "count 1001": () => ({ count: 1001 }),
  "count 1e300": () => ({ count: 1e300 }),
  "count -1": () => ({ count: -1 }),
  "count 1.5": () => ({ count: 1.5 }),
  "count NaN": () => ({ count: NaN }),
  "count string": () => ({ count: "5" }),
  "unknown option": () => ({ form: 0 }),
  "getter that throws": () => ({
    get from() {
      throw new Error("getter boom");
    },
  }),
  "Proxy with throwing ownKeys": () =>
    new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("ownKeys trap");
        },
      },
    ),
  "options is a string": () => "from",
  "options is cyclic": () => cyclic(),
};
const STATUS_ARGS = {
  Symbol: () => Symbol("RUNNING"),
  "object with throwing toString": () => ({
    toString() {
      throw new Error("toString boom");
    },
  }),
  "10 MB name": () => "R".repeat(10 * MB),
  "lone surrogate": () => "RUNNING\ud800",
  number: () => 1,
};
const STATUS_API = {
  nextStatus: (m, v) => m.nextStatus(v, "start"),
  "nextStatus(action)": (m, v) => m.nextStatus("STOPPED", v),
  allowedActions: (m, v) => m.allowedActions(v),
  updateEffect: (m, v) => m.updateEffect("rename", "RUNNING", v),
};

const GROUPS = {
  values: [VALUES, API],
  schedules: [SCHEDULES, SCHEDULE_API],
  scheduleOptions: [SCHEDULE_OPTIONS, { nextScheduleTimes: (m, v) => m.nextScheduleTimes("0 0 29 2 1", v) }],
  statusArgs: [STATUS_ARGS, STATUS_API],
};

/** A plain description of what a call did, sent back to the test. */
function describe(outcome) {
  if (outcome.threw) {
    const e = outcome.error;
    const isError = e instanceof Error;
    return {
      kind: "error",
      isError,
      ctor: e?.constructor?.name,
      name: isError ? e.name : undefined,
      code: isError ? e.code : undefined,
      message: isError ? String(e.message).slice(0, 300) : String(typeof e),
    };
  }
  const v = outcome.value;
  if (v && typeof v === "object" && Array.isArray(v.issues)) {
    const issues = v.issues;
    return {
      kind: "result",
      success: v.success,
      // Standard Schema results have issues without code; reports have code/pointer on each.
      shapeOk: issues.every(
        (i) =>
          typeof i.message === "string" &&
          (v.success === undefined || (typeof i.code === "string" && typeof i.pointer === "string")),
      ),
      errors: issues.filter((i) => i.severity === "error").length,
      issueCount: issues.length,
      codes: [...new Set(issues.map((i) => i.code))].slice(0, 10),
      firstMessage: issues[0] ? String(issues[0].message).slice(0, 200) : undefined,
    };
  }
  return { kind: "value", type: typeof v, preview: Array.isArray(v) ? `array(${v.length})` : String(v).slice(0, 100) };
}

/** The module still validates a good and a bad document correctly. */
function sane(m) {
  try {
    const good = m.validateDeployment(BODY);
    const bad = m.validateDeployment({ ...BODY, replicas: 0 });
    const job = m.validateJobDefinition(JSON.stringify(JOB));
    return (
      good.success === true &&
      bad.success === false &&
      bad.issues.some((i) => i.pointer === "/replicas") &&
      job.success === true &&
      m.nextStatus("STOPPED", "start") === "STARTING"
    );
  } catch {
    return false;
  }
}

if (!isMainThread && workerData?.group) {
  const m = require("nosana-deployments");
  const [values, api] = GROUPS[workerData.group];
  const input = values[workerData.name]();
  const skip = new Set(workerData.skip ?? []);
  for (const [fn, call] of Object.entries(api)) {
    if (skip.has(fn)) continue;
    parentPort.postMessage({ fn, started: true });
    const start = performance.now();
    let outcome;
    try {
      outcome = { threw: false, value: call(m, input) };
    } catch (error) {
      outcome = { threw: true, error };
    }
    const ms = performance.now() - start;
    parentPort.postMessage({ fn, ms, outcome: describe(outcome), sane: sane(m) });
  }
  parentPort.postMessage({ done: true });
}

module.exports = { GROUPS, names: (group) => Object.keys(GROUPS[group][0]) };
