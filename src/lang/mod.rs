//! The language service for editors: quick fixes as text edits, completion and hover at a cursor,
//! and JSON Schemas, all from one model of the formats ([`model`]). Pure Rust; `src/wasm/lang.rs`
//! only converts. See docs/language-service.md.

pub mod complete;
pub mod fix;
pub mod hover;
pub mod json_out;
pub mod model;
pub mod scan;
pub mod schema;

pub use complete::{completions_at, Completion, CompletionKind};
pub use fix::{apply_edits, apply_fixes, attach_fixes, EditAt};
pub use hover::{hover_at, Hover};
pub use schema::{deployment_schema, job_definition_schema};

use crate::diagnostics::{PathSegment, Report, ValidateOptions};
use model::Node;
use scan::Scan;

/// Which format a document is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    JobDefinition,
    /// A create-deployment body (its job definition under `job_definition`).
    Deployment,
}

/// Top-level keys only a deployment body has.
const DEPLOYMENT_KEYS: &[&str] = &[
    "job_definition",
    "market",
    "replicas",
    "strategy",
    "vault",
    "idempotency_key",
    "requirements",
    "ssh_public_keys",
    "startup_timeout",
];

impl DocKind {
    /// A deployment body when the top level has a deployment-only key (`job_definition`,
    /// `market`, …) and no `ops`; a job definition otherwise.
    pub fn detect(scan: &Scan) -> Self {
        let keys = scan.keys_of(&[]);
        if !keys.contains(&"ops") && keys.iter().any(|k| DEPLOYMENT_KEYS.contains(k)) {
            Self::Deployment
        } else {
            Self::JobDefinition
        }
    }

    pub fn root(self) -> &'static Node {
        match self {
            Self::JobDefinition => &model::JOB_DEFINITION,
            Self::Deployment => &model::DEPLOYMENT,
        }
    }

    /// Where the job definition sits in the document.
    pub fn job_prefix(self) -> &'static [PathSegment] {
        static JOB: [PathSegment; 0] = [];
        match self {
            Self::JobDefinition => &JOB,
            Self::Deployment => JOB_DEFINITION_PREFIX.as_slice(),
        }
    }
}

static JOB_DEFINITION_PREFIX: std::sync::LazyLock<Vec<PathSegment>> =
    std::sync::LazyLock::new(|| vec![PathSegment::from("job_definition")]);

/// Validates job definition text (as [`crate::job::validate_text`]) and attaches quick fixes.
pub fn validate_job_text(text: &str, options: ValidateOptions) -> Report {
    let mut report = crate::job::validate_text(text, options);
    attach_fixes(text, &model::JOB_DEFINITION, &mut report.issues);
    report
}

/// Validates a create-deployment body's text and attaches quick fixes.
pub fn validate_deployment_text(text: &str, options: ValidateOptions) -> Report {
    let mut report = crate::source::validate(text, crate::source::Origin::Caller, |value| {
        crate::deployment::validate_create(value, options)
    });
    attach_fixes(text, &model::DEPLOYMENT, &mut report.issues);
    report
}
