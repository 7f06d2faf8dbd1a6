// Browser and bundler entry: fetches and instantiates the module once (streaming compilation where
// the server sends application/wasm), so importers can call every function straight away.
import init from "../pkg/web/nosana_deployments.js";

await init({ module_or_path: new URL("../pkg/web/nosana_deployments_bg.wasm", import.meta.url) });

export * from "../pkg/web/nosana_deployments.js";
