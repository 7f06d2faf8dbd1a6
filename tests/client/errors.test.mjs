// The exported error classes: what the library throws is an instance of them (and of Error), the
// guards agree with instanceof, the classes are the same whichever entry or build threw, misuse
// stays a built-in TypeError whose unknown-option message lists every accepted option, and the
// client disposes with `using`.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import * as esm from "nosana-deployments";
import { createBody, environment, newKey, rejectsWith } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const lib = require("nosana-deployments");
// The browser build, loaded in Node from the file the package ships (as tests/js/web-build.test.mjs does).
const web = await import("nosana-deployments/web");
web.initSync({ module: readFileSync(new URL("../../pkg/web/nosana_deployments_bg.wasm", import.meta.url)) });
/** A well-formed id no deployment has. */
const ID = newKey().address;
const API_ERRORS = [
  "ValidationError",
  "InvalidStateError",
  "ArchivedError",
  "NotFoundError",
  "UnauthorizedError",
  "NetworkError",
  "TimeoutError",
  "AbortError",
  "ServerError",
  "UnsupportedError",
];

test("every class is exported with its guard, in the hierarchy the docs give", () => {
  const { NosanaError, ApiError, ScheduleError } = lib;
  assert.equal(Object.getPrototypeOf(NosanaError), Error);
  assert.equal(Object.getPrototypeOf(ApiError), NosanaError);
  assert.equal(Object.getPrototypeOf(ScheduleError), NosanaError);
  for (const name of ["NosanaError", "ApiError", "ScheduleError", ...API_ERRORS]) {
    const cls = lib[name];
    assert.equal(typeof cls, "function", name);
    if (API_ERRORS.includes(name)) assert.equal(Object.getPrototypeOf(cls), ApiError, name);
    const made = new cls("boom", { code: "X_CODE", cause: 1 });
    assert.ok(made instanceof Error && made instanceof NosanaError);
    assert.equal(made.name, name);
    assert.equal(made.code, "X_CODE");
    assert.equal(made.cause, 1);
    assert.match(made.stack, new RegExp(`^${name}: boom`));
    assert.equal(lib[`is${name}`](made), true, `is${name}`);
    assert.equal(lib[`is${name}`](new Error("x")), false);
    assert.equal(lib[`is${name}`]({ name, code: "X" }), false, "duck typing is not enough");
  }
  assert.equal(new lib.NotFoundError("x").code, "NOT_FOUND", "a default code per class");
  assert.equal(lib.isApiError(new lib.ScheduleError("x")), false);
});

test("the classes are one set: the Node and browser builds, require and import, the init entry", async () => {
  assert.equal(esm.NosanaError, lib.NosanaError);
  assert.equal(esm.ValidationError, lib.ValidationError);
  assert.equal(esm.isApiError, lib.isApiError);
  const initEntry = await import("nosana-deployments/init"); // Node's ES module build, not initialised
  for (const name of ["NosanaError", "ApiError", "ValidationError", "ScheduleError", "isApiError"]) {
    assert.equal(web[name], lib[name], `web ${name}`);
    assert.equal(initEntry[name], lib[name], `init ${name}`);
  }
});

test("nextStatus and the schedule functions throw instances of the classes", () => {
  const refused = (() => {
    try {
      lib.nextStatus("ARCHIVED", "start");
    } catch (err) {
      return err;
    }
  })();
  assert.ok(refused instanceof lib.InvalidStateError && refused instanceof lib.ApiError);
  assert.equal(refused.name, "InvalidStateError");
  assert.equal(refused.code, "INVALID_STATE");
  assert.equal(refused.status, "ARCHIVED");
  assert.throws(
    () => lib.describeSchedule("61 * * * *"),
    (err) => {
      assert.ok(err instanceof lib.ScheduleError && lib.isScheduleError(err) && !lib.isApiError(err));
      assert.equal(err.name, "ScheduleError");
      assert.equal(typeof err.code, "string");
      return true;
    },
  );
  // Misuse stays the built-in TypeError, not one of ours.
  assert.throws(
    () => lib.nextStatus(42, "start"),
    (err) => err instanceof TypeError && !lib.isNosanaError(err),
  );
});

test("the client's rejections are instances of their class", async (t) => {
  const env = await environment(t);
  const { wallet } = newKey();
  const client = new lib.DeploymentsClient({ baseUrl: env.url, wallet });
  const bad = await rejectsWith(client.create(createBody({ replicas: 0 })), "ValidationError", "INVALID_REQUEST");
  assert.ok(bad instanceof lib.ValidationError && bad instanceof lib.ApiError && bad instanceof lib.NosanaError);
  assert.ok(Array.isArray(bad.issues) && bad.issues.length > 0);
  const missing = await rejectsWith(client.get(ID), "NotFoundError");
  assert.ok(lib.isNotFoundError(missing) && missing instanceof web.NotFoundError);
  assert.equal(missing.httpStatus, 404);
  const aborted = await rejectsWith(client.list({}, { signal: AbortSignal.abort() }), "AbortError", "ABORTED");
  assert.ok(aborted instanceof lib.AbortError);
  const offline = new lib.DeploymentsClient({ baseUrl: "http://127.0.0.1:9", wallet, retry: false });
  assert.ok((await rejectsWith(offline.list(), "NetworkError")) instanceof lib.NetworkError);
});

test("an unknown option's message lists every accepted option, host-read ones included", async () => {
  assert.throws(
    () => new lib.DeploymentsClient({ baseURL: "http://x" }),
    (err) => {
      assert.ok(err instanceof TypeError);
      assert.equal(err.code, "INVALID_ARGUMENT");
      for (const option of ["network", "baseUrl", "timeoutMs", "retry", "apiKey", "gateway", "wallet", "secretKey"])
        assert.match(err.message, new RegExp(`\\b${option}\\b`), err.message);
      return true;
    },
  );
  const client = new lib.DeploymentsClient({ baseUrl: "http://127.0.0.1:9" });
  const call = await rejectsWith(client.get(ID, { timeout: 5 }), "TypeError");
  assert.match(call.message, /expected one of: timeoutMs, status, signal\)/);
  const wait = await rejectsWith(client.waitForStatus(ID, "RUNNING", { every: 5 }), "TypeError");
  assert.match(wait.message, /expected one of: timeoutMs, intervalMs, signal\)/);
  // The browser build refuses secretKey, so its message does not offer it.
  assert.throws(
    () => new web.DeploymentsClient({ baseURL: "http://x" }),
    (err) => /\bwallet\b/.test(err.message) && !/secretKey/.test(err.message),
  );
});

test("the client has [Symbol.dispose], the same as free()", { skip: typeof Symbol.dispose !== "symbol" }, () => {
  const client = new lib.DeploymentsClient({ baseUrl: "http://127.0.0.1:9" });
  assert.equal(typeof client[Symbol.dispose], "function");
  client[Symbol.dispose]();
  // Freed: the wasm object is gone, so using it throws instead of touching freed memory.
  assert.throws(() => client.baseUrl);
});
