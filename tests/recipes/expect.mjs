// What every recipe page must report: the page validated its job definition with the whole package
// and the worker with the `/job` entry, and both answer what the Node build answers for that text.
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const node = require("nosana-deployments");

/** `recipe` is `{ input, page: report, worker: report }` as the examples' pages set it. */
export function assertRecipe(recipe, errors) {
  assert.equal(typeof recipe.input, "string", JSON.stringify(recipe));
  const expected = node.validateJobDefinition(recipe.input);
  assert.equal(expected.success, false, "the recipes validate a broken job definition");
  assert.ok(expected.issues.length >= 2);
  assert.deepEqual(recipe.page, expected, "the page's validation result");
  assert.deepEqual(recipe.worker, expected, "the worker's answer to its first message");
  assert.deepEqual(errors, []);
}
