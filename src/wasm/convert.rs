//! Conversion across the boundary for the validators.
//!
//! In: strings are copied with one `TextEncoder.encodeInto`; any other value goes through
//! `JSON.stringify` (native and fast, and exactly the JSON view of the value: `toJSON`, dropped
//! `undefined`, `NaN` → `null`), then both take the same parser (a JS walker writing a tape was
//! measured and not adopted: docs/benchmarks.md, "Object crossing"). Cycles and `BigInt`s make
//! `JSON.stringify` throw; that becomes a `TypeError` naming the problem.
//! Out: a report without issues is one JS call; others are JSON text for `JSON.parse`
//! (`super::report_json`, the one way an issue crosses). `serde` values that are not issues (client,
//! deployment functions) are in `serde_convert`.

use std::cell::Cell;

use js_sys::JSON;
use wasm_bindgen::{prelude::wasm_bindgen, JsValue};

use super::caller_values::{json_text, string};
use super::errors::invalid_argument;
use crate::diagnostics::{Issues, Report, ValidateOptions};
use crate::source::{self, Origin};

/// The input of a `validate*` function, as JSON text for the parser.
pub(crate) enum Input {
    /// The caller's own text: issues get source ranges in it.
    Text(String),
    /// A JS value as `JSON.stringify` wrote it: no ranges (the caller never saw this text).
    Value(String),
    /// A string (or a value's JSON) longer than the parser takes, in UTF-16 code units: refused
    /// before it is copied into wasm memory. `text`: it is the caller's own text.
    TooLarge { units: usize, text: bool },
}

impl Input {
    /// Reads a string as text and anything else as a JSON value.
    pub(crate) fn from_js(input: &JsValue, what: &str) -> Result<Self, JsValue> {
        if let Some(units) = string_length(input) {
            return Ok(Self::read(input, units, true));
        }
        let json = json_of(input, what)?;
        Ok(Self::read(
            &json,
            string_length(&json).unwrap_or_default(),
            false,
        ))
    }

    /// A JS string of `units` UTF-16 code units; `text`: the caller's own text (else JSON made
    /// from a value).
    fn read(string: &JsValue, units: usize, text: bool) -> Self {
        // UTF-8 takes at least one byte per UTF-16 unit: a longer string is over the limit for sure.
        if units > source::MAX_DOCUMENT_BYTES {
            return Self::TooLarge { units, text };
        }
        let string = string_from_js(string, units);
        if text {
            Self::Text(string)
        } else {
            Self::Value(string)
        }
    }
}

