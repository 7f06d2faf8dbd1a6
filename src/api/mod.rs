//! The Deployments API client: endpoints, auth, errors, retries, waiting, watching, paging.
//!
//! All of it is pure Rust, tested natively: the host supplies a [`transport::Transport`] (the
//! network), a [`clock::Clock`] and, for wallets, a [`signing::Signer`]; tests supply scripted
//! fakes. `src/wasm/client.rs` and its adapters (`fetch` through gloo-net, `setTimeout`, the JS
//! wallet) expose [`client::Client`] to JavaScript.

pub mod auth;
pub mod cancel;
pub mod client;
pub mod clock;
pub mod config;
pub mod credentials;
pub mod deadline;
pub mod error;
pub mod events;
pub mod guards;
pub mod header_check;
pub mod idempotency;
pub mod known_status;
pub mod method;
pub mod options;
pub mod pagination;
pub mod random;
pub mod read;
pub mod request;
pub mod retry;
pub mod service_routes;
pub mod signing;
pub mod sse;
pub mod transport;
pub mod wait;
pub mod watch;
