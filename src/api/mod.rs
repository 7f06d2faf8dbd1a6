//! The Deployments HTTP client: endpoints, auth, errors, pagination, watch.
//!
//! Request building, response parsing, error mapping, retry decisions and SSE frame parsing are
//! pure and tested natively; only `http.rs` (the transport) is wasm-only, and only it touches
//! gloo-net (barely maintained: keep it swappable). `src/wasm/client.rs` wires these together for
//! JavaScript.

pub mod auth;
pub mod config;
pub mod error;
pub mod guards;
#[cfg(target_arch = "wasm32")]
pub mod http;
pub mod pagination;
pub mod read;
pub mod request;
pub mod retry;
pub mod sse;
