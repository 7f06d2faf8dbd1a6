// Types of `nosana-deployments/init` (js/init.mjs in browsers): the module's exports, plus
// init/initSync that must run first.
export * from "../pkg/web/nosana_deployments.js";
import type { InitInput, SyncInitInput } from "../pkg/web/nosana_deployments.js";

/**
 * Loads and instantiates the WebAssembly module once; later calls resolve at once. Give it the
 * wasm's URL (`nosana-deployments/nosana_deployments_bg.wasm` through your bundler), a Response (or
 * its promise), the bytes or a compiled WebAssembly.Module. Without one it fetches the file next to
 * the glue. Every other export throws an Error with code `NOT_INITIALISED` until it has resolved.
 */
export function init(input?: InitInput | Promise<InitInput>): Promise<void>;
export default init;
/**
 * Instantiates the module synchronously from its bytes or a compiled WebAssembly.Module.
 */
export function initSync(bytes: SyncInitInput): void;
