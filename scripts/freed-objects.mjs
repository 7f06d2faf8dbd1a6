// Use after `free()`: wasm-bindgen's glue passes a freed object's pointer (0) into wasm, which then
// throws "null pointer passed to rust". This rewrites each method's `this.__wbg_ptr` argument into a
// check that throws an Error naming the class and saying it was freed, before anything reaches wasm.
// The `.d.ts` is not touched. Measured against a JS wrapper class per export: this keeps the
// generated classes themselves (instanceof, the FinalizationRegistry), at the cost of one regex.
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { ROOT, SetupError } from "./util.mjs";

const HELPER = `
function __nosanaLivePointer(object, className) {
  const ptr = object === null || object === undefined ? undefined : object.__wbg_ptr;
  if (typeof ptr === "number" && ptr !== 0) return ptr;
  if (ptr === 0) {
    const error = new Error(\`this \${className} was freed (free() was called on it): create a new one\`);
    error.code = "FREED";
    throw error;
  }
  const error = new TypeError(\`this is not a \${className}\`);
  error.code = "INVALID_ARGUMENT";
  throw error;
}
`;

/** Rewrites `glue` (a generated `<crate>.js`) in place; returns the number of guarded calls. */
export function guardFreedObjects(glue) {
  const source = readFileSync(glue, "utf8");
  const classes = new Map([...source.matchAll(/^(?:export )?class (\w+) \{/gm)].map((m) => [m[1].toLowerCase(), m[1]]));
  if (classes.size === 0) return 0;
  let guarded = 0;
  const body = source.replace(/wasm\.([a-z0-9]+)_(\w+)\(this\.__wbg_ptr\b/g, (call, prefix, method) => {
    const className = classes.get(prefix);
    if (className === undefined) return call;
    guarded++;
    return `wasm.${prefix}_${method}(__nosanaLivePointer(this, ${JSON.stringify(className)})`;
  });
  // A second `free()` is a no-op, not a null pointer passed into wasm.
  const freed = body.replace(/^(\s*)wasm\.(__wbg_\w+_free)\(ptr, 0\);/gm, "$1if (ptr !== 0) wasm.$2(ptr, 0);");
  if (guarded === 0) throw new SetupError(`${relative(ROOT, glue)}: classes but no method calls to guard`);
  if (/wasm\.\w+\(this\.__wbg_ptr\b/.test(freed)) {
    throw new SetupError(`${relative(ROOT, glue)}: a call passes this.__wbg_ptr unguarded (glue format changed?)`);
  }
  // After the leading comment and imports/requires: a function declaration is hoisted anyway.
  writeFileSync(glue, `${freed}\n${HELPER}`);
  return guarded;
}
