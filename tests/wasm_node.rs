//! wasm-bindgen tests of the JS surface, in Node.
#![cfg(target_arch = "wasm32")]
// Test code: a failed unwrap is a failed test. (wasm_bindgen_test functions are not #[test], so
// clippy.toml's allow-*-in-tests does not reach them.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "wasm/shared.rs"]
mod shared;
