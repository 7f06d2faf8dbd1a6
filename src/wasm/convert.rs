//! Conversion across the boundary.
//!
//! Values go out as plain objects through JSON (`serde_json` then `JSON.parse`): the default
//! serde-wasm-bindgen serializer would produce `Map`s for maps, and one JSON string crossing the
//! boundary is cheaper than thousands of small property sets.
//!
//! Object input comes in through `JSON.stringify`, which is native and fast and gives exactly the
//! JSON view of the value (`toJSON`, dropped `undefined`, `NaN` → `null`), then goes through the
//! same parser as text. Cycles and `BigInt`s make it throw; that becomes a `TypeError` naming the
//! problem. The API client reads values into `serde_json` ([`value_from_js`]).

use js_sys::JSON;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use wasm_bindgen::{prelude::wasm_bindgen, JsValue};

use super::errors::invalid_argument;
use crate::diagnostics::{Issue, Report, ValidateOptions};

/// Serializes a Rust value to a plain JS value.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|err| invalid_argument(&format!("cannot serialize result: {err}")))?;
    JSON::parse(&text)
}

/// The input of a `validate*` function, as JSON text for the parser.
pub(crate) enum Input {
    /// The caller's own text: issues get source ranges in it.
    Text(String),
    /// A JS value as `JSON.stringify` wrote it: no ranges (the caller never saw this text).
    Value(String),
    /// A string (or a value's JSON) longer than the parser takes, in UTF-16 code units: refused
    /// before it is copied into wasm memory.
    TooLarge(usize),
}

impl Input {
    /// Reads a string as text and anything else as a JSON value.
    pub(crate) fn from_js(input: &JsValue, what: &str) -> Result<Self, JsValue> {
        if let Some(units) = string_length(input) {
            return Ok(Self::text(input, units, Self::Text));
        }
        if input.is_undefined() {
            return Err(invalid_argument(&format!("{what} is undefined")));
        }
        let json = stringify_or_error(input);
        if let Some(units) = string_length(&json) {
            return Ok(Self::text(&json, units, Self::Value));
        }
        let reason = js_sys::Reflect::get(&json, &JsValue::from_str("error"))
            .ok()
            .and_then(|e| e.as_string())
            .unwrap_or_else(|| "it cannot be converted to JSON".to_owned());
        Err(invalid_argument(&format!(
            "{what} is not a JSON value: {reason}"
        )))
    }

    fn text(string: &JsValue, units: usize, make: fn(String) -> Self) -> Self {
        // UTF-8 takes at least one byte per UTF-16 unit: a longer string is over the limit for sure.
        if units > crate::source::MAX_DOCUMENT_BYTES {
            return Self::TooLarge(units);
        }
        make(string_from_js(string, units))
    }
}

/// The length of a JS string in UTF-16 code units; `None` for any other value.
fn string_length(value: &JsValue) -> Option<usize> {
    let units = text_length(value);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (units >= 0.0).then_some(units as usize)
}

// The JS side of every validation call, in one snippet so a call crosses the boundary as few
// times as possible (each crossing through wasm-bindgen's glue costs about as much as parsing a
// small document). No exception leaves these functions: a JS exception unwinding through wasm
// frames, or through a `catch` import, leaks an externref slot (docs/robustness.md, R4, R6).
#[wasm_bindgen(inline_js = "const encoder = new TextEncoder();
export function stringifyOrError(value) {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? { error: 'it has no JSON form' } : text;
  } catch (e) {
    return { error: String(e !== null && typeof e === 'object' && 'message' in e ? e.message : e) };
  }
}
export function textLength(value) {
  return typeof value === 'string' ? value.length : -1;
}
export function encodeStringInto(text, memory, ptr, len) {
  return encoder.encodeInto(text, new Uint8Array(memory.buffer, ptr, len)).written;
}
export function readWarnings(options) {
  if (options === undefined || options === null) return 0;
  try {
    if (typeof options !== 'object') return 3;
    const proto = Object.getPrototypeOf(options);
    if (proto !== null && proto !== Object.prototype) return 3;
    const keys = Reflect.ownKeys(options);
    if (keys.length === 0) return 0;
    if (keys.length !== 1 || keys[0] !== 'warnings') return 3;
    const warnings = options.warnings;
    return warnings === undefined ? 0 : warnings === false ? 1 : warnings === true ? 2 : 3;
  } catch (e) {
    return 3;
  }
}
export function validReport() {
  return { success: true, issues: [] };
}")]
extern "C" {
    #[wasm_bindgen(js_name = stringifyOrError)]
    fn stringify_or_error(value: &JsValue) -> JsValue;
    /// The length of a string in UTF-16 code units; -1 for any other value.
    #[wasm_bindgen(js_name = textLength)]
    fn text_length(value: &JsValue) -> f64;
    /// `TextEncoder.encodeInto` straight into wasm memory: one native call, where wasm-bindgen's
    /// own string passing copies text one `charCodeAt` at a time in JS. Returns the bytes written.
    #[wasm_bindgen(js_name = encodeStringInto)]
    fn encode_string_into(text: &JsValue, memory: &JsValue, ptr: *mut u8, len: usize) -> usize;
    /// `{ warnings }` of a plain options object: 0 default, 1 false, 2 true, 3 anything else.
    #[wasm_bindgen(js_name = readWarnings)]
    fn read_warnings(options: &JsValue) -> u32;
    /// A fresh `{ success: true, issues: [] }`.
    #[wasm_bindgen(js_name = validReport)]
    fn valid_report() -> JsValue;
}

