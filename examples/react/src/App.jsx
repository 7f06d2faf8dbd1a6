// The dashboard: the store's snapshot through useSyncExternalStore, a list, a detail and a form.
import { statusLabel } from "nosana-deployments";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { CreateForm } from "./CreateForm.jsx";
import { Detail } from "./Detail.jsx";
import { Loaded } from "./Loaded.jsx";

export function App({ client, store }) {
  // The store's methods are not bound: a stable subscribe, or React resubscribes on every render.
  const subscribe = useCallback((listener) => store.subscribe(listener), [store]);
  const snap = useSyncExternalStore(subscribe, () => store.getSnapshot());
  const [selected, setSelected] = useState();
  useEffect(() => void store.loadList().catch(() => {}), [store]);
  const label = (id) => {
    const d = snap.deployments[id]?.deployment.data;
    return d ? `${d.name} — ${statusLabel(d.status)}` : id;
  };
  return (
    <main>
      <h1>Deployments</h1>
      <p>Live updates: {snap.live}</p>
      <section aria-labelledby="list-title">
        <h2 id="list-title">Your deployments</h2>
        <button type="button" onClick={() => store.refresh().catch(() => {})}>
          Refresh
        </button>
        <Loaded resource={snap.list} what="list" retry={() => store.loadList()}>
          {(ids) =>
            ids.length === 0 ? (
              <p>No deployments yet: create one below.</p>
            ) : (
              <ul aria-busy={snap.list.state === "refreshing"}>
                {ids.map((id) => (
                  <li key={id}>
                    <button type="button" aria-current={id === selected} onClick={() => setSelected(id)}>
                      {label(id)}
                    </button>
                  </li>
                ))}
              </ul>
            )
          }
        </Loaded>
      </section>
      {selected && <Detail key={selected} store={store} view={snap.deployments[selected]} id={selected} />}
      <CreateForm client={client} store={store} onCreated={setSelected} />
    </main>
  );
}
