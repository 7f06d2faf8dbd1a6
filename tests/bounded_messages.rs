//! Messages and hints that echo the caller's text (keys, names, values) are bounded (issue 19):
//! a 1 MB key must not make a 1 MB message. Each quoted echo keeps its start and `…`.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use nosana_deployments::diagnostics::{Issue, ValidateOptions, MAX_MESSAGE_CHARS};
use nosana_deployments::{deployment, job, json::Document};

const OPTS: ValidateOptions = ValidateOptions { warnings: true };
const HEAD: &str = r#"{"version":"0.1","type":"container","ops":[{"type":"container/run","id":"run","args":{"image":"ubuntu""#;

fn job_issues(text: &str) -> Vec<Issue> {
    let doc = Document::parse(text).unwrap();
    job::validate(doc.root(), OPTS).into_vec()
}

fn assert_bounded(issue: &Issue, starts_with: &str) {
    assert!(
        issue.message.chars().count() <= MAX_MESSAGE_CHARS,
        "{}",
        issue.message.len()
    );
    assert!(
        issue.message.starts_with(starts_with),
        "{}",
        &issue.message[..120]
    );
    assert!(issue.message.contains('…'), "{}", issue.message);
    if let Some(hint) = &issue.hint {
        assert!(
            hint.chars().count() <= MAX_MESSAGE_CHARS,
            "hint of {} chars",
            hint.len()
        );
    }
}

#[test]
fn a_megabyte_unknown_key_gives_a_short_message() {
    let key = "k".repeat(1 << 20);
    let issues = job_issues(&format!("{HEAD}}}}}],\"{key}\":1}}"));
    let issue = issues.iter().find(|i| i.code == "unknownKey").unwrap();
    assert_bounded(issue, &format!("\"{}", "k".repeat(80)));
    // The path keeps the whole key: it is data, not prose.
    assert_eq!(issue.pointer.len(), 1 + key.len());
}

#[test]
fn a_megabyte_unknown_deployment_field_gives_a_short_message() {
    let key = "x".repeat(1 << 20);
    let text = format!("{{\"{key}\":1}}");
    let doc = Document::parse(&text).unwrap();
    let issues = deployment::validate_create(doc.root(), OPTS).into_vec();
    let issue = issues.iter().find(|i| i.code == "unknownField").unwrap();
    assert_bounded(issue, &format!("\"{}…\"", "x".repeat(80)));
}

#[test]
fn a_megabyte_value_echoed_in_a_message_and_its_hint_is_cut() {
    // A port written as a (huge) string: the message and the hint both echo it.
    let port = "9".repeat(1 << 20);
    let text = format!(
        r#"{{"version":"0.1","type":"container","ops":[{{"type":"container/run","id":"run","args":{{"image":"ubuntu","expose":"{port}"}}}}]}}"#
    );
    let issues = job_issues(&text);
    assert!(!issues.is_empty());
    for issue in &issues {
        assert!(
            issue.message.chars().count() <= MAX_MESSAGE_CHARS,
            "{}: {} chars",
            issue.code,
            issue.message.len()
        );
        if let Some(hint) = &issue.hint {
            assert!(
                hint.chars().count() <= MAX_MESSAGE_CHARS,
                "{}: hint of {} chars",
                issue.code,
                hint.len()
            );
        }
    }
}

#[test]
fn short_messages_are_untouched() {
    let issues = job_issues(&format!("{HEAD}}}}}],\"imagee\":1}}"));
    let issue = issues.iter().find(|i| i.code == "unknownKey").unwrap();
    assert!(
        issue.message.starts_with("\"imagee\" is not a field of"),
        "{}",
        issue.message
    );
    assert!(!issue.message.contains('…'));
}
