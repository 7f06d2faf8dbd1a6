// The browser build of the whole package (pkg/web, what `import "nosana-deployments"` gives a
// bundler or a page) is built without the `secret-key` feature: a raw key has no place in a web
// page, and ed25519 + sha512 would cost every page ~13 KB gzipped. It must refuse `secretKey` with a
// clear TypeError, and otherwise validate exactly as the Node build does. Loaded here in Node with
// its own `initSync`, from the file the package ships.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";

import * as web from "../../pkg/web/nosana_deployments.js";

const require = createRequire(import.meta.url);
const node = require("nosana-deployments");
web.initSync({ module: readFileSync(new URL("../../pkg/web/nosana_deployments_bg.wasm", import.meta.url)) });

const SEED = new Uint8Array(32).fill(7);
const BASE_URL = "http://127.0.0.1:9";

test("the browser build refuses secretKey, naming the alternative", () => {
  assert.throws(
    () => new web.DeploymentsClient({ baseUrl: BASE_URL, secretKey: SEED }),
    (error) =>
      error instanceof TypeError &&
      error.name === "TypeError" &&
      error.code === "INVALID_ARGUMENT" &&
      /no secretKey support/.test(error.message) &&
      /wallet/.test(error.message),
  );
  // The Node build signs with it: the difference is the build, not the options.
  const client = new node.DeploymentsClient({ baseUrl: BASE_URL, secretKey: SEED });
  assert.match(client.address, /^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
});

test("the browser build keeps every other export of the whole package", () => {
  assert.deepEqual(
    Object.keys(web)
      .filter((k) => k !== "default" && k !== "initSync")
      .sort(),
    Object.keys(node).sort(),
  );
  const wallet = {
    address: "7AtiXMSH6R1jjBxrcYjehCkkSF7zvYWte63gwEDBcGHq",
    signMessage: async () => new Uint8Array(64),
  };
  assert.equal(new web.DeploymentsClient({ baseUrl: BASE_URL, wallet }).address, wallet.address);
});

test("the browser build validates as the Node build does", () => {
  const job = JSON.stringify({
    version: "0.1",
    type: "container",
    ops: [
      {
        id: "web",
        type: "container/run",
        args: { image: "NGINX::bad", expose: 70000, env: { API_KEY: "sk-1234567890abcdef1234" } },
      },
    ],
  });
  const report = web.validateJobDefinition(job);
  assert.ok(report.issues.length >= 3, `only ${report.issues.length} issues`);
  assert.deepEqual(report, node.validateJobDefinition(job));
  const body = {
    name: "x",
    market: "not a key",
    timeout: 0,
    replicas: 1,
    strategy: "SCHEDULED",
    job_definition: JSON.parse(job),
  };
  assert.deepEqual(web.validateDeployment(body), node.validateDeployment(body));
  assert.deepEqual(web.nextStatus("RUNNING", "stop"), node.nextStatus("RUNNING", "stop"));
});

test("misuse throws a real TypeError with its code, in both builds", () => {
  for (const lib of [web, node]) {
    const cases = [
      [() => lib.validateJobDefinition("{}", { warnigns: false }), "INVALID_ARGUMENT"],
      [() => lib.validateJobDefinition(undefined), "INVALID_ARGUMENT"],
      [() => lib.nextStatus("NOT_A_STATUS", "stop"), null],
      [() => lib.validateSchedule(42), "INVALID_ARGUMENT"],
      [() => new lib.DeploymentsClient({ baseUrl: BASE_URL, bogus: 1 }), "INVALID_ARGUMENT"],
    ];
    for (const [call, code] of cases) {
      assert.throws(call, (error) => {
        assert.ok(error instanceof TypeError, `${error.name}: ${error.message} is not a TypeError`);
        assert.equal(error.name, "TypeError");
        if (code) assert.equal(error.code, code);
        else assert.equal(typeof error.code, "string");
        return true;
      });
    }
  }
  // Other errors stay plain Errors with their own name.
  assert.throws(
    () => web.describeSchedule("61 * * * *"),
    (error) => error instanceof Error && !(error instanceof TypeError) && error.name === "ScheduleError",
  );
});
