// What every resource of the store looks like before it is ready: loading, failed (with what to
// do and a retry) or gone. `children` renders the data once there is some. Errors read as a sentence
// that says what happened and what to do (`explainError`).
import { explainError } from "nosana-deployments";

export function Loaded({ resource, what, retry, children }) {
  const { state, data, error } = resource ?? { state: "loading" };
  if (state === "gone") return <p role="status">This {what} no longer exists: it was deleted or archived elsewhere.</p>;
  if (state === "error")
    return (
      <Alert error={error}>
        <button type="button" onClick={() => retry().catch(() => {})}>
          Retry
        </button>
      </Alert>
    );
  return data ? children(data) : <p>Loading {what}…</p>;
}

export const Alert = ({ error, children }) => (
  <p role="alert" className="error">
    {explainError(error).text} {children}
  </p>
);
