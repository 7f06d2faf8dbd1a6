// `nosana-deployments/init` in Node: the whole package for Node (with `secretKey`) as an ES module
// without top-level await, like the browser one (js/init.mjs). `init()` and `initSync()` read the
// wasm next to the glue when given nothing.
import * as glue from "../pkg/node-esm/nosana_deployments.js";
import { initEntry } from "./init-guard.mjs";
import { nodeLoaders } from "./init-node-loaders.mjs";

export const {
  init,
  initSync,
  DeploymentsClient,
  allowedActions,
  applyFixes,
  canPerform,
  completionsAt,
  deploymentJsonSchema,
  deploymentStandardSchema,
  describeEventType,
  describeSchedule,
  hoverAt,
  isActive,
  isTerminal,
  jobDefinitionJsonSchema,
  jobDefinitionStandardSchema,
  listRules,
  nextScheduleTimes,
  nextStatus,
  transitionTable,
  updateEffect,
  validateDeployment,
  validateDeploymentUpdate,
  validateJobDefinition,
  validateSchedule,
  validateSshPublicKeys,
  version,
} = initEntry(glue, nodeLoaders(new URL("../pkg/node-esm/nosana_deployments_bg.wasm", import.meta.url)));
export default init;
