//! `Document::from_tape` (the object crossing, `src/json/tape.rs`) builds the same document as
//! parsing the value's JSON: same kinds, members, lengths and `%%` flags, and the same reports for
//! every corpus job definition. The tapes here are written from parsed text the way the JS walker
//! (`src/wasm/object_tape.js`) writes them from a value; the walker's own agreement with
//! `JSON.stringify` is held by tests/robustness/object-text-agree.test.mjs.

// Test code: panics are how tests fail.
#![allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]

use nosana_deployments::diagnostics::ValidateOptions;
use nosana_deployments::json::{tape_tag as tag, Document, Kind, Value};
use nosana_deployments::source::{validate, validate_document, Origin};

/// A tape as the JS walker writes it: tags, numbers, and the strings back to back.
#[derive(Default)]
struct Tape {
    tags: Vec<i32>,
    numbers: Vec<f64>,
    text: String,
}

fn units(s: &str) -> i32 {
    i32::try_from(s.encode_utf16().count()).unwrap()
}

impl Tape {
    fn string(&mut self, s: &str) {
        self.tags.push(units(s));
        self.text.push_str(s);
    }

    fn write(&mut self, value: Value<'_>) {
        match value.kind() {
            Kind::Null => self.tags.push(tag::NULL),
            Kind::Bool(b) => self.tags.push(if b { tag::TRUE } else { tag::FALSE }),
            Kind::Number(n) => {
                self.tags.push(tag::NUMBER);
                self.numbers.push(n);
            }
            Kind::String(s) => {
                self.tags.push(tag::STRING);
                self.string(s);
            }
            Kind::Array(array) => {
                self.tags.push(tag::ARRAY);
                for element in array.iter() {
                    self.write(element);
                }
                self.tags.push(tag::CLOSE);
            }
            Kind::Object(object) => {
                self.tags.push(tag::OBJECT);
                for (key, member) in object.iter() {
                    self.tags.push(tag::KEY);
                    self.string(key);
                    self.write(member);
                }
                self.tags.push(tag::CLOSE);
            }
        }
    }
}

fn tape_of(text: &str) -> Tape {
    let doc = Document::parse(text).unwrap();
    let mut tape = Tape::default();
    tape.write(doc.root());
    tape
}

/// Everything the rules can see of a value, as one string.
fn dump(value: Value<'_>, out: &mut String) {
    let marker = if value.has_markers() { "%" } else { "" };
    match value.kind() {
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(&b.to_string()),
        Kind::Number(n) => out.push_str(&format!("{n:?}")),
        Kind::String(s) => out.push_str(&format!("{s:?}{marker}")),
        Kind::Array(array) => {
            out.push_str(&format!("[{}{marker}:", array.len()));
            for element in array.iter() {
                dump(element, out);
                out.push(',');
            }
            out.push(']');
        }
        Kind::Object(object) => {
            out.push_str(&format!("{{{}{marker}:", object.len()));
            for (key, member) in object.iter() {
                out.push_str(&format!("{key:?}="));
                dump(member, out);
                // Lookups walk the members by their `next` links.
                assert_eq!(
                    object.get(key).map(|v| v.span()),
                    Some(member.span()),
                    "{key}"
                );
                out.push(',');
            }
            out.push('}');
        }
    }
}

fn dumped(doc: &Document<'_>) -> String {
    let mut out = String::new();
    dump(doc.root(), &mut out);
    out
}

fn assert_same_document(text: &str) {
    let tape = tape_of(text);
    let parsed = Document::parse(text).unwrap();
    let built = Document::from_tape(&tape.text, &tape.tags, &tape.numbers);
    assert_eq!(dumped(&built), dumped(&parsed), "{text}");
}

#[test]
fn builds_the_document_the_parser_builds() {
    for text in [
        "null",
        "true",
        "-1.5e3",
        r#""""#,
        r#""a%%b""#,
        "[]",
        "{}",
        r#"[[], {}, [[]], {"a": {}}]"#,
        r#"{"a": 1, "b": [true, false, null], "c": {"d": "e", "f": []}, "g": "x"}"#,
        r#"{"deep": [[[{"x": "%%ops.a.host%%"}]]], "flat": "no"}"#,
        r#"{"é": "ü€", "k": "𝄞 and 😀", "a\u0000b": "\ud800 lone", "\udc00": "x\ud800", "%%": 1}"#,
        r#"{"ops": [{"id": "a", "args": {"cmd": ["x", "%%global.variables.V%%"]}}, {"id": "b"}]}"#,
    ] {
        assert_same_document(text);
    }
}

#[test]
fn minus_zero_is_zero_as_json_writes_it() {
    let tape = Tape {
        tags: vec![tag::NUMBER],
        numbers: vec![-0.0],
        text: String::new(),
    };
    let doc = Document::from_tape(&tape.text, &tape.tags, &tape.numbers);
    assert!(doc.root().as_f64().unwrap().is_sign_positive());
}

#[test]
fn a_broken_tape_still_builds_a_document() {
    // Only a bug in the walker writes these; building must not panic.
    for (tags, text) in [
        (vec![tag::OBJECT, tag::KEY, 99, tag::ARRAY], "ab"),
        (vec![tag::CLOSE, tag::CLOSE, tag::STRING], ""),
        (vec![tag::STRING, -5, tag::NUMBER, 42], "x"),
    ] {
        let doc = Document::from_tape(text, &tags, &[]);
        let mut out = String::new();
        dump(doc.root(), &mut out);
    }
}

#[test]
fn every_corpus_job_definition_gets_the_same_report() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if Document::parse(&text).is_err() {
            continue;
        }
        for warnings in [false, true] {
            let options = ValidateOptions { warnings };
            let rules = |v: Value<'_>| nosana_deployments::job::validate(v, options);
            let expected = validate(&text, Origin::Value, rules);
            let tape = tape_of(&text);
            let doc = Document::from_tape(&tape.text, &tape.tags, &tape.numbers);
            let got = validate_document(&doc, Origin::Value, rules);
            assert_eq!(got, expected, "{}", path.display());
        }
        checked += 1;
    }
    assert!(checked > 50, "only {checked} corpus documents");
}