thread_local! {
    /// The module's memory object, fetched once (its `buffer` is read fresh on every use).
    static MEMORY: JsValue = wasm_bindgen::memory();
}

/// A JS string of `units` UTF-16 code units as a Rust `String`.
fn string_from_js(string: &JsValue, units: usize) -> String {
    // At most 3 bytes of UTF-8 per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    let mut buffer = vec![0u8; units.saturating_mul(3)];
    let written =
        MEMORY.with(|memory| encode_string_into(string, memory, buffer.as_mut_ptr(), buffer.len()));
    buffer.truncate(written);
    // encodeInto writes well-formed UTF-8 (lone surrogates become U+FFFD); checking it is cheap
    // and keeps this free of `unsafe`.
    String::from_utf8(buffer).unwrap_or_else(|_| string.as_string().unwrap_or_default())
}

/// The JSON view of a JS value.
pub(crate) fn value_from_js(input: &JsValue, what: &str) -> Result<Value, JsValue> {
    if input.is_undefined() {
        return Err(invalid_argument(&format!("{what} is undefined")));
    }
    let result = stringify_or_error(input);
    let Some(text) = result.as_string() else {
        let reason = js_sys::Reflect::get(&result, &JsValue::from_str("error"))
            .ok()
            .and_then(|e| e.as_string())
            .unwrap_or_else(|| "it cannot be converted to JSON".to_owned());
        return Err(invalid_argument(&format!(
            "{what} is not a JSON value: {reason}"
        )));
    };
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

/// Reads an options object: `undefined`/`null` give the defaults; unknown keys are refused so a
/// typo does not silently do nothing.
pub(crate) fn options_from_js<T: DeserializeOwned + Default>(
    options: &JsValue,
) -> Result<T, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(T::default());
    }
    let value = value_from_js(options, "options")?;
    serde_json::from_value(value)
        .map_err(|err| invalid_argument(&format!("invalid options: {err}")))
}

/// Runs a validator over the input. Text gets `invalidJson` issues for syntax errors and source
/// ranges on every issue; ranges are only computed when there are issues.
pub(crate) fn validate_input(
    input: Input,
    validate: impl FnOnce(crate::json::Value<'_>) -> Vec<Issue>,
) -> Report {
    let (text, ranges) = match &input {
        Input::Text(text) => (text, true),
        Input::Value(json) => (json, false),
        Input::TooLarge(units) => {
            return Report::new(vec![crate::source::too_large(*units, "UTF-16 code units")]);
        }
    };
    let issues = match crate::source::parse(text) {
        Ok(doc) => {
            let mut issues = validate(doc.root());
            if ranges && !issues.is_empty() {
                crate::source::attach_ranges(&doc, &mut issues);
            }
            issues
        }
        Err(mut issue) => {
            if !ranges {
                issue.range = None;
            }
            vec![*issue]
        }
    };
    Report::new(issues)
}

/// A validation report as a plain JS value. A report without issues (the common case) is made
/// by one JS call; reports with issues take the JSON route of [`to_js`].
pub(crate) fn report_to_js(report: &Report) -> Result<JsValue, JsValue> {
    if report.issues.is_empty() {
        return Ok(valid_report());
    }
    to_js(report)
}

/// Reads `{ warnings }` without the JSON round trip of [`options_from_js`]: `undefined`, `null`,
/// or a plain object whose only own key is `warnings` (a boolean or `undefined`), or no key at all,
/// in one JS call. Anything else (other keys, other values, arrays, class instances that may have
/// `toJSON`, Proxies whose traps throw) goes through [`options_from_js`], so results and error
/// messages are exactly those of the JSON route.
pub(crate) fn validate_options_from_js<T>(options: &JsValue) -> Result<ValidateOptions, JsValue>
where
    T: DeserializeOwned + Default + Into<ValidateOptions>,
{
    match read_warnings(options) {
        0 => Ok(T::default().into()),
        1 => Ok(ValidateOptions { warnings: false }),
        2 => Ok(ValidateOptions { warnings: true }),
        _ => options_from_js::<T>(options).map(Into::into),
    }
}
