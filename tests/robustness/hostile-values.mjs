// Generated hostile values for the hostile-value harness (hostile-harness.test.mjs), with fast-check:
// throwing getters, Proxies whose traps throw odd values, revoked Proxies, cross-realm objects,
// non-string throws, huge strings, deep nesting, BigInt, Symbols, frozen and null-prototype objects.
import fc from "fast-check";
import vm from "node:vm";

/** A hostile value is generated as a recipe and made only when a call is driven: fast-check itself
 * inspects what it generates (`cloneMethod in value`), which a revoked Proxy would not survive. */
export class Recipe {
  constructor(label, make) {
    this.label = label;
    this.make = make;
  }
  [fc.toStringMethod]() {
    return `<${this.label}>`;
  }
}

/** The value itself, made from its recipe. */
export function materialize(value) {
  return value instanceof Recipe ? value.make() : value;
}

const lazy = (label, arb, make) => arb.map((v) => new Recipe(label, () => make(v)));

/** Keys a reader is likely to look up: every option field and the shapes' own keys. */
export const KEYS = [
  "version",
  "type",
  "ops",
  "id",
  "args",
  "length",
  "0",
  "then",
  "toJSON",
  "message",
  "name",
  "warnings",
  "from",
  "count",
  "fixes",
  "edits",
  "range",
  "offset",
  "newText",
  "baseUrl",
  "timeoutMs",
  "intervalMs",
  "knownStatusTtlMs",
  "retry",
  "retries",
  "baseDelayMs",
  "maxDelayMs",
  "headers",
  "wallet",
  "address",
  "signMessage",
  "apiKey",
  "authMessage",
  "secretKey",
  "signal",
  "aborted",
  "status",
  "limit",
  "job_definition",
  "replicas",
];

function undescribable() {
  return {
    get message() {
      throw new Error("message getter");
    },
    toString() {
      throw new Error("toString");
    },
    valueOf() {
      throw new Error("valueOf");
    },
  };
}

function revokedProxy() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function errorWithThrowingMessage() {
  const error = new Error("hidden");
  Object.defineProperty(error, "message", {
    get() {
      throw Symbol("message");
    },
  });
  return error;
}

/** Values thrown by getters and traps: most are not Errors, and some cannot describe themselves. */
export const oddThrown = fc.oneof(
  fc.constantFrom(null, undefined, 0, "", "a string", 10n, Number.NaN),
  fc.string().map((s) => Symbol(s)),
  lazy("undescribable", fc.constant(0), undescribable),
  lazy("revoked Proxy", fc.constant(0), revokedProxy),
  lazy("Error whose message throws", fc.constant(0), errorWithThrowingMessage),
  lazy("RangeError", fc.constant(0), () => new RangeError("thrown")),
  lazy("toString returns an object", fc.constant(0), () => ({ toString: () => ({}) })),
);

const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 }));

/** An object whose getters throw odd values. */
export const throwingGetters = lazy(
  "throwing getters",
  fc.tuple(fc.uniqueArray(key, { minLength: 1, maxLength: 4 }), oddThrown),
  ([keys, thrown]) => {
    const target = {};
    for (const k of keys) {
      Object.defineProperty(target, k, {
        enumerable: true,
        get() {
          throw materialize(thrown);
        },
      });
    }
    return target;
  },
);

const TRAPS = ["get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf", "apply", "set", "defineProperty"];

/** A Proxy (of an object, an array or a function) some of whose traps throw odd values. */
export const throwingProxy = lazy(
  "Proxy with throwing traps",
  fc.tuple(fc.subarray(TRAPS, { minLength: 1 }), oddThrown, fc.constantFrom("object", "array", "function", "date")),
  ([traps, thrown, kind]) => {
    const target = { object: {}, array: [1, 2], function: () => 0, date: new Date(0) }[kind];
    const handler = {};
    for (const trap of traps) {
      handler[trap] = () => {
        throw materialize(thrown);
      };
    }
    return new Proxy(target, handler);
  },
);

