// `nosana-deployments/job/init` in browsers and bundlers: the job-definition validator alone (the
// language service is in `/editor`), without top-level await (see js/init.mjs). Its wasm is `nosana-deployments/job.wasm`.
import * as glue from "../pkg/job-web/nosana_deployments.js";
import { initEntry } from "./init-guard.mjs";
import { browserLoaders } from "./init-browser-loaders.mjs";

export const { init, initSync, jobDefinitionStandardSchema, listRules, validateJobDefinition, version } = initEntry(
  glue,
  browserLoaders,
);
export default init;
