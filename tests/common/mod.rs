//! Test helpers: the validators walk a parsed `json::Document`; tests build documents with
//! `serde_json::json!`, so these run them through the real parser first.
#![allow(dead_code, clippy::unwrap_used)]

use nosana_deployments::deployment::{self, Action};
use nosana_deployments::diagnostics::{Issue, ValidateOptions};
use nosana_deployments::job;
use nosana_deployments::json::{Document, Value};

/// Runs `f` on `value` as our parser reads its JSON text.
pub(crate) fn parsed<T>(value: &serde_json::Value, f: impl FnOnce(Value<'_>) -> T) -> T {
    let text = value.to_string();
    let doc = Document::parse(&text).unwrap();
    f(doc.root())
}

pub(crate) fn validate_job(value: &serde_json::Value, options: ValidateOptions) -> Vec<Issue> {
    parsed(value, |v| job::validate(v, options).into_vec())
}

pub(crate) fn validate_create(value: &serde_json::Value, options: ValidateOptions) -> Vec<Issue> {
    parsed(value, |v| {
        deployment::validate_create(v, options).into_vec()
    })
}

pub(crate) fn validate_update(
    action: Action,
    value: &serde_json::Value,
    options: ValidateOptions,
) -> Vec<Issue> {
    parsed(value, |v| {
        deployment::validate_update(action, v, options).into_vec()
    })
}
