// Demo data: a deterministic throw-away wallet, a funded vault and a few deployments.
import { createHash } from 'node:crypto';
import { walletFromSeed } from './crypto.mjs';
import { nginxJobDefinition, batchJobDefinition, ollamaJobDefinition, DEFAULT_MARKET } from './jobdef.mjs';

/** An API key for the demo wallet (API-key mode, as through the client manager); public like the wallet. */
export const DEMO_API_KEY = 'nos_sandbox_demo';

/** THROW-AWAY key, published in this repository. Never fund it on a real network. */
export const DEMO_WALLET = walletFromSeed(createHash('sha256').update('nosana-deployments sandbox demo wallet (public, throw-away)').digest());

/** @param {import('./state.mjs').SandboxState} state */
export function seed(state) {
  if (state.data.deployments.some((d) => d.owner === DEMO_WALLET.address)) return; // already seeded (persisted)
  const owner = DEMO_WALLET.address;
  const vault = state.oldestVault(owner) ?? state.createVault(owner, { SOL: 2, NOS: 500 },
    createHash('sha256').update('nosana-deployments sandbox demo vault').digest());
  const mk = (body) => state.createDeployment(owner, { market: DEFAULT_MARKET, confidential: false, ...body }, vault);
  // 1. an INFINITE nginx web server, started (worker moves it to RUNNING with jobs)
  const web = mk({ name: 'demo nginx (infinite)', replicas: 1, timeout: 120, strategy: 'INFINITE', rotation_time: 20, job_definition: nginxJobDefinition() });
  state.setStatus(web, 'STARTING');
  // 2. a SIMPLE batch job, still a draft
  mk({ name: 'demo hello (simple, draft)', replicas: 1, timeout: 10, strategy: 'SIMPLE', job_definition: batchJobDefinition() });
  // 3. a SCHEDULED batch job, every 15 minutes, running
  const cron = mk({ name: 'demo hello (scheduled */15)', replicas: 1, timeout: 5, strategy: 'SCHEDULED', schedule: '*/15 * * * *', job_definition: batchJobDefinition() });
  state.setStatus(cron, 'STARTING');
  // 4. a SIMPLE-EXTEND ollama API, stopped (can be archived, deleted or restarted)
  const ollama = mk({ name: 'demo ollama (simple-extend, stopped)', replicas: 1, timeout: 60, strategy: 'SIMPLE-EXTEND', job_definition: ollamaJobDefinition() });
  state.setStatus(ollama, 'STOPPED');
}
