// The dashboard: the store's snapshot through useSyncExternalStore, a list, a detail and a form.
import { statusLabel } from "nosana-deployments";
import { useEffect, useState, useSyncExternalStore } from "react";
import { CreateForm } from "./CreateForm.jsx";
import { Detail } from "./Detail.jsx";
import { Loaded } from "./Loaded.jsx";

export function App({ client, store }) {
  // Bound and stable (the same functions on every read): React subscribes once.
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
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
