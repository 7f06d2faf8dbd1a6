//! The JavaScript surface: argument conversion, JS errors and the `.d.ts`. No rule lives here.

// Feature `full` (default): the API client and the deployment functions. Without it the module exports
// only the job-definition validator: the smaller wasm of the `nosana-deployments/job` entry.
#[cfg(feature = "full")]
mod async_iter;
// Some readers (arrays, numbers) serve only the language service's `applyFixes`.
#[cfg_attr(not(feature = "editor"), allow(dead_code))]
mod caller_values;
#[cfg(feature = "full")]
pub mod client;
#[cfg(feature = "full")]
mod client_args;
#[cfg(feature = "full")]
mod client_errors;
#[cfg(feature = "full")]
mod clock;
mod convert;
#[cfg(feature = "full")]
pub mod deployment;
pub(crate) mod errors;
pub mod job;
// Feature `editor` (in `full` too): the language service's exports, applyFixes included (4.8 KB of
// gzipped wasm that a validate-only page does not need; docs/benchmarks.md, "Where the bytes go").
#[cfg(feature = "editor")]
pub mod lang;
mod report_json;
#[cfg(feature = "full")]
mod serde_convert;
mod standard_schema;
#[cfg(feature = "full")]
pub mod store;
#[cfg(feature = "full")]
mod transport;
#[cfg(feature = "full")]
mod wallet;

use wasm_bindgen::prelude::*;

// The `.d.ts` is written by hand (with JSDoc) so the JS surface reads as designed, not as generated.
#[wasm_bindgen(typescript_custom_section)]
const TS_DIAGNOSTICS: &str = include_str!("ts/diagnostics.d.ts");
#[wasm_bindgen(typescript_custom_section)]
const TS_JOB: &str = include_str!("ts/job.d.ts");
#[cfg(feature = "editor")]
#[wasm_bindgen(typescript_custom_section)]
const TS_LANG: &str = include_str!("ts/lang.d.ts");
#[cfg(feature = "full")]
#[wasm_bindgen(typescript_custom_section)]
const TS_DEPLOYMENT: &str = include_str!("ts/deployment.d.ts");
#[cfg(feature = "full")]
#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &str = include_str!("ts/client.d.ts");
#[cfg(feature = "full")]
#[wasm_bindgen(typescript_custom_section)]
const TS_STORE: &str = include_str!("ts/store.d.ts");
// Node builds only: the browser build refuses `secretKey`, so its `.d.ts` does not offer it.
#[cfg(all(feature = "full", feature = "secret-key"))]
#[wasm_bindgen(typescript_custom_section)]
const TS_SECRET_KEY: &str = include_str!("ts/secret_key.d.ts");

#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    crate::VERSION.to_owned()
}
