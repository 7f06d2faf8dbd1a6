// Type-checked by tests/js/init-entry.test.mjs under every moduleResolution mode: the init entries'
// declarations give init/initSync (named and default) next to the module's own exports.
import { DeploymentsClient, init, initSync, validateJobDefinition } from "nosana-deployments/init";
import initJob, { type InitInput, validateJobDefinition as validateJob } from "nosana-deployments/job/init";
import initEditor, { hoverAt, validateJobDefinition as validateInEditor } from "nosana-deployments/editor/init";

const input: InitInput = new URL("https://example.com/job.wasm");
await init(input);
await init();
initSync(new Uint8Array(8));
await initJob(fetch("https://example.com/job.wasm"));
await initEditor(new URL("https://example.com/editor.wasm"));
const ok: boolean =
  validateJobDefinition("{}").success && validateJob("{}").success && validateInEditor("{}").success;
const hover: string | undefined = hoverAt("{}", 0)?.contents;
const client: DeploymentsClient | undefined = ok ? undefined : undefined;
// @ts-expect-error init resolves to nothing, not to the raw wasm exports
const raw: WebAssembly.Exports = await init();
// @ts-expect-error the /job module has no deployment functions
import { validateDeployment } from "nosana-deployments/job/init";
// @ts-expect-error the language service moved to /editor: the /job module has no hoverAt
import { hoverAt as jobHover } from "nosana-deployments/job/init";
// @ts-expect-error the /editor module has no API client either
import { DeploymentsClient as EditorClient } from "nosana-deployments/editor/init";
export { client, EditorClient, hover, jobHover, raw, validateDeployment };
