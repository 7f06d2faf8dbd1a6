// The package as an ES module consumer sees it: `import` by name, named and namespace imports.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createRequire } from "node:module";
import * as namespace from "nosana-deployments";
import { listRules, validateJobDefinition, version } from "nosana-deployments";

const require = createRequire(import.meta.url);

test("named imports work from ESM", () => {
  assert.equal(version(), require("nosana-deployments/package.json").version);
  assert.ok(Array.isArray(listRules()));
  assert.equal(namespace.validateJobDefinition, validateJobDefinition);
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
