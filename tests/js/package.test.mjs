// The package as an ES module consumer sees it: `import` by name, named and namespace imports.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createRequire } from "node:module";
import * as namespace from "nosana-deployments";
import { listRules, validateJobDefinition, version } from "nosana-deployments";

const require = createRequire(import.meta.url);

test("named imports work from ESM, and resolve to the Node build", () => {
  const cjs = require("nosana-deployments");
  assert.equal(version(), require("nosana-deployments/package.json").version);
  // `import` under Node takes the "node" condition: the same module `require` loads, not js/web.mjs.
  assert.equal(validateJobDefinition, cjs.validateJobDefinition);
  assert.equal(listRules, cjs.listRules);
  // Every export of the Node build is importable by name.
  const exported = Object.keys(cjs)
    .filter((k) => k !== "__esModule")
    .sort();
  assert.deepEqual(
    Object.keys(namespace)
      .filter((k) => k !== "default" && k !== "__esModule")
      .sort(),
    exported,
  );
  const codes = listRules().map((r) => r.code);
  assert.ok(codes.includes("invalidJson") && codes.includes("missingField"), codes.join());
  assert.deepEqual(
    validateJobDefinition("{ nope").issues.map((i) => i.code),
    ["invalidJson"],
  );
});

test("the Standard Schema object follows the v1 interface", async () => {
  const schema = namespace.jobDefinitionStandardSchema();
  const props = schema["~standard"];
  assert.equal(props.version, 1);
  assert.equal(props.vendor, "nosana-deployments");
  const bad = await props.validate("{ broken");
  assert.ok(Array.isArray(bad.issues) && bad.issues.length > 0);
  assert.equal(typeof bad.issues[0].message, "string");
});
