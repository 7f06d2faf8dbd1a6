// `nosana-deployments/editor/init` in browsers and bundlers: the validator and the language service,
// without top-level await (see js/init.mjs). Its wasm is `nosana-deployments/editor.wasm`.
import * as glue from "../pkg/editor-web/nosana_deployments.js";
import { initEntry } from "./init-guard.mjs";
import { browserLoaders } from "./init-browser-loaders.mjs";

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
} = initEntry(glue, browserLoaders);
export default init;
