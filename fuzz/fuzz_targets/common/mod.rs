//! Invariants every fuzz target checks on what the library returns, beyond "it did not panic".
//! The validators walk the library's own parsed document (`json::Value`); serde_json is kept as an
//! independent view of the same text for cross-checks.
#![allow(dead_code)]

use std::borrow::Cow;

use nosana_deployments::diagnostics::{to_pointer, Issue, PathSegment, Report, MAX_ISSUES};
use nosana_deployments::json::{Kind, Value};

/// `success` is false exactly when an issue is an error; the list is capped at `MAX_ISSUES` (the
/// last one then sums up the rest, and is an error if any left-out issue is).
pub fn check_report(report: &Report) {
    assert_eq!(
        report.success,
        !report.issues.iter().any(Issue::is_error),
        "Report.success disagrees with its issues: {report:?}"
    );
    assert!(report.issues.len() <= MAX_ISSUES, "{} issues listed, above the cap", report.issues.len());
    for issue in report.issues.iter().take(report.issues.len().saturating_sub(1)) {
        assert_ne!(issue.code, "tooManyIssues", "tooManyIssues before the end of the list: {report:?}");
    }
}

/// The value at `path` below `value`: keys step into objects only, indexes into arrays only (the
/// path semantics of issues; `attach_ranges` follows the same).
pub fn resolve<'d>(mut value: Value<'d>, path: &[PathSegment]) -> Option<Value<'d>> {
    for segment in path {
        value = match segment {
            PathSegment::Key(k) => value.as_object()?.get(k)?,
            PathSegment::Index(i) => value.as_array()?.get(*i)?,
        };
    }
    Some(value)
}

/// Each issue's pointer is its path, has a non-empty code and message, and its path resolves in
/// `root`: either to a value, or to a missing member of an object (or array slot) that exists.
pub fn check_issues(root: Value<'_>, issues: &[Issue]) {
    for issue in issues {
        assert!(!issue.code.is_empty(), "empty code: {issue:?}");
        assert!(!issue.message.is_empty(), "empty message: {issue:?}");
        assert_eq!(issue.pointer, to_pointer(&issue.path), "pointer is not the path: {issue:?}");
        if resolve(root, &issue.path).is_some() {
            continue;
        }
        // A missing member: the parent must exist and be an object (a missing key) or an array.
        let parent = &issue.path[..issue.path.len().saturating_sub(1)];
        let parent_value = resolve(root, parent);
        assert!(
            parent_value.is_some_and(|p| p.is_object() || p.is_array()),
            "issue path {:?} resolves neither to a value nor to a member of an existing \
             object/array (parent is {:?}): {issue:?}\ninput: {:?}",
            issue.pointer,
            parent_value,
            root
        );
    }
}

