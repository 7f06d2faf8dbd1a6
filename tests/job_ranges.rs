//! `validate_text`: issues carry source ranges in UTF-16 units, at values or keys.

// Test code: panics are how tests fail.
#![allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]

use nosana_deployments::diagnostics::{Issue, Position, ValidateOptions};
use nosana_deployments::job;

/// `text.slice(0, i).length` in JS for the byte index of `needle` (the `nth` occurrence).
fn js_offset(text: &str, needle: &str, nth: usize) -> u32 {
    let byte = text.match_indices(needle).nth(nth).unwrap().0;
    text[..byte].encode_utf16().count() as u32
}

fn js_position(text: &str, needle: &str, nth: usize) -> Position {
    let offset = js_offset(text, needle, nth);
    let byte = text.match_indices(needle).nth(nth).unwrap().0;
    let before = &text[..byte];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].encode_utf16().count() as u32 + 1;
    Position {
        line,
        column,
        offset,
    }
}

fn find<'r>(issues: &'r [Issue], code: &str, pointer: &str) -> &'r Issue {
    issues
        .iter()
        .find(|i| i.code == code && i.pointer == pointer)
        .unwrap_or_else(|| panic!("no {code} at {pointer}: {issues:#?}"))
}

const DOC: &str = r#"{
  "version": "0.1",
  "type": "container",
  "meta": {"trigger": "😀 ダッシュボード 🚀", "note": "中文说明"},
  "ops": [
    {
      "id": "写真",
      "type": "container/run",
      "args": {
        "image": "Ubuntu",
        "cmd": ["echo", "🎉 %%ops.nope.host%%"],
        "bogus": 1
      }
    },
    {"id": "v", "type": "container/create-volume", "args": {}}
  ]
}"#;

#[test]
fn ranges_after_emoji_and_cjk() {
    let report = job::validate_text(DOC, ValidateOptions::default());
    assert!(!report.success);
    let issues = &report.issues;
    assert!(issues.iter().all(|i| i.range.is_some()), "{issues:#?}");

    // Value anchor: the image string, after CJK and emoji on earlier lines.
    let image = find(issues, "invalidImageReference", "/ops/0/args/image");
    let range = image.range.unwrap();
    assert_eq!(range.start, js_position(DOC, "\"Ubuntu\"", 0));
    assert_eq!(range.end.offset, range.start.offset + 8);

    // A literal inside an array element after an emoji on the same line.
    let lit = find(issues, "literalUnknownOp", "/ops/0/args/cmd/1");
    let range = lit.range.unwrap();
    assert_eq!(range.start, js_position(DOC, "\"🎉", 0));
    // `"🎉 %%ops.nope.host%%"`: quotes 2 + emoji 2 (a surrogate pair) + space 1 + literal 17 = 22 units.
    assert_eq!(range.end.offset - range.start.offset, 22);

    // Key anchor: the unknown key.
    let bogus = find(issues, "unknownKey", "/ops/0/args/bogus");
    let range = bogus.range.unwrap();
    assert_eq!(range.start, js_position(DOC, "\"bogus\"", 0));
    assert_eq!(range.end.offset, range.start.offset + 7);

    // A missing member is reported at its own path and points at its object's key: the
    // `"args"` of the second op, not the whole args object (docs/job-rules.md, "Ranges").
    let missing = find(issues, "missingField", "/ops/1/args/name");
    let range = missing.range.unwrap();
    assert_eq!(range.start, js_position(DOC, "\"args\"", 1));
    assert_eq!(range.end.offset, range.start.offset + 6);
}

#[test]
fn missing_members_of_keyless_objects_point_at_the_opening_brace() {
    // An op (an array element) without args, and a document without "type": no key to point at,
    // so the object's opening brace, one character.
    let text = "{\n  \"version\": \"0.1\",\n  \"ops\": [\n    {\"id\": \"a\", \"type\": \"container/run\"}\n  ]\n}";
    let report = job::validate_text(text, ValidateOptions::default());
    let issues = &report.issues;
    let args = find(issues, "missingField", "/ops/0/args").range.unwrap();
    assert_eq!(args.start, js_position(text, "{\"id\"", 0));
    assert_eq!(args.end.offset, args.start.offset + 1);
    let kind = find(issues, "missingField", "/type").range.unwrap();
    assert_eq!((kind.start.offset, kind.end.offset), (0, 1));
    assert_eq!((kind.start.line, kind.start.column), (1, 1));
}

#[test]
fn every_missing_rule_points_at_a_key_or_a_brace() {
    // Each "missing"/"required" rule of a job definition, nested in an object with a key: the
    // range is that key, never the object's whole span.
    let text = r#"{"version": "0.1", "type": "container", "ops": [{"id": "a", "type": "container/run", "args": {"cmd": "x", "expose": [{"port": 80, "health_checks": [{"type": "http", "path": "/", "method": "GET", "expected_status": 200}]}], "resources": [{"type": "S3", "target": "/a", "IAM": {"REGION": ""}}]}}]}"#;
    let report = job::validate_text(text, ValidateOptions::default());
    let checks = [
        ("missingField", "/ops/0/args/image", "\"args\""),
        (
            "missingField",
            "/ops/0/args/resources/0/IAM/ACCESS_KEY_ID",
            "\"IAM\"",
        ),
        (
            "missingField",
            "/ops/0/args/resources/0/IAM/SECRET_ACCESS_KEY",
            "\"IAM\"",
        ),
        (
            "healthCheckMissingContinuous",
            "/ops/0/args/expose/0/health_checks/0/continuous",
            "{\"type\": \"http\"",
        ),
    ];
    for (code, pointer, at) in checks {
        let range = find(&report.issues, code, pointer).range.unwrap();
        assert_eq!(range.start, js_position(text, at, 0), "{code} {pointer}");
        let len = if at.starts_with('{') {
            1
        } else {
            at.len() as u32
        };
        assert_eq!(
            range.end.offset - range.start.offset,
            len,
            "{code} {pointer}"
        );
    }
    assert!(report
        .issues
        .iter()
        .all(|i| i.code != "missingField" || i.pointer.split('/').count() > 1));
}

#[test]
fn invalid_json_has_a_position() {
    let text = "{\n  \"名\": \"😀\",\n  \"ops\": [1,,]\n}";
    let report = job::validate_text(text, ValidateOptions::default());
    assert_eq!(report.issues.len(), 1);
    let issue = &report.issues[0];
    assert_eq!(issue.code, "invalidJson");
    assert_eq!(issue.range.unwrap().start, js_position(text, ",]", 0));
}

#[test]
fn valid_text_has_no_issues() {
    let text = r#"{"version":"0.1","type":"container","ops":[{"id":"a","type":"container/run","args":{"image":"ubuntu"}}]}"#;
    let report = job::validate_text(text, ValidateOptions::default());
    assert!(report.success);
    assert!(report.issues.is_empty());
}

#[test]
fn issues_come_in_document_order() {
    let report = job::validate_text(DOC, ValidateOptions::default());
    let offsets: Vec<u32> = report
        .issues
        .iter()
        .map(|i| i.range.unwrap().start.offset)
        .collect();
    let mut sorted = offsets.clone();
    sorted.sort_unstable();
    assert_eq!(offsets, sorted);
    assert!(offsets.len() >= 4);
}
