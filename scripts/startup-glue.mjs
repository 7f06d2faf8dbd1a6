// Folds wasm-bindgen's JS snippets (`snippets/**.js`: our `#[wasm_bindgen(module = …)]` and
// `inline_js` code) into the glue file that imports them, then deletes the snippet files. Each snippet
// otherwise costs a separate module load before the wasm can start: in Node three more CommonJS
// `require`s (resolve, stat, read, compile) on the way to the first validation, and in a browser one
// more round trip of the module-graph waterfall before the glue can even start fetching the wasm
// (measured by bench/first-validation-browser.mjs). Every snippet becomes one closure, evaluated once
// at the top of the glue, so all the glue's imports of a file share one instance (the error classes
// the wasm throws are the classes the entry exports).
// The import forms are the ones wasm-bindgen (pinned in Cargo.toml) and scripts/error-exports.mjs
// write; an unknown form leaves a snippet reference behind, and that fails the build instead of
// shipping a glue that points at deleted files.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT, SetupError } from "./util.mjs";

const SNIPPET_PATH = String.raw`\./snippets/[^'"\x60\s]+\.js`;
// ES module glue: `import { a, b as c } from './snippets/…';` and `import * as x from "./snippets/…"`.
const ESM_IMPORT = new RegExp(
  String.raw`^import\s+(\*\s+as\s+\w+|\{[^}]*\})\s+from\s+(['"])(${SNIPPET_PATH})\2;?`,
  "gm",
);
// CommonJS glue: `require("./snippets/…")`, `require('…')` or ``require(String.raw`…`)``.
const CJS_REQUIRE = new RegExp(
  String.raw`require\((?:(['"])(${SNIPPET_PATH})\1|String\.raw\x60(${SNIPPET_PATH})\x60)\)`,
  "g",
);
// A snippet reference left after folding (the wasm import-object keys are plain strings, not loads).
const LEFT_OVER = new RegExp(
  String.raw`(?:^import[^\n]*from\s*|require\((?:String\.raw)?)['"\x60]${SNIPPET_PATH}`,
  "m",
);

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** One snippet as an expression that evaluates it once and yields its exports object. */
function snippetClosure(source, type, where) {
  if (type === "commonjs") {
    // Already CommonJS (scripts/build.mjs `snippetsToCommonJs`), ending `module.exports = { … };`.
    // That line becomes the closure's `return`: left as it is, Node's CommonJS export lexer would take
    // the snippet's names for the glue's own named exports.
    const tail = /^module\.exports = (\{[^}]*\});\s*$/m;
    if (!tail.test(source)) throw new SetupError(`${where}: a CommonJS snippet should end \`module.exports = { … };\``);
    return `(() => {\n"use strict";\n${source.replace(tail, "return $1;")}\n})()`;
  }
  if (/^\s*(import|export)\b(?! function)/m.test(source)) {
    throw new SetupError(`${where}: only \`export function\` snippets can be folded into the glue`);
  }
  const names = [...source.matchAll(/^export function (\w+)/gm)].map((m) => m[1]);
  return `(() => {\n"use strict";\n${source.replace(/^export function /gm, "function ")}\nreturn { ${names.join(", ")} };\n})()`;
}

/** `{ a, b as c }` → `{ a, b: c }` (a destructuring pattern). */
function bindingPattern(clause) {
  return clause.replace(/\b(\w+)\s+as\s+(\w+)\b/g, "$1: $2");
}

/**
 * Folds the snippets of the build in `dir` into its glue (`crate`.js) and deletes `dir`/snippets.
 * @param {string} dir an output folder of wasm-bindgen
 * @param {string} crate the glue's base name
 * @param {"commonjs"|"module"} type the glue's module type
 */
export function foldSnippets(dir, crate, type) {
  const snippetsDir = join(dir, "snippets");
  if (!existsSync(snippetsDir)) return;
  const gluePath = join(dir, `${crate}.js`);
  const where = relative(ROOT, gluePath);
  const ids = new Map(); // "./snippets/…" → the name of its closure's result
  const idOf = (path) => {
    if (!ids.has(path)) ids.set(path, `__snippet${ids.size}`);
    return ids.get(path);
  };
  let glue = readFileSync(gluePath, "utf8");
  glue =
    type === "commonjs"
      ? glue.replace(CJS_REQUIRE, (_, _q, quoted, raw) => idOf(quoted ?? raw))
      : glue.replace(ESM_IMPORT, (_, clause, _q, path) =>
          clause.startsWith("*")
            ? `const ${clause.replace(/^\*\s+as\s+/, "")} = ${idOf(path)};`
            : `const ${bindingPattern(clause)} = ${idOf(path)};`,
        );
  if (LEFT_OVER.test(glue)) {
    throw new SetupError(`${where}: a snippet is loaded in a form scripts/startup-glue.mjs does not know`);
  }
  const files = filesUnder(snippetsDir).filter((f) => f.endsWith(".js"));
  if (ids.size === 0 && files.length > 0) {
    throw new SetupError(`${where}: the build has snippets but its glue loads none the way expected`);
  }
  const closures = [...ids].map(([path, id]) => {
    const file = join(dir, ...path.slice(2).split("/"));
    if (!existsSync(file)) throw new SetupError(`${where}: loads ${path}, which the build did not write`);
    return `const ${id} = ${snippetClosure(readFileSync(file, "utf8"), type, relative(ROOT, file))};`;
  });
  // After the leading `/* @ts-self-types=… */` line, which TypeScript reads there.
  const firstLine = glue.startsWith("/*") ? glue.indexOf("\n") + 1 : 0;
  const header = "// JS snippets folded in (scripts/startup-glue.mjs): no separate module loads at startup.\n";
  glue = `${glue.slice(0, firstLine)}${header}${closures.join("\n")}\n${glue.slice(firstLine)}`;
  writeFileSync(gluePath, glue);
  rmSync(snippetsDir, { recursive: true, force: true });
}
