// Compiled with `tsc --noEmit`: every client method of the addendum is typed as documented.
import {
  DeploymentsClient,
  describeEventType,
  type Deployment,
  type DeploymentAction,
  type DeploymentEndpoint,
  type DeploymentsError,
  type SshKeysResult,
  type StreamFrame,
} from "nosana-deployments";

const ID = "7Yq2hZJ3nE5mW8VZxXf6QKJ7c4fJ1dT9GmUoPr2sBQaL";
const MARKET = "7AtiXMSH6R1jjBxrcYjehCkkSF7zvYWte63gwEDBcGHq";

export async function usage(signal: AbortSignal): Promise<void> {
  const direct = new DeploymentsClient({ network: "devnet", serviceUrl: "http://localhost:3001", nodeDomain: "node.k8s.dev.nos.ci" });
  const proxied = new DeploymentsClient({ apiKey: "nos_x", clientManagerUrl: "http://localhost:3002" });
  const gateway = new DeploymentsClient({ gateway: true });
  const domain: string = direct.nodeDomain + proxied.baseUrl + gateway.baseUrl;

  const copy: Deployment = await direct.duplicate(ID, { name: "copy", market: MARKET, autostart: false }, { status: "ARCHIVED" });
  const plainCopy: Deployment = await direct.duplicate(ID);
  const market: { market: string; updated_at: string } = await direct.updateMarket(ID, MARKET, { status: "RUNNING" });
  const req = await direct.updateRequirements(ID, { market: MARKET, requirements: { gpu: "RTX 4090", vram: 24, cuda: true } });
  const cleared = await direct.updateRequirements(ID, { market: MARKET, requirements: null });
  const reqValue: Record<string, number | string | boolean> | null = req.requirements ?? cleared.requirements;
  const startup: { startup_timeout: number; updated_at: string } = await direct.updateStartupTimeout(ID, 15);
  const keys: string[] = (await direct.sshKeys(ID, { signal })).public_keys;
  const added: SshKeysResult = await direct.addSshKeys(ID, ["ssh-ed25519 AAAA me"], { timeoutMs: 5000 });
  const revoked: SshKeysResult = await direct.revokeSshKeys(ID, ["ssh-ed25519 AAAA"]);
  const perJob: "authorized" | "revoked" | "failed" | undefined = added.jobs[0]?.status ?? revoked.jobs[0]?.status;
  const byKey = await direct.list({ idempotency_key: "app:42" });
  const made: Deployment = await direct.create({
    name: "x", market: MARKET, replicas: 1, timeout: 60, strategy: "SIMPLE",
    job_definition: { version: "0.1", type: "container", ops: [] }, idempotency_key: "app:42",
  } as Parameters<DeploymentsClient["create"]>[0]);
  const endpoint: DeploymentEndpoint = await direct.waitForEndpoint(ID, { signal, timeoutMs: 60_000 });
  const online: boolean = endpoint.online && (made.endpoints[0]?.online ?? false);
  const timeout: number | undefined = copy.startup_timeout;
  const action: DeploymentAction = "revokeSshKeys";
  const what: string | undefined = describeEventType("SSH_KEYS_UPDATED");

  for await (const frame of direct.watch(ID)) {
    const f: StreamFrame = frame;
    if (f.type === "jobs") console.log(f.jobs.length);
    if (f.type === "endpoint") console.log(f.online, f.url);
    if (f.type === "job") console.log(f.revision, f.created_at);
  }
  try {
    await direct.updateMarket(ID, MARKET);
  } catch (e) {
    const err = e as DeploymentsError;
    if (err.name === "UnsupportedError" || err.code === "CORS_REFUSED") console.log(err.message);
  }
  console.log(domain, plainCopy, market, reqValue, startup, keys, perJob, byKey, online, timeout, action, what);
}
