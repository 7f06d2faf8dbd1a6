"use client";
// Next.js: a client component. Importing the init entry loads nothing (it is safe during server
// rendering); the wasm loads in the browser when init() runs. `new URL(…, import.meta.url)` makes
// the bundler emit the wasm and the worker.
import { init, validateJobDefinition } from "nosana-deployments/init";
import { useEffect, useState } from "react";

const JOB = JSON.stringify({
  version: "0.1",
  type: "container",
  ops: [{ id: "web", type: "container/run", args: { image: "NGINX::bad", expose: 70000 } }],
});

export default function Validator() {
  const [report, setReport] = useState(null);
  useEffect(() => {
    // The worker gets its message right after construction, before any wasm has loaded.
    const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    const fromWorker = new Promise((resolve) => {
      worker.onmessage = (event) => resolve(event.data);
    });
    worker.postMessage(JOB);
    init(new URL("nosana-deployments/nosana_deployments_bg.wasm", import.meta.url)).then(async () => {
      const page = validateJobDefinition(JOB);
      setReport(page);
      window.recipe = { input: JOB, page, worker: await fromWorker };
    });
    return () => worker.terminate();
  }, []);
  return <pre id="out">{report ? JSON.stringify(report, null, 2) : "validating…"}</pre>;
}
