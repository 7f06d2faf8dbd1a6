// One deployment: its status (announced), the actions the state machine allows as buttons, and
// the server's explained error when an action was rolled back.
import { actionLabel, statusLabel } from "nosana-deployments";
import { useEffect } from "react";
import { Alert, Loaded } from "./Loaded.jsx";

const SHOWN = ["start", "stop", "archive"];

export function Detail({ store, view, id }) {
  useEffect(() => store.open(id), [store, id]);
  const act = (action) => {
    if (action === "archive" && !confirm("Archive this deployment? It cannot be started again.")) return;
    store.perform(id, action).catch(() => {}); // the store keeps the error in view.lastError
  };
  return (
    <section aria-labelledby="detail-title">
      <h2 id="detail-title">Deployment {id.slice(0, 8)}…</h2>
      <Loaded resource={view?.deployment} what="deployment" retry={() => store.refresh(id)}>
        {(d) => (
          <>
            <p role="status">
              {d.name}: {statusLabel(view.pending?.optimisticStatus ?? d.status)}
              {view.pending ? " (updating…)" : ""}
            </p>
            <p>Created {new Date(d.created_at).toLocaleString()}</p>
            <div className="row">
              {view.allowedActions
                .filter((a) => SHOWN.includes(a))
                .map((a) => (
                  <button key={a} type="button" disabled={!!view.pending} onClick={() => act(a)}>
                    {actionLabel(a)}
                  </button>
                ))}
            </div>
            {view.lastError && <Alert error={view.lastError} />}
          </>
        )}
      </Loaded>
    </section>
  );
}
