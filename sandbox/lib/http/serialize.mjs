// Stored records → the DM's response shapes.

/** @param {import('../state.mjs').SandboxState} state */
export function serializers(state) {
  // never exposed: ssh_public_keys (GET ssh-keys), idempotency_key, run (addendum §7)
  const deployment = (d) => {
    const o = { id: d.id, name: d.name, vault: d.vault, market: d.market, requirements: d.requirements ?? null, owner: d.owner, status: d.status, replicas: d.replicas,
      timeout: d.timeout, endpoints: d.endpoints.map((e) => ({ opId: e.opId, port: e.port, url: e.url, online: !!e.online })), confidential: d.confidential, active_revision: d.active_revision,
      active_jobs: state.jobsOf(d.id).filter((j) => j.state === 'RUNNING').length, created_at: d.created_at, updated_at: d.updated_at, strategy: d.strategy };
    if (d.strategy === 'SCHEDULED') o.schedule = d.schedule;
    if (d.strategy === 'INFINITE') {
      o.rotation_time = d.rotation_time;
      if (d.startup_timeout !== undefined) o.startup_timeout = d.startup_timeout;
    }
    return o;
  };
  return { deployment, job, revision, event, task, vault };
}

const job = (j) => ({ tx: j.tx, deployment: j.deployment, job: j.job, market: j.market, node: j.node, revision: j.revision,
  state: j.state, time_start: j.time_start, created_at: j.created_at, updated_at: j.updated_at });
const revision = (r) => ({ revision: r.revision, deployment: r.deployment, ipfs_definition_hash: r.ipfs_definition_hash, job_definition: r.job_definition, created_at: r.created_at });
const event = (e) => { const o = { category: e.category, deploymentId: e.deploymentId, type: e.type, message: e.message, created_at: e.created_at }; if (e.tx) o.tx = e.tx; return o; };
const task = (t) => {
  const o = { task: t.task, deploymentId: t.deploymentId };
  for (const k of ['tx', 'job', 'limit', 'active_revision']) if (t[k] !== undefined && t[k] !== null) o[k] = t[k];
  o.due_at = t.due_at; o.created_at = t.created_at;
  return o;
};
const vault = (v) => ({ vault: v.vault, owner: v.owner, created_at: v.created_at });
