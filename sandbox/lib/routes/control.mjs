// The sandbox's own control routes (/_sandbox/...): no auth, never faulted. See sandbox/README.md.
import { randomBytes } from 'node:crypto';
import { respond } from '../http/respond.mjs';
import { randomAddress } from '../crypto.mjs';

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {{ state: import('../state.mjs').SandboxState, clock: ReturnType<typeof import('../clock.mjs').createClock>,
 *   faults: ReturnType<typeof import('../faults.mjs').createFaults>, streams: ReturnType<typeof import('../streams.mjs').createStreams>,
 *   requestLog: ReturnType<typeof import('../requestlog.mjs').createRequestLog>, apiKeys: Map<string, string>,
 *   demoWallet: any, reset: () => void }} o
 */
export function registerControl(app, { state, clock, faults, streams, requestLog, apiKeys, demoWallet, reset }) {
  const simNow = () => new Date(clock.now()).toISOString();
  /** @param {string} method @param {string} url @param {(body: any, request: any) => [number, any] | any} fn */
  const route = (method, url, fn) => app.route({
    method, url, config: { control: true },
    handler(request, reply) {
      // fetch() without a content type sends text/plain: control bodies are JSON whatever the label
      let body = request.body ?? {};
      if (typeof body === 'string') {
        try { body = JSON.parse(body); } catch { return respond(request, reply, 400, { error: 'invalid JSON' }); }
      }
      const out = fn(body ?? {}, request);
      const [status, payload] = Array.isArray(out) ? out : [200, out];
      return respond(request, reply, status, payload);
    },
  });

  route('GET', '/_sandbox/health', () => ({ status: 'ok', simNow: simNow(), timeScale: clock.timeScale }));
  route('GET', '/_sandbox/demo-wallet', () => (demoWallet
    ? { address: demoWallet.address, secretKeyHex: demoWallet.secretHex, secretKeyBase58: demoWallet.secretBase58,
      solanaKeypairBase58: demoWallet.keypairBase58, apiKey: demoWallet.apiKey, warning: 'public throw-away key, sandbox only' }
    : [404, { error: 'sandbox started without seed' }]));
  route('GET', '/_sandbox/state', () => ({ simNow: simNow(), ...state.data,
    vaults: state.data.vaults.map(({ secret, ...v }) => v), strictViolations: state.strictViolations }));
  route('GET', '/_sandbox/faults', () => ({ faults: faults.list }));
  route('POST', '/_sandbox/faults', (body) => {
    faults.set(Array.isArray(body) ? body : Array.isArray(body.faults) ? body.faults : [body]);
    return { faults: faults.list };
  });
  route('DELETE', '/_sandbox/faults', () => { faults.set([]); return { faults: faults.list }; });
  route('POST', '/_sandbox/clock/advance', (body) => {
    clock.advance(Number(body.ms ?? 0) + Number(body.seconds ?? 0) * 1000 + Number(body.minutes ?? 0) * 60000);
    state.tick();
    return { simNow: simNow() };
  });
  route('POST', '/_sandbox/clock', (body) => {
    if (typeof body.timeScale === 'number' && body.timeScale >= 0) clock.setTimeScale(body.timeScale);
    return { simNow: simNow(), timeScale: clock.timeScale };
  });
  // the simulated host manager and nodes: how many nodes a LIST with requirements can reserve (null: any
  // number), and which jobs' nodes fail an SSH key push
  route('POST', '/_sandbox/reservations', (body) => {
    const n = body.reservableNodes;
    if (n !== null && !(Number.isInteger(n) && n >= 0)) return [400, { error: 'reservableNodes must be null or an integer ≥ 0' }];
    state.sim.reservableNodes = n;
    return { reservableNodes: n };
  });
  route('POST', '/_sandbox/ssh-failures', (body) => {
    if (!Array.isArray(body.jobs) || !body.jobs.every((j) => typeof j === 'string')) return [400, { error: 'jobs must be an array of job ids' }];
    state.sim.sshFailJobs = [...body.jobs];
    return { jobs: state.sim.sshFailJobs };
  });
  route('POST', '/_sandbox/api-keys', (body) => {
    const key = body.key ?? `nos_sandbox_${randomBytes(12).toString('hex')}`;
    const owner = body.owner ?? randomAddress();
    if (typeof key !== 'string' || !/^\S+$/.test(key) || typeof owner !== 'string' || !(owner.length === 43 || owner.length === 44)) {
      return [400, { error: 'key must be a string without spaces, owner a 43–44 character address' }];
    }
    apiKeys.set(key, owner);
    return { key, owner };
  });
  route('GET', '/_sandbox/requests', () => ({ requests: requestLog.entries }));
  route('DELETE', '/_sandbox/requests', () => { requestLog.clear(); return { requests: [] }; });
  route('POST', '/_sandbox/streams/reset', () => ({ closed: streams.closeAll() }));
  const balance = (body, request) => {
    const v = state.vault(request.params.vault);
    if (!v) return [404, { error: 'Vault not found.' }];
    if (request.method === 'POST') {
      for (const k of ['SOL', 'NOS']) if (typeof body[k] === 'number' && body[k] >= 0) v.balance[k] = body[k];
      state.changed(); state.tick();
    }
    return { vault: v.vault, owner: v.owner, balance: v.balance };
  };
  route('GET', '/_sandbox/vaults/:vault/balance', balance);
  route('POST', '/_sandbox/vaults/:vault/balance', balance);
  route('POST', '/_sandbox/reset', () => { reset(); return { reset: true }; });
  for (const url of ['/_sandbox', '/_sandbox/*']) {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) route(method, url, () => [404, { error: 'unknown sandbox control route' }]);
  }
}
