//! The model (`src/lang/model`) against the validators: at every object of a representative job
//! definition, the keys the model allows are exactly the keys the validator's `unknownKey` hint
//! lists (or, for a record, the validator takes any key). Deployment bodies: every model field is
//! accepted, and fields the validator accepts must be in the model (checked for the fields the
//! deployment rules are growing: a new one fails this test until the model describes it).

// Helpers outside #[test] fns are not covered by clippy.toml's test allowances.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unwrap_used)]

mod lang_common;

use std::collections::BTreeSet;

use lang_common::DOC;
use nosana_deployments::diagnostics::{PathSegment, ValidateOptions};
use nosana_deployments::lang::model::{self, JsonKind, Ty};
use nosana_deployments::lang::scan::{scan, Role};

const PROBE: &str = "zzz_probe";

#[test]
fn representative_document_is_valid() {
    let report = nosana_deployments::job::validate_text(DOC, ValidateOptions::default());
    let errors: Vec<_> = report.issues.iter().filter(|i| i.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn model_keys_are_the_validators_at_every_object() {
    let scanned = scan(DOC, None);
    let mut checked = 0;
    for object in scanned
        .tokens
        .iter()
        .filter(|t| t.role == Role::Value && t.kind == JsonKind::Object)
    {
        let node = model::node_at(&model::JOB_DEFINITION, &object.path, |p| {
            scanned.shape_at(p)
        })
        .unwrap();
        let shape = scanned.shape_at(&object.path);
        let node = node.resolve(shape.as_ref());
        let empty = DOC[object.span.end..].trim_start().starts_with('}');
        let probe = if empty {
            format!("\"{PROBE}\": 1")
        } else {
            format!("\"{PROBE}\": 1, ")
        };
        let text = format!(
            "{}{probe}{}",
            &DOC[..object.span.end],
            &DOC[object.span.end..]
        );
        let report = nosana_deployments::job::validate_text(&text, ValidateOptions::default());
        let mut at = object.path.clone();
        at.push(PathSegment::from(PROBE));
        let issue = report
            .issues
            .iter()
            .find(|i| i.code == "unknownKey" && i.path == at);
        match &node.ty {
            Ty::Object { rest: Some(_), .. } => {
                assert!(
                    issue.is_none(),
                    "{:?}: a record in the model, but {issue:?}",
                    object.path
                );
            }
            Ty::Object { fields, rest: None } => {
                let issue = issue.unwrap_or_else(|| {
                    panic!(
                        "{:?}: closed in the model, but the validator took {PROBE}",
                        object.path
                    )
                });
                let hint = issue.hint.as_deref().unwrap();
                let listed: BTreeSet<&str> = hint
                    .trim_start_matches("Allowed keys: ")
                    .trim_end_matches('.')
                    .split(", ")
                    .collect();
                let ours: BTreeSet<&str> = fields.iter().map(|f| f.name).collect();
                assert_eq!(ours, listed, "{:?} ({})", object.path, node.title);
            }
            other => panic!(
                "{:?}: an object in the text, {other:?} in the model",
                object.path
            ),
        }
        checked += 1;
    }
    assert!(checked > 25, "only {checked} objects");
}

fn body(extra: &str) -> String {
    format!(
        r#"{{"name": "d", "market": "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr", "replicas": 1, "timeout": 60, "strategy": "SIMPLE", "confidential": true{extra}, "job_definition": {DOC}}}"#
    )
}

fn unknown_fields(text: &str) -> Vec<String> {
    nosana_deployments::lang::validate_deployment_text(text, ValidateOptions::default())
        .issues
        .into_iter()
        .filter(|i| i.code == "unknownField")
        .map(|i| i.pointer)
        .collect()
}

#[test]
fn deployment_model_fields_are_accepted() {
    let Ty::Object { fields, .. } = &model::DEPLOYMENT.ty else {
        panic!()
    };
    for field in fields.iter().filter(|f| !f.required) {
        let value = match field.node.ty {
            Ty::Boolean => "false",
            Ty::Number { .. } => "30",
            _ => "\"x\"",
        };
        let text = body(&format!(", \"{}\": {value}", field.name));
        assert!(
            unknown_fields(&text).is_empty(),
            "{}: {:?}",
            field.name,
            unknown_fields(&text)
        );
    }
    assert_eq!(
        unknown_fields(&body(&format!(", \"{PROBE}\": 1"))),
        [format!("/{PROBE}")]
    );
}

#[test]
fn fields_the_deployment_rules_accept_are_in_the_model() {
    // Fields announced for the create body (issue 20): once the validator accepts one, the model
    // (and so completion, hover and the schema) must describe it.
    let Ty::Object { fields, .. } = &model::DEPLOYMENT.ty else {
        panic!()
    };
    for name in [
        "ssh_public_keys",
        "startup_timeout",
        "idempotency_key",
        "requirements",
    ] {
        let accepted = unknown_fields(&body(&format!(", \"{name}\": null"))).is_empty();
        if accepted {
            assert!(
                fields.iter().any(|f| f.name == name),
                "the validator accepts `{name}`: add it to src/lang/model/deployment.rs"
            );
        }
    }
}
