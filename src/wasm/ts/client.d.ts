// ----- Deployments API client (see docs/client.md) -----------------------------------------------
// Response fields are the server's wire names (snake_case); the client's own options are camelCase.

// DeploymentStatus, DeploymentAction, DeploymentStrategy and DeploymentCreateBody are declared with
// the deployment rules (deployment.d.ts).
export type JobState = "QUEUED" | "RUNNING" | "COMPLETED" | "STOPPED";
/** A Wallet Standard-shaped signer: `signMessage` resolves to the 64-byte ed25519 signature
 *  (a `Uint8Array`, `{ signature }` or `[{ signature }]` are all accepted). */
export interface DeploymentsWallet {
  address: string;
  signMessage(message: Uint8Array): Promise<Uint8Array | { signature: Uint8Array } | Array<{ signature: Uint8Array }>>;
}

export interface RetryPolicy {
  /** Retries after the first attempt: a whole number from 0 to 20 (else a `RangeError`). Default 2. */
  retries?: number;
  /** First delay, doubled each time, with jitter: whole milliseconds from 0 to 2147483647 (2^31 − 1,
   *  `setTimeout`'s limit; else a `RangeError`). Default 250. */
  baseDelayMs?: number;
  /** Cap of one delay: whole milliseconds from 0 to 2147483647 (else a `RangeError`). Default 4000. */
  maxDelayMs?: number;
}

export interface DeploymentsClientOptions {
  /** Which network's hosts to use when `baseUrl` is not given. Default `"mainnet"`. */
  network?: "mainnet" | "devnet";
  /** Any root URL: the service itself, the client manager, a gateway (`https://…/api`), the sandbox.
   *  Wins over `serviceUrl`, `clientManagerUrl` and `gateway`. */
  baseUrl?: string;
  /** The Deployment Manager, which a wallet or key talks to directly (paths `/deployments/...`, no `/api`).
   *  Default `https://deployment-manager.k8s.prd.nos.ci` (devnet: `….k8s.dev.nos.ci`). */
  serviceUrl?: string;
  /** The client manager, which an `apiKey` goes through (it proxies `/deployments/*`).
   *  Default `https://client-manager.k8s.prd.nosana.com` (devnet: `….k8s.dev.nosana.com`). */
  clientManagerUrl?: string;
  /** The node API / SSH domain: a node is `https://<node>.<nodeDomain>`. Default `node.k8s.prd.nos.ci`. */
  nodeDomain?: string;
  /** `true`: talk to the network's dashboard gateway (`https://dashboard.k8s.prd.nos.ci/api`), the older default. */
  gateway?: boolean;
  /** Prefix of the deployments routes under `baseUrl`. Default `"/deployments"`; `""` for none. */
  pathPrefix?: string;
  /** Time limit of one call, retries included: whole milliseconds from 1 to 2147483647 (2^31 − 1,
   *  `setTimeout`'s limit). NaN, ±Infinity, fractions and values out of range are a `RangeError`
   *  naming the option and the range. Default 30000. */
  timeoutMs?: number;
  /** Retries of GET requests on network errors and 429/502/503/504 (honouring `Retry-After`); `false` to never retry. */
  retry?: RetryPolicy | boolean;
  /** Extra headers sent with every request (auth headers win over these). */
  headers?: Record<string, string>;
  /** Sign requests with a wallet: one signature per wallet, shared by concurrent calls. */
  wallet?: DeploymentsWallet;
  // `secretKey` (Node builds only) is declared in secret_key.d.ts.
  /** `Authorization: Bearer nos_…`, sent to the client manager (or the gateway); the service itself does not accept it. */
  apiKey?: string;
  /** The message the wallet signs. Default `"NosanaApiAuthentication"`. */
  authMessage?: string;
  /** How long a status this client saw (DRAFT, STOPPED, ARCHIVED only) guards actions: whole milliseconds from 0
   *  to 2147483647 (else a `RangeError`). Default 10000; 0 disables. */
  knownStatusTtlMs?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call: whole milliseconds from 1 to 2147483647
   *  (else a `RangeError`). */
  timeoutMs?: number;
}

export interface ActionOptions extends CallOptions {
  /** The deployment's current status, if you know it: an action it does not allow is refused
   *  locally with an `InvalidStateError`/`ArchivedError` and nothing is sent. */
  status?: DeploymentStatus;
}

