//! Validation, the status state machine and an HTTP client for Nosana Deployments.
//!
//! The core (`diagnostics`, `source`, `job`, `deployment`, `lang`, `api`) is pure Rust and builds
//! and tests natively (the API client over transport, clock and signer traits); `wasm` is the only
//! module that speaks to JavaScript.

pub mod api;
pub mod deployment;
pub mod diagnostics;
pub mod job;
pub mod json;
pub mod lang;
pub mod source;
pub mod store;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
// The wasm surface's JSON writer is plain Rust: natively it is built for its test, which holds it
// to what serde_json writes for the same types.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[allow(dead_code)]
#[path = "wasm/report_json.rs"]
mod report_json;

use diagnostics::Rule;

/// Every rule this library reports, job definition rules first.
pub fn all_rules() -> impl Iterator<Item = &'static Rule> {
    job::RULES.iter().chain(deployment::RULES.iter())
}

/// The crate version, as published on npm.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    #[test]
    fn rule_codes_are_unique_across_the_library() {
        let mut seen = BTreeSet::new();
        for rule in super::all_rules() {
            assert!(seen.insert(rule.code), "duplicate rule code {}", rule.code);
        }
    }
}
