//! One document, the same issues in the same order, whatever the entry (Rust side). Every JSON
//! document of the corpus goes through `job::validate_text` (the caller's text), through the
//! pipeline as JSON written from a value (the text re-written compactly, as `JSON.stringify` does
//! for a JS object: no ranges), and nested in a deployment body (its `job_definition`): the issues,
//! their order, and (for texts) their ranges must agree. `tests/js/cross-entry.test.mjs` does the
//! same across the JS entries and the CLI.

// Test code: panics are how tests fail.
#![allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::PathBuf;

use nosana_deployments::diagnostics::{Issue, Position, Range, Report, ValidateOptions};
use nosana_deployments::source::{self, Origin};
use nosana_deployments::{deployment, job};

/// The corpus vendored in `tests/fixtures/corpus` (provenance: its `PROVENANCE.md`).
fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus"
    ))
}

/// The JSON documents of `dir`, by name.
fn json_documents(dir: &std::path::Path) -> Vec<(String, String)> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|err| {
        panic!(
            "no documents at {} ({err}): the vendored corpus is missing",
            dir.display()
        )
    });
    let mut docs: Vec<(String, String)> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    docs.sort();
    docs
}

/// Every JSON document of the corpus (it fails, not skips, without one), then the documents of
/// `tests/fixtures/cross-entry`: the corpus's few invalid documents have one or two issues each,
/// already in document order as the rules report them; these have many, in another order.
fn documents() -> Vec<(String, String)> {
    let corpus = json_documents(&corpus_dir());
    assert!(corpus.len() > 50, "only {} corpus documents", corpus.len());
    let fixtures = json_documents(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cross-entry"
    )));
    assert!(fixtures.len() >= 3, "the cross-entry fixtures are missing");
    corpus.into_iter().chain(fixtures).collect()
}

/// The text without whitespace outside strings: what `JSON.stringify(JSON.parse(text))` writes for
/// these documents (key order kept).
fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c == '"' {
            in_string = true;
        } else if c.is_whitespace() {
            continue;
        }
        out.push(c);
    }
    out
}

/// What an issue says, without where it is in one particular text.
fn said(issue: &Issue) -> (String, String, String, Option<String>) {
    let severity = format!("{:?}", issue.severity);
    (
        issue.code.to_owned(),
        severity,
        format!("{} {}", issue.pointer, issue.message),
        issue.hint.clone(),
    )
}

fn said_all(report: &Report) -> Vec<(String, String, String, Option<String>)> {
    report.issues.iter().map(said).collect()
}

/// `range` moved right by `by` UTF-16 units on the first line (the prefix is one line).
fn shifted(range: Range, by: u32) -> Range {
    let shift = |p: Position| Position {
        line: p.line,
        column: if p.line == 1 { p.column + by } else { p.column },
        offset: p.offset + by,
    };
    Range {
        start: shift(range.start),
        end: shift(range.end),
    }
}

const BODY_PREFIX: &str = r#"{"name":"cross-entry","market":"nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7","replicas":1,"timeout":60,"strategy":"SIMPLE","confidential":false,"job_definition":"#;

#[test]
fn every_document_gets_the_same_issues_in_the_same_order_from_every_rust_entry() {
    let mut with_issues = 0;
    for (name, text) in documents() {
        for options in [
            ValidateOptions::default(),
            ValidateOptions { warnings: false },
        ] {
            let label = format!("{name} (warnings: {})", options.warnings);
            let rules = |value: nosana_deployments::json::Value<'_>| job::validate(value, options);
            let text_report = job::validate_text(&text, options);
            assert_eq!(
                text_report,
                source::validate(&text, Origin::Caller, rules),
                "{label}: job::validate_text is not the pipeline"
            );
            assert!(
                text_report.issues.iter().all(|i| i.range.is_some()),
                "{label}: an issue of the caller's text has no range"
            );
            if options.warnings && !text_report.issues.is_empty() {
                with_issues += 1;
            }

            // As JSON written from a value: same issues, same order, no ranges.
            let value_report = source::validate(&compact(&text), Origin::Value, rules);
            assert_eq!(
                said_all(&value_report),
                said_all(&text_report),
                "{label}: as a value"
            );
            assert!(
                value_report.issues.iter().all(|i| i.range.is_none()),
                "{label}"
            );

            // Nested in a deployment body: the job's issues, in the same order, at the same places.
            let body = format!("{BODY_PREFIX}{text}}}");
            let body_report = source::validate(&body, Origin::Caller, |value| {
                deployment::validate_create(value, options)
            });
            let prefix = BODY_PREFIX.encode_utf16().count() as u32;
            let nested: Vec<Issue> = body_report
                .issues
                .iter()
                .filter(|i| i.pointer.starts_with("/job_definition"))
                .map(|i| {
                    let mut issue = i.clone();
                    issue.path.remove(0);
                    issue.pointer = issue.pointer["/job_definition".len()..].to_owned();
                    issue
                })
                .collect();
            if text_report
                .issues
                .first()
                .is_some_and(|i| i.code == "invalidJson")
            {
                continue; // the body does not parse either: nothing nested to compare
            }
            let expected: Vec<(_, Option<Range>)> = text_report
                .issues
                .iter()
                .map(|i| (said(i), i.range.map(|r| shifted(r, prefix))))
                .collect();
            let got: Vec<(_, Option<Range>)> = nested.iter().map(|i| (said(i), i.range)).collect();
            assert_eq!(got, expected, "{label}: nested in a deployment body");
        }
    }
    // The corpus has documents with issues: the orders compared were not all empty.
    assert!(
        with_issues > 5,
        "only {with_issues} corpus documents have issues"
    );
}
