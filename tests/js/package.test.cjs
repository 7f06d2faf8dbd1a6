// The package as a CommonJS consumer sees it: `require` by name, through the `exports` map.
const { test } = require("node:test");
const assert = require("node:assert/strict");

const pkg = require("nosana-deployments");

test("require resolves to the Node build and exposes the API", () => {
  assert.equal(pkg.version(), require("nosana-deployments/package.json").version);
  assert.equal(typeof pkg.validateJobDefinition, "function");
  assert.equal(typeof pkg.listRules, "function");
});

test("invalid JSON text is reported as an issue with a code", () => {
  const result = pkg.validateJobDefinition("{ nope");
  assert.equal(result.success, false);
  assert.equal(result.issues[0].code, "invalidJson");
});

test("misuse throws a real Error with a stable name and code", () => {
  assert.throws(
    () => pkg.validateJobDefinition("{}", { warnigns: false }),
    (err) => {
      assert.ok(err instanceof Error);
      assert.equal(err.name, "TypeError");
      assert.equal(err.code, "INVALID_ARGUMENT");
      return true;
    },
  );
});
