// A deployment's records (§4.5): jobs, job detail, revisions, events, tasks, and the vault-signed header.
import { ACTIVE, JOB_STATE_NUM } from '../state.mjs';
import { signMessage } from '../crypto.mjs';
import { fail, internalError } from '../http/errors.mjs';
import { csv, inRange, paginate } from '../http/paginate.mjs';

const SYSTEM_PROGRAM = '11111111111111111111111111111111';
// `opStates[].diagnostics` is required by JobResults: a container that ran to its end, nothing stopped it
const COMPLETED_DIAGNOSTICS = { reason: { hostShutDown: false, jobStopped: false, jobExpired: false } };

/** @param {import('./types.mjs').Deps} deps */
export function recordRoutes({ state, ser }) {
  return [
    { method: 'GET', url: '/deployments/:deployment/jobs', load: true, handler(ctx) {
      const q = ctx.query; const states = csv(q.state);
      const items = state.jobsOf(ctx.deployment.id).filter((j) => (!states || states.includes(j.state))
        && (q.job === undefined || j.job === q.job) && inRange(j.created_at, q.created_after, q.created_before));
      return { body: paginate(items, q, 'jobs', ser.job) };
    } },
    { method: 'GET', url: '/deployments/:deployment/jobs/:job', load: true, handler(ctx) {
      const d = ctx.deployment;
      const j = state.jobsOf(d.id).find((x) => x.job === ctx.params.job);
      if (!j) throw fail(404, 'Job not found');
      const rev = state.data.revisions.find((r) => r.deployment === d.id && r.revision === j.revision);
      const finished = !ACTIVE.has(j.state);
      const span = { startTime: j.time_start * 1000, endTime: j.time_end * 1000 };
      return { body: {
        confidential: d.confidential, revision: j.revision, market: j.market, node: j.node ?? SYSTEM_PROGRAM,
        state: JOB_STATE_NUM[j.state], jobStatus: null, jobDefinition: rev?.job_definition ?? {},
        jobResult: j.state === 'COMPLETED' ? { status: 'success', ...span,
          opStates: (rev?.job_definition?.ops ?? []).map((op) => ({ operationId: op.id, providerId: null, group: null, status: 'success',
            ...span, exitCode: 0, logs: [], results: {}, diagnostics: COMPLETED_DIAGNOSTICS })) } : null,
        timeStart: j.time_start, timeEnd: finished ? j.time_end : 0, listedAt: j.listed_at } };
    } },
    { method: 'GET', url: '/deployments/:deployment/revisions', load: true, handler(ctx) {
      const q = ctx.query;
      const items = state.data.revisions.filter((r) => r.deployment === ctx.deployment.id && inRange(r.created_at, q.created_after, q.created_before));
      return { body: paginate(items, q, 'revisions', ser.revision) };
    } },
    { method: 'GET', url: '/deployments/:deployment/events', load: true, handler(ctx) {
      const q = ctx.query; const cats = csv(q.category); const types = csv(q.type);
      const items = state.data.events.filter((e) => e.deploymentId === ctx.deployment.id && (!cats || cats.includes(e.category))
        && (!types || types.includes(e.type)) && inRange(e.created_at, q.created_after, q.created_before));
      return { body: paginate(items, q, 'events', ser.event) };
    } },
    { method: 'GET', url: '/deployments/:deployment/tasks', load: true, active: true, handler(ctx) {
      const q = ctx.query; const kinds = csv(q.task);
      const items = state.tasksOf(ctx.deployment.id).filter((t) => (!kinds || kinds.includes(t.task)) && inRange(t.due_at, q.due_after, q.due_before));
      return { body: paginate(items, q, 'tasks', ser.task) };
    } },
    { method: 'GET', url: '/deployments/:deployment/header', load: true, handler(ctx) {
      const v = state.vault(ctx.deployment.vault);
      if (!v?.secret) throw internalError();
      const message = ctx.query.message ?? 'DEPLOYMENT_HEADER';
      let h = `${message}:${signMessage(Buffer.from(v.secret, 'hex'), message)}`;
      if (ctx.query.includeTime === 'true') h += `:${Date.now()}`;
      return { body: { header: h } };
    } },
  ];
}
