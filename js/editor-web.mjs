// Browser and bundler entry of `nosana-deployments/editor`: the job-definition validator plus the
// language service (hoverAt, completionsAt, applyFixes, the JSON Schemas), without the API client —
// what an in-browser editor imports. Like js/web.mjs it fetches and instantiates the module once.
import init from "../pkg/editor-web/nosana_deployments.js";

await init({ module_or_path: new URL("../pkg/editor-web/nosana_deployments_bg.wasm", import.meta.url) });

export * from "../pkg/editor-web/nosana_deployments.js";
