/** The statuses a deployment moves through. */
export type DeploymentStatus =
  | "DRAFT"
  | "STARTING"
  | "RUNNING"
  | "STOPPING"
  | "STOPPED"
  | "ARCHIVED"
  | "ERROR"
  | "INSUFFICIENT_FUNDS";

/** What a user can do to a deployment (the names the state machine and the client use). */
export type DeploymentAction =
  | "start"
  | "stop"
  | "archive"
  | "delete"
  | "rename"
  | "updateReplicaCount"
  | "updateTimeout"
  | "updateSchedule"
  | "createRevision"
  | "updateActiveRevision"
  | "listTasks"
  | "duplicate"
  | "updateMarket"
  | "updateRequirements"
  | "updateStartupTimeout"
  | "listSshKeys"
  | "addSshKeys"
  | "revokeSshKeys";

export type DeploymentStrategy = "SIMPLE" | "SIMPLE-EXTEND" | "SCHEDULED" | "INFINITE";

/**
 * The body of `POST /deployments/create`, its job definition precisely typed (`JobDefinition`).
 * `validateDeployment` still judges what types cannot (ranges, cron, which fields a strategy takes…).
 */
export interface DeploymentCreateBody {
  name: string;
  market: string;
  replicas: number;
  /** Minutes. */
  timeout: number;
  strategy: DeploymentStrategy;
  /** SCHEDULED only: a 5-field cron expression, UTC. */
  schedule?: string;
  /** INFINITE only: minutes before a job's timeout at which its replacement is listed. */
  rotation_time?: number;
  vault?: string;
  new_vault?: boolean;
  confidential?: boolean;
  autostart?: boolean;
  job_definition: JobDefinition;
  /** 1–128 of `A–Z a–z 0–9 : / _ . -`, one per user intent: a repeat answers 409. */
  idempotency_key?: string;
  /** SSH public keys, one `.pub` line each (`validateSshPublicKeys`); they replace `job_definition.ssh`. */
  ssh_public_keys?: string[];
  /** INFINITE only: minutes (≥ 1) for a job to come online; needs an op that exposes a port. */
  startup_timeout?: number;
  /** What a node must offer: a number is a minimum, a string or a boolean an exact match. */
  requirements?: DeploymentRequirements;
}

/**
 * A create body as you may hand it in (`client.create`, the Standard Schema's input): its job
 * definition may be a `JobDefinitionInput`, e.g. one typed with `@nosana/types`.
 */
export interface DeploymentCreateBodyInput extends Omit<DeploymentCreateBody, "job_definition"> {
  job_definition: JobDefinitionInput;
}

/** Node requirements: at least one entry, keys of 1–256 characters. */
export type DeploymentRequirements = Record<string, number | string | boolean>;

/** How the server refuses an action: both are HTTP 500. */
export type RefusalKind = "incorrectState" | "archived";

export interface UserTransition {
  from: DeploymentStatus;
  action: DeploymentAction;
  /** `null`: the deployment is deleted. */
  to: DeploymentStatus | null;
}

export interface RefusedTransition {
  status: DeploymentStatus;
  action: DeploymentAction;
  reason: RefusalKind;
}

/** A transition the service makes by itself. */
export interface AutomaticTransition {
  from: DeploymentStatus[];
  to: DeploymentStatus;
  trigger: string;
  /** The strategies it applies to. */
  strategies: DeploymentStrategy[];
}

/** Everything a UI needs to draw the state machine. */
export interface TransitionTable {
  statuses: DeploymentStatus[];
  actions: DeploymentAction[];
  strategies: DeploymentStrategy[];
  userTransitions: UserTransition[];
  refusals: RefusedTransition[];
  automaticTransitions: AutomaticTransition[];
  terminal: DeploymentStatus[];
  active: DeploymentStatus[];
}

/** When an accepted update takes effect. */
export interface UpdateEffect {
  kind: "immediate" | "nextJobs" | "nextFire" | "onStart" | "none" | "refused";
  /** One line for a dashboard, e.g. "applies to new jobs only". */
  explanation: string;
}