/// Where an issue's path resolves in our document, serde_json's `pointer()` on its own parse of the
/// same text finds the same value (an independent check of the walk and of the parser).
pub fn check_issues_serde(root: Value<'_>, serde: &serde_json::Value, issues: &[Issue]) {
    for issue in issues {
        let Some(ours) = resolve(root, &issue.path) else { continue };
        let Some(theirs) = serde.pointer(&issue.pointer) else {
            panic!("path {:?} resolves in our document but not in serde_json's: {issue:?}", issue.pointer);
        };
        if let Err(e) = same(ours, theirs, &issue.pointer) {
            panic!("value at {:?} differs from serde_json's: {e}\nissue: {issue:?}", issue.pointer);
        }
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

/// Byte offset of a UTF-16 offset in `text`, if it falls on a char boundary.
pub fn byte_offset(text: &str, utf16: u32) -> Option<usize> {
    let mut units = 0u32;
    for (i, c) in text.char_indices() {
        if units == utf16 {
            return Some(i);
        }
        units += c.len_utf16() as u32;
    }
    (units == utf16).then_some(text.len())
}

/// `a` and `b` are the same f64, or neighbours (serde_json may round the last bit differently).
pub fn close(a: f64, b: f64) -> bool {
    a == b || (a.is_sign_negative() == b.is_sign_negative() && a.to_bits().abs_diff(b.to_bits()) <= 1)
}

/// Our value equals serde_json's (numbers compared as f64 within one ulp; objects as maps, the last
/// of duplicate keys counting on both sides). `at` is the pointer, for the message.
pub fn same(ours: Value<'_>, theirs: &serde_json::Value, at: &str) -> Result<(), String> {
    use serde_json::Value as S;
    let ok = match (ours.kind(), theirs) {
        (Kind::Null, S::Null) => true,
        (Kind::Bool(a), S::Bool(b)) => a == *b,
        (Kind::Number(a), S::Number(b)) => b.as_f64().is_some_and(|b| close(a, b)),
        (Kind::String(a), S::String(b)) => a == b,
        (Kind::Array(a), S::Array(b)) => {
            if a.len() != b.len() {
                return Err(format!("{at}: array of {} elements, serde_json has {}", a.len(), b.len()));
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                same(x, y, &format!("{at}/{i}"))?;
            }
            true
        }
        (Kind::Object(a), S::Object(b)) => {
            if a.len() != b.len() {
                return Err(format!("{at}: object of {} keys, serde_json has {}", a.len(), b.len()));
            }
            for (k, v) in a.iter() {
                let Some(w) = b.get(k) else {
                    return Err(format!("{at}: key {k:?} missing in serde_json's object"));
                };
                same(v, w, &format!("{at}/{k}"))?;
            }
            true
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{at}: ours {:?} ({}), serde_json {theirs}", ours, ours.type_name()))
    }
}

/// Two of our values are the same JSON value (numbers bit for bit, members in the same order).
pub fn same_doc(a: Value<'_>, b: Value<'_>) -> bool {
    match (a.kind(), b.kind()) {
        (Kind::Null, Kind::Null) => true,
        (Kind::Bool(x), Kind::Bool(y)) => x == y,
        (Kind::Number(x), Kind::Number(y)) => x.to_bits() == y.to_bits(),
        (Kind::String(x), Kind::String(y)) => x == y,
        (Kind::Array(x), Kind::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same_doc(p, q))
        }
        (Kind::Object(x), Kind::Object(y)) => {
            x.len() == y.len()
                && x.iter().zip(y.iter()).all(|((k, p), (l, q))| k == l && same_doc(p, q))
        }
        _ => false,
    }
}

fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    digits.iter().try_fold(0u32, |acc, &b| Some(acc * 16 + char::from(b).to_digit(16)?))
}

/// `text` with every lone UTF-16 surrogate escape inside a string (`\ud800` not followed by a low
/// surrogate escape, or a lone `\udc00`) rewritten to `\uFFFD`: what our parser reads it as, and
/// what serde_json accepts (it refuses lone surrogates). Same length, so spans are unchanged.
pub fn fix_lone_surrogates(text: &str) -> Cow<'_, str> {
    if !text.contains("\\u") {
        return Cow::Borrowed(text);
    }
    let b = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let (mut i, mut in_string) = (0usize, false);
    while let Some(&c) = b.get(i) {
        if !in_string {
            in_string = c == b'"';
            i += 1;
            continue;
        }
        match c {
            b'"' => {
                in_string = false;
                i += 1;
            }
            b'\\' if b.get(i + 1) == Some(&b'u') => {
                let Some(unit) = hex4(b, i + 2) else {
                    i += 2;
                    continue;
                };
                let paired = (0xD800..0xDC00).contains(&unit)
                    && b.get(i + 6..i + 8) == Some(b"\\u".as_slice())
                    && hex4(b, i + 8).is_some_and(|low| (0xDC00..0xE000).contains(&low));
                if paired {
                    i += 12;
                    continue;
                }
                if (0xD800..0xE000).contains(&unit) {
                    out.get_or_insert_with(|| b.to_vec())[i + 2..i + 6].copy_from_slice(b"FFFD");
                }
                i += 6;
            }
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    match out {
        // Only ASCII hex digits were replaced by ASCII: still UTF-8.
        Some(bytes) => Cow::Owned(String::from_utf8(bytes).expect("still UTF-8")),
        None => Cow::Borrowed(text),
    }
}

/// serde_json's parse of `text` (lone surrogate escapes read as U+FFFD, as ours does).
pub fn serde_view(text: &str) -> Option<serde_json::Value> {
    serde_json::from_str(&fix_lone_surrogates(text)).ok()
}

/// Issues compared as a multiset of (code, pointer, severity).
pub fn issue_keys(issues: &[Issue]) -> Vec<(&'static str, String, bool)> {
    let mut keys: Vec<_> = issues.iter().map(|i| (i.code, i.pointer.clone(), i.is_error())).collect();
    keys.sort();
    keys
}

/// The report of `text` lists the same issues as `issues` (found on the parsed value), up to the
/// cap: past `MAX_ISSUES` the report keeps `MAX_ISSUES - 1` of them plus the summary.
pub fn check_same_issues(issues: &[Issue], report: &Report, what: &str) {
    assert_eq!(report.success, !issues.iter().any(Issue::is_error), "success differs: {what}");
    if issues.len() <= MAX_ISSUES {
        assert_eq!(issue_keys(issues), issue_keys(&report.issues), "value and text input disagree: {what}");
        return;
    }
    assert_eq!(report.issues.len(), MAX_ISSUES, "capped report of the wrong length: {what}");
    assert_eq!(report.issues.last().map(|i| i.code), Some("tooManyIssues"), "{what}");
    let mut all = issue_keys(issues);
    for key in issue_keys(&report.issues[..MAX_ISSUES - 1]) {
        let Some(n) = all.iter().position(|k| *k == key) else {
            panic!("the capped report lists {key:?}, not an issue of the value: {what}");
        };
        all.swap_remove(n);
    }
}
