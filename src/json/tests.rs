use proptest::prelude::*;

use super::*;

/// Our tree as a `serde_json::Value`, to compare with serde_json's own parse.
fn to_serde(value: Value<'_>) -> serde_json::Value {
    match value.kind() {
        Kind::Null => serde_json::Value::Null,
        Kind::Bool(b) => b.into(),
        Kind::Number(n) => {
            serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, Into::into)
        }
        Kind::String(s) => s.into(),
        Kind::Array(items) => items.iter().map(to_serde).collect(),
        Kind::Object(members) => members
            .iter()
            .map(|(k, v)| (k.to_owned(), to_serde(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

/// serde_json's value with every number as f64, as ours holds them.
fn floats(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        serde_json::Value::Array(items) => items.into_iter().map(floats).collect(),
        serde_json::Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| (k, floats(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        other => other,
    }
}

fn parsed(text: &str) -> serde_json::Value {
    to_serde(Document::parse(text).unwrap().root())
}

fn error(text: &str) -> ParseError {
    Document::parse(text).unwrap_err()
}

#[test]
fn scalars_and_containers() {
    assert_eq!(parsed(" null "), serde_json::json!(null));
    assert_eq!(
        parsed("[true,false,0,-1.5e3,\"x\"]"),
        serde_json::json!([true, false, 0.0, -1500.0, "x"])
    );
    assert_eq!(
        parsed("{\"a\":{\"b\":[]},\"c\":{}}"),
        serde_json::json!({"a": {"b": []}, "c": {}})
    );
    assert_eq!(parsed("[[[]],[{}]]"), serde_json::json!([[[]], [{}]]));
}

#[test]
fn escapes_decode_and_lone_surrogates_become_replacement_characters() {
    assert_eq!(
        parsed(r#""a\"\\\/\b\f\n\r\t""#),
        serde_json::json!("a\"\\/\u{8}\u{c}\n\r\t")
    );
    assert_eq!(parsed(r#""\u00e9\ud83d\ude00""#), serde_json::json!("é😀"));
    assert_eq!(parsed(r#""\ud800x""#), serde_json::json!("\u{FFFD}x"));
    assert_eq!(
        parsed(r#""\udc00\ud800\u0041""#),
        serde_json::json!("\u{FFFD}\u{FFFD}A")
    );
    assert_eq!(parsed(r#"{"\u0061":1}"#), serde_json::json!({"a": 1.0}));
}

#[test]
fn duplicate_keys_keep_the_last_member_like_json_parse() {
    let doc = Document::parse(r#"{"a":1,"b":2,"a":3}"#).unwrap();
    let object = doc.root().as_object().unwrap();
    assert_eq!(object.get("a").and_then(Value::as_f64), Some(3.0));
    assert_eq!(object.keys().collect::<Vec<_>>(), ["b", "a"]);
    assert_eq!(object.len(), 2);
    // Many keys take the hash-set route.
    let mut text = String::from("{");
    for n in 0..20 {
        text.push_str(&format!("\"k{}\":{n},", n % 10));
    }
    text.push_str("\"z\":0}");
    let doc = Document::parse(&text).unwrap();
    let object = doc.root().as_object().unwrap();
    assert_eq!(object.len(), 11);
    assert_eq!(object.get("k3").and_then(Value::as_f64), Some(13.0));
    // Keys of a nested object are not duplicates of the parent's next keys.
    for text in [
        r#"{"a": {"b": 1, "c": 2}, "b": 3, "c": 4}"#,
        r#"[{"b": 1, "c": 2}, {"b": 3}]"#,
    ] {
        let doc = Document::parse(text).unwrap();
        let inner = match doc.root().kind() {
            Kind::Object(o) => o.get("a").unwrap(),
            _ => doc.root().as_array().unwrap().first().unwrap(),
        };
        assert_eq!(inner.as_object().unwrap().len(), 2, "{text}");
        assert_eq!(inner.get("b").and_then(Value::as_f64), Some(1.0), "{text}");
    }
}

#[test]
fn literal_markers_are_flagged_up_to_the_root() {
    let doc =
        Document::parse(r#"{"a": ["x", {"b": "%%ops.x.host%%"}], "c": "50%", "d": "e\u0025%"}"#)
            .unwrap();
    let root = doc.root();
    assert!(root.has_markers());
    let a = root.get("a").unwrap();
    assert!(a.has_markers());
    assert!(!a.as_array().unwrap().first().unwrap().has_markers());
    assert!(!root.get("c").unwrap().has_markers());
    // Escaped: found in the decoded text.
    assert!(root.get("d").unwrap().has_markers());
    let plain = Document::parse(r#"{"a": ["%"], "b": {"c": "% %"}}"#).unwrap();
    assert!(!plain.has_markers());
}

#[test]
fn spans_cover_values_and_keys() {
    let text = "{ \"ops\" : [ 1 , {\"x\": \"y\"} ] }";
    let doc = Document::parse(text).unwrap();
    let root = doc.root();
    assert_eq!(root.raw(), text);
    let member = root.as_object().unwrap().member("ops").unwrap();
    assert_eq!(
        text.get(member.key_span.start..member.key_span.end),
        Some("\"ops\"")
    );
    assert_eq!(member.value.raw(), "[ 1 , {\"x\": \"y\"} ]");
    let second = member.value.as_array().unwrap().get(1).unwrap();
    assert_eq!(second.raw(), "{\"x\": \"y\"}");
    assert_eq!(second.as_object().unwrap().get("x").unwrap().raw(), "\"y\"");
}

#[test]
fn errors_say_what_and_where() {
    let cases: &[(&str, ParseErrorKind, usize)] = &[
        ("", ParseErrorKind::UnexpectedEnd, 0),
        ("{\"a\":1,}", ParseErrorKind::ExpectedKey, 7),
        ("[1,]", ParseErrorKind::ExpectedValue, 3),
        ("[1 2]", ParseErrorKind::ExpectedCommaOrBracket, 3),
        ("{\"a\" 1}", ParseErrorKind::ExpectedColon, 5),
        ("{\"a\":1 \"b\":2}", ParseErrorKind::ExpectedCommaOrBrace, 7),
        ("{\"a\":1", ParseErrorKind::UnexpectedEnd, 6),
        ("{} x", ParseErrorKind::TrailingCharacters, 3),
        ("\"a\nb\"", ParseErrorKind::ControlCharacter, 2),
        ("\"\\x\"", ParseErrorKind::InvalidEscape, 2),
        ("\"\\u12g4\"", ParseErrorKind::InvalidEscape, 5),
        ("01", ParseErrorKind::InvalidNumber, 1),
        ("1.", ParseErrorKind::UnexpectedEnd, 2),
        ("1.x", ParseErrorKind::InvalidNumber, 2),
        ("-", ParseErrorKind::UnexpectedEnd, 1),
        ("+1", ParseErrorKind::ExpectedValue, 0),
        ("1e400", ParseErrorKind::NumberOutOfRange, 0),
        ("tru", ParseErrorKind::UnexpectedEnd, 3),
        ("nul1", ParseErrorKind::ExpectedValue, 3),
        ("NaN", ParseErrorKind::ExpectedValue, 0),
        ("'a'", ParseErrorKind::ExpectedValue, 0),
    ];
    for &(text, kind, offset) in cases {
        assert_eq!(error(text), ParseError { offset, kind }, "{text:?}");
    }
}

#[test]
fn nesting_is_capped_at_127_levels() {
    let ok = format!(
        "{}{}",
        "[".repeat(MAX_NESTING - 1),
        "]".repeat(MAX_NESTING - 1)
    );
    assert!(Document::parse(&ok).is_ok());
    let deep = format!("{}{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
    assert_eq!(error(&deep).kind, ParseErrorKind::TooDeep);
    // Far deeper text costs no recursion.
    assert_eq!(
        error(&"{\"a\":".repeat(100_000)).kind,
        ParseErrorKind::TooDeep
    );
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(Into::into),
        any::<i32>().prop_map(Into::into),
        (-1e300f64..1e300).prop_map(|f| serde_json::json!(f)),
        "\\PC{0,8}".prop_map(Into::into),
        "[\"\\\\\u{0}-\u{1f}\u{7f}é😀]{0,4}".prop_map(Into::into),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Into::into),
            prop::collection::vec(("[a-c\"\\\\é]{0,3}", inner), 0..6).prop_map(|members| {
                // Duplicate keys: serde_json's map keeps the last, as ours does.
                let mut map = serde_json::Map::new();
                for (k, v) in members {
                    map.insert(k, v);
                }
                map.into()
            }),
        ]
    })
}

proptest! {
    /// Same values as serde_json, compact and pretty, and every span re-parses to its value.
    #[test]
    fn agrees_with_serde_json(value in json_value()) {
        for text in [serde_json::to_string(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap()] {
            // The generated value itself: ryu writes the shortest round-trip form and `str::parse` reads
            // it back exactly (serde_json's own fast float parse can be off by an ulp).
            let expected = floats(value.clone());
            let doc = Document::parse(&text).unwrap();
            prop_assert_eq!(to_serde(doc.root()), expected);
            check_spans(doc.root())?;
            prop_assert!(super::parse::node_bound(text.as_bytes()) >= doc.nodes.len());
        }
    }

    /// Arbitrary text: never panics, and accepts exactly what serde_json accepts (serde_json refuses
    /// lone surrogate escapes, which we read as U+FFFD; the generator has no `\u`).
    #[test]
    fn accepts_what_serde_json_accepts(text in "[\\[\\]{}\",:0-9.eE+\\- \ntrufalsn\\\\ab]{0,24}") {
        let ours = Document::parse(&text).is_ok();
        let theirs = serde_json::from_str::<serde_json::Value>(&text).is_ok();
        prop_assert_eq!(ours, theirs, "{:?}", text);
    }
}

fn check_spans(value: Value<'_>) -> Result<(), TestCaseError> {
    let reparsed = Document::parse(value.raw()).unwrap();
    prop_assert_eq!(to_serde(reparsed.root()), to_serde(value));
    match value.kind() {
        Kind::Array(items) => {
            for item in items.iter() {
                check_spans(item)?;
            }
        }
        Kind::Object(object) => {
            for member in object.members() {
                let key = value
                    .doc
                    .text
                    .get(member.key_span.start..member.key_span.end)
                    .unwrap();
                prop_assert_eq!(serde_json::from_str::<String>(key).unwrap(), member.key);
                check_spans(member.value)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The node bound that sizes the tape of a big document once: never below the real count, and
/// exact for JSON without empty containers (each one adds one to the bound).
#[test]
fn node_bound_is_an_upper_bound_exact_without_empty_containers() {
    let exact = [
        r#"{"a":1,"b":[1,2,{"c":"x,y:[{"}],"d":"\"q\\\\"}"#,
        "[1,2,3]",
        "\"just a string, with: [commas]\"",
        "7",
        r#"{"k0":1,"k1":{"x":null},"k2":[true,false]}"#,
    ];
    for text in exact {
        let doc = Document::parse(text).unwrap();
        assert_eq!(
            super::parse::node_bound(text.as_bytes()),
            doc.nodes.len(),
            "{text}"
        );
    }
    for (text, empties) in [("[[],{},[{}]]", 3), (r#"{"a":{},"b":[]}"#, 2)] {
        let doc = Document::parse(text).unwrap();
        let bound = super::parse::node_bound(text.as_bytes());
        assert_eq!(bound, doc.nodes.len() + empties, "{text}");
    }
}

#[test]
fn a_big_document_gets_its_tape_sized_once() {
    // 200,000 members: well past the first reservation, so the tape is sized from the bound.
    let members: Vec<String> = (0..200_000).map(|i| format!("\"K{i}\":\"v\"")).collect();
    let text = format!("{{{}}}", members.join(","));
    let doc = Document::parse(&text).unwrap();
    assert_eq!(doc.nodes.len(), 1 + 2 * 200_000);
    assert_eq!(doc.nodes.capacity(), doc.nodes.len(), "no doubling slack");
}

/// A document costs about 24 bytes per value and key (docs/benchmarks.md, memory).
#[test]
fn a_node_is_24_bytes() {
    assert_eq!(std::mem::size_of::<Node>(), 24);
}

#[test]
fn numbers_keep_every_bit() {
    for n in [
        0.0,
        -0.0,
        1.5,
        -2.5e-300,
        1e308,
        f64::MIN_POSITIVE,
        123_456_789.123_456_79,
    ] {
        let text = serde_json::to_string(&n).unwrap();
        let doc = Document::parse(&text).unwrap();
        assert_eq!(
            doc.root().as_f64().map(f64::to_bits),
            Some(n.to_bits()),
            "{text}"
        );
    }
}

/// Objects of more than 16 members find repeated keys with a hash set: the last member of a key
/// wins, wherever its repeats stand, and distinct keys are all kept.
#[test]
fn duplicate_keys_in_big_objects_keep_the_last() {
    let mut members: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
    members.insert(3, "\"k30\":-1".to_owned());
    members.push("\"k5\":100".to_owned());
    members.push("\"k5\":200".to_owned());
    let text = format!("{{{}}}", members.join(","));
    let doc = Document::parse(&text).unwrap();
    let object = doc.root().as_object().unwrap();
    assert_eq!(object.len(), 40);
    assert_eq!(object.get("k5").and_then(Value::as_f64), Some(200.0));
    assert_eq!(object.get("k30").and_then(Value::as_f64), Some(30.0));
    assert_eq!(object.get("k0").and_then(Value::as_f64), Some(0.0));
    let keys: Vec<&str> = object.keys().collect();
    assert_eq!(keys.len(), 40);
    assert_eq!(keys.iter().filter(|k| **k == "k5").count(), 1);
}

/// The duplicate-key filter sees keys as decoded, and each object has its own, also while a
/// nested object is open.
#[test]
fn duplicate_keys_are_found_as_decoded_and_per_object() {
    let doc = Document::parse(r#"{"a":1,"\u0061":2,"b":{"a":3,"b":4,"\u0062":5},"ab":6}"#).unwrap();
    let object = doc.root().as_object().unwrap();
    assert_eq!(object.len(), 3);
    assert_eq!(object.get("a").and_then(Value::as_f64), Some(2.0));
    let inner = object.get("b").unwrap().as_object().unwrap();
    assert_eq!(inner.len(), 2);
    assert_eq!(inner.get("a").and_then(Value::as_f64), Some(3.0));
    assert_eq!(inner.get("b").and_then(Value::as_f64), Some(5.0));
    assert_eq!(object.get("ab").and_then(Value::as_f64), Some(6.0));
}