/** Thrown by `nextStatus` (and the client) for an action the server would refuse. */
export interface InvalidStateError extends Error {
  name: "InvalidStateError";
  code: "INVALID_STATE";
  status: DeploymentStatus;
  action: DeploymentAction;
  /** What the server answers (HTTP 500) if asked anyway. */
  serverMessage: string;
}

/** Thrown by `nextScheduleTimes` and `describeSchedule` for a schedule that cannot be evaluated. */
export interface ScheduleError extends Error {
  name: "ScheduleError";
  /** The rule code, e.g. "invalidCron", "cronFieldCount", "cronNeverFires". */
  code: string;
  /** The cron field to blame, when there is one ("minute", "hour", …). */
  field?: string;
}

/** Validates a create body (with its job definition, whose issues are nested under `job_definition`). */
export function validateDeployment(body: string | object, options?: ValidateOptions): ValidationResult;

/** Validates the body of an update route; actions without a body, and `duplicate` (whose body is optional), accept `undefined`. */
export function validateDeploymentUpdate(
  action: DeploymentAction,
  body?: string | object,
  options?: ValidateOptions,
): ValidationResult;

/**
 * Validates SSH public keys as the service does, for key-entry forms: each key is one line of a
 * `.pub` file, `"<type> <base64> [comment]"` (7 types, strict canonical base64, the key data's
 * type equal to the first field, at most 8,192 characters); the set holds at most 10 distinct
 * keys (same type and key data count once) in at most 65,536 bytes. A key's issues are at
 * `/<index>`; a repeated key is a `duplicateSshKey` warning. Anything but an array of strings
 * (a lone string too) is an `invalidType` issue.
 */
export function validateSshPublicKeys(keys: readonly string[], options?: ValidateOptions): ValidationResult;

/**
 * The create-body validator as a Standard Schema v1 object (errors only). Create it once.
 * Each issue carries the rule's `code` next to `message` and `path`.
 */
export function deploymentStandardSchema(): StandardSchemaV1<DeploymentCreateBodyInput, DeploymentCreateBody>;

/** Full validation of a 5-field cron schedule as the service runs it (cron-parser 5 semantics, UTC). */
export function validateSchedule(expr: string): ValidationResult;

/** The next fire times (ISO-8601, UTC) strictly after `from` (default now): a `Date` (of any realm, an iframe's
 *  too; an object that only looks like a Date is a `TypeError`), an ISO-8601 string or unix milliseconds.
 *  `count`: a whole number from 0 to 1000, default 5 (NaN, a fraction or out of range: a `RangeError`). */
export function nextScheduleTimes(expr: string, options?: { from?: Date | string | number; count?: number }): string[];

/** A short English description, e.g. "every day at 02:30 UTC". Throws a `ScheduleError` when invalid. */
export function describeSchedule(expr: string): string;

/** The whole state machine as data. */
export function transitionTable(): TransitionTable;

/** The actions the server accepts in `status`. Unknown names throw a `TypeError` (code `UNKNOWN_STATUS`/`UNKNOWN_ACTION`). */
export function allowedActions(status: DeploymentStatus): DeploymentAction[];

export function canPerform(status: DeploymentStatus, action: DeploymentAction): boolean;

/** The status `action` leads to (`null` for `delete`), or throws an `InvalidStateError`. */
export function nextStatus(status: DeploymentStatus, action: DeploymentAction): DeploymentStatus | null;

/** ARCHIVED: nothing can bring it back. */
export function isTerminal(status: DeploymentStatus): boolean;

/** Statuses in which jobs may be running or the service is still acting. */
export function isActive(status: DeploymentStatus): boolean;

/** When an update takes effect for a deployment in `status` with `strategy`. */
export function updateEffect(
  action: DeploymentAction,
  status: DeploymentStatus,
  strategy: DeploymentStrategy,
): UpdateEffect;
