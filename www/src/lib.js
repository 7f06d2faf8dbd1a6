// The library, loaded once from /js/web.mjs (which fetches and stream-compiles the wasm module).
// Functions land in stages: `has(name)` lets each part of the page light up once its function exists.
import * as lib from "/js/web.mjs";

export { lib };
// biome-ignore lint/performance/noDynamicNamespaceImportAccess: feature detection by name, on purpose.
export const has = (name) => typeof lib[name] === "function";
