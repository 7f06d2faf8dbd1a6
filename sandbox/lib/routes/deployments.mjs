// Deployment routes (§4.1–§4.4): create, list, get, delete, the status actions and the updates.
import { byCreated } from '../state.mjs';
import { fail, incorrectState, archived } from '../http/errors.mjs';
import { csv, inRange, paginate } from '../http/paginate.mjs';
import { hasExposedPorts } from '../jobdef.mjs';
import { sshKeySetError } from '../ssh.mjs';
import { STARTUP_TIMEOUT_WITHOUT_ENDPOINTS } from './deployment-settings.mjs';

const IDEMPOTENCY_CONFLICT = 'A deployment with this idempotency key already exists';

/**
 * Route definitions: `load` resolves `ctx.deployment` (404 for another owner's), `active` refuses an
 * ARCHIVED one. Handlers return `{ status?, body }`.
 * @param {import('./types.mjs').Deps} deps
 */
export function deploymentRoutes({ state, ser, newVaultBalance }) {
  const setStatus = (d, status) => {
    d.updated_at = state.nowIso();
    state.setStatus(d, status);
    return { body: { status, updated_at: d.updated_at } };
  };
  return [
    { method: 'POST', url: '/deployments/create', handler(ctx) {
      const b = ctx.body;
      if (b.strategy === 'INFINITE' && b.rotation_time && b.rotation_time >= b.timeout - 10) throw fail(400, 'Rotation time must be at least 10 minutes less than timeout.');
      // SSH keys with the rules of @nosana/ssh (addendum §6.1); the DM's message names the field
      const embedded = b.job_definition?.ssh?.public_keys;
      const embeddedError = Array.isArray(embedded) ? sshKeySetError(embedded) : null;
      if (embeddedError) throw fail(400, `job_definition.ssh.public_keys: ${embeddedError}`);
      const topError = b.ssh_public_keys ? sshKeySetError(b.ssh_public_keys) : null;
      if (topError) throw fail(400, `ssh_public_keys: ${topError}`);
      if (b.strategy === 'INFINITE' && b.startup_timeout !== undefined && !hasExposedPorts(b.job_definition)) throw fail(400, STARTUP_TIMEOUT_WITHOUT_ENDPOINTS);
      // the unique (owner, idempotency_key) index: a repeat is a 409, never a replay (addendum §5.1)
      if (b.idempotency_key !== undefined && state.data.deployments.some((d) => d.owner === ctx.user && d.idempotency_key === b.idempotency_key)) {
        throw fail(409, IDEMPOTENCY_CONFLICT);
      }
      let vault;
      if (b.vault !== undefined) {
        vault = state.vault(b.vault);
        if (!vault || vault.owner !== ctx.user || vault.vault === ctx.user) throw fail(404, 'Vault not found.');
      } else if (b.new_vault === true) vault = state.createVault(ctx.user, newVaultBalance);
      else vault = state.oldestVault(ctx.user) ?? state.createVault(ctx.user, newVaultBalance);
      const d = state.createDeployment(ctx.user, b, vault);
      return { body: { ...ser.deployment(d), active_jobs: 0 } };
    } },
    { method: 'GET', url: '/deployments', handler(ctx) {
      const q = ctx.query;
      const ids = csv(q.id); const statuses = csv(q.status); const strategies = csv(q.strategy);
      const search = q.search?.toLowerCase();
      const items = state.data.deployments.filter((d) => d.owner === ctx.user
        && (!search || d.id.toLowerCase().includes(search) || d.name.toLowerCase().includes(search))
        && (!ids || ids.includes(d.id)) && (q.name === undefined || d.name === q.name)
        && (!statuses || statuses.includes(d.status)) && (!strategies || strategies.includes(d.strategy))
        && (q.vault === undefined || d.vault === q.vault) && (q.idempotency_key === undefined || d.idempotency_key === q.idempotency_key)
        && inRange(d.created_at, q.created_after, q.created_before));
      return { body: paginate(items, q, 'deployments', ser.deployment) };
    } },
    { method: 'GET', url: '/deployments/:deployment', load: true, handler: (ctx) => ({ body: ser.deployment(ctx.deployment) }) },
    { method: 'DELETE', url: '/deployments/:deployment', load: true, handler(ctx) {
      if (ctx.deployment.status !== 'STOPPED') throw incorrectState();
      state.deleteDeployment(ctx.deployment);
      return { status: 204, body: undefined };
    } },
    { method: 'POST', url: '/deployments/:deployment/start', load: true, handler(ctx) {
      if (!['DRAFT', 'STOPPED', 'ERROR', 'INSUFFICIENT_FUNDS'].includes(ctx.deployment.status)) throw incorrectState();
      ctx.deployment.run = (ctx.deployment.run ?? 0) + 1; // the internal run counter (not in the response)
      return setStatus(ctx.deployment, 'STARTING');
    } },
    { method: 'POST', url: '/deployments/:deployment/stop', load: true, handler(ctx) {
      const d = ctx.deployment;
      if (d.status === 'ARCHIVED') throw archived();
      if (!['RUNNING', 'ERROR', 'INSUFFICIENT_FUNDS'].includes(d.status)) throw incorrectState();
      return setStatus(d, 'STOPPING');
    } },
    { method: 'POST', url: '/deployments/:deployment/archive', load: true, handler(ctx) {
      const d = ctx.deployment;
      if (d.status === 'ARCHIVED') throw archived();
      if (d.status !== 'STOPPED') throw incorrectState();
      return setStatus(d, 'ARCHIVED');
    } },
    { method: 'PATCH', url: '/deployments/:deployment/update-name', load: true, handler(ctx) {
      const d = ctx.deployment;
      if (d.name !== ctx.body.name) { d.name = ctx.body.name; d.updated_at = state.nowIso(); state.changed(); }
      return { body: { name: d.name, updated_at: d.updated_at } };
    } },
    { method: 'PATCH', url: '/deployments/:deployment/update-replica-count', load: true, active: true, handler(ctx) {
      state.updateReplicas(ctx.deployment, ctx.body.replicas);
      return { body: { replicas: ctx.deployment.replicas, updated_at: ctx.deployment.updated_at } };
    } },
    { method: 'PATCH', url: '/deployments/:deployment/update-timeout', load: true, active: true, handler(ctx) {
      state.updateTimeout(ctx.deployment, ctx.body.timeout);
      return { body: { timeout: ctx.deployment.timeout, updated_at: ctx.deployment.updated_at } };
    } },
    { method: 'PATCH', url: '/deployments/:deployment/update-schedule', load: true, active: true, handler(ctx) {
      const d = ctx.deployment;
      if (d.strategy !== 'SCHEDULED') throw fail(400, 'Deployment is using an incorrect strategy.');
      state.updateSchedule(d, ctx.body.schedule);
      return { body: { schedule: d.schedule, updated_at: d.updated_at } };
    } },
    { method: 'POST', url: '/deployments/:deployment/create-revision', load: true, active: true, handler(ctx) {
      const d = ctx.deployment;
      try { state.addRevision(d, ctx.body); } catch (err) { throw fail(500, err.message); }
      const revisions = state.data.revisions.filter((r) => r.deployment === d.id).sort(byCreated).map(ser.revision);
      return { body: { active_revision: d.active_revision, endpoints: d.endpoints, revisions, updated_at: d.updated_at } };
    } },
    { method: 'PATCH', url: '/deployments/:deployment/update-active-revision', load: true, active: true, handler(ctx) {
      const d = ctx.deployment;
      const n = ctx.body.active_revision;
      if (!state.data.revisions.some((r) => r.deployment === d.id && r.revision === n)) throw fail(400, 'The specified revision does not exist.');
      state.setActiveRevision(d, n);
      return { body: { active_revision: d.active_revision, endpoints: d.endpoints, updated_at: d.updated_at } };
    } },
  ];
}