/// The JSON text of a JS value (a JS string), as `JSON.stringify` writes it: the one way a value
/// becomes JSON here. `undefined`, cycles, `BigInt`s and values without a JSON form are refused
/// with a `TypeError` naming `what` and the problem. Objects nested deeper than the engine's
/// `JSON.stringify` recursion are written down to the parser's nesting limit, so they get the
/// same `nestingTooDeep` issue as their text (`caller_values::json_text`).
pub(crate) fn json_of(input: &JsValue, what: &str) -> Result<JsValue, JsValue> {
    if input.is_undefined() {
        return Err(invalid_argument(&format!("{what} is undefined")));
    }
    json_text(input)
        .map_err(|reason| invalid_argument(&format!("{what} is not a JSON value: {reason}")))
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
// frames, or through a `catch` import, leaks an externref slot (docs/robustness.md, R4, R6). The
// other reads of caller values are in `caller_values.rs`; this snippet is the hot path's own.
#[wasm_bindgen(inline_js = "const encoder = new TextEncoder();
export function textLength(value) {
  return typeof value === 'string' ? value.length : -1;
}
// A view of the text buffer, kept while the buffer stays where it is: a view of a detached (grown)
// memory has length 0, so it is remade then too.
let view = new Uint8Array(0);
function viewOf(memory, ptr, len) {
  if (view.byteOffset !== ptr || view.length !== len) view = new Uint8Array(memory.buffer, ptr, len);
  return view;
}
export function encodeStringInto(text, memory, ptr, len) {
  const result = encoder.encodeInto(text, viewOf(memory, ptr, len));
  return result.read === text.length ? result.written : -1;
}
export function readTextCall(text, options, memory, ptr, len) {
  if (typeof text !== 'string') return -1;
  const warnings = readWarnings(options);
  if (warnings === 3) return -1;
  const written = text.length <= len ? encodeStringInto(text, memory, ptr, len) : -1;
  return written >= 0 ? written * 4 + warnings : -2 - (text.length * 4 + warnings);
}
export function readWarnings(options) {
  if (options === undefined || options === null) return 0;
  if (typeof options !== 'object') return 3;
  try {
    const proto = Object.getPrototypeOf(options);
    if ((proto !== null && proto !== Object.prototype) || 'toJSON' in options) return 3;
    // The keys JSON.stringify would see (enumerable, string): as the JSON route reads them.
    const keys = Object.keys(options);
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
    /// The length of a string in UTF-16 code units; -1 for any other value.
    #[wasm_bindgen(js_name = textLength)]
    fn text_length(value: &JsValue) -> f64;
    /// `TextEncoder.encodeInto` straight into wasm memory: one native call, where wasm-bindgen's
    /// own string passing copies text one `charCodeAt` at a time in JS. Returns the bytes written,
    /// or -1 when the buffer was too small for the whole text.
    #[wasm_bindgen(js_name = encodeStringInto)]
    fn encode_string_into(text: &JsValue, memory: &JsValue, ptr: *mut u8, len: usize) -> i32;
    /// The usual call, a string and `undefined`, `null` or `{ warnings: boolean }`, read in one
    /// crossing: copies the text to `ptr` (`len` bytes) and returns `written * 4 + warnings`
    /// (`warnings` as [`read_warnings`] gives it). -1: any other call, for the general path;
    /// `-2 - (units * 4 + warnings)`: the buffer is too small for the text's `units` UTF-16 code
    /// units (the caller grows it and copies with [`encode_string_into`], options already read).
    #[wasm_bindgen(js_name = readTextCall)]
    fn read_text_call(
        text: &JsValue,
        options: &JsValue,
        memory: &JsValue,
        ptr: *mut u8,
        len: usize,
    ) -> f64;
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
    /// Where input text is copied, reused from call to call. Its length is all initialised bytes
    /// (zeroed once when it grows), so it is never cleared or zero-filled again.
    static TEXT_BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// The text buffer is kept for the next call at most this long (1 MiB); a longer one is freed.
const TEXT_BUFFER_KEEP: usize = 1024 * 1024;

/// Runs `with` on the reused text buffer.
fn with_text_buffer<R>(with: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    let mut buffer = TEXT_BUFFER.take();
    let result = with(&mut buffer);
    if buffer.len() <= TEXT_BUFFER_KEEP {
        TEXT_BUFFER.set(buffer);
    }
    result
}

/// Copies the JS string `text` of `units` UTF-16 code units into `buffer`, growing it to `units`
/// bytes (ASCII) and then to `3 × units` (at most 3 bytes of UTF-8 per unit; a surrogate pair is 4
/// bytes for 2 units). Returns the bytes written.
fn encode_into(buffer: &mut Vec<u8>, text: &JsValue, units: usize) -> Option<usize> {
    for wanted in [units, units.saturating_mul(3)] {
        if buffer.len() < wanted {
            buffer.resize(wanted, 0);
        }
        let written = MEMORY
            .with(|memory| encode_string_into(text, memory, buffer.as_mut_ptr(), buffer.len()));
        if let Ok(written) = usize::try_from(written) {
            return Some(written);
        }
    }
    None
}

/// A `validate*(input, options)` export: the one-call path for text with the usual options, else
/// the general path. `what` names the input in errors ("the job definition").
/// Issues found in the caller's text get their quick fixes (`crate::lang::fix`), from `model`.
pub(crate) fn validate_call(
    input: &JsValue,
    options: &JsValue,
    what: &str,
    rules: fn(crate::json::Value<'_>, ValidateOptions) -> Issues,
    model: &'static crate::lang::model::Node,
) -> Result<JsValue, JsValue> {
    if let Some(report) = validate_text_call(input, options, rules, model) {
        return report_to_js(&report);
    }
    let options = validate_options_from_js(options)?;
    match Input::from_js(input, what)? {
        Input::Text(text) => {
            let mut report = source::validate(&text, Origin::Caller, |value| rules(value, options));
            crate::lang::attach_fixes(&text, model, &mut report.issues);
            report_to_js(&report)
        }
        input => report_to_js(&validate_input(input, |value| rules(value, options))),
    }
}

/// The usual `validate*(text, options?)` call, read in one JS call ([`read_text_call`]): the text
/// straight into the reused buffer, validated where it lies, its options read once. `None`: another
/// kind of call, for the general path: a value that is not a string (its options not read yet), or
/// options other than `undefined`, `null` and `{ warnings: boolean }`, which the general path reads
/// again, through their JSON form.
fn validate_text_call(
    input: &JsValue,
    options: &JsValue,
    validate: impl FnOnce(crate::json::Value<'_>, ValidateOptions) -> Issues,
    model: &'static crate::lang::model::Node,
) -> Option<Report> {
    with_text_buffer(|buffer| {
        let read = MEMORY.with(|memory| {
            read_text_call(input, options, memory, buffer.as_mut_ptr(), buffer.len())
        });
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let (written, warnings) = if read >= 0.0 {
            let read = read as usize;
            (read >> 2, read & 3)
        } else if read <= -2.0 {
            // The buffer was too small: `-2 - (units * 4 + warnings)`.
            let packed = (-2.0 - read) as usize;
            let units = packed >> 2;
            if units > source::MAX_DOCUMENT_BYTES {
                // Refused without a copy, as the general path does (`Input::TooLarge`).
                let units_name = "UTF-16 code units";
                return Some(source::refuse_too_large(units, units_name, Origin::Caller));
            }
            (encode_into(buffer, input, units)?, packed & 3)
        } else {
            return None;
        };
        let options = ValidateOptions {
            warnings: warnings != 1,
        };
        // encodeInto writes well-formed UTF-8 (lone surrogates become U+FFFD); checking it is
        // cheap and keeps this free of `unsafe`.
        let text = std::str::from_utf8(buffer.get(..written)?).ok()?;
        let mut report = source::validate(text, Origin::Caller, |value| validate(value, options));
        crate::lang::attach_fixes(text, model, &mut report.issues);
        Some(report)
    })
}

/// A JS string of `units` UTF-16 code units as a Rust `String`.
fn string_from_js(string: &JsValue, units: usize) -> String {
    let copied = with_text_buffer(|buffer| {
        let written = encode_into(buffer, string, units)?;
        let text = std::str::from_utf8(buffer.get(..written)?).ok()?;
        Some(text.to_owned())
    });
    copied.unwrap_or_else(|| self::string(string).unwrap_or_default())
}

/// Runs a validator over the input, through the one pipeline ([`crate::source::validate`]): the
/// caller's text gets source ranges, JSON made from a value does not.
pub(crate) fn validate_input<R: Into<Issues>>(
    input: Input,
    validate: impl FnOnce(crate::json::Value<'_>) -> R,
) -> Report {
    match input {
        Input::Text(text) => source::validate(&text, Origin::Caller, validate),
        Input::Value(json) => source::validate(&json, Origin::Value, validate),
        Input::TooLarge { units, text } => {
            let origin = if text { Origin::Caller } else { Origin::Value };
            source::refuse_too_large(units, "UTF-16 code units", origin)
        }
    }
}

/// A validation report as a plain JS value. A report without issues (the common case) is made
/// by one JS call; reports with issues take the JSON route of [`to_js`].
pub(crate) fn report_to_js(report: &Report) -> Result<JsValue, JsValue> {
    if report.issues.is_empty() {
        return Ok(valid_report());
    }
    JSON::parse(&super::report_json::report(report))
}

/// Reads the options of every `validate*` function: `undefined`, `null` or `{ warnings?: boolean }`.
/// The common shapes take one JS call; anything else (other keys, other values, arrays, class
/// instances that may have `toJSON`, Proxies) is read from its `JSON.stringify` form, and unknown
/// keys are refused so a typo does not silently do nothing.
pub(crate) fn validate_options_from_js(options: &JsValue) -> Result<ValidateOptions, JsValue> {
    match read_warnings(options) {
        0 => return Ok(ValidateOptions::default()),
        1 => return Ok(ValidateOptions { warnings: false }),
        2 => return Ok(ValidateOptions { warnings: true }),
        _ => {}
    }
    let invalid = |why: String| invalid_argument(&format!("invalid options: {why}"));
    let Input::Value(json) = Input::from_js(options, "options")? else {
        return Err(invalid("they are too large".to_owned()));
    };
    let doc = crate::json::Document::parse(&json)
        .map_err(|err| invalid(err.kind.message().to_owned()))?;
    let root = doc.root();
    let Some(object) = root.as_object() else {
        return Err(invalid(format!(
            "expected an object like {{ warnings: false }}, not {}",
            root.type_name()
        )));
    };
    let mut result = ValidateOptions::default();
    for (key, value) in object.iter() {
        if key != "warnings" {
            return Err(invalid(format!(
                "unknown field `{key}`, expected `warnings`"
            )));
        }
        match value.kind() {
            crate::json::Kind::Bool(warnings) => result.warnings = warnings,
            // `{ warnings: undefined }` is `{}` once stringified; `null` means the default too.
            crate::json::Kind::Null => {}
            _ => {
                return Err(invalid(format!(
                    "`warnings` must be a boolean, not {}",
                    value.type_name()
                )))
            }
        }
    }
    Ok(result)
}
