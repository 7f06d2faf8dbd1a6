// Where the dashboard's API is and who it signs as. `?api=<url>` (default: the sandbox `npm start`
// runs) and `?key=<API key>` (default: the sandbox's demo wallet key, a public throw-away key that
// only the local sandbox accepts). A real dashboard passes a Wallet Standard wallet instead.
import { DeploymentStore, DeploymentsClient } from "nosana-deployments";

export async function connect() {
  const params = new URLSearchParams(location.search);
  const api = params.get("api") ?? "http://127.0.0.1:8787";
  const key = params.get("key") ?? (await (await fetch(`${api}/_sandbox/demo-wallet`)).json()).apiKey;
  const client = new DeploymentsClient({ baseUrl: api, apiKey: key });
  const store = new DeploymentStore({ client });
  addEventListener("pagehide", () => store.dispose());
  return { client, store };
}

/** A small valid deployment: one nginx-like container on the default market. */
export function createBody(name, image) {
  const op = { id: "web", type: "container/run", args: { image, expose: 80 } };
  const job_definition = { version: "0.1", type: "container", meta: { trigger: "cli" }, ops: [op] };
  const market = "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr";
  return { name, market, replicas: 1, timeout: 60, strategy: "SIMPLE", job_definition };
}
