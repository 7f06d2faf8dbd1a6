//! Differential: `json::Document::parse` against serde_json on arbitrary UTF-8. Same accept/reject
//! decision and the same value, except for the documented differences: lone surrogate escapes (ours
//! reads U+FFFD, serde_json refuses; compared after rewriting them to `\uFFFD`) and our string
//! length limit. Every node's span re-parses to the same value, numbers are exactly what `str::parse`
//! gives for their text, and the accessors agree with each other.
#![no_main]

mod common;

use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use nosana_deployments::json::{Document, Kind, ParseErrorKind, Value, MAX_NESTING};

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Spans nest, lie in the text, hold no surrounding whitespace and re-parse to the same value;
/// accessors agree. Returns the nesting depth below `v`.
fn check_node(text: &str, v: Value<'_>, within: (usize, usize)) -> usize {
    let span = v.span();
    assert!(
        within.0 <= span.start && span.start < span.end && span.end <= within.1,
        "span {span:?} outside {within:?} in {text:?}"
    );
    let raw = v.raw();
    assert_eq!(raw, &text[span.start..span.end]);
    assert!(!is_ws(raw.as_bytes()[0]) && !is_ws(raw.as_bytes()[raw.len() - 1]), "span with whitespace: {raw:?}");
    let again = Document::parse(raw).unwrap_or_else(|e| panic!("span {raw:?} does not re-parse: {e:?}"));
    assert!(common::same_doc(again.root(), v), "span {raw:?} re-parses to {:?}", again.root());

    assert_eq!(v.is_null(), matches!(v.kind(), Kind::Null));
    assert_eq!(v.as_bool(), if let Kind::Bool(b) = v.kind() { Some(b) } else { None });
    assert_eq!(v.as_str().is_some(), v.is_string());
    assert_eq!(v.as_f64().is_some(), v.is_number());
    assert_eq!(v.as_array().is_some(), v.is_array());
    assert_eq!(v.as_object().is_some(), v.is_object());
    match v.kind() {
        Kind::Number(n) => {
            assert!(n.is_finite());
            let exact: f64 = raw.parse().unwrap_or_else(|_| panic!("number {raw:?} is not a Rust float"));
            assert_eq!(n.to_bits(), exact.to_bits(), "number {raw:?} read as {n:e}, str::parse gives {exact:e}");
            0
        }
        Kind::Array(a) => {
            assert_eq!(a.len(), a.iter().count());
            assert_eq!(a.is_empty(), a.len() == 0);
            assert_eq!(a.first().map(|x| x.span()), a.iter().next().map(|x| x.span()));
            let (mut after, mut depth) = (span.start + 1, 0);
            for (i, x) in a.iter().enumerate() {
                assert_eq!(a.get(i).map(|y| y.span()), Some(x.span()));
                depth = depth.max(check_node(text, x, (after, span.end - 1)));
                after = x.span().end;
            }
            assert!(a.get(a.len()).is_none());
            depth + 1
        }
        Kind::Object(o) => {
            let members: Vec<_> = o.members().collect();
            assert_eq!(o.len(), members.len());
            assert_eq!(o.len(), o.iter().count());
            assert_eq!(o.keys().count(), o.len());
            assert!(o.len_with_duplicates() >= o.len());
            assert_eq!(o.is_empty(), o.len_with_duplicates() == 0);
            let (mut after, mut depth) = (span.start + 1, 0);
            for (n, m) in members.iter().enumerate() {
                // Distinct keys, each the last of its name: `get` finds this very member.
                assert!(members[n + 1..].iter().all(|l| l.key != m.key), "duplicate key {:?} listed", m.key);
                assert_eq!(o.get(m.key).map(|x| x.span()), Some(m.value.span()), "get({:?})", m.key);
                assert!(o.contains_key(m.key));
                let ks = m.key_span;
                assert!(after <= ks.start && ks.end <= m.value.span().start, "key span {ks:?} out of order in {raw:?}");
                let key = Document::parse(&text[ks.start..ks.end])
                    .unwrap_or_else(|e| panic!("key span {:?} does not re-parse: {e:?}", &text[ks.start..ks.end]));
                assert_eq!(key.root().as_str(), Some(m.key), "key span {:?} is not key {:?}", &text[ks.start..ks.end], m.key);
                depth = depth.max(check_node(text, m.value, (ks.end, span.end - 1)));
                after = m.value.span().end;
            }
            depth + 1
        }
        Kind::Null | Kind::Bool(_) | Kind::String(_) => 0,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ours = Document::parse(text);
    let fixed = common::fix_lone_surrogates(text);
    let theirs = serde_json::from_str::<serde_json::Value>(&fixed);

    match (&ours, &theirs) {
        (Ok(doc), Ok(value)) => {
            if let Err(e) = common::same(doc.root(), value, "") {
                panic!("ours and serde_json read different values: {e}\ntext: {text:?}");
            }
            let depth = check_node(text, doc.root(), (0, text.len()));
            assert!(depth < MAX_NESTING, "accepted {depth} levels of nesting");
            if let Cow::Owned(fixed) = &fixed {
                // Lone surrogates read as U+FFFD: the same as writing `\uFFFD`.
                let doc2 = Document::parse(fixed).expect("the rewritten text parses");
                assert!(common::same_doc(doc.root(), doc2.root()), "lone surrogates are not U+FFFD in {text:?}");
            }
        }
        (Err(e), Err(_)) => {
            assert!(e.offset <= text.len(), "error offset {} beyond the text: {e:?}", e.offset);
            assert!(text.is_char_boundary(e.offset), "error offset {} inside a character: {e:?} in {text:?}", e.offset);
            if e.kind == ParseErrorKind::UnexpectedEnd {
                assert_eq!(e.offset, text.len(), "UnexpectedEnd before the end: {e:?}");
            }
        }
        // Our limit on string length (serde_json has none).
        (Err(e), Ok(_)) if e.kind == ParseErrorKind::StringTooLong => {}
        (Err(e), Ok(_)) => panic!("ours refuses what serde_json accepts: {e:?} ({}) for {text:?}", e.kind.message()),
        (Ok(_), Err(e)) => panic!("ours accepts what serde_json refuses ({e}) for {text:?}"),
    }
});