export type Csv<T extends string = string> = T | T[];
export interface Paging {
  limit?: 10 | 20 | 50 | 100 | "10" | "20" | "50" | "100";
  sortOrder?: "asc" | "desc";
  cursor?: string;
}
export interface DeploymentFilters extends Paging {
  /** Case-insensitive substring of id or name. */
  search?: string;
  id?: Csv;
  name?: string;
  status?: Csv<DeploymentStatus>;
  strategy?: Csv<DeploymentStrategy>;
  vault?: string;
  createdAfter?: string;
  createdBefore?: string;
  /** The key a create was sent with (exact match; 0 or 1 deployment). */
  idempotency_key?: string;
  /** Same as `idempotency_key`. */
  idempotencyKey?: string;
}
/** There is no `revision` filter: the server refuses it whatever its value. */
export interface JobFilters extends Paging {
  state?: Csv<JobState>;
  job?: string;
  createdAfter?: string;
  createdBefore?: string;
}
export interface RevisionFilters extends Paging {
  createdAfter?: string;
  createdBefore?: string;
}
export interface EventFilters extends Paging {
  category?: Csv<"Deployment" | "Event">;
  type?: Csv;
  createdAfter?: string;
  createdBefore?: string;
}
export interface TaskFilters extends Paging {
  task?: Csv<"LIST" | "EXTEND" | "STOP">;
  dueAfter?: string;
  dueBefore?: string;
}

export interface Pagination {
  cursor_next: string | null;
  cursor_prev: string | null;
  total_items: number;
}

export interface DeploymentEndpoint {
  opId: string;
  port: number | string;
  /** One URL per exposed port. */
  url: string;
  /** Whether the deployment answers at this endpoint now (per op; starts `false`). */
  online: boolean;
}

export interface Deployment {
  id: string;
  name: string;
  vault: string;
  market: string;
  owner: string;
  status: DeploymentStatus;
  replicas: number;
  /** Minutes. */
  timeout: number;
  endpoints: DeploymentEndpoint[];
  confidential: boolean;
  active_revision: number;
  /** RUNNING jobs only. */
  active_jobs: number;
  created_at: string;
  updated_at: string;
  strategy: DeploymentStrategy;
  /** SCHEDULED only. */
  schedule?: string;
  /** INFINITE only, minutes. */
  rotation_time?: number;
  /** INFINITE with endpoints only: minutes a job has to come online before it is replaced. */
  startup_timeout?: number;
  /** Node requirements (a number is a minimum, a string or boolean an exact match); `null` or absent: none. */
  requirements?: DeploymentRequirements | null;
}

/** Overrides of `duplicate`: the copy is otherwise the source's active revision, settings and SSH keys. */
export interface DuplicateOverrides {
  /** Default `"<source name> (copy)"`. */
  name?: string;
  market?: string;
  /** `true`: the copy starts (STARTING) instead of staying DRAFT. */
  autostart?: boolean;
}

/** What adding or revoking SSH keys did: the resulting key set and each running job's result. */
export interface SshKeysResult {
  public_keys: string[];
  updated_at: string;
  jobs: Array<{ job: string; node: string; status: "authorized" | "revoked" | "failed"; error?: string }>;
}

export interface Job {
  tx: string;
  deployment: string;
  job: string;
  market: string;
  node: string | null;
  revision: number;
  state: JobState;
  /** Unix seconds. */
  time_start: number;
  created_at: string;
  updated_at: string;
}

/** Job detail. `state` is mapped from the server's number to the list's names; the number is kept as `state_code`. */
export interface JobDetail {
  confidential: boolean;
  revision: number;
  market: string;
  /** `11111111111111111111111111111111` while no node is assigned. */
  node: string;
  state: JobState;
  state_code: 0 | 1 | 2 | 3;
  jobStatus: null;
  jobDefinition: JobDefinition;
  jobResult: Record<string, unknown> | null;
  timeStart: number;
  timeEnd: number;
  listedAt: number;
}

export interface Revision {
  revision: number;
  deployment: string;
  ipfs_definition_hash: string;
  job_definition: JobDefinition;
  created_at: string;
}

export interface DeploymentEvent {
  category: "Deployment" | "Event";
  deploymentId: string;
  type: string;
  message: string;
  tx?: string;
  created_at: string;
}

export interface Task {
  task: "LIST" | "EXTEND" | "STOP";
  deploymentId: string;
  tx?: string;
  job?: string;
  limit?: number;
  active_revision?: number;
  due_at: string;
  created_at: string;
}

export interface Vault {
  vault: string;
  owner: string;
  created_at: string;
}

export interface DeploymentList {
  deployments: Deployment[];
  pagination: Pagination;
}
export interface JobList {
  jobs: Job[];
  pagination: Pagination;
}
export interface RevisionList {
  revisions: Revision[];
  pagination: Pagination;
}
export interface EventList {
  events: DeploymentEvent[];
  pagination: Pagination;
}
export interface TaskList {
  tasks: Task[];
  pagination: Pagination;
}

