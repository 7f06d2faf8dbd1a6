use super::*;
use crate::diagnostics::Rule;
use crate::json::Value;
use crate::path;

const R: Rule = crate::job::rules::MISSING_FIELD;

fn pos(line: u32, column: u32, offset: u32) -> Position {
    Position {
        line,
        column,
        offset,
    }
}

fn range_of(text: &str, issue: Issue) -> Range {
    let mut issues = [issue];
    attach_ranges(&parse(text).unwrap(), &mut issues);
    issues[0].range.expect("range attached")
}

/// UTF-16 offsets computed independently, the way JS does: `text.slice(0, i).length`.
fn js_offset(text: &str, needle: &str) -> u32 {
    let byte = text.find(needle).unwrap();
    text[..byte].encode_utf16().count() as u32
}

#[test]
fn parses_like_json_parse_duplicate_keys_last_wins() {
    let doc = parse(r#"{"a": 1, "a": 2}"#).unwrap();
    assert_eq!(doc.root().get("a").and_then(Value::as_f64), Some(2.0));
}

#[test]
fn bom_is_an_error_at_1_1() {
    let issue = parse("\u{FEFF}{}").unwrap_err();
    assert_eq!(issue.code, "invalidJson");
    let range = issue.range.unwrap();
    assert_eq!(range.start, pos(1, 1, 0));
    assert_eq!(range.end, pos(1, 2, 1));
}

#[test]
fn invalid_json_position_counts_utf16_after_emoji() {
    // Line 2: `  "e": "😀😀", x` → the error is at `x`.
    let text = "{\n  \"e\": \"😀😀\", x\n}";
    let issue = parse(text).unwrap_err();
    assert_eq!(issue.code, "invalidJson");
    let range = issue.range.unwrap();
    let offset = js_offset(text, "x");
    // Column: 2 spaces + `"e": "` (6) + 2 emoji (4 units) + `", ` (3) → x is unit 15, column 16.
    assert_eq!(range.start, pos(2, 16, offset));
    assert_eq!(range.end.offset, offset + 1);
}

#[test]
fn invalid_json_at_end_of_text() {
    let issue = parse("{\"a\": [1, 2").unwrap_err();
    assert_eq!(issue.code, "invalidJson");
    let range = issue.range.unwrap();
    assert_eq!(range.start.line, 1);
    assert!(range.start.offset <= 11);
}

#[test]
fn nesting_beyond_limit_is_its_own_issue() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let issue = parse(&deep).unwrap_err();
    assert_eq!(issue.code, "nestingTooDeep");
    assert!(issue.range.is_some());
    let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(parse(&ok).is_ok());
}

#[test]
fn value_and_key_anchors_after_cjk_and_emoji() {
    let text =
        "{\n  \"名前\": \"日本語🎉\",\n  \"ops\": [\n    {\"id\": \"a\", \"bad\": true}\n  ]\n}";
    // Value anchor of /ops/0/id → `"a"`.
    let r = range_of(text, Issue::new(&R, path!["ops", 0, "id"], "m"));
    let at = js_offset(text, "\"a\"");
    assert_eq!(r.start, pos(4, 12, at));
    assert_eq!(r.end, pos(4, 15, at + 3));
    // Key anchor of /ops/0/bad → `"bad"`.
    let r = range_of(text, Issue::new(&R, path!["ops", 0, "bad"], "m").at_key());
    let at = js_offset(text, "\"bad\"");
    assert_eq!(r.start, pos(4, 17, at));
    assert_eq!(r.end.offset, at + 5);
    // Value anchor of the same member → `true`.
    let r = range_of(text, Issue::new(&R, path!["ops", 0, "bad"], "m"));
    assert_eq!(r.start.offset, js_offset(text, "true"));
    assert_eq!(r.end.offset, js_offset(text, "true") + 4);
    // The string with emoji: `"日本語🎉"` is 1 + 3 + 2 + 1 = 7 units.
    let r = range_of(text, Issue::new(&R, path!["名前"], "m"));
    assert_eq!(r.start, pos(2, 9, js_offset(text, "\"日本語")));
    assert_eq!(r.end.offset - r.start.offset, 7);
}

#[test]
fn containers_span_brackets_and_missing_members_point_at_the_object() {
    let text = "{\"ops\": [ {\"id\": \"a\"} ]}";
    let r = range_of(text, Issue::new(&R, path!["ops", 0], "image is required"));
    assert_eq!(r.start.offset, 10);
    assert_eq!(r.end.offset, 21);
    let r = range_of(text, Issue::new(&R, path![], "root"));
    assert_eq!((r.start.offset, r.end.offset), (0, 24));
}

#[test]
fn duplicate_keys_point_at_the_last_occurrence() {
    let text = "{\"a\": 1,\n \"a\": 2}";
    let r = range_of(text, Issue::new(&R, path!["a"], "m"));
    assert_eq!(r.start, pos(2, 7, 15));
}

#[test]
fn escaped_keys_and_crlf_lines() {
    let text = "{\r\n\"a\\u0062\": [10,\r\n 20]}";
    let r = range_of(text, Issue::new(&R, path!["ab", 1], "m"));
    assert_eq!(r.start, pos(3, 2, js_offset(text, "20")));
    let r = range_of(text, Issue::new(&R, path!["ab"], "m").at_key());
    assert_eq!(r.start, pos(2, 1, 3));
}

