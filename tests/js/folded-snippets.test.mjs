// scripts/startup-glue.mjs folds wasm-bindgen's JS snippets into the glue, so starting the package
// loads one glue file instead of four modules (one waterfall round trip less in a browser). Held
// here: every import form wasm-bindgen writes is folded, all imports of one snippet share one
// instance, Node's CommonJS export lexer does not mistake snippet names for the glue's exports, an
// unknown form fails the build, and the built package carries no snippet files.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";

import { foldSnippets } from "../../scripts/startup-glue.mjs";

const ROOT = new URL("../../", import.meta.url);
const SNIPPET = "snippets/demo-0123/src/wasm/counter.js";
// A snippet with state: two imports of it must see the same counter.
const COUNTER_ESM = "let count = 0;\nexport function bump() {\n  count += 1;\n  return count;\n}\n";
const COUNTER_CJS =
  "let count = 0;\nfunction bump() {\n  count += 1;\n  return count;\n}\n\nmodule.exports = { bump };\n";

function buildDir(files) {
  const dir = mkdtempSync(join(tmpdir(), "nd-fold-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test("an ES module glue: named (renamed) and namespace imports of one snippet share its instance", async (t) => {
  const dir = buildDir({
    "package.json": '{ "type": "module" }',
    [SNIPPET]: COUNTER_ESM,
    "glue.js": [
      '/* @ts-self-types="./glue.d.ts" */',
      `import { bump as first } from './${SNIPPET}';`,
      `import * as import1 from "./${SNIPPET}"`,
      'const keys = { "./snippets/demo-0123/src/wasm/counter.js": import1 };',
      "export function both() { return [first(), import1.bump(), Object.keys(keys).length]; }",
      "",
    ].join("\n"),
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  foldSnippets(dir, "glue", "module");
  const glue = readFileSync(join(dir, "glue.js"), "utf8");
  assert.ok(glue.startsWith('/* @ts-self-types="./glue.d.ts" */\n'), "the types pragma stays first");
  assert.equal(existsSync(join(dir, "snippets")), false);
  const { both } = await import(pathToFileURL(join(dir, "glue.js")).href);
  assert.deepEqual(both(), [1, 2, 1]);
});

test("a CommonJS glue: require forms are folded and ESM importers see only the glue's exports", async (t) => {
  const dir = buildDir({
    "package.json": '{ "type": "commonjs" }',
    [SNIPPET]: COUNTER_CJS,
    "glue.js": [
      '/* @ts-self-types="./glue.d.ts" */',
      `const { bump } = require(String.raw\`./${SNIPPET}\`);`,
      `const import1 = require("./${SNIPPET}");`,
      "function both() { return [bump(), import1.bump()]; }",
      "exports.both = both;",
      "",
    ].join("\n"),
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  foldSnippets(dir, "glue", "commonjs");
  assert.equal(existsSync(join(dir, "snippets")), false);
  const glue = createRequire(import.meta.url)(join(dir, "glue.js"));
  assert.deepEqual(glue.both(), [1, 2]);
  const fromEsm = await import(pathToFileURL(join(dir, "glue.js")).href);
  assert.deepEqual(Object.keys(fromEsm).sort(), ["both", "default"]);
});

test("an import form the folder does not know fails the build and leaves the glue alone", (t) => {
  const original = `import counter from './${SNIPPET}';\nexport const c = counter;\n`;
  const dir = buildDir({ [SNIPPET]: COUNTER_ESM, "glue.js": original });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.throws(() => foldSnippets(dir, "glue", "module"), { name: "SetupError", message: /does not know/ });
  assert.equal(readFileSync(join(dir, "glue.js"), "utf8"), original);
  assert.ok(existsSync(join(dir, SNIPPET)));
});

test("the built package: no glue loads a snippet file, and none is shipped", () => {
  for (const build of ["node", "node-esm", "web", "job-node", "job-web", "editor-node", "editor-web"]) {
    const dir = new URL(`pkg/${build}/`, ROOT);
    const glue = readFileSync(new URL("nosana_deployments.js", dir), "utf8");
    assert.doesNotMatch(glue, /(?:from\s*|require\((?:String\.raw)?)['"`]\.\/snippets\//, `pkg/${build}`);
    assert.equal(existsSync(new URL("snippets", dir)), false, `pkg/${build}/snippets`);
  }
});
