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
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};

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
        if input.is_string() {
            return Ok(Self::text(input, Self::Text));
        }
        if input.is_undefined() {
            return Err(invalid_argument(&format!("{what} is undefined")));
        }
        let json = stringify_or_error(input);
        if json.is_string() {
            return Ok(Self::text(&json, Self::Value));
        }
        let reason = js_sys::Reflect::get(&json, &JsValue::from_str("error"))
            .ok()
            .and_then(|e| e.as_string())
            .unwrap_or_else(|| "it cannot be converted to JSON".to_owned());
        Err(invalid_argument(&format!(
            "{what} is not a JSON value: {reason}"
        )))
    }

    fn text(string: &JsValue, make: fn(String) -> Self) -> Self {
        // UTF-8 takes at least one byte per UTF-16 unit: a longer string is over the limit for sure.
        let units = string.unchecked_ref::<js_sys::JsString>().length() as usize;
        if units > crate::source::MAX_DOCUMENT_BYTES {
            return Self::TooLarge(units);
        }
        make(string.as_string().unwrap_or_default())
    }
}

// `JSON.stringify` behind a JS `try`, so no exception crosses into wasm: with wasm-bindgen 0.2.130 a
// `catch` import that throws leaks one externref table slot per call (docs/robustness.md, R4).
#[wasm_bindgen(inline_js = "export function stringifyOrError(value) {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? { error: 'it has no JSON form' } : text;
  } catch (e) {
    return { error: String(e !== null && typeof e === 'object' && 'message' in e ? e.message : e) };
  }
}")]
extern "C" {
    #[wasm_bindgen(js_name = stringifyOrError)]
    fn stringify_or_error(value: &JsValue) -> JsValue;
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

/// Property names used on every call, made once: `JsValue::from_str` decodes the UTF-8 with a
/// `TextDecoder` call each time, which costs more than the property set itself.
struct Keys {
    success: JsValue,
    issues: JsValue,
    warnings: JsValue,
    /// `Object.prototype`, to recognise plain objects.
    object_prototype: JsValue,
}

thread_local! {
    static KEYS: Keys = Keys {
        success: JsValue::from_str("success"),
        issues: JsValue::from_str("issues"),
        warnings: JsValue::from_str("warnings"),
        object_prototype: js_sys::Object::get_prototype_of(&js_sys::Object::new()).into(),
    };
}

/// A validation report as a plain JS value. A report without issues (the common case) is built
/// directly as `{ success: true, issues: [] }`: two property sets instead of `serde_json` +
/// `JSON.parse`. Reports with issues take the JSON route of [`to_js`].
pub(crate) fn report_to_js(report: &Report) -> Result<JsValue, JsValue> {
    if !report.issues.is_empty() {
        return to_js(report);
    }
    let object = js_sys::Object::new();
    KEYS.with(|keys| {
        js_sys::Reflect::set(&object, &keys.success, &JsValue::from_bool(report.success))?;
        js_sys::Reflect::set(&object, &keys.issues, &js_sys::Array::new())
    })?;
    Ok(object.into())
}

/// Reads `{ warnings }` without the JSON round trip of [`options_from_js`]: a plain object whose
/// only own enumerable key is `warnings` (a boolean or `undefined`), or no key at all. Anything
/// else (other keys, other values, arrays, class instances that may have `toJSON`) goes through
/// [`options_from_js`], so results and error messages are exactly those of the JSON route.
pub(crate) fn validate_options_from_js<T>(options: &JsValue) -> Result<ValidateOptions, JsValue>
where
    T: DeserializeOwned + Default + Into<ValidateOptions>,
{
    if options.is_undefined() || options.is_null() {
        return Ok(T::default().into());
    }
    // Only `Reflect` functions touch the caller's object: they are `catch` imports, so a Proxy
    // trap that throws becomes an `Err` here (and the JSON route then reports it) instead of an
    // exception unwinding through wasm frames (docs/robustness.md, R6).
    let fast = KEYS.with(|keys| -> Option<Option<bool>> {
        if !options.is_object() || options.is_function() {
            return None;
        }
        let object: &js_sys::Object = options.unchecked_ref();
        let prototype = js_sys::Reflect::get_prototype_of(options).ok()?;
        let prototype: &JsValue = prototype.as_ref();
        if !(prototype.is_null() || *prototype == keys.object_prototype) {
            return None;
        }
        let names = js_sys::Reflect::own_keys(options).ok()?;
        match names.length() {
            0 => Some(None),
            1 if names.get(0) == keys.warnings => {
                let value = js_sys::Reflect::get(object, &keys.warnings).ok()?;
                match value.as_bool() {
                    Some(warnings) => Some(Some(warnings)),
                    None if value.is_undefined() => Some(None),
                    None => None,
                }
            }
            _ => None,
        }
    });
    match fast {
        Some(Some(warnings)) => Ok(ValidateOptions { warnings }),
        Some(None) => Ok(T::default().into()),
        None => options_from_js::<T>(options).map(Into::into),
    }
}
