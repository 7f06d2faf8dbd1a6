// esbuild: the `file` loader copies the wasm into the output and gives its path, relative to the
// output directory; resolve it against this script. init() loads it.
import { init, validateJobDefinition } from "nosana-deployments/init";
import wasmPath from "nosana-deployments/nosana_deployments_bg.wasm";

const JOB = JSON.stringify({
  version: "0.1",
  type: "container",
  ops: [{ id: "web", type: "container/run", args: { image: "NGINX::bad", expose: 70000 } }],
});

// The worker gets its message right after construction, before any wasm has loaded.
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const fromWorker = new Promise((resolve) => {
  worker.onmessage = (event) => resolve(event.data);
});
worker.postMessage(JOB);

init(new URL(wasmPath, import.meta.url)).then(async () => {
  const page = validateJobDefinition(JOB);
  document.querySelector("#out").textContent = JSON.stringify(page, null, 2);
  window.recipe = { input: JOB, page, worker: await fromWorker };
});