#[test]
fn unknown_paths_fall_back_to_the_nearest_ancestor() {
    // An index beyond the array, and a key inside a number: the nearest ancestor that exists.
    let text = "{\"a\": {\"b\": [1]}}";
    let r = range_of(text, Issue::new(&R, path!["a", "b", 3], "m"));
    assert_eq!((r.start.offset, r.end.offset), (12, 15));
    let r = range_of(text, Issue::new(&R, path!["a", "b", 0, "c"], "m"));
    assert_eq!((r.start.offset, r.end.offset), (13, 14));
}

#[test]
fn missing_members_point_at_their_objects_key() {
    let text = "{\"ops\": [{\"args\": {\"cmd\": \"x\"}}]}";
    let key = js_offset(text, "\"args\"");
    for path in [
        path!["ops", 0, "args", "image"],
        path!["ops", 0, "args", "image", "x"],
    ] {
        let r = range_of(text, Issue::new(&R, path, "m"));
        assert_eq!((r.start.offset, r.end.offset), (key, key + 6), "{text}");
    }
    let r = range_of(
        text,
        Issue::new(&R, path!["ops", 0, "args", "image"], "m").at_key(),
    );
    assert_eq!((r.start.offset, r.end.offset), (key, key + 6));
}

#[test]
fn missing_members_of_keyless_objects_point_at_the_opening_brace() {
    let text = "{\"ops\": [ {\"id\": \"a\"} ]}";
    let brace = js_offset(text, "{\"id\"");
    let r = range_of(text, Issue::new(&R, path!["ops", 0, "args"], "m"));
    assert_eq!((r.start.offset, r.end.offset), (brace, brace + 1));
    let r = range_of(text, Issue::new(&R, path!["type"], "m"));
    assert_eq!((r.start.offset, r.end.offset), (0, 1));
}

#[test]
fn many_issues_one_pass() {
    let mut text = String::from("{");
    for i in 0..2000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("\"k{i}\": {i}"));
    }
    text.push('}');
    let mut issues: Vec<Issue> = (0..2000)
        .map(|i| Issue::new(&R, path![format!("k{i}")], "m").at_key())
        .collect();
    attach_ranges(&parse(&text).unwrap(), &mut issues);
    for (i, issue) in issues.iter().enumerate() {
        let needle = format!("\"k{i}\":");
        assert_eq!(issue.range.unwrap().start.offset, js_offset(&text, &needle));
    }
}

#[test]
fn issues_with_ranges_are_left_alone() {
    let text = "{}";
    let mut issue = Issue::new(&R, path!["x"], "m");
    let preset = Range {
        start: pos(9, 9, 9),
        end: pos(9, 9, 9),
    };
    issue.range = Some(preset);
    let mut issues = [issue];
    attach_ranges(&parse(text).unwrap(), &mut issues);
    assert_eq!(issues[0].range, Some(preset));
}

/// Rules that report in an order other than the document's: the pipeline puts them in document order.
fn backwards(value: Value<'_>) -> Vec<Issue> {
    let mut issues: Vec<Issue> = value
        .as_object()
        .map(|o| {
            o.keys()
                .map(|key| Issue::new(&R, path![key], format!("at {key}")))
                .collect()
        })
        .unwrap_or_default();
    issues.reverse();
    // Two issues at one place keep the order the rules gave them.
    issues.push(Issue::new(&R, path!["b"], "second at b"));
    issues
}

fn messages(report: &crate::diagnostics::Report) -> Vec<&str> {
    report.issues.iter().map(|i| i.message.as_str()).collect()
}

#[test]
fn the_pipeline_lists_issues_in_document_order_with_ranges_for_the_callers_text() {
    let text = "{\"a\": 1,\n \"b\": 2, \"c\": 3}";
    let report = validate(text, Origin::Caller, backwards);
    assert_eq!(messages(&report), ["at a", "at b", "second at b", "at c"]);
    let starts: Vec<u32> = report
        .issues
        .iter()
        .map(|i| i.range.unwrap().start.offset)
        .collect();
    let at = |needle| js_offset(text, needle);
    assert_eq!(starts, [at("1"), at("2"), at("2"), at("3")]);
}

#[test]
fn json_made_from_a_value_is_ordered_the_same_and_gets_no_ranges() {
    let report = validate(r#"{"a":1,"b":2,"c":3}"#, Origin::Value, backwards);
    assert_eq!(messages(&report), ["at a", "at b", "second at b", "at c"]);
    assert!(report.issues.iter().all(|i| i.range.is_none()));
    let broken = validate("{", Origin::Value, backwards);
    assert_eq!(broken.issues[0].code, "invalidJson");
    assert_eq!(broken.issues[0].range, None);
    assert!(validate("{", Origin::Caller, backwards).issues[0]
        .range
        .is_some());
}

#[test]
fn a_refused_document_has_a_range_only_in_the_callers_text() {
    let caller = refuse_too_large(MAX_DOCUMENT_BYTES + 1, "UTF-16 code units", Origin::Caller);
    let value = refuse_too_large(MAX_DOCUMENT_BYTES + 1, "UTF-16 code units", Origin::Value);
    assert_eq!(caller.issues[0].code, "documentTooLarge");
    assert!(caller.issues[0].range.is_some());
    assert_eq!(value.issues[0].range, None);
    assert!(!caller.success && !value.success);
}
