// ---------------------------------------------------------------------------------------------
// DeploymentStore (docs/store.md): a live, framework-agnostic store over a DeploymentsClient.

/** Where a resource is. */
export type ResourceState = "idle" | "loading" | "ready" | "refreshing" | "error" | "gone";

/** One resource of the store and what is known about it. */
export interface Resource<T> {
  readonly state: ResourceState;
  /** Kept while "refreshing" and "error"; for "gone", the last known value. */
  readonly data: T | undefined;
  /** The typed client error when `state` is "error". */
  readonly error: ApiError | undefined;
  /** Server-time ms of the last successful load (or live change). */
  readonly updatedAt: number | undefined;
}

/** An action sent and not answered yet. */
export interface PendingAction {
  readonly action: DeploymentAction;
  /** The status shown meanwhile (the state machine's next status); undefined if unchanged or deleted. */
  readonly optimisticStatus: DeploymentStatus | undefined;
}

/** One deployment in the store. */
export interface DeploymentView {
  readonly id: string;
  /** "gone" once deleted (404) or archived elsewhere is detected. */
  readonly deployment: Resource<Deployment>;
  /** Newest first. */
  readonly jobs: Resource<readonly Job[]>;
  /** Newest first. */
  readonly events: Resource<readonly DeploymentEvent[]>;
  /** Newest first. */
  readonly revisions: Resource<readonly Revision[]>;
  /** From the state machine, for the shown status; empty while an action is pending or once deleted. */
  readonly allowedActions: readonly DeploymentAction[];
  readonly pending: PendingAction | undefined;
  /** The server's error for the last rolled-back action. */
  readonly lastError: ApiError | undefined;
}

/** The store's state: the same object until something changed. */
export interface StoreSnapshot {
  /** Increases on every change. */
  readonly version: number;
  /** Deployment ids, newest first (created_at desc, then id). */
  readonly list: Resource<readonly string[]>;
  readonly deployments: Readonly<Record<string, DeploymentView>>;
  /** How opened deployments are kept live: "polling" while a stream is down, "off" when none is open. */
  readonly live: "off" | "connecting" | "open" | "polling";
  /** Measured server clock − local clock (0 until measured). */
  readonly serverTimeOffsetMs: number;
}

export interface DeploymentStoreOptions {
  client: DeploymentsClient;
  /** Keep opened deployments live (stream, polling while it is down). Default true. */
  live?: boolean;
  /** Polling interval while a stream is down. Default 5000. */
  pollIntervalMs?: number;
  /** Filters of the list `loadList` loads. */
  listFilters?: DeploymentFilters;
}

/** `perform`'s arguments, per action. */
export interface PerformArgs {
  rename: { name: string };
  updateReplicaCount: { replicas: number };
  updateTimeout: { timeout: number };
  updateSchedule: { schedule: string };
  updateActiveRevision: { revision: number };
  createRevision: { jobDefinition: unknown };
  updateMarket: { market: string };
  updateRequirements: { market?: string; requirements: DeploymentRequirements | null };
  updateStartupTimeout: { minutes: number };
  duplicate: DuplicateOverrides;
  addSshKeys: { keys: string[] };
  revokeSshKeys: { keys: string[] };
}

export class DeploymentStore {
  constructor(options: DeploymentStoreOptions);
  /**
   * Calls `listener` after every change; returns the function that unsubscribes it. Bound to this
   * store and the same function on every read, so it works detached:
   * `useSyncExternalStore(store.subscribe, store.getSnapshot)`. A listener that throws is reported
   * as an unhandled rejection; the other listeners still run.
   */
  readonly subscribe: (listener: () => void) => () => void;
  /**
   * The SAME object until something changed (for `useSyncExternalStore`). Works after `dispose`;
   * throws a TypeError after `free()`. Bound and stable like `subscribe`.
   */
  readonly getSnapshot: () => StoreSnapshot;
  /** Loads the list: "loading" the first time, then "refreshing"; then "ready" or "error". */
  loadList(): Promise<void>;
  /** Loads the deployment, its jobs, events and revisions and keeps them live; returns `release()`. */
  open(id: string): () => void;
  /** Reloads one deployment, or the list and every opened deployment. */
  refresh(id?: string): Promise<void>;
  /**
   * Performs `action` optimistically: the state machine's next status shows at once; on failure
   * it rolls back, sets `lastError` and rejects with the typed error.
   */
  perform<A extends keyof PerformArgs>(id: string, action: A, args: PerformArgs[A]): Promise<void>;
  perform(id: string, action: "start" | "stop" | "archive" | "delete"): Promise<void>;
  /** Milliseconds since the epoch on the server's clock. */
  serverNow(): number;
  /** Cancels every request, stream and timer; later `loadList`/`open`/`refresh`/`perform` fail. */
  dispose(): void;
  free(): void;
  [Symbol.dispose](): void;
}

/** "Running", "Insufficient funds" (English unless `locale` was registered). */
export function statusLabel(status: DeploymentStatus, locale?: string): string;
/** "Change replica count". */
export function actionLabel(action: DeploymentAction, locale?: string): string;
/** What happened and what to do, for any error (a client error, a TypeError, anything). */
export function explainError(
  error: unknown,
  options?: { locale?: string },
): { summary: string; advice: string; text: string };
/**
 * Adds or replaces a locale's labels and sentences: keys `status.<STATUS>`, `action.<action>`,
 * `error.<kind>.summary|advice` (docs/store.md lists them); missing keys fall back to English.
 */
export function registerLocale(locale: string, table: Readonly<Record<string, string>>): void;
