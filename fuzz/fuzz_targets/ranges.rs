//! `source::attach_ranges`, which maps issue paths to source ranges from the spans the parser kept:
//! for a path that exists in the parsed value, the value range must cover exactly that value's text
//! (re-parsing the slice gives the same value), and a key range covers the quoted key.
#![no_main]

mod common;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use nosana_deployments::diagnostics::{Anchor, Issue, PathSegment};
use nosana_deployments::job::rules::INVALID_JSON;
use nosana_deployments::json::{Document, Kind};
use nosana_deployments::source;

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

fuzz_target!(|data: &[u8]| {
    // Layout: [n][n bytes of probes][JSON text], so seeds can be real documents.
    let Some((&n, rest)) = data.split_first() else { return };
    let (head, tail) = rest.split_at(usize::from(n).min(rest.len()));
    let u = Unstructured::new(head);
    let Ok(probes) = Vec::<Probe>::arbitrary_take_rest(u) else { return };
    let Ok(text) = std::str::from_utf8(tail) else { return };
    let Ok(doc) = source::parse(text) else { return };
    let root = doc.root();

    let mut issues = Vec::new();
    for probe in probes.iter().take(16) {
        let mut path = Vec::new();
        let mut cur = Some(root);
        for step in probe.steps.iter().take(8) {
            let seg = match (step, cur.map(|v| v.kind())) {
                (Step::Existing(n), Some(Kind::Object(map))) if !map.is_empty() => {
                    let (k, v) = map.iter().nth(usize::from(*n) % map.len()).unwrap();
                    cur = Some(v);
                    PathSegment::Key(k.to_owned())
                }
                (Step::Existing(n), Some(Kind::Array(items))) if !items.is_empty() => {
                    let i = usize::from(*n) % items.len();
                    cur = items.get(i);
                    PathSegment::Index(i)
                }
                (Step::Key(k), _) => {
                    cur = cur.and_then(|v| v.get(k.as_str()));
                    PathSegment::Key(k.clone())
                }
                (Step::Index(i), _) => {
                    cur = cur.and_then(|v| v.as_array()).and_then(|a| a.get(usize::from(*i)));
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
    source::attach_ranges(&doc, &mut issues);
    common::check_ranges(text, &issues);

    for issue in &issues {
        let range = issue.range.expect("attach_ranges leaves an issue without a range");
        let (Some(s), Some(e)) =
            (common::byte_offset(text, range.start.offset), common::byte_offset(text, range.end.offset))
        else {
            panic!("range splits a UTF-16 surrogate pair: {issue:?}");
        };
        let slice = &text[s..e];
        let reparsed = Document::parse(slice);
        let Some(target) = common::resolve(root, &issue.path) else {
            // A missing path falls back to its nearest existing ancestor's value, except a
            // member missing from an object: that object's own key, or its opening brace.
            let (depth, ancestor) = (0..issue.path.len())
                .rev()
                .find_map(|n| common::resolve(root, &issue.path[..n]).map(|v| (n, v)))
                .expect("the root always resolves");
            if ancestor.is_object() && matches!(issue.path.get(depth), Some(PathSegment::Key(_))) {
                let own_key = match depth.checked_sub(1).map(|d| (&issue.path[..d], &issue.path[d])) {
                    Some((grand, PathSegment::Key(k))) => common::resolve(root, grand)
                        .and_then(|g| g.as_object())
                        .and_then(|o| o.member(k))
                        .map(|m| (m.key_span.start, m.key_span.end)),
                    _ => None,
                };
                let brace = (ancestor.span().start, ancestor.span().start + 1);
                assert_eq!((s, e), own_key.unwrap_or(brace), "missing-member range {slice:?} is not its object's key or brace: {issue:?}\ntext: {text:?}");
                continue;
            }
            assert_eq!((s, e), (ancestor.span().start, ancestor.span().end), "fallback range {slice:?} is not the nearest ancestor {ancestor:?}: {issue:?}\ntext: {text:?}");
            assert!(reparsed.is_ok_and(|d| common::same_doc(d.root(), ancestor)), "fallback range {slice:?} does not re-parse to {ancestor:?}");
            continue;
        };
        let parent = &issue.path[..issue.path.len().saturating_sub(1)];
        let is_member = matches!(issue.path.last(), Some(PathSegment::Key(_)))
            && common::resolve(root, parent).is_some_and(|p| p.is_object());
        if issue.anchor == Anchor::Key && is_member {
            // The key, quoted as written: it parses to the key string. Duplicate keys: the range
            // is the last copy's, whose value counts (as in JSON.parse).
            let Some(PathSegment::Key(k)) = issue.path.last() else { unreachable!() };
            let parsed = reparsed.as_ref().ok().and_then(|d| d.root().as_str().map(str::to_owned));
            assert_eq!(parsed.as_deref(), Some(k.as_str()), "key range {slice:?} is not key {k:?}: {issue:?}\ntext: {text:?}");
        } else {
            let ok = reparsed.as_ref().is_ok_and(|d| common::same_doc(d.root(), target));
            assert!(ok, "value range {slice:?} does not hold the value at {:?} ({target:?})\ntext: {text:?}", issue.pointer);
            assert_eq!((s, e), (target.span().start, target.span().end), "range is not the value's span: {issue:?}");
        }
    }
});
