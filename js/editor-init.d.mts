// Types of `nosana-deployments/editor/init` (js/editor-init.mjs and js/editor-init-node.mjs): the module's
// exports, plus init/initSync that must run first.
export * from "../pkg/editor-web/nosana_deployments.js";
import type { InitInput, SyncInitInput } from "../pkg/editor-web/nosana_deployments.js";

/**
 * Loads and instantiates the WebAssembly module once; later calls resolve at once. Give it the
 * wasm's URL (`nosana-deployments/editor.wasm` through your bundler), a Response (or its promise), the
 * bytes or a compiled WebAssembly.Module. Without one it fetches the file next to the glue in
 * browsers and reads it from disk in Node. Every other export throws an Error with code
 * `NOT_INITIALISED` until it has resolved.
 */
export function init(input?: InitInput | Promise<InitInput>): Promise<void>;
export default init;
/**
 * Instantiates the module synchronously from its bytes or a compiled WebAssembly.Module. In Node it
 * reads the file next to the glue without bytes.
 */
export function initSync(bytes?: SyncInitInput): void;
