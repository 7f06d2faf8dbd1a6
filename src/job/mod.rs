//! Job definitions: the model, structural rules (what Nosana's validator checks), semantic rules
//! (what the node or the service fails on later) and literals.

pub mod rules;

use serde_json::Value;

use crate::diagnostics::{Issue, Report, ValidateOptions};

pub use rules::RULES;

/// Validates a job definition value. (Stub.)
pub fn validate(_value: &Value, _options: ValidateOptions) -> Vec<Issue> {
    Vec::new()
}

/// Validates job definition text: parse errors, rule issues, and source ranges for each.
pub fn validate_text(text: &str, options: ValidateOptions) -> Report {
    let mut issues = match crate::source::parse(text) {
        Ok(value) => validate(&value, options),
        Err(issue) => vec![*issue],
    };
    if !issues.is_empty() {
        crate::source::attach_ranges(text, &mut issues);
    }
    Report::new(issues)
}
