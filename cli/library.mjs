// The library, loaded by its package name (the same wasm module every other consumer gets), and a
// guard for functions a given build does not have yet.
import { createRequire } from "node:module";
import { FileProblem } from "./text.mjs";

let cached;

export async function loadLibrary() {
  if (cached) return cached;
  try {
    // The Node build is CommonJS: required, not imported, its exports need no scan of its glue for
    // names (cjs-module-lexer: ~40 ms of CPU per thread, and the CLI's worker threads load it too).
    cached = createRequire(import.meta.url)("nosana-deployments");
  } catch (err) {
    const hint =
      err?.code === "MODULE_NOT_FOUND" || err?.code === "ERR_MODULE_NOT_FOUND"
        ? " (in a clone of the repository, build it first: node scripts/build.mjs)"
        : "";
    throw new LibraryError(`cannot load the nosana-deployments library: ${err?.message ?? err}${hint}`);
  }
  return cached;
}

/** The library cannot do what was asked (not built, or too old for this command): exit code 2. */
export class LibraryError extends Error {
  constructor(message) {
    super(message);
    this.name = "LibraryError";
  }
}

/** `lib[name]`, or a LibraryError naming what is missing. */
export function requireFunction(lib, name, purpose) {
  const fn = lib[name];
  if (typeof fn !== "function") {
    const version = typeof lib.version === "function" ? lib.version() : "unknown";
    throw new LibraryError(
      `this build of nosana-deployments (${version}) has no ${name}(), needed to ${purpose}; update the package`,
    );
  }
  return fn;
}

/** Same as requireFunction, but as a per-file problem (the other files are still linted). */
export function fileFunction(lib, name, purpose) {
  try {
    return requireFunction(lib, name, purpose);
  } catch (err) {
    throw new FileProblem(err.message);
  }
}
