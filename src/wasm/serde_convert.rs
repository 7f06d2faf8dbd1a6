//! `serde` values across the boundary, for the API client and the deployment functions (not part
//! of the job-definition module, which links no `serde_json`).
//!
//! Values go out as plain objects through JSON (`serde_json` then `JSON.parse`): the default
//! serde-wasm-bindgen serializer would produce `Map`s for maps, and one JSON string crossing the
//! boundary is cheaper than thousands of small property sets.

use js_sys::JSON;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::JsValue;

use super::caller_values::string;
use super::convert::json_of;
use super::errors::invalid_argument;

/// Serializes a Rust value to a plain JS value.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    parse_serialized(serde_json::to_string(value))
}

/// The part of [`to_js`] that does not depend on the type: one copy in the wasm, not one inlined
/// into each of its callers.
#[inline(never)]
fn parse_serialized(text: Result<String, serde_json::Error>) -> Result<JsValue, JsValue> {
    let text = text.map_err(|err| invalid_argument(&format!("cannot serialize result: {err}")))?;
    JSON::parse(&text)
}

/// The JSON view of a JS value.
pub(crate) fn value_from_js(input: &JsValue, what: &str) -> Result<Value, JsValue> {
    let text = string(&json_of(input, what)?).unwrap_or_default();
    serde_json::from_str(&replace_lone_surrogate_escapes(&text))
        .map_err(|err| invalid_argument(&format!("{what} is not a JSON value: {err}")))
}

/// `JSON.stringify` writes a lone surrogate in a JS string as a `\uD800`-style escape, which
/// `JSON.parse` accepts and serde_json refuses. Such strings become U+FFFD (as
/// `String.prototype.toWellFormed` does), so an object validates the same as its text would in JS.
/// The replacement has the same length, so nothing else moves.
pub(crate) fn replace_lone_surrogate_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("\\u") {
        return std::borrow::Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let hex_at = |i: usize| -> Option<u16> {
        let digits = text.get(i..i + 4)?;
        u16::from_str_radix(digits, 16).ok()
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) != Some(&b'\\') {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) != Some(&b'u') {
            i += 2; // any other escape, including an escaped backslash
            continue;
        }
        let Some(unit) = hex_at(i + 2) else {
            i += 2;
            continue;
        };
        let paired_low = bytes.get(i + 6) == Some(&b'\\')
            && bytes.get(i + 7) == Some(&b'u')
            && hex_at(i + 8).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low));
        match unit {
            0xD800..=0xDBFF if paired_low => i += 12,
            0xD800..=0xDFFF => {
                out.push_str(text.get(copied..i).unwrap_or_default());
                out.push_str("\\ufffd");
                i += 6;
                copied = i;
            }
            _ => i += 6,
        }
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    std::borrow::Cow::Owned(out)
}
