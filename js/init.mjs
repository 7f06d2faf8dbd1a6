// `nosana-deployments/init` in browsers and bundlers: the whole package without top-level await.
// Nothing loads until the caller runs `await init(url?)` or `initSync(bytes)`; calls made before throw
// a clear Error. For module workers (install the message handler first, await init inside it) and
// for bundlers that want to place the wasm themselves (`nosana-deployments/nosana_deployments_bg.wasm`).
import * as glue from "../pkg/web/nosana_deployments.js";
import { initEntry } from "./init-guard.mjs";
import { browserLoaders } from "./init-browser-loaders.mjs";

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
} = initEntry(glue, browserLoaders);
export default init;
