// A module worker on the init entry: the handler is installed at once, and waits for init inside,
// so no message sent before the wasm has loaded is lost. (Import maps do not reach workers: the
// path is spelled out.)
import { init, validateJobDefinition } from "./node_modules/nosana-deployments/js/job-init.mjs";

const ready = init();
self.onmessage = async (event) => {
  await ready;
  self.postMessage(validateJobDefinition(event.data));
};
