// Browser and bundler entry of `nosana-deployments/job`: the job-definition validator alone (a wasm
// module without the API client, the deployment functions and the language service: `/editor`). Like js/web.mjs it fetches and
// instantiates the module once, so importers can call every function straight away.
import init from "../pkg/job-web/nosana_deployments.js";

await init({ module_or_path: new URL("../pkg/job-web/nosana_deployments_bg.wasm", import.meta.url) });

export * from "../pkg/job-web/nosana_deployments.js";
