// The binding layer's boundary with the page's values: every read of a value a caller handed in runs
// here, inside a `try`, so no exception ever crosses into wasm (one unwinding through wasm frames
// kills the module; one caught by a `catch` import leaks an externref slot: docs/robustness.md).
// A failed read returns FAILED and keeps a readable description of what was thrown for
// `lastFailure()`. src/wasm/caller_values.rs is the only Rust that binds these.
// Only `export function`s and plain declarations: scripts/build.mjs turns this file into CommonJS.

// Store: DeploymentStore's listeners (src/wasm/store.rs). `callListener` runs a subscriber, whose
// throw becomes an unhandled rejection so the other listeners still run and nothing unwinds
// through wasm. (It tells a real DeploymentsClient with `callMethod`, below.)

/** Calls a listener with no arguments; what it throws is reported as an unhandled rejection. */
export function callListener(listener) {
  try {
    listener();
  } catch (e) {
    Promise.reject(e);
  }
}

const FAILED = Object.freeze({ failedRead: true });
let lastError = "";

// The longest description of a thrown value kept (a caller may throw a 10 MB string).
const DESCRIPTION_LIMIT = 200;

function clip(text) {
  return text.length > DESCRIPTION_LIMIT ? `${text.slice(0, DESCRIPTION_LIMIT)}…` : text;
}

// A thrown value as readable text, whatever it is: an Error whose `message` getter throws, a
// Symbol, an object whose `toString` throws or returns a non-string, a revoked Proxy, a BigInt.
function describe(thrown) {
  try {
    if (typeof thrown === "string") return clip(thrown);
    if (typeof thrown === "symbol") return clip(`a symbol (${thrown.description ?? ""})`);
    if (typeof thrown !== "object" && typeof thrown !== "function") return clip(String(thrown));
    if (thrown === null) return "null";
  } catch {
    return "a value that cannot be described";
  }
  try {
    const message = thrown.message;
    if (typeof message === "string") return clip(message);
  } catch {
    // A throwing `message` getter or Proxy trap: try its text form next.
  }
  try {
    const text = String(thrown);
    if (typeof text === "string") return clip(text);
  } catch {
    // A `toString` that throws or returns an object.
  }
  return "a value that cannot be described";
}

function fail(thrown) {
  lastError = describe(thrown);
  return FAILED;
}

/** The one failure marker, for the Rust side to compare results with. */
export function failedMarker() {
  return FAILED;
}

/** What the last failed read threw, described. */
export function lastFailure() {
  return lastError;
}

/** `target[key]` (getters and Proxy traps run here). */
export function readProperty(target, key) {
  try {
    return target[key];
  } catch (e) {
    return fail(e);
  }
}

/** `target[key] = value` on an object the module made itself; 1 when set. */
export function writeProperty(target, key, value) {
  try {
    target[key] = value;
    return 1;
  } catch {
    return 0;
  }
}

/** Reads and removes `key` of an object this module made (a copy of the caller's options). */
export function takeProperty(target, key) {
  try {
    const value = target[key];
    delete target[key];
    return value;
  } catch (e) {
    return fail(e);
  }
}

/** 1 for an array (of any realm, or a Proxy of one), 0 for anything else, -1 when the check threw
 * (a revoked Proxy). */
export function arrayCheck(value) {
  try {
    return Array.isArray(value) ? 1 : 0;
  } catch (e) {
    fail(e);
    return -1;
  }
}

/** The own string keys of an object (`Reflect.ownKeys`, symbols left out). */
export function ownStringKeys(target) {
  try {
    return Reflect.ownKeys(target).filter((k) => typeof k === "string");
  } catch (e) {
    return fail(e);
  }
}

/** A plain copy of an object's own enumerable properties (`Object.assign`: getters run here). */
export function copyOwnProperties(source) {
  try {
    return Object.assign({}, source);
  } catch (e) {
    return fail(e);
  }
}

/** The time value of a real Date of any realm (`Date.prototype.getTime`'s brand check: a Proxy, a
 * subclass-less fake or `Object.create(Date.prototype)` is refused), NaN for an invalid Date. */
