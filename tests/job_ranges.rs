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

    // A missing member points at the enclosing object: `{}` of the second op's args.
    let missing = find(issues, "missingField", "/ops/1/args");
    let range = missing.range.unwrap();
    assert_eq!(range.start, js_position(DOC, "{}", 0));
    assert_eq!(range.end.offset, range.start.offset + 2);
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
