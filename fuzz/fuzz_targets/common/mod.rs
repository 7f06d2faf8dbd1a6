//! Invariants every fuzz target checks on what the library returns, beyond "it did not panic".
#![allow(dead_code)]

use nosana_deployments::diagnostics::{to_pointer, Issue, Report};
use serde_json::Value;

/// `success` is false exactly when an issue is an error.
pub fn check_report(report: &Report) {
    assert_eq!(
        report.success,
        !report.issues.iter().any(Issue::is_error),
        "Report.success disagrees with its issues: {report:?}"
    );
}

/// Each issue's pointer is its path, has a non-empty code and message, and resolves in `value`:
/// either to a value, or to a missing member of an object (or array slot) that exists.
pub fn check_issues(value: &Value, issues: &[Issue]) {
    for issue in issues {
        assert!(!issue.code.is_empty(), "empty code: {issue:?}");
        assert!(!issue.message.is_empty(), "empty message: {issue:?}");
        assert_eq!(issue.pointer, to_pointer(&issue.path), "pointer is not the path: {issue:?}");
        if value.pointer(&issue.pointer).is_some() {
            continue;
        }
        // A missing member: the parent must exist and be an object (a missing key) or an array.
        let cut = issue.pointer.rfind('/').unwrap_or(0);
        let parent = &issue.pointer[..cut];
        let parent_value = value.pointer(parent);
        assert!(
            matches!(parent_value, Some(Value::Object(_)) | Some(Value::Array(_))),
            "issue pointer {:?} resolves neither to a value nor to a member of an existing \
             object/array (parent {:?} is {:?}): {issue:?}\ninput: {value}",
            issue.pointer,
            parent,
            parent_value
        );
    }
}

/// Length of `text` in UTF-16 code units (the unit of ranges).
pub fn utf16_len(text: &str) -> u32 {
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// Ranges, when present, lie within the text, are ordered, and lines/columns are 1-based.
pub fn check_ranges(text: &str, issues: &[Issue]) {
    let len = utf16_len(text);
    // `\n`, `\r\n` and `\r` each end a line (as in editors and the ECMAScript spec).
    let lines = u32::try_from(text.replace("\r\n", "\n").split(['\n', '\r']).count()).unwrap_or(u32::MAX);
    for issue in issues {
        let Some(range) = issue.range else { continue };
        let (s, e) = (range.start, range.end);
        assert!(s.offset <= e.offset, "range start after end: {issue:?}");
        assert!(e.offset <= len, "range end {} beyond text length {len}: {issue:?}", e.offset);
        for p in [s, e] {
            assert!(p.line >= 1 && p.column >= 1, "0-based position: {issue:?}");
            assert!(p.line <= lines, "line {} beyond {lines} lines: {issue:?}", p.line);
        }
        assert!((s.line, s.column) <= (e.line, e.column), "range line/column reversed: {issue:?}");
    }
}

/// Every issue of a parsed text document gets a range (the contract of `attach_ranges`)?
/// Not asserted: a stub or a path without a source location may leave it out. Counted only.
pub fn ranged(issues: &[Issue]) -> usize {
    issues.iter().filter(|i| i.range.is_some()).count()
}
