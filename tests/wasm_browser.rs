//! wasm-bindgen tests of the JS surface, in headless Chromium.
#![cfg(target_arch = "wasm32")]
// Test code: a failed unwrap is a failed test. (wasm_bindgen_test functions are not #[test], so
// clippy.toml's allow-*-in-tests does not reach them.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "wasm/shared.rs"]
mod shared;
