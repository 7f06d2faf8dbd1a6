//! The Deployments HTTP client: endpoints, auth, errors, pagination, watch.
//! Request building, response parsing, error mapping and SSE frame parsing are pure and tested
//! natively; only `http.rs` (the transport) is wasm-only.
