// The generated glue keeps its wasm instance private. Tests that measure its memory and tables
// capture it as it is created: wrap the `WebAssembly.Instance` constructor just for the duration of
// the first `require` of the package.
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** @returns {{ api: object, memory: WebAssembly.Memory, tables: [string, WebAssembly.Table][] }} */
export function loadWithInstance() {
  const Original = WebAssembly.Instance;
  let instance = null;
  WebAssembly.Instance = new Proxy(Original, {
    construct(target, args, newTarget) {
      instance = Reflect.construct(target, args, newTarget);
      return instance;
    },
  });
  let api;
  try {
    api = require("nosana-deployments");
  } finally {
    WebAssembly.Instance = Original;
  }
  assert.ok(instance, "the wasm instance was not created by require (was the module already loaded?)");
  const memory = Object.values(instance.exports).find((v) => v instanceof WebAssembly.Memory);
  const tables = Object.entries(instance.exports).filter(([, v]) => v instanceof WebAssembly.Table);
  assert.ok(memory, "no exported WebAssembly.Memory");
  return { api, memory, tables };
}
