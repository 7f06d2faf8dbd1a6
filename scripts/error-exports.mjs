// The error classes and type guards live in a wasm-bindgen snippet (src/wasm/errors.js), which the
// generated glue imports but does not re-export. This appends their exports to each build's glue,
// so every entry (`export *` from the glue, or the glue itself) exports the classes its wasm throws:
// the names its `.d.ts` declares (the `/job` build, which throws only `TypeError`s, declares none).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { ROOT, SetupError } from "./util.mjs";

const SNIPPET = join("src", "wasm", "errors.js");

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** The error exports declared in a generated `.d.ts`: `export class XError`, `export function isXError`. */
export function declaredErrorExports(dts) {
  return [...dts.matchAll(/^export (?:declare )?(?:class|function) ((?:is)?[A-Z]\w*Error)\b/gm)].map((m) => m[1]);
}

/** Appends the error exports to `dir`'s glue (`crate`.js), as CommonJS or as an ES module. */
export function exportErrors(dir, crate, type) {
  const snippet = filesUnder(join(dir, "snippets")).find((f) => f.endsWith(`${sep}${SNIPPET}`));
  if (snippet === undefined) throw new SetupError(`${relative(ROOT, dir)}: no ${SNIPPET} snippet in the build`);
  const names = [...new Set(declaredErrorExports(readFileSync(join(dir, `${crate}.d.ts`), "utf8")))];
  if (names.length === 0) return;
  const source = readFileSync(snippet, "utf8");
  const missing = names.filter((name) => !source.includes(name.replace(/^is(?=[A-Z])/, "")));
  if (missing.length > 0) {
    throw new SetupError(`${relative(ROOT, dir)}: error exports not defined in ${SNIPPET}: ${missing.join(", ")}`);
  }
  const path = `./${relative(dir, snippet).split(sep).join("/")}`;
  const glue = join(dir, `${crate}.js`);
  const tail =
    type === "commonjs"
      ? // One `exports.X =` per name: Node's ESM loader finds a CommonJS module's named exports that way.
        [
          `const __nosanaErrors = require(${JSON.stringify(path)}).errorExports();`,
          ...names.map((n) => `exports.${n} = __nosanaErrors.${n};`),
        ]
      : [
          `import { errorExports as __nosanaErrorExports } from ${JSON.stringify(path)};`,
          `export const { ${names.join(", ")} } = __nosanaErrorExports();`,
        ];
  writeFileSync(
    glue,
    `${readFileSync(glue, "utf8")}\n// The error classes and guards (scripts/error-exports.mjs).\n${tail.join("\n")}\n`,
  );
}
