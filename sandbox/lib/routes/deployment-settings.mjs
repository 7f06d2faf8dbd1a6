// The newer deployment routes besides SSH keys (addendum §9.1–§9.4): duplicate, update-market,
// update-requirements and update-startup-timeout.
import { fail } from '../http/errors.mjs';

const STARTUP_TIMEOUT_WITHOUT_ENDPOINTS = 'Startup timeout requires the job definition to expose at least one port; without one the job can never report that it came online.';
export { STARTUP_TIMEOUT_WITHOUT_ENDPOINTS };

/** @param {import('./types.mjs').Deps} deps */
export function deploymentSettingRoutes({ state, ser }) {
  return [
    // no validateActive: the source may be ARCHIVED; a missing body counts as {}
    { method: 'POST', url: '/deployments/:deployment/duplicate', load: true, defaultEmptyBody: true, handler(ctx) {
      const copy = state.duplicateDeployment(ctx.deployment, ctx.body);
      if (!copy) throw fail(500, 'Failed to duplicate deployment.');
      return { body: { ...ser.deployment(copy), active_jobs: 0 } };
    } },
    { method: 'PATCH', url: '/deployments/:deployment/update-market', load: true, active: true, handler(ctx) {
      const d = ctx.deployment;
      const market = ctx.body.market.trim();
      // the write filters on market ≠ new one: the same market answers 200 with a fresh updated_at and changes nothing
      const updatedAt = state.nowIso();
      if (d.market !== market) { d.updated_at = updatedAt; state.setMarket(d, market); }
      return { body: { market, updated_at: updatedAt } };
    } },
    { method: 'PATCH', url: '/deployments/:deployment/update-requirements', load: true, active: true, handler(ctx) {
      const d = ctx.deployment;
      d.requirements = ctx.body.requirements;
      d.updated_at = state.nowIso();
      state.setMarket(d, ctx.body.market.trim());
      state.changed();
      return { body: { requirements: d.requirements, market: d.market, updated_at: d.updated_at } };
    } },
    { method: 'PATCH', url: '/deployments/:deployment/update-startup-timeout', load: true, active: true, handler(ctx) {
      const d = ctx.deployment;
      if (d.strategy !== 'INFINITE') throw fail(400, 'Deployment is using an incorrect strategy.');
      if (!d.endpoints.length) throw fail(400, STARTUP_TIMEOUT_WITHOUT_ENDPOINTS);
      const value = ctx.body.startup_timeout;
      const updatedAt = state.nowIso();
      if (d.startup_timeout !== value) { d.startup_timeout = value; d.updated_at = updatedAt; state.changed(); }
      return { body: { startup_timeout: value, updated_at: updatedAt } };
    } },
  ];
}
