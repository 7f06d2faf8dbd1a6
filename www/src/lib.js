// The library, loaded once from /js/web.mjs (which fetches and stream-compiles the wasm module).
// Functions land in stages: `has(name)` lets each part of the page light up once its function exists.
import * as lib from "/js/web.mjs";

export { lib };
// biome-ignore lint/performance/noDynamicNamespaceImportAccess: feature detection by name, on purpose.
export const has = (name) => typeof lib[name] === "function";

/** `canPerform`, false for an action this build of the library does not know yet. */
export function permits(status, action) {
  if (!has("canPerform")) return true;
  try {
    return lib.canPerform(status, action);
  } catch {
    return false;
  }
}

/** `validateDeploymentUpdate(action, body)`, or `null` when this build cannot check `action`'s body. */
export function checkUpdate(action, body) {
  if (!has("validateDeploymentUpdate")) return null;
  try {
    return lib.validateDeploymentUpdate(action, body);
  } catch {
    return null;
  }
}

/** `updateEffect(action, status, strategy)`, or `null` when this build does not know `action`. */
export function effectOf(action, status, strategy) {
  if (!has("updateEffect")) return null;
  try {
    return lib.updateEffect(action, status, strategy);
  } catch {
    return null;
  }
}
