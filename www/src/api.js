// Every call the page makes to the Deployments API goes through this module: a thin adapter over the
// library's DeploymentsClient, so the rest of the page does not depend on its exact names.
import { lib } from "./lib.js";

/**
 * @param {{ baseUrl: string, wallet?: { address: string, signMessage(b: Uint8Array): Promise<Uint8Array> }, headers?: Record<string, string>, timeoutMs?: number }} o
 *   baseUrl: where `/deployments/...` lives (the sandbox's URL, or a gateway such as https://dashboard.k8s.prd.nos.ci/api);
 *   wallet: signs the `authorization` header (one signature, reused); headers: a pre-signed `x-user-id`/`authorization` pair instead.
 */
export function createApi({ baseUrl, wallet, headers, timeoutMs = 15_000 }) {
  const client = new lib.DeploymentsClient({ baseUrl, timeoutMs, ...(wallet ? { wallet } : { headers }) });
  const opts = (status) => (status ? { status } : undefined);
  // The service's newer routes (issue 20) arrive with a newer library: until then a panel that needs one
  // says so instead of failing with "is not a function".
  const newer = (method, call) => {
    if (typeof client[method] !== "function")
      throw new Error(`This build of the library has no DeploymentsClient.${method}() yet.`);
    return call();
  };
  return {
    /** The library's client itself, for the DeploymentStore. */
    client,
    /** Whether the library's client has `method` (the page hides what it cannot do). */
    supports: (method) => typeof client[method] === "function",
    list: (filters = {}) => client.list({ limit: 100, ...filters }),
    get: (id) => client.get(id),
    create: (body) => client.create(body),
    // `status` lets the client refuse an action the state machine does not allow without a request.
    start: (id, status) => client.start(id, status ? { status } : undefined),
    stop: (id, status) => client.stop(id, status ? { status } : undefined),
    archive: (id, status) => client.archive(id, status ? { status } : undefined),
    delete: (id, status) => client.delete(id, status ? { status } : undefined),
    rename: (id, name, status) => client.rename(id, name, status ? { status } : undefined),
    updateReplicaCount: (id, replicas, status) =>
      client.updateReplicaCount(id, replicas, status ? { status } : undefined),
    updateTimeout: (id, minutes, status) => client.updateTimeout(id, minutes, status ? { status } : undefined),
    updateSchedule: (id, schedule, status) => client.updateSchedule(id, schedule, status ? { status } : undefined),
    duplicate: (id, overrides, status) => newer("duplicate", () => client.duplicate(id, overrides, opts(status))),
    updateMarket: (id, market, status) => newer("updateMarket", () => client.updateMarket(id, market, opts(status))),
    updateRequirements: (id, body, status) =>
      newer("updateRequirements", () => client.updateRequirements(id, body, opts(status))),
    updateStartupTimeout: (id, minutes, status) =>
      newer("updateStartupTimeout", () => client.updateStartupTimeout(id, minutes, opts(status))),
    sshKeys: (id, status) => newer("sshKeys", () => client.sshKeys(id, opts(status))),
    /** Both resolve to `{ public_keys, updated_at, jobs: [{ job, node, status, error? }] }`. */
    addSshKeys: (id, keys, status) => newer("addSshKeys", () => client.addSshKeys(id, keys, opts(status))),
    revokeSshKeys: (id, keys, status) => newer("revokeSshKeys", () => client.revokeSshKeys(id, keys, opts(status))),
    jobs: (id) => client.jobs(id, { limit: 20 }),
    events: (id) => client.events(id, { limit: 20 }),
    revisions: (id) => client.revisions(id, { limit: 20 }),
    /** The live stream: frames as the server sends them, `{ type: "reconnected" }` before a replayed snapshot. */
    watch: (id, { signal } = {}) => client.watch(id, { signal }),
    close: () => client.free(),
  };
}