/** Frames of `watch()`: the server's stream frames, plus `reconnected` before each replayed snapshot. */
/** Frames of other types (from newer servers) are skipped. */
export type StreamFrame =
  | { type: "deployment"; status: DeploymentStatus; replicas: number; active_revision: number }
  /** The authoritative set of active job ids (snapshot only): forget every job not listed. */
  | { type: "jobs"; jobs: string[] }
  | {
      type: "job";
      job: string;
      state: JobState;
      node: string | null;
      timeStart: number;
      timeEnd: number;
      revision?: number;
      created_at?: string;
    }
  /** One per endpoint, in the snapshot and whenever the endpoints change. */
  | { type: "endpoint"; opId: string; port: number | string; url: string; online: boolean }
  | {
      type: "event";
      category: "Deployment" | "Event";
      event: string;
      message: string;
      tx: string | null;
      created_at: string;
    }
  | {
      type: "task";
      id: string;
      task: "LIST" | "EXTEND" | "STOP";
      status: "PENDING" | "PROCESSING";
      attempts: number;
      due_at: string;
      job: string | null;
    }
  | { type: "task"; id: string; task: "LIST" | "EXTEND" | "STOP"; status: "DONE" }
  | { type: "reconnected" };

export type DeploymentsErrorName =
  | "ValidationError"
  | "InvalidStateError"
  | "ArchivedError"
  | "NotFoundError"
  | "UnauthorizedError"
  | "NetworkError"
  | "TimeoutError"
  | "AbortError"
  | "ServerError"
  | "TypeError"
  | "UnsupportedError";

/** Every error the client throws or rejects with: a real `Error` with a stable `name` and `code`. */
export interface DeploymentsError extends Error {
  name: DeploymentsErrorName;
  /** e.g. `INVALID_REQUEST`, `BAD_REQUEST`, `INVALID_STATE`, `ARCHIVED`, `DEPLOYMENT_NOT_FOUND`,
   *  `UNAUTHORIZED`, `SIGNING_FAILED`, `NETWORK_ERROR`, `TIMEOUT`, `ABORTED`, `SERVICE_UNAVAILABLE`,
   *  `SERVER_ERROR`, `INVALID_RESPONSE` — see docs/client.md for the full table. */
  code: string;
  /** The HTTP status when the server answered; for an action refused locally, the deployment status. */
  status?: number | DeploymentStatus;
  /** The HTTP status when the server answered. */
  httpStatus?: number;
  /** The server's own message (`error`, `message`, or the 401 text). */
  serverMessage?: string;
  /** ValidationError: the local issues (empty when the server refused the body). */
  issues?: Issue[];
  /** InvalidStateError / ArchivedError: the status the refusal was decided on, when known. */
  deploymentStatus?: DeploymentStatus;
  /** InvalidStateError / ArchivedError: the refused action. */
  action?: DeploymentAction;
  cause?: unknown;
}

/** Every failure of the Deployments client — and `nextStatus`'s local refusal, an `InvalidStateError`.
 *  One subclass per `name` (see docs/client.md for the codes); misuse is a built-in `TypeError`. */
export class ApiError extends NosanaError {
  constructor(message?: string, options?: NosanaErrorOptions);
  /** The HTTP status when the server answered; for an action refused locally, the deployment status. */
  status?: number | DeploymentStatus;
  /** The HTTP status when the server answered. */
  httpStatus?: number;
  /** The server's own message (`error`, `message`, or the 401 text). */
  serverMessage?: string;
  /** ValidationError: the local issues (empty when the server refused the body). */
  issues?: Issue[];
  /** InvalidStateError / ArchivedError: the status the refusal was decided on, when known. */
  deploymentStatus?: DeploymentStatus;
  /** InvalidStateError / ArchivedError: the refused action. */
  action?: DeploymentAction;
}
/** Refused by the deployment rules (`issues`) or by the server's validation (400, 409, 413). */
export class ValidationError extends ApiError {
  name: "ValidationError";
}
/** The action is not allowed in the deployment's status (`INVALID_STATE`, `UNREACHABLE_STATUS`). */
export class InvalidStateError extends ApiError {}
/** The deployment is archived. */
export class ArchivedError extends ApiError {
  name: "ArchivedError";
}
/** 404: no such deployment, vault or job (`NOT_FOUND`: no such route). */
export class NotFoundError extends ApiError {
  name: "NotFoundError";
}
/** 401/403, or the wallet did not sign. */
export class UnauthorizedError extends ApiError {
  name: "UnauthorizedError";
}
/** No HTTP answer (refused, reset, dropped, CORS). */
export class NetworkError extends ApiError {
  name: "NetworkError";
}
/** `timeoutMs` passed. */
export class TimeoutError extends ApiError {
  name: "TimeoutError";
}
/** The caller's signal fired. */
export class AbortError extends ApiError {
  name: "AbortError";
}
/** 5xx, an unexpected status, or an unreadable success body. */
export class ServerError extends ApiError {
  name: "ServerError";
}
/** The server is older than the route. */
export class UnsupportedError extends ApiError {
  name: "UnsupportedError";
}
/** Thrown by `nextScheduleTimes` and `describeSchedule` for a schedule that cannot be evaluated. */
export class ScheduleError extends NosanaError {}

