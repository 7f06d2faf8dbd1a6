// SSH key routes (addendum §6.2, §6.3): list, add and revoke. Keys live on the deployment; a change
// re-pins the active revision, is applied to every RUNNING job at once and leaves an SSH_KEYS_UPDATED event.
import { fail } from '../http/errors.mjs';
import { collapseSshKeys, sshKeyCapsError, sshKeyIdentity, sshKeySetError } from '../ssh.mjs';

/** @param {import('./types.mjs').Deps} deps */
export function sshKeyRoutes({ state }) {
  /** Each RUNNING job with a node reports its own outcome; `sshFailJobs` (a control route) makes one fail. */
  const applyToJobs = (d, ok) => state.activeJobs(d.id).filter((j) => j.state === 'RUNNING' && j.node).sort((a, b) => (a.created_at < b.created_at ? -1 : 1))
    .map((j) => (state.sim.sshFailJobs.includes(j.job)
      ? { job: j.job, node: j.node, status: 'failed', error: `Node ${j.node} did not answer within 10 s.` }
      : { job: j.job, node: j.node, status: ok }));
  const summary = (jobs, ok) => `${jobs.filter((j) => j.status === ok).length}/${jobs.length} running job(s)`;
  const noChange = (d) => ({ body: { public_keys: d.ssh_public_keys ?? [], updated_at: d.updated_at, jobs: [] } });
  return [
    { method: 'GET', url: '/deployments/:deployment/ssh-keys', load: true, handler: (ctx) => ({ body: { public_keys: ctx.deployment.ssh_public_keys ?? [] } }) },
    { method: 'POST', url: '/deployments/:deployment/ssh-keys', load: true, active: true, handler(ctx) {
      const d = ctx.deployment;
      const additions = ctx.body.public_keys.map((k) => k.trim());
      const invalid = sshKeySetError(additions);
      if (invalid) throw fail(400, invalid);
      const current = d.ssh_public_keys ?? [];
      const have = new Set(current.map(sshKeyIdentity));
      const fresh = collapseSshKeys(additions).filter((k) => !have.has(sshKeyIdentity(k)));
      if (!fresh.length) return noChange(d);
      const merged = [...current, ...fresh];
      const overCaps = sshKeyCapsError(merged);
      if (overCaps) throw fail(400, overCaps);
      state.setSshKeys(d, merged);
      const jobs = applyToJobs(d, 'authorized');
      state.addEvent(d.id, 'SSH_KEYS_UPDATED', `SSH keys added (${fresh.length} new, ${merged.length} total); authorized on ${summary(jobs, 'authorized')}.`, null, 'Deployment');
      return { body: { public_keys: merged, updated_at: d.updated_at, jobs } };
    } },
    { method: 'DELETE', url: '/deployments/:deployment/ssh-keys', load: true, active: true, handler(ctx) {
      const d = ctx.deployment;
      // matched by identity (type + blob), so another comment still revokes; not validated otherwise
      const revoke = new Set(ctx.body.public_keys.map(sshKeyIdentity));
      const current = d.ssh_public_keys ?? [];
      const kept = current.filter((k) => !revoke.has(sshKeyIdentity(k)));
      if (kept.length === current.length) return noChange(d);
      state.setSshKeys(d, kept);
      const jobs = applyToJobs(d, 'revoked');
      state.addEvent(d.id, 'SSH_KEYS_UPDATED', `SSH keys revoked (${current.length - kept.length} removed, ${kept.length} total); revoked on ${summary(jobs, 'revoked')}.`, null, 'Deployment');
      return { body: { public_keys: kept, updated_at: d.updated_at, jobs } };
    } },
  ];
}
