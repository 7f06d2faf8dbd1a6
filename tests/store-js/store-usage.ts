// Compiled with `tsc --noEmit` (tests/ts/tsconfig.json): the DeploymentStore contract of
// docs/store.md, as the playground and the framework examples use it.
import {
  actionLabel,
  type ApiError,
  type DeploymentAction,
  type DeploymentStatus,
  DeploymentStore,
  type DeploymentView,
  DeploymentsClient,
  explainError,
  registerLocale,
  type ResourceState,
  type StoreSnapshot,
  statusLabel,
} from "nosana-deployments";

/** React's `useSyncExternalStore` signature, without React. */
declare function useExternal<T>(subscribe: (onChange: () => void) => () => void, getSnapshot: () => T): T;

export async function usage(): Promise<string[]> {
  const client = new DeploymentsClient({ baseUrl: "http://127.0.0.1:3000" });
  const store = new DeploymentStore({ client, live: true, pollIntervalMs: 2000, listFilters: { limit: 20 } });
  const unsubscribe: () => void = store.subscribe(() => {});
  const snapshot: StoreSnapshot = store.getSnapshot();
  // Bound and stable: passed on detached, as `useSyncExternalStore(store.subscribe, store.getSnapshot)`.
  const { subscribe, getSnapshot } = store;
  const detached: StoreSnapshot = useExternal(subscribe, getSnapshot);
  // @ts-expect-error: read-only, the store's own functions
  store.subscribe = subscribe;
  const version: number = snapshot.version;
  const live: "off" | "connecting" | "open" | "polling" = snapshot.live;
  const ids: readonly string[] | undefined = snapshot.list.data;
  const state: ResourceState = snapshot.list.state;
  await store.loadList();
  const release: () => void = store.open("7Yq2hZJ3nE5mW8VZxXf6QKJ7c4fJ1dT9GmUoPr2sBQaL");
  const view: DeploymentView | undefined = snapshot.deployments.x;
  const status: DeploymentStatus | undefined = view?.deployment.data?.status;
  const actions: readonly DeploymentAction[] = view?.allowedActions ?? [];
  const optimistic: DeploymentStatus | undefined = view?.pending?.optimisticStatus;
  const error: ApiError | undefined = view?.lastError ?? view?.jobs.error;
  const jobState: string | undefined = view?.jobs.data?.[0]?.state;
  const eventType: string | undefined = view?.events.data?.[0]?.type;
  const revision: number | undefined = view?.revisions.data?.[0]?.revision;
  await store.perform("x", "start");
  await store.perform("x", "updateReplicaCount", { replicas: 2 });
  await store.perform("x", "rename", { name: "web" });
  // @ts-expect-error: the arguments follow the action
  await store.perform("x", "rename", { replicas: 2 });
  await store.refresh();
  await store.refresh("x");
  const now: number = store.serverNow() + snapshot.serverTimeOffsetMs;
  registerLocale("fr", { "status.RUNNING": "En cours" });
  const explained: { summary: string; advice: string; text: string } = explainError(error, { locale: "fr" });
  release();
  unsubscribe();
  store.dispose();
  return [
    statusLabel("INSUFFICIENT_FUNDS"),
    actionLabel("updateReplicaCount", "fr"),
    explained.text,
    String(version + now + (revision ?? 0) + detached.version),
    live,
    state,
    String(ids?.length),
    String(status),
    String(actions.length),
    String(optimistic),
    String(jobState),
    String(eventType),
  ];
}