const realm = vm.createContext({});
/** Values made in another realm (an iframe's, a `vm` context's). */
export const crossRealm = lazy(
  "from another realm",
  fc.constantFrom(
    "({ version: '0.1', ops: [] })",
    "[1, 2, 3]",
    "new Date(0)",
    "new Date(NaN)",
    "new Uint8Array(64)",
    "new Map([[1, 2]])",
    "(function () {})",
    "Object.create(null)",
    "new Proxy({}, { get() { throw new Error('x'); } })",
    "({ get from() { throw Symbol('s'); } })",
    "Symbol('r')",
    "10n",
  ),
  (source) => vm.runInContext(source, realm),
);

const HUGE = "x".repeat(11 * 1024 * 1024);
const LONG = `"${"y".repeat(1024 * 1024)}"`;
function deep(depth, array) {
  let value = array ? [] : {};
  for (let i = 0; i < depth; i++) value = array ? [value] : { a: value };
  return value;
}
const DEEP = [deep(100_000, false), deep(100_000, true), deep(200, false), `${"[".repeat(100_000)}`];

/** Large and deep values, made once and shared. */
export const big = lazy("large or deep", fc.integer({ min: 0, max: DEEP.length + 1 }), (i) => [HUGE, LONG, ...DEEP][i]);

function deepFreeze(value) {
  if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Objects that print or convert badly. */
export const badConversions = lazy(
  "converts badly",
  fc.constantFrom(
    () => ({ toJSON: () => 10n }),
    () => ({
      toJSON() {
        throw Symbol("toJSON");
      },
    }),
    () => ({ [Symbol.toPrimitive]: () => ({}) }),
    () => ({
      [Symbol.toPrimitive]() {
        throw null;
      },
    }),
    () => Object.create(Date.prototype),
    () => Object.defineProperty(Object.create(Uint8Array.prototype), "length", { value: 64 }),
    () => new Proxy(new Uint8Array(64), {}),
    () => {
      const cyclic = { version: "0.1" };
      cyclic.ops = [cyclic];
      return cyclic;
    },
    () => new Map(),
    () => new WeakMap(),
    () => new ArrayBuffer(8),
    () => new Date(Number.NaN),
    () => Promise.reject(new Error("rejected")).catch(() => {}),
    () => function named() {},
    () => {
      const sparse = [1, 2, 3];
      delete sparse[1];
      return sparse;
    },
  ),
  (make) => make(),
);

/** Any hostile value. */
export const hostile = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    true,
    false,
    0,
    -0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    2 ** 31,
    2 ** 53,
    Number.MAX_VALUE,
    "",
    "\ud800",
    "RUNNING",
  ),
  fc.bigInt(),
  fc.double(),
  fc.string({ unit: "binary" }),
  fc.string().map((s) => Symbol(s)),
  fc.jsonValue({ maxDepth: 3 }),
  lazy("frozen", fc.jsonValue({ maxDepth: 3 }), (v) => deepFreeze(structuredClone(v))),
  lazy("null prototype", fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), (o) =>
    Object.assign(Object.create(null), o),
  ),
  throwingGetters,
  throwingProxy,
  lazy("revoked Proxy", fc.constant(0), revokedProxy),
  crossRealm,
  big,
  badConversions,
);

/** An options-like object: some known fields, each valid or hostile, some as getters. */
export function optionsWith(fields, valid = {}) {
  return lazy(
    "options with hostile fields",
    fc.tuple(
      fc.subarray(fields, { minLength: 1 }),
      fc.array(fc.oneof(hostile, fc.constantFrom(...Object.values(valid), undefined)), {
        minLength: fields.length,
        maxLength: fields.length,
      }),
      fc.boolean(),
      fc.constantFrom("plain", "frozen", "null-prototype", "getters"),
    ),
    ([chosen, values, keepValid, shape]) => {
      const object = shape === "null-prototype" ? Object.create(null) : {};
      if (keepValid) Object.assign(object, valid);
      chosen.forEach((field, i) => {
        const value = materialize(values[i]);
        if (shape === "getters") {
          Object.defineProperty(object, field, { enumerable: true, get: () => value });
        } else {
          object[field] = value;
        }
      });
      return shape === "frozen" ? Object.freeze(object) : object;
    },
  );
}