export function dateTime(value) {
  try {
    return Date.prototype.getTime.call(value);
  } catch (e) {
    return fail(e);
  }
}

// %TypedArray%.prototype[Symbol.toStringTag]: a brand check that runs no caller code and holds across
// realms (a Proxy of a typed array is no typed array).
const typedArrayTag = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype),
  Symbol.toStringTag,
).get;

/** A copy of a real `Uint8Array` (of any realm), or FAILED for anything else. */
export function uint8Copy(value) {
  try {
    if (typedArrayTag.call(value) !== "Uint8Array") return fail("not a Uint8Array");
    return new Uint8Array(value);
  } catch (e) {
    return fail(e);
  }
}

/** `JSON.parse` of a caller's string (the success value of a Standard Schema check of text). */
export function parseCallerText(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(e);
  }
}

// What the caller's method of the last `callMethod` threw, kept as it is (the wallet's own error is
// the rejection's `cause`); undefined when the member was not a function.
let lastThrown;

/** `target[key](arg)` with `target` as `this`: a wallet's `signMessage`. FAILED when the member cannot
 * be read, is not a function or throws; `thrownByLastCall()` then tells which. */
export function callMethod(target, key, arg) {
  lastThrown = undefined;
  let method;
  try {
    method = target[key];
  } catch (e) {
    lastThrown = [e];
    return fail(e);
  }
  if (typeof method !== "function") return fail(`${key} is not a function`);
  try {
    return Reflect.apply(method, target, [arg]);
  } catch (e) {
    lastThrown = [e];
    return fail(e);
  }
}

/** `[thrown]` when the last failed `callMethod` threw, else undefined (the member was no function).
 * Reading it forgets it: the module keeps no caller value alive. */
export function thrownByLastCall() {
  try {
    return lastThrown;
  } finally {
    lastThrown = undefined;
  }
}

/** `{ value }`: a Standard Schema success result holding the caller's own value. */
export function successResult(value) {
  return { value };
}

// The native `aborted` getter: throws on anything that is not a real AbortSignal.
const abortedGetter =
  typeof AbortSignal === "function"
    ? Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted")?.get
    : undefined;

/** 1 for a real AbortSignal with no own string-named properties (one shadowing `aborted` or
 * `addEventListener` would be called by web-sys without a catch), 0 for anything else. */
export function abortSignalCheck(value) {
  try {
    if (abortedGetter === undefined || typeof abortedGetter.call(value) !== "boolean") return 0;
    return Object.getOwnPropertyNames(value).length === 0 ? 1 : 0;
  } catch (e) {
    fail(e);
    return 0;
  }
}

// A replacer for JSON.stringify that stops descending below `limit` levels of arrays and objects:
// the container at level `limit` is still written (so the parser reports `nestingTooDeep` there, as
// it does for the same document as text); what lies inside it is left out.
function depthLimited(limit) {
  const levels = new WeakMap();
  return function replacer(_key, value) {
    const holderLevel = levels.get(this) ?? 0;
    if (holderLevel >= limit) return undefined;
    if (value !== null && typeof value === "object") levels.set(value, holderLevel + 1);
    return value;
  };
}

// `instanceof` itself runs caller code on a thrown Proxy (a revoked one throws).
function isRangeError(thrown) {
  try {
    return thrown instanceof RangeError;
  } catch {
    return false;
  }
}

/** `JSON.stringify(value)`, or `{ error }` saying why there is no JSON text. An object too deep for
 * the engine's own recursion is written down to `nestingLimit` levels (the parser then refuses it
 * with `nestingTooDeep`, as it refuses the same text). */
export function stringifyOrError(value, nestingLimit) {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? { error: "it has no JSON form" } : text;
  } catch (e) {
    if (!isRangeError(e)) return { error: describe(e) };
  }
  try {
    return JSON.stringify(value, depthLimited(nestingLimit));
  } catch (e) {
    return { error: describe(e) };
  }
}
