// The init entries (no top-level await) resolve under every moduleResolution, node10 included.
import jobInit, { validateJobDefinition as validateJob } from "nosana-deployments/job/init";
import init, { initSync, validateJobDefinition } from "nosana-deployments/init";

export async function start(bytes: Uint8Array): Promise<boolean> {
  await init();
  await jobInit();
  initSync(bytes);
  return validateJobDefinition("{}").success && validateJob({ version: "0.1", type: "container", ops: [] }).success;
}
