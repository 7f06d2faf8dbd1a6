// A module worker on the init entry: the handler is installed at once, and waits for init inside,
// so no message sent before the wasm has loaded is lost.
import { init, validateJobDefinition } from "nosana-deployments/job/init";

const ready = init(new URL("nosana-deployments/job.wasm", import.meta.url));
self.onmessage = async (event) => {
  await ready;
  self.postMessage(validateJobDefinition(event.data));
};