export function isApiError(value: unknown): value is ApiError;
export function isValidationError(value: unknown): value is ValidationError;
export function isInvalidStateError(value: unknown): value is InvalidStateError;
export function isArchivedError(value: unknown): value is ArchivedError;
export function isNotFoundError(value: unknown): value is NotFoundError;
export function isUnauthorizedError(value: unknown): value is UnauthorizedError;
export function isNetworkError(value: unknown): value is NetworkError;
export function isTimeoutError(value: unknown): value is TimeoutError;
export function isAbortError(value: unknown): value is AbortError;
export function isServerError(value: unknown): value is ServerError;
export function isUnsupportedError(value: unknown): value is UnsupportedError;
export function isScheduleError(value: unknown): value is ScheduleError;

// `Symbol.dispose` for TypeScript libs older than `esnext.disposable` (as @types/node declares it).
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

export class DeploymentsClient {
  constructor(options?: DeploymentsClientOptions);
  /** Release the wasm memory now instead of at garbage collection. */
  free(): void;
  /** `free()`, for `using client = new DeploymentsClient(…)`. */
  [Symbol.dispose](): void;
  /** The signing wallet's address (undefined with an API key or no auth). */
  readonly address: string | undefined;
  /** `{baseUrl}{pathPrefix}`. */
  readonly baseUrl: string;
  /** The node API / SSH domain. */
  readonly nodeDomain: string;

