// `nosana-deployments/job/init` in Node: the job-definition validator alone (the same module as in
// browsers: it has no Node-only part; the language service is in `/editor`) without top-level await. `init()` and `initSync()` read the
// wasm next to the glue when given nothing.
import * as glue from "../pkg/job-web/nosana_deployments.js";
import { initEntry } from "./init-guard.mjs";
import { nodeLoaders } from "./init-node-loaders.mjs";

export const { init, initSync, jobDefinitionStandardSchema, listRules, validateJobDefinition, version } = initEntry(
  glue,
  nodeLoaders(new URL("../pkg/job-web/nosana_deployments_bg.wasm", import.meta.url)),
);
export default init;
