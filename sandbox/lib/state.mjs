// In-memory store and the simulated DM worker (§5, §6), plus the SSE hub.
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { randomAddress, randomWallet, fakeTx, fakeIpfsHash, walletFromSeed } from './crypto.mjs';
import { nextCronFire } from './schedule.mjs';
import { createClock } from './clock.mjs';
import { augmentJobDefinition, deriveEndpoints } from './jobdef.mjs';
import { collapseSshKeys, sshKeysOf, withoutSsh, withSsh } from './ssh.mjs';

export const ACTIVE = new Set(['QUEUED', 'RUNNING']);
const JOB_STATE_NUM = { QUEUED: 0, RUNNING: 1, COMPLETED: 2, STOPPED: 3 };
export { JOB_STATE_NUM };
/** Re-exported for callers of the old location; the clock lives in clock.mjs. */
export { createClock };

const iso = (ms) => new Date(ms).toISOString();

/**
 * @typedef {object} SimOptions
 * @property {number} [queueDelaySeconds] simulated seconds a listed job waits for a node (default 30)
 * @property {number|null} [jobRunSeconds] if set, a job's container finishes by itself after this many simulated seconds (default: runs until its timeout)
 * @property {number} [retrySeconds] retry interval for a task that failed on funds (default 600)
 * @property {string} [domain] endpoint domain
 * @property {number|null} [reservableNodes] nodes the host manager can reserve per LIST for a deployment with requirements (null: no limit)
 * @property {string[]} [sshFailJobs] jobs whose node does not answer an SSH key push
 */

export class SandboxState {
  /** @param {{clock: ReturnType<typeof createClock>, sim?: SimOptions, persistFile?: string, tickMs?: number, log?: (...a:any[])=>void}} o */
  constructor(o) {
    this.clock = o.clock;
    this.sim = { queueDelaySeconds: 30, jobRunSeconds: null, retrySeconds: 600, domain: 'node.k8s.prd.nos.ci', reservableNodes: null, sshFailJobs: [], ...(o.sim ?? {}) };
    this.persistFile = o.persistFile;
    this.log = o.log ?? (() => {});
    /** @type {any} */
    this.data = { seq: 0, vaults: [], deployments: [], revisions: [], jobs: [], events: [], tasks: [] };
    /** requests/responses that failed validation (strict mode) */
    this.strictViolations = [];
    /** @type {Map<string, Set<(frame:any)=>void>>} */
    this.subscribers = new Map();
    this.lastDeploymentFrame = new Map();
    this.processingAt = null;
    this.saveTimer = null;
    if (this.persistFile && existsSync(this.persistFile)) this.load();
    this.timer = setInterval(() => this.tick(), o.tickMs ?? 20);
    this.timer.unref?.();
  }

  // ---------- time, ids, persistence ----------
  now() { return this.processingAt ?? this.clock.now(); }
  nowIso() { return iso(this.now()); }
  nextId() { this.data.seq += 1; return (Math.floor(this.clock.now() / 1000).toString(16) + this.data.seq.toString(16).padStart(16, '0')).slice(-24).padStart(24, '0'); }

