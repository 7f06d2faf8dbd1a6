// The error classes the package throws and exports (src/wasm/errors.rs builds them through
// `makeError`). One set per JavaScript realm, kept on `globalThis` under a registered symbol: the
// Node (CommonJS) and browser (ES module) builds and the main and `/job` entries each load their
// own copy of this file, and `instanceof` must hold whichever copy threw.
// Only `export function`s: scripts/build.mjs turns this file into CommonJS for the Node build, and
// appends the classes and guards of `errorExports()` to each entry's exports.
// No function the wasm calls throws: an exception unwinding through wasm frames leaks
// (docs/robustness.md). The classes' constructors, called by a caller, throw only TypeErrors.

const REGISTRY = Symbol.for("nosana-deployments/errors@1");

function readErrorArguments(message, options) {
  let text;
  try {
    text = message === undefined ? undefined : String(message);
  } catch {
    throw new TypeError("the error message cannot be converted to a string");
  }
  if (options === null || typeof options !== "object") return { text, cause: undefined, code: undefined };
  try {
    return { text, cause: "cause" in options ? { cause: options.cause } : undefined, code: options.code };
  } catch {
    throw new TypeError("the error options cannot be read");
  }
}

function defineErrors() {
  class NosanaError extends Error {
    constructor(message, options) {
      // A caller's own `new XError(message, options)` may pass anything: read it once, inside a
      // `try`, so what comes out is an error of ours (a TypeError) and not whatever a getter threw.
      const { text, cause, code } = readErrorArguments(message, options);
      super(text, cause);
      this.code = typeof code === "string" ? code : this.constructor.defaultCode;
    }
  }
  class ApiError extends NosanaError {}
  class ScheduleError extends NosanaError {}
  const classes = { NosanaError, ApiError, ScheduleError };
  const apiErrors = [
    ["ValidationError", "INVALID_REQUEST"],
    ["InvalidStateError", "INVALID_STATE"],
    ["ArchivedError", "ARCHIVED"],
    ["NotFoundError", "NOT_FOUND"],
    ["UnauthorizedError", "UNAUTHORIZED"],
    ["NetworkError", "NETWORK_ERROR"],
    ["TimeoutError", "TIMEOUT"],
    ["AbortError", "ABORTED"],
    ["ServerError", "SERVER_ERROR"],
    ["UnsupportedError", "UNSUPPORTED"],
  ];
  // A computed key keeps the class's own `name` (what a stack trace and a debugger show) whatever a
  // minifier does to the identifier.
  for (const [name, defaultCode] of apiErrors) {
    classes[name] = { [name]: class extends ApiError {} }[name];
    classes[name].defaultCode = defaultCode;
  }
  NosanaError.defaultCode = "NOSANA_ERROR";
  ApiError.defaultCode = "API_ERROR";
  ScheduleError.defaultCode = "INVALID_SCHEDULE";
  for (const [name, cls] of Object.entries(classes)) {
    // On the prototype, as for the built-in errors: set before any instance exists, so a stack
    // trace starts with the right name.
    Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  }
  const guards = {};
  for (const [name, cls] of Object.entries(classes)) {
    // `instanceof` runs a Proxy's `getPrototypeOf` trap: a guard answers false rather than throw.
    guards[`is${name}`] = (value) => {
      try {
        return value instanceof cls;
      } catch {
        return false;
      }
    };
  }
  return Object.freeze({ classes: Object.freeze(classes), exports: Object.freeze({ ...classes, ...guards }) });
}

function registry() {
  const existing = globalThis[REGISTRY];
  if (existing !== undefined) return existing;
  const errors = defineErrors();
  Object.defineProperty(globalThis, REGISTRY, { value: errors });
  return errors;
}

/** The classes and type guards, for the entries to export. */
export function errorExports() {
  return registry().exports;
}

/** A thrown error: `TypeError` and `RangeError` stay the built-in ones (misuse, an option out of its
 * range); an unknown name falls back to the base class with that `name`. */
export function makeError(name, code, message) {
  if (name === "TypeError" || name === "RangeError") {
    const error = name === "TypeError" ? new TypeError(message) : new RangeError(message);
    error.code = code;
    return error;
  }
  const { classes } = registry();
  if (Object.hasOwn(classes, name)) return new classes[name](message, { code });
  const error = new classes.NosanaError(message, { code });
  error.name = name;
  return error;
}
