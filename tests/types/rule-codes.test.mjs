// `RuleCode` in the shipped `.d.ts` lists exactly the codes `listRules()` returns at run time, in
// every build (the whole package for Node and browsers, and the /job and /editor entries).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";

const require = createRequire(import.meta.url);

/** The string literals of `export type RuleCode = …;` in a declaration file. */
function declaredRuleCodes(dts) {
  const match = /export type RuleCode =([^;]*);/.exec(dts);
  assert.ok(match, "no RuleCode declaration");
  return [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

// The browser builds are the same Rust as the Node ones: the Node module of each answers for both.
const RUNTIME = {
  node: "node",
  web: "node",
  "job-node": "job-node",
  "job-web": "job-node",
  "editor-node": "editor-node",
  "editor-web": "editor-node",
};

for (const [build, runtimeBuild] of Object.entries(RUNTIME)) {
  test(`RuleCode in pkg/${build} is every code of listRules()`, async () => {
    const dts = readFileSync(require.resolve(`../../pkg/${build}/nosana_deployments.d.ts`), "utf8");
    const declared = declaredRuleCodes(dts);
    assert.ok(declared.length > 50, `RuleCode has only ${declared.length} members`);
    assert.equal(new Set(declared).size, declared.length, "RuleCode repeats a code");
    const runtime = require(`../../pkg/${runtimeBuild}/nosana_deployments.js`)
      .listRules()
      .map((rule) => rule.code);
    assert.deepEqual([...declared].sort(), [...runtime].sort());
  });
}
