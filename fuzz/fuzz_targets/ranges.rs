//! `source::attach_ranges`, the hand-written single-pass scanner that maps issue paths to source
//! ranges: for a path that exists in the parsed value, the value range must cover exactly that
//! value's text (re-parsing the slice gives the same value), and a key range covers the quoted key.
#![no_main]

mod common;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use nosana_deployments::diagnostics::{Issue, PathSegment};
use nosana_deployments::job::rules::INVALID_JSON;
use nosana_deployments::source;
use serde_json::Value;

#[derive(Debug, Arbitrary)]
enum Step {
    /// Follow the nth member/element of the current value (wrapping), when there is one.
    Existing(u16),
    Key(String),
    Index(u16),
}

#[derive(Debug, Arbitrary)]
struct Probe {
    at_key: bool,
    steps: Vec<Step>,
}

/// Byte offset of a UTF-16 offset in `text`, if it falls on a char boundary.
fn byte_offset(text: &str, utf16: u32) -> Option<usize> {
    let mut units = 0u32;
    for (i, c) in text.char_indices() {
        if units == utf16 {
            return Some(i);
        }
        units += c.len_utf16() as u32;
    }
    (units == utf16).then_some(text.len())
}

fuzz_target!(|data: &[u8]| {
    // Layout: [n][n bytes of probes][JSON text], so seeds can be real documents.
    let Some((&n, rest)) = data.split_first() else { return };
    let (head, tail) = rest.split_at(usize::from(n).min(rest.len()));
    let u = Unstructured::new(head);
    let Ok(probes) = Vec::<Probe>::arbitrary_take_rest(u) else { return };
    let Ok(text) = std::str::from_utf8(tail) else { return };
    let Ok(value) = source::parse(text) else { return };

    let mut issues = Vec::new();
    for probe in probes.iter().take(16) {
        let mut path = Vec::new();
        let mut cur = Some(&value);
        for step in probe.steps.iter().take(8) {
            let seg = match (step, cur) {
                (Step::Existing(n), Some(Value::Object(map))) if !map.is_empty() => {
                    let (k, v) = map.iter().nth(usize::from(*n) % map.len()).unwrap();
                    cur = Some(v);
                    PathSegment::Key(k.clone())
                }
                (Step::Existing(n), Some(Value::Array(items))) if !items.is_empty() => {
                    let i = usize::from(*n) % items.len();
                    cur = items.get(i);
                    PathSegment::Index(i)
                }
                (Step::Key(k), c) => {
                    cur = c.and_then(|v| v.get(k.as_str()));
                    PathSegment::Key(k.clone())
                }
                (Step::Index(i), c) => {
                    cur = c.and_then(|v| v.get(usize::from(*i)));
                    PathSegment::Index(usize::from(*i))
                }
                (Step::Existing(_), _) => break,
            };
            path.push(seg);
        }
        let mut issue = Issue::new(&INVALID_JSON, path, "probe");
        if probe.at_key {
            issue = issue.at_key();
        }
        issues.push(issue);
    }
    if issues.is_empty() {
        return;
    }
    source::attach_ranges(text, &mut issues);
    common::check_ranges(text, &issues);

    for issue in &issues {
        let range = issue.range.expect("attach_ranges leaves an issue without a range");
        let (Some(s), Some(e)) = (byte_offset(text, range.start.offset), byte_offset(text, range.end.offset)) else {
            panic!("range splits a UTF-16 surrogate pair: {issue:?}");
        };
        let slice = &text[s..e];
        let Some(target) = value.pointer(&issue.pointer) else { continue };
        let is_member = !issue.path.is_empty()
            && matches!(issue.path.last(), Some(PathSegment::Key(_)))
            && matches!(value.pointer(&issue.pointer[..issue.pointer.rfind('/').unwrap()]), Some(Value::Object(_)));
        if issue.anchor == nosana_deployments::diagnostics::Anchor::Key && is_member {
            // The key, quoted as written: it parses to the key string.
            let Some(PathSegment::Key(k)) = issue.path.last() else { unreachable!() };
            let parsed: Result<String, _> = serde_json::from_str(slice);
            // Duplicate keys: JSON.parse keeps the last value; the range may point at either copy.
            assert_eq!(parsed.as_deref().ok(), Some(k.as_str()), "key range {slice:?} is not key {k:?}: {issue:?}\ntext: {text:?}");
        } else {
            let parsed: Result<Value, _> = serde_json::from_str(slice);
            assert_eq!(parsed.as_ref().ok(), Some(target), "value range {slice:?} does not hold the value at {:?}\ntext: {text:?}", issue.pointer);
        }
    }
});
