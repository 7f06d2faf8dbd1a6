// Human words for statuses, actions and errors: the library's own (`statusLabel`, `actionLabel`,
// `explainError`, the DeploymentStore's), with a plain fallback for a build that lacks them.
import { has, lib } from "./lib.js";

const sentence = (words) => words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();

/** "RUNNING" → "Running", "INSUFFICIENT_FUNDS" → "Insufficient funds". */
export function statusText(status) {
  if (has("statusLabel")) {
    try {
      return lib.statusLabel(status);
    } catch {
      /* an unknown status: the fallback below */
    }
  }
  return sentence(String(status).replace(/[_-]+/g, " "));
}

/** "updateReplicaCount" → "Change replica count" (library) or "Update replica count" (fallback). */
export function actionText(action) {
  if (has("actionLabel")) {
    try {
      return lib.actionLabel(action);
    } catch {
      /* an unknown action: the fallback below */
    }
  }
  return sentence(String(action).replace(/([a-z])([A-Z])/g, "$1 $2"));
}

/** `{ summary, advice, text }`: what happened and what to do. */
export function explain(error) {
  if (has("explainError")) {
    try {
      return lib.explainError(error);
    } catch {
      /* fall through */
    }
  }
  const summary = String(error?.message ?? error);
  return { summary, advice: "", text: summary };
}
