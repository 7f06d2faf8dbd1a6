// Shared by the init entries (js/*init*.mjs): wasm-bindgen's glue reads `wasm.<export>` from a
// module variable that stays undefined until its init runs, so an early call fails with "cannot
// read properties of undefined". Every export is wrapped in a Proxy (functions and classes alike,
// so `instanceof` and static members keep working) that throws a clear Error until init is done.

/** Error thrown by any call made before `init()`/`initSync()` finished. */
export function notInitialised(name) {
  const error = new Error(
    `nosana-deployments: ${name}() was called before the WebAssembly module was loaded; call init() first (await init(), or initSync(bytes))`,
  );
  error.code = "NOT_INITIALISED";
  return error;
}

/**
 * The entry's exports: `init`, `initSync` and every function and class of `glue`, guarded.
 * @param glue the wasm-bindgen `--target web` module namespace
 * @param loaders `{ source(input), bytes(input) }`: turn what the caller gave (maybe nothing) into what
 *   the glue's init/initSync take (Node reads files itself; browsers let the glue fetch URLs)
 */
export function initEntry(glue, loaders) {
  let ready = false;
  const guard = (name, value) =>
    typeof value !== "function"
      ? value
      : new Proxy(value, {
          apply(target, self, args) {
            if (!ready) throw notInitialised(name);
            return Reflect.apply(target, self, args);
          },
          construct(target, args, newTarget) {
            if (!ready) throw notInitialised(`new ${name}`);
            return Reflect.construct(target, args, newTarget);
          },
        });
  // The error classes and guards (src/wasm/errors.js) need no wasm: exported as they are, so they
  // work before init and stay the classes the module throws (`instanceof`).
  const errorExports = new Set(Object.values(globalThis[Symbol.for("nosana-deployments/errors@1")]?.exports ?? {}));
  const exports = {};
  for (const [name, value] of Object.entries(glue)) {
    if (name !== "default" && name !== "initSync") exports[name] = errorExports.has(value) ? value : guard(name, value);
  }
  /** Loads the module once; later calls resolve at once. Accepts a URL (or string), a Request, a
   * Response (or a promise of one), the bytes, or a compiled WebAssembly.Module. */
  exports.init = async (input) => {
    await glue.default({ module_or_path: await loaders.source(input) });
    ready = true;
  };
  /** Instantiates synchronously from the bytes or a compiled WebAssembly.Module. */
  exports.initSync = (bytes) => {
    glue.initSync({ module: loaders.bytes(bytes) });
    ready = true;
  };
  return exports;
}
