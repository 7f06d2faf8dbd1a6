//! Every job definition rule: one code, one severity, one description. (Stub table.)

use crate::diagnostics::{Rule, Severity};

pub const INVALID_JSON: Rule = Rule {
    code: "invalidJson",
    severity: Severity::Error,
    description: "The text is not valid JSON",
};

pub static RULES: &[Rule] = &[INVALID_JSON];
