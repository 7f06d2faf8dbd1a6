// Creates a small deployment with the client, then reloads the store's list and selects it.
import { useState } from "react";
import { createBody } from "./connect.js";
import { Alert } from "./Loaded.jsx";

export function CreateForm({ client, store, onCreated }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState();
  async function submit(event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const created = await client.create(createBody(form.get("name"), form.get("image")));
      onCreated(created.id);
      await store.loadList();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">New deployment</h2>
      <label>
        Name <input name="name" required defaultValue="web" />
      </label>
      <label>
        Container image <input name="image" required defaultValue="nginx:1.27" />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create"}
      </button>
      {error && <Alert error={error} />}
    </form>
  );
}
