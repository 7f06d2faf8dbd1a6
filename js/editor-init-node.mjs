// `nosana-deployments/editor/init` in Node: the validator and the language service (the same module
// as in browsers: it has no Node-only part) without top-level await. `init()` and `initSync()` read
// the wasm next to the glue when given nothing.
import * as glue from "../pkg/editor-web/nosana_deployments.js";
import { initEntry } from "./init-guard.mjs";
import { nodeLoaders } from "./init-node-loaders.mjs";

export const {
  init,
  initSync,
  applyFixes,
  completionsAt,
  deploymentJsonSchema,
  hoverAt,
  jobDefinitionJsonSchema,
  jobDefinitionStandardSchema,
  listRules,
  validateJobDefinition,
  version,
} = initEntry(glue, nodeLoaders(new URL("../pkg/editor-web/nosana_deployments_bg.wasm", import.meta.url)));
export default init;