  list(filters?: DeploymentFilters, options?: CallOptions): Promise<DeploymentList>;
  /** Every deployment matching `filters`, page after page (100 per page unless `limit` is set). */
  listAll(filters?: DeploymentFilters, options?: CallOptions): AsyncIterableIterator<Deployment>;
  get(id: string, options?: CallOptions): Promise<Deployment>;
  /** Validated locally first: an invalid body rejects with a `ValidationError` carrying `issues`, and nothing is sent.
   *  Safe to retry: it always sends an `idempotency_key` (the body's, or a generated one), retries on network errors
   *  and 5xx with that key, and answers a 409 for the key with the deployment it made. */
  create(body: DeploymentCreateBodyInput, options?: CallOptions): Promise<Deployment>;
  /** A copy of the deployment (any status, ARCHIVED too): DRAFT, or STARTING with `autostart`. */
  duplicate(id: string, overrides?: DuplicateOverrides, options?: ActionOptions): Promise<Deployment>;
  /** A RUNNING deployment's jobs on the old market are stopped and replaced on the new one. */
  updateMarket(id: string, market: string, options?: ActionOptions): Promise<{ market: string; updated_at: string }>;
  /** Both fields are required; `requirements: null` clears them. Send the market that serves them. */
  updateRequirements(
    id: string,
    body: { market: string; requirements: DeploymentRequirements | null },
    options?: ActionOptions,
  ): Promise<{ requirements: DeploymentRequirements | null; market: string; updated_at: string }>;
  /** INFINITE deployments with endpoints only; minutes ≥ 1; applies to jobs that start afterwards. */
  updateStartupTimeout(
    id: string,
    minutes: number,
    options?: ActionOptions,
  ): Promise<{ startup_timeout: number; updated_at: string }>;
  /** The deployment's SSH public keys (any status). */
  sshKeys(id: string, options?: ActionOptions): Promise<{ public_keys: string[] }>;
  /** Keys with the same type and blob are sent once. Running jobs get them at once; see `jobs` for each one's result. */
  addSshKeys(id: string, keys: string[], options?: ActionOptions): Promise<SshKeysResult>;
  /** A DELETE with a JSON body; keys match by type and blob (the comment does not matter). */
  revokeSshKeys(id: string, keys: string[], options?: ActionOptions): Promise<SshKeysResult>;
  start(id: string, options?: ActionOptions): Promise<{ status: "STARTING"; updated_at: string }>;
  stop(id: string, options?: ActionOptions): Promise<{ status: "STOPPING"; updated_at: string }>;
  archive(id: string, options?: ActionOptions): Promise<{ status: "ARCHIVED"; updated_at: string }>;
  delete(id: string, options?: ActionOptions): Promise<void>;
  rename(id: string, name: string, options?: ActionOptions): Promise<{ name: string; updated_at: string }>;
  updateReplicaCount(
    id: string,
    replicas: number,
    options?: ActionOptions,
  ): Promise<{ replicas: number; updated_at: string }>;
  /** Minutes, ≥ 60 for every strategy. */
  updateTimeout(id: string, minutes: number, options?: ActionOptions): Promise<{ timeout: number; updated_at: string }>;
  updateSchedule(
    id: string,
    schedule: string,
    options?: ActionOptions,
  ): Promise<{ schedule: string; updated_at: string }>;
  updateActiveRevision(
    id: string,
    revision: number,
    options?: ActionOptions,
  ): Promise<{ active_revision: number; endpoints: DeploymentEndpoint[]; updated_at: string }>;
  /** The body is the job definition itself. */
  createRevision(
    id: string,
    jobDefinition: JobDefinitionInput,
    options?: ActionOptions,
  ): Promise<{ active_revision: number; endpoints: DeploymentEndpoint[]; revisions: Revision[]; updated_at: string }>;
  jobs(id: string, filters?: JobFilters, options?: CallOptions): Promise<JobList>;
  job(id: string, job: string, options?: CallOptions): Promise<JobDetail>;
  revisions(id: string, filters?: RevisionFilters, options?: CallOptions): Promise<RevisionList>;
  events(id: string, filters?: EventFilters, options?: CallOptions): Promise<EventList>;
  tasks(id: string, filters?: TaskFilters, options?: ActionOptions): Promise<TaskList>;
  /** A `message:signature[:ms]` header signed by the deployment's vault (default message `DEPLOYMENT_HEADER`). */
  header(
    id: string,
    header?: { message?: string; includeTime?: boolean },
    options?: CallOptions,
  ): Promise<{ header: string }>;
  vaults(options?: CallOptions): Promise<Vault[]>;
  /** Get or create the caller's shared vault. */
  createVault(options?: CallOptions): Promise<Vault>;
  /** The server ignores the amounts and withdraws everything; the transaction still needs the owner's signature. */
  withdraw(
    vault: string,
    amounts?: { SOL?: number; NOS?: number },
    options?: CallOptions,
  ): Promise<{ transaction: string }>;
  /** Polls `get` every `intervalMs` (default 2000) until the status is one of `statuses`; `TimeoutError` after `timeoutMs` (default 300000).
   *  `timeoutMs`: whole milliseconds from 1 to 2147483647; `intervalMs`: from 0 to 2147483647, below 10 raised to 10
   *  (out of range, NaN or a fraction: a `RangeError`). */
  waitForStatus(
    id: string,
    statuses: DeploymentStatus | DeploymentStatus[],
    options?: { signal?: AbortSignal; timeoutMs?: number; intervalMs?: number },
  ): Promise<Deployment>;
  /** Polls `get` every `intervalMs` (default 2000) until an endpoint reports `online`, and resolves with it;
   *  `TimeoutError` after `timeoutMs` (default 300000), `AbortError` on `signal`, `InvalidStateError` once ARCHIVED.
   *  Ranges as for `waitForStatus`. */
  waitForEndpoint(
    id: string,
    options?: { signal?: AbortSignal; timeoutMs?: number; intervalMs?: number },
  ): Promise<DeploymentEndpoint>;
  /** The live stream: a snapshot (deployment, active jobs, pending tasks) then changes; reconnects with backoff.
   *  `connectTimeoutMs` (default: the client's `timeoutMs`) bounds each (re)connection until a stream answers. */
  watch(id: string, options?: WatchOptions): WatchIterator;
}

export interface WatchOptions {
  signal?: AbortSignal;
  /** A (re)connection that opens no stream in time rejects `next()` with `TimeoutError`: whole milliseconds from 1
   *  to 2147483647 (2^31 − 1, `setTimeout`'s limit). NaN, ±Infinity, fractions and values out of range make
   *  `watch()` throw a `RangeError` naming the option and the range. */
  connectTimeoutMs?: number;
}

/** `watch()`'s iterator. */
export interface WatchIterator extends AsyncIterableIterator<StreamFrame> {
  /** Streams opened, and events skipped because they were not valid frames (never yielded). */
  stats(): { connections: number; skipped: number };
}

/** What a deployment event `type` means, in words (undefined for an unknown type). */
export function describeEventType(type: string): string | undefined;