  load() {
    const raw = JSON.parse(readFileSync(/** @type {string} */ (this.persistFile), 'utf8'));
    this.data = { seq: 0, vaults: [], deployments: [], revisions: [], jobs: [], events: [], tasks: [], ...raw.data };
    if (raw.simNow && raw.simNow > this.clock.now()) this.clock.advance(raw.simNow - this.clock.now());
    this.log(`sandbox: loaded state from ${this.persistFile}`);
  }
  changed() {
    if (!this.persistFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => { this.saveTimer = null; this.saveNow(); }, 50);
    this.saveTimer.unref?.();
  }
  saveNow() {
    if (!this.persistFile) return;
    if (this.saveTimer) { clearTimeout(this.saveTimer); this.saveTimer = null; }
    const tmp = `${this.persistFile}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify({ version: 1, simNow: this.clock.now(), data: this.data }));
      renameSync(tmp, this.persistFile);
    } catch (err) { this.log(`sandbox: cannot save ${this.persistFile}: ${err.message}`); }
  }
  close() { clearInterval(this.timer); this.saveNow(); this.subscribers.clear(); }

  // ---------- SSE hub ----------
  subscribe(deploymentId, fn) {
    let set = this.subscribers.get(deploymentId);
    if (!set) this.subscribers.set(deploymentId, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }
  emit(deploymentId, frame) {
    for (const fn of this.subscribers.get(deploymentId) ?? []) { try { fn(frame); } catch { /* closed stream */ } }
  }
  deploymentFrame(d) { return { type: 'deployment', status: d.status, replicas: d.replicas, active_revision: d.active_revision }; }
  jobFrame(j) {
    return { type: 'job', job: j.job, state: j.state, node: j.node ?? null, timeStart: j.time_start ?? 0, timeEnd: j.time_end ?? 0,
      revision: j.revision, created_at: j.created_at };
  }
  jobsFrame(d) { return { type: 'jobs', jobs: this.activeJobs(d.id).sort(byCreated).map((j) => j.job) }; }
  endpointFrames(d) { return d.endpoints.map((e) => ({ type: 'endpoint', opId: e.opId, port: e.port, url: e.url, online: !!e.online })); }
  taskFrame(t, done = false) {
    return done ? { type: 'task', id: t.id, task: t.task, status: 'DONE' }
      : { type: 'task', id: t.id, task: t.task, status: t.status, attempts: t.attempts, due_at: t.due_at, job: t.job ?? null };
  }
  eventFrame(e) { return { type: 'event', category: e.category, event: e.type, message: e.message, tx: e.tx ?? null, created_at: e.created_at }; }
  /** Emit a deployment frame if status/replicas/active_revision changed since the last one. */
  touch(d) {
    const key = `${d.status}|${d.replicas}|${d.active_revision}`;
    if (this.lastDeploymentFrame.get(d.id) !== key) {
      this.lastDeploymentFrame.set(d.id, key);
      this.emit(d.id, this.deploymentFrame(d));
    }
    this.changed();
  }
  /** The snapshot on connect (addendum §8): deployment, jobs, active jobs, tasks by due_at, endpoints. */
  snapshot(d) {
    const frames = [this.deploymentFrame(d), this.jobsFrame(d)];
    this.activeJobs(d.id).sort(byCreated).forEach((j) => frames.push(this.jobFrame(j)));
    this.data.tasks.filter((t) => t.deploymentId === d.id).sort((a, b) => a.due_at.localeCompare(b.due_at)).forEach((t) => frames.push(this.taskFrame(t)));
    frames.push(...this.endpointFrames(d));
    return frames;
  }
  /**
   * Recompute `endpoints[].online` (addendum §7): the sandbox has no FRPS tunnels, so an endpoint is
   * online while a job of the deployment is RUNNING. Every endpoint is restated when one flips.
   */
  refreshEndpoints(d) {
    const online = this.activeJobs(d.id).some((j) => j.state === 'RUNNING');
    if (d.endpoints.every((e) => e.online === online)) return;
    for (const e of d.endpoints) e.online = online;
    for (const f of this.endpointFrames(d)) this.emit(d.id, f);
    this.changed();
  }

  // ---------- queries ----------
  deployment(id) { return this.data.deployments.find((d) => d.id === id); }
  jobsOf(id) { return this.data.jobs.filter((j) => j.deployment === id); }
  activeJobs(id) { return this.jobsOf(id).filter((j) => ACTIVE.has(j.state)); }
  vault(addr) { return this.data.vaults.find((v) => v.vault === addr); }
  tasksOf(id) { return this.data.tasks.filter((t) => t.deploymentId === id); }

  // ---------- vaults ----------
  createVault(owner, balance = { SOL: 0, NOS: 0 }, seed) {
    const w = seed ? walletFromSeed(seed) : randomWallet();
    const v = { _id: this.nextId(), vault: w.address, owner, created_at: this.nowIso(), secret: w.secretHex, balance: { ...balance } };
    this.data.vaults.push(v);
    this.changed();
    return v;
  }
  oldestVault(owner) { return this.data.vaults.filter((v) => v.owner === owner).sort(byCreated)[0]; }
  hasFunds(d) { const v = this.vault(d.vault); return !!v && v.balance.SOL > 0 && v.balance.NOS > 0; }

  // ---------- deployments ----------
  /** @returns {any} the stored deployment */
  createDeployment(owner, body, vault) {
    const id = randomAddress();
    const now = this.nowIso();
    // top-level keys win over the definition's ssh block; `[]` means none (addendum §5)
    const keys = collapseSshKeys(body.ssh_public_keys ?? sshKeysOf(body.job_definition) ?? []);
    const jd = augmentJobDefinition(withoutSsh(body.job_definition), id);
    const d = {
      _id: this.nextId(), id, name: body.name, vault: vault.vault, market: String(body.market).trim(), owner,
      requirements: body.requirements ?? null,
      status: 'DRAFT', replicas: body.replicas, timeout: body.timeout, strategy: body.strategy,
      confidential: body.confidential ?? false, active_revision: 1,
      endpoints: deriveEndpoints(jd, id, vault.vault, this.sim.domain), created_at: now, updated_at: now, run: 0,
    };
    if (keys.length) d.ssh_public_keys = keys;
    if (body.idempotency_key !== undefined) d.idempotency_key = body.idempotency_key;
    if (body.strategy === 'SCHEDULED') d.schedule = body.schedule;
    if (body.strategy === 'INFINITE') {
      d.rotation_time = body.rotation_time ?? 20;
      if (body.startup_timeout !== undefined) d.startup_timeout = body.startup_timeout;
    }
    this.data.deployments.push(d);
    this.data.revisions.push({ _id: this.nextId(), revision: 1, deployment: id, ipfs_definition_hash: this.pin(d, jd), job_definition: jd, created_at: now });
    if (body.autostart) d.status = 'STARTING';
    this.touch(d);
    return d;
  }
  /** The revision's pin: the definition with the keys merged in; a shared placeholder when confidential (addendum §6.3, §7). */
  pin(d, jd) { return d.confidential ? fakeIpfsHash({ placeholder: 'confidential' }) : fakeIpfsHash(withSsh(jd, d.ssh_public_keys)); }
  /** Re-pin the active revision after a key change. */
  repinActive(d) {
    const rev = this.data.revisions.find((r) => r.deployment === d.id && r.revision === d.active_revision);
    if (rev) rev.ipfs_definition_hash = this.pin(d, rev.job_definition);
  }
  /**
   * Duplicate (addendum §9.1): a new DRAFT (STARTING with autostart) deployment from the source's active
   * revision, same vault, market unless overridden, keys, replicas, timeout and strategy settings.
   * @returns {any} the copy, or null when the source's active revision is missing
   */
  duplicateDeployment(src, over) {
    const rev = this.data.revisions.find((r) => r.deployment === src.id && r.revision === src.active_revision);
    if (!rev) return null;
    const id = randomAddress();
    const now = this.nowIso();
    const jd = augmentJobDefinition(withoutSsh(rev.job_definition), id);
    const d = {
      _id: this.nextId(), id, name: over.name ?? `${src.name} (copy)`, vault: src.vault, market: over.market !== undefined ? String(over.market).trim() : src.market,
      owner: src.owner, requirements: null, status: 'DRAFT', replicas: src.replicas, timeout: src.timeout, strategy: src.strategy,
      confidential: src.confidential, active_revision: 1, endpoints: deriveEndpoints(jd, id, src.vault, this.sim.domain),
      created_at: now, updated_at: now, run: 0,
    };
    if (src.ssh_public_keys?.length) d.ssh_public_keys = [...src.ssh_public_keys];
    if (src.strategy === 'SCHEDULED') d.schedule = src.schedule;
    if (src.strategy === 'INFINITE') {
      d.rotation_time = src.rotation_time;
      if (src.startup_timeout !== undefined) d.startup_timeout = src.startup_timeout;
    }
    this.data.deployments.push(d);
    this.data.revisions.push({ _id: this.nextId(), revision: 1, deployment: id, ipfs_definition_hash: this.pin(d, jd), job_definition: jd, created_at: now });
    if (over.autostart) d.status = 'STARTING';
    this.touch(d);
    return d;
  }
  addRevision(d, jobDefinition) {
    // a non-empty ssh block replaces the key set; without one the current set is kept (addendum §6.3)
    const keys = sshKeysOf(jobDefinition);
    if (keys) d.ssh_public_keys = collapseSshKeys(keys);
    const jd = augmentJobDefinition(withoutSsh(jobDefinition), d.id);
    // numbered after the highest existing revision, so a rollback no longer collides (addendum §4)
    const revision = Math.max(0, ...this.data.revisions.filter((r) => r.deployment === d.id).map((r) => r.revision)) + 1;
    const now = this.nowIso();
    this.data.revisions.push({ _id: this.nextId(), revision, deployment: d.id, ipfs_definition_hash: this.pin(d, jd), job_definition: jd, created_at: now });
    this.setActiveRevision(d, revision);
    return revision;
  }
  setActiveRevision(d, revision) {
    const rev = this.data.revisions.find((r) => r.deployment === d.id && r.revision === revision);
    if (d.active_revision === revision) return;
    d.active_revision = revision;
    d.endpoints = deriveEndpoints(rev.job_definition, d.id, d.vault, this.sim.domain);
    rev.ipfs_definition_hash = this.pin(d, rev.job_definition); // re-pinned against the current keys
    for (const e of d.endpoints) e.online = this.activeJobs(d.id).some((j) => j.state === 'RUNNING');
    for (const f of this.endpointFrames(d)) this.emit(d.id, f);
    d.updated_at = this.nowIso();
    if (!['DRAFT', 'ARCHIVED'].includes(d.status)) {
      const due = d.strategy === 'SCHEDULED' ? this.cronNext(d) : this.now();
      if (due !== null) this.addTask(d, 'LIST', { limit: d.replicas, active_revision: revision }, due);
      this.addTask(d, 'STOP', { active_revision: revision }, this.now());
    }
    this.touch(d);
  }
  setStatus(d, status) {
    if (d.status === status) return;
    d.status = status;
    this.touch(d);
  }
  updateReplicas(d, replicas) {
    if (d.replicas === replicas) return;
    d.replicas = replicas;
    d.updated_at = this.nowIso();
    if (d.status === 'RUNNING' && d.strategy !== 'SCHEDULED') {
      const active = this.activeJobs(d.id).length;
      if (active > replicas) this.addTask(d, 'STOP', { limit: active - replicas }, this.now());
      else if (active < replicas) this.addTask(d, 'LIST', { limit: replicas - active }, this.now());
    }
    this.touch(d);
  }
  updateTimeout(d, timeout) {
    if (d.timeout === timeout) return;
    const delta = (timeout - d.timeout) * 60000;
    d.timeout = timeout;
    d.updated_at = this.nowIso();
    if (delta > 0 && d.status === 'RUNNING' && (d.strategy === 'INFINITE' || d.strategy === 'SIMPLE-EXTEND')) {
      for (const j of this.activeJobs(d.id).filter((x) => x.state === 'RUNNING')) {
        j.expires_at += delta; j.end_at = endAt(j);
        this.addEvent(d.id, 'JOB_EXTEND_SUCCESSFUL', `Job ${j.job} extended by ${delta / 1000} seconds.`, fakeTx());
        for (const t of this.tasksOf(d.id).filter((x) => x.job === j.job)) { t.due_at = iso(Date.parse(t.due_at) + delta); this.emit(d.id, this.taskFrame(t)); }
      }
    }
    this.changed();
  }
  updateSchedule(d, schedule) {
    if (d.schedule === schedule) return;
    d.schedule = schedule;
    d.updated_at = this.nowIso();
    if (d.status !== 'DRAFT') {
      const due = this.cronNext(d);
      for (const t of this.tasksOf(d.id).filter((x) => !x.tx)) {
        if (due === null) continue;
        t.due_at = iso(due); this.emit(d.id, this.taskFrame(t));
      }
    }
    this.changed();
  }
  /**
   * A new market (addendum §9.2): on a RUNNING deployment every active job on another market gets its own
   * STOP, and SIMPLE, SIMPLE-EXTEND and INFINITE list as many replacements; SCHEDULED lists at its next fire.
   */
  setMarket(d, market) {
    if (d.market === market) return;
    d.market = market;
    this.changed();
    if (d.status !== 'RUNNING') return;
    const stale = this.activeJobs(d.id).filter((j) => j.market !== market).sort(byCreated);
    for (const j of stale) this.addTask(d, 'STOP', { job: j.job }, this.now());
    if (stale.length && d.strategy !== 'SCHEDULED') this.addTask(d, 'LIST', { limit: stale.length }, this.now());
  }
  /** SSH keys changed: stored (unset when none), the active revision re-pinned; no revision, no redeploy. */
  setSshKeys(d, keys) {
    if (keys.length) d.ssh_public_keys = keys; else delete d.ssh_public_keys;
    d.updated_at = this.nowIso();
    this.repinActive(d);
    this.changed();
  }
  deleteDeployment(d) {
    const id = d.id;
    this.data.deployments = this.data.deployments.filter((x) => x.id !== id);
    this.data.jobs = this.data.jobs.filter((x) => x.deployment !== id);
    this.data.revisions = this.data.revisions.filter((x) => x.deployment !== id);
    this.data.events = this.data.events.filter((x) => x.deploymentId !== id);
    // like the DM, tasks and the vault are left behind (§4.3); the worker drops orphan tasks
    this.changed();
  }

  // ---------- records ----------
  addEvent(deploymentId, type, message, tx, category = 'Event') {
    const e = { _id: this.nextId(), category, deploymentId, type, message, created_at: this.nowIso() };
    if (tx) e.tx = tx;
    this.data.events.push(e);
    this.emit(deploymentId, this.eventFrame(e));
    this.changed();
    return e;
  }
  addTask(d, task, extra, dueMs) {
    const t = { _id: this.nextId(), id: '', task, deploymentId: d.id, ...extra, due_at: iso(dueMs), created_at: this.nowIso(), status: 'PENDING', attempts: 0 };
    t.id = t._id;
    this.data.tasks.push(t);
    this.emit(d.id, this.taskFrame(t));
    this.changed();
    return t;
  }
  removeTask(t) {
    this.data.tasks = this.data.tasks.filter((x) => x !== t);
    this.emit(t.deploymentId, this.taskFrame(t, true));
    this.changed();
  }
  cronNext(d) {
    try { return nextCronFire(d.schedule, this.now()); } catch (err) {
      // The DM's worker crashes on an unparsable cron (§6.3); the sandbox marks the deployment ERROR instead.
      this.log(`sandbox: deployment ${d.id} has an invalid cron ${JSON.stringify(d.schedule)}: ${err.message}`);
      this.setStatus(d, 'ERROR');
      return null;
    }
  }

  // ---------- the simulated worker ----------
  tick() {
    try {
      const now = this.clock.now();
      for (let guard = 0; guard < 5000; guard++) {
        const next = this.nextDue(now);
        if (!next) break;
        this.processingAt = next.at;
        try { next.run(); } finally { this.processingAt = null; }
      }
    } catch (err) {
      this.log(`sandbox worker error: ${err?.stack ?? err}`);
    }
  }
  /** Earliest due work item at or before `now`. */
  nextDue(now) {
    /** @type {{at:number, run:()=>void}|null} */
    let best = null;
    const consider = (at, run) => { if (at <= now && (!best || at < best.at)) best = { at, run }; };
    for (const d of this.data.deployments) {
      if (d.status === 'STARTING') consider(-Infinity, () => this.onStarting(d));
      else if (d.status === 'STOPPING' && !this.tasksOf(d.id).some((t) => t.task === 'STOP' && !t.active_revision && !t.limit)) consider(-Infinity, () => this.onStopping(d));
    }
    for (const t of this.data.tasks) consider(Date.parse(t.due_at), () => this.runTask(t));
    for (const j of this.data.jobs) {
      if (j.state === 'QUEUED') consider(j.run_at, () => this.jobRunning(j));
      else if (j.state === 'RUNNING') consider(j.end_at, () => this.jobEnded(j, 'COMPLETED'));
    }
    if (best && best.at === -Infinity) best.at = now;
    return best;
  }
  onStarting(d) {
    // a restart (e.g. from INSUFFICIENT_FUNDS) replaces any LIST still waiting for a retry
    for (const t of this.tasksOf(d.id).filter((x) => x.task === 'LIST' && !x.job)) this.removeTask(t);
    this.setStatus(d, 'RUNNING');
    if (d.strategy === 'SCHEDULED') {
      const due = this.cronNext(d);
      if (due !== null) this.addTask(d, 'LIST', {}, due);
    } else {
      const n = d.replicas - this.activeJobs(d.id).length;
      if (n > 0) this.addTask(d, 'LIST', { limit: n }, this.now());
      else this.maybeSimpleStopped(d);
    }
  }
  onStopping(d) {
    for (const t of this.tasksOf(d.id).filter((x) => x.task !== 'STOP')) this.removeTask(t);
    this.addTask(d, 'STOP', {}, this.now());
  }
  runTask(t) {
    const d = this.deployment(t.deploymentId);
    if (!d) { this.removeTask(t); return; }
    if (t.task === 'LIST') this.runList(d, t);
    else if (t.task === 'EXTEND') this.runExtend(d, t);
    else this.runStop(d, t);
  }
  fundsFailed(d, t, type) {
    t.attempts += 1;
    t.status = 'PENDING';
    t.due_at = iso(this.now() + this.sim.retrySeconds * 1000);
    this.addEvent(d.id, type, `Transaction failed: InsufficientFundsForRent (vault ${d.vault}). Retrying at ${t.due_at}.`);
    if (d.status === 'RUNNING') this.setStatus(d, 'INSUFFICIENT_FUNDS');
    this.emit(d.id, this.taskFrame(t));
    this.changed();
  }
  runList(d, t) {
    if (!['RUNNING', 'INSUFFICIENT_FUNDS'].includes(d.status)) { this.removeTask(t); return; }
    const active = this.activeJobs(d.id).length;
    let count = t.limit ?? (d.strategy === 'SIMPLE' || d.strategy === 'SIMPLE-EXTEND' ? d.replicas - active : d.replicas);
    let waiting = 0;
    if (count > 0) {
      if (!this.hasFunds(d)) { this.fundsFailed(d, t, 'JOB_LIST_ERROR'); return; }
      if (d.status === 'INSUFFICIENT_FUNDS') this.setStatus(d, 'RUNNING');
      if (d.requirements) {
        // reserved through the (simulated) host manager: `reservableNodes` caps how many match
        const available = this.sim.reservableNodes ?? Infinity;
        if (available < count) {
          waiting = count - available;
          this.addEvent(d.id, 'JOB_RESERVE_SHORTFALL', `${waiting} of ${count} job(s) waiting for a matching node`);
          count = available;
        }
        if (count > 0) this.addEvent(d.id, 'JOB_RESERVE_CONFIRMED', `Reserved ${count} node(s) meeting the requirements.`);
      }
      for (let i = 0; i < count; i++) {
        const tx = fakeTx();
        const j = {
          _id: this.nextId(), tx, deployment: d.id, job: randomAddress(), market: d.market, node: null,
          revision: t.active_revision ?? d.active_revision, state: 'QUEUED', time_start: 0, time_end: 0,
          listed_at: Math.floor(this.now() / 1000), run_at: this.now() + this.sim.queueDelaySeconds * 1000,
          expires_at: 0, end_at: 0, created_at: this.nowIso(), updated_at: this.nowIso(),
        };
        this.data.jobs.push(j);
        this.emit(d.id, this.jobFrame(j));
        this.addEvent(d.id, 'JOB_LIST_CONFIRMED', `Job ${j.job} listed on market ${d.market}.`, tx);
      }
    }
    if (waiting > 0) {
      // the jobs still waiting for a matching node are listed at the next retry
      t.limit = waiting; t.attempts += 1; t.due_at = iso(this.now() + this.sim.retrySeconds * 1000);
      this.emit(d.id, this.taskFrame(t));
      this.changed();
      return;
    }
    this.removeTask(t);
    if (d.strategy === 'SCHEDULED' && d.status === 'RUNNING' && !t.active_revision && !this.tasksOf(d.id).some((x) => x.task === 'LIST')) {
      const due = this.cronNext(d);
      if (due !== null) this.addTask(d, 'LIST', {}, due);
    }
  }
  runExtend(d, t) {
    const j = this.data.jobs.find((x) => x.job === t.job);
    if (!j || j.state !== 'RUNNING' || !['RUNNING', 'INSUFFICIENT_FUNDS'].includes(d.status)) { this.removeTask(t); return; }
    if (!this.hasFunds(d)) { this.fundsFailed(d, t, 'JOB_EXTEND_ERROR'); return; }
    if (d.status === 'INSUFFICIENT_FUNDS') this.setStatus(d, 'RUNNING');
    const add = d.timeout * 60000;
    j.expires_at += add; j.end_at = endAt(j); j.updated_at = this.nowIso();
    this.addEvent(d.id, 'JOB_EXTEND_SUCCESSFUL', `Job ${j.job} extended by ${add / 1000} seconds.`, fakeTx());
    this.removeTask(t);
    this.addTask(d, 'EXTEND', { job: j.job }, this.now() + add);
  }
  runStop(d, t) {
    let targets = this.activeJobs(d.id);
    if (t.active_revision) targets = targets.filter((j) => j.revision !== t.active_revision);
    if (t.job) targets = targets.filter((j) => j.job === t.job);
    if (t.limit) targets = pickToStop(targets, t.limit);
    this.removeTask(t);
    for (const j of targets) {
      this.addEvent(d.id, 'JOB_STOPPED_CONFIRMED', `Job ${j.job} stopped.`, fakeTx());
      this.jobEnded(j, 'STOPPED');
    }
    if (d.status === 'STOPPING' && this.activeJobs(d.id).length === 0) this.setStatus(d, 'STOPPED');
  }
  jobRunning(j) {
    const d = this.deployment(j.deployment);
    if (!d) { j.state = 'STOPPED'; return; }
    j.state = 'RUNNING';
    j.node = randomAddress();
    j.time_start = Math.floor(this.now() / 1000);
    j.expires_at = this.now() + d.timeout * 60000;
    j.finishes_at = this.sim.jobRunSeconds ? this.now() + this.sim.jobRunSeconds * 1000 : null;
    j.end_at = endAt(j);
    j.updated_at = this.nowIso();
    this.emit(d.id, this.jobFrame(j));
    this.refreshEndpoints(d);
    this.changed();
    if (d.strategy === 'SIMPLE-EXTEND') {
      const buffer = Math.min(300, Math.max(60, d.timeout * 6)) * 1000; // clamp(10% of timeout, 60 s, 300 s)
      this.addTask(d, 'EXTEND', { job: j.job }, Math.max(this.now(), j.expires_at - buffer));
    }
    if (d.strategy === 'INFINITE') {
      this.addTask(d, 'LIST', { limit: 1, job: j.job }, this.now() + (d.timeout - d.rotation_time) * 60000);
      const active = this.activeJobs(d.id);
      if (active.length > d.replicas && d.status === 'RUNNING') {
        for (const x of pickToStop(active.filter((a) => a !== j), active.length - d.replicas)) {
          this.addEvent(d.id, 'JOB_STOPPED_CONFIRMED', `Job ${x.job} stopped (rotation).`, fakeTx());
          this.jobEnded(x, 'STOPPED');
        }
      }
    }
  }
  jobEnded(j, state) {
    if (!ACTIVE.has(j.state)) return;
    j.state = state;
    j.time_end = Math.floor(this.now() / 1000);
    j.updated_at = this.nowIso();
    const d = this.deployment(j.deployment);
    if (!d) return;
    this.emit(d.id, this.jobFrame(j));
    this.refreshEndpoints(d);
    for (const t of this.tasksOf(d.id).filter((x) => x.job === j.job && x.task !== 'STOP')) this.removeTask(t);
    this.changed();
    const active = this.activeJobs(d.id).length;
    if (d.status === 'STOPPING' && active === 0) { this.setStatus(d, 'STOPPED'); return; }
    if (d.strategy === 'SIMPLE' || d.strategy === 'SIMPLE-EXTEND') this.maybeSimpleStopped(d);
    else if (d.strategy === 'INFINITE' && d.status === 'RUNNING' && active < d.replicas
      && !this.tasksOf(d.id).some((t) => t.task === 'LIST' && !t.job)) {
      this.addTask(d, 'LIST', { limit: d.replicas - active }, this.now());
    }
  }
  maybeSimpleStopped(d) {
    if (['ERROR', 'INSUFFICIENT_FUNDS', 'ARCHIVED', 'STOPPED', 'DRAFT'].includes(d.status)) return;
    if (this.activeJobs(d.id).length > 0) return;
    if (this.tasksOf(d.id).some((t) => t.task === 'LIST')) return;
    this.setStatus(d, 'STOPPED');
  }
}

function endAt(j) { return j.finishes_at ? Math.min(j.expires_at, j.finishes_at) : j.expires_at; }
export function byCreated(a, b) { return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0; }
/** QUEUED first, then the oldest RUNNING (§5.3). */
function pickToStop(jobs, n) {
  const queued = jobs.filter((j) => j.state === 'QUEUED').sort(byCreated);
  const running = jobs.filter((j) => j.state === 'RUNNING').sort((a, b) => a.time_start - b.time_start || byCreated(a, b));
  return [...queued, ...running].slice(0, n);
}
export { randomBytes };
