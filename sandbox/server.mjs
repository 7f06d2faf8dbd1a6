// Nosana Deployments API sandbox: a local stand-in for nosana-deployment-manager (DM), on the DM's
// own stack (fastify 5, route schemas from its OpenAPI document, cron-parser).
// This file only assembles the parts; see sandbox/README.md for options, control routes and the
// deliberate differences.
import bs58 from 'bs58';
import { createClock } from './lib/clock.mjs';
import { SandboxState } from './lib/state.mjs';
import { openApi } from './lib/openapi.mjs';
import { seed as seedDemo, DEMO_WALLET, DEMO_API_KEY } from './lib/seed.mjs';
import { createFaults } from './lib/faults.mjs';
import { createRequestLog } from './lib/requestlog.mjs';
import { createStreams } from './lib/streams.mjs';
import { createStrict } from './lib/http/strict.mjs';
import { serializers } from './lib/http/serialize.mjs';
import { createApp } from './lib/http/app.mjs';
import { registerApi } from './lib/http/api.mjs';
import { deploymentRoutes } from './lib/routes/deployments.mjs';
import { deploymentSettingRoutes } from './lib/routes/deployment-settings.mjs';
import { sshKeyRoutes } from './lib/routes/ssh-keys.mjs';
import { recordRoutes } from './lib/routes/records.mjs';
import { vaultRoutes } from './lib/routes/vaults.mjs';
import { streamRoutes } from './lib/routes/stream.mjs';
import { registerControl } from './lib/routes/control.mjs';

export { DEMO_WALLET, DEMO_API_KEY };

/** @typedef {import('./lib/faults.mjs').Fault} Fault */

/**
 * @typedef {object} SandboxOptions
 * @property {number} [port] 0 = random (default 0)
 * @property {string} [host] default 127.0.0.1
 * @property {number} [timeScale] simulated time speed (default 1); 0 = frozen, moved only by `advance`
 * @property {number|string|Date} [startAt] simulated start instant (default: now)
 * @property {ReturnType<typeof createClock>} [clock] a clock to use instead (then timeScale and startAt are ignored)
 * @property {boolean} [strict] validate requests and responses against the OpenAPI document and record violations
 * @property {string} [persistFile] JSON file: loaded at start, saved on change
 * @property {boolean} [seed] create the demo wallet's vault and deployments
 * @property {Fault[]} [faults]
 * @property {boolean} [corsAllowAllMethods] allow PATCH and DELETE in CORS preflights (default true; the DM allows GET,HEAD,POST only)
 * @property {number} [keepAliveMs] SSE keep-alive comment interval (default 25000)
 * @property {number} [queueDelaySeconds] simulated seconds before a listed job gets a node (default 30)
 * @property {number|null} [jobRunSeconds] simulated seconds after which a job finishes by itself (default: at its timeout)
 * @property {number} [retrySeconds] simulated seconds between retries of a task that failed for lack of funds (default 600)
 * @property {{SOL:number,NOS:number}} [newVaultBalance] balance of vaults the sandbox creates (default {SOL:1,NOS:100}; the DM's are empty)
 * @property {string} [domain] endpoint domain (default node.k8s.prd.nos.ci)
 * @property {number} [tickMs] worker tick in real ms (default 20)
 * @property {Record<string, string>} [apiKeys] API keys (`Authorization: Bearer <key>`) → owner address, as the client manager maps them
 * @property {(msg:string)=>void} [log] logger (default console.error)
 * @property {(v:{kind:'request'|'response', route:string, message:string})=>void} [onStrictViolation] called for each strict-mode violation (e.g. to fail a test)
 */

/** @param {SandboxOptions} [options] */
export async function startSandbox(options = {}) {
  const opts = { host: '127.0.0.1', port: 0, timeScale: 1, corsAllowAllMethods: true, keepAliveMs: 25000,
    newVaultBalance: { SOL: 1, NOS: 100 }, log: (m) => console.error(m), ...options };
  const { log } = opts;
  const strictMode = !!opts.strict;
  const oas = openApi();
  if (!oas) throw new Error('the OpenAPI document sandbox/openapi/deployment-manager.openapi.json is missing (or NOSANA_DM_OPENAPI is wrong)');
  const clock = opts.clock ?? createClock({ timeScale: opts.timeScale, startAt: opts.startAt });
  const state = new SandboxState({ clock, persistFile: opts.persistFile, tickMs: opts.tickMs, log,
    sim: { queueDelaySeconds: opts.queueDelaySeconds ?? 30, jobRunSeconds: opts.jobRunSeconds ?? null,
      retrySeconds: opts.retrySeconds ?? 600, domain: opts.domain ?? 'node.k8s.prd.nos.ci' } });
  if (opts.seed) seedDemo(state);

  // strict mode compiles the whole document up front, so that uncompilable parts are reported now
  const warnings = strictMode ? [...oas.compileAll()] : [];
  for (const w of warnings) log(`sandbox warning: ${w}`);

  const faults = createFaults(opts.faults ?? []);
  const requestLog = createRequestLog();
  const apiKeys = new Map(Object.entries(opts.apiKeys ?? {}));
  if (opts.seed && !apiKeys.has(DEMO_API_KEY)) apiKeys.set(DEMO_API_KEY, DEMO_WALLET.address);
  const strict = createStrict({ strict: strictMode, state, oas, log, onStrictViolation: opts.onStrictViolation });
  const streams = createStreams({ state, keepAliveMs: opts.keepAliveMs, checkFrame: strict.checkFrame });
  const deps = { state, ser: serializers(state), newVaultBalance: opts.newVaultBalance, streams };

  const app = createApp({ oas, strict, strictMode, corsAllowAllMethods: opts.corsAllowAllMethods, log, requestLog });
  registerApi(app, [...deploymentRoutes(deps), ...deploymentSettingRoutes(deps), ...sshKeyRoutes(deps), ...recordRoutes(deps), ...vaultRoutes(deps), ...streamRoutes(deps)],
    { state, oas, faults, strict, strictMode, apiKeys });
  registerControl(app, { state, clock, faults, streams, requestLog, apiKeys, demoWallet: opts.seed ? { ...DEMO_WALLET, apiKey: DEMO_API_KEY } : null, reset() {
    state.data = { seq: state.data.seq, vaults: [], deployments: [], revisions: [], jobs: [], events: [], tasks: [] };
    state.strictViolations.length = 0;
    if (opts.seed) seedDemo(state);
    state.changed();
  } });

  try {
    await app.listen({ port: opts.port, host: opts.host });
  } catch (err) {
    state.close();
    throw err;
  }
  const addr = /** @type {import('node:net').AddressInfo} */ (app.server.address());
  const hostForUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closed = false;
  return {
    url: `http://${hostForUrl}:${addr.port}`,
    port: addr.port,
    state,
    clock,
    warnings,
    demoWallet: opts.seed ? DEMO_WALLET : null,
    /** Replace the active faults. @param {Fault[]} list */
    setFaults(list) { faults.set(list); },
    /** The API requests received so far, oldest first (see GET /_sandbox/requests). */
    get requests() { return requestLog.entries; },
    /** Close every open SSE stream now (like the DM's closeAll). */
    resetStreams() { streams.closeAll(); },
    /** Advance simulated time and run the worker. */
    advance(ms) { clock.advance(ms); state.tick(); },
    async close() {
      if (closed) return;
      closed = true;
      streams.closeAll();
      try { state.close(); } catch (err) { log(`sandbox: close: ${err}`); }
      await app.close();
    },
  };
}

/** Base58 decoding for callers that need to check addresses (the bs58 package). */
export const base58Decode = bs58.decode;
