//! Conversion across the boundary.
//!
//! Values go out as plain objects through JSON (`serde_json` then `JSON.parse`): the default
//! serde-wasm-bindgen serializer would produce `Map`s for maps, and one JSON string crossing the
//! boundary is cheaper than thousands of small property sets.
//!
//! Object input comes in through `JSON.stringify`, which is native and fast and gives exactly the
//! JSON view of the value (`toJSON`, dropped `undefined`, `NaN` → `null`). Cycles and `BigInt`s make
//! it throw; that becomes a `TypeError` naming the problem.

use js_sys::JSON;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

use super::errors::invalid_argument;
use crate::diagnostics::{Issue, Report};

/// Serializes a Rust value to a plain JS value.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|err| invalid_argument(&format!("cannot serialize result: {err}")))?;
    JSON::parse(&text)
}

/// The input of a `validate*` function: JSON text, or a value to check as it is.
pub(crate) enum Input {
    Text(String),
    Value(Value),
}

impl Input {
    /// Reads a string as text and anything else as a JSON value.
    pub(crate) fn from_js(input: &JsValue, what: &str) -> Result<Self, JsValue> {
        match input.as_string() {
            Some(text) => Ok(Self::Text(text)),
            None => value_from_js(input, what).map(Self::Value),
        }
    }
}

/// The JSON view of a JS value.
pub(crate) fn value_from_js(input: &JsValue, what: &str) -> Result<Value, JsValue> {
    if input.is_undefined() {
        return Err(invalid_argument(&format!("{what} is undefined")));
    }
    let text = JSON::stringify(input).map_err(|err| {
        let reason = err
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "it cannot be converted to JSON".to_owned());
        invalid_argument(&format!("{what} is not a JSON value: {reason}"))
    })?;
    let text = text
        .as_string()
        .ok_or_else(|| invalid_argument(&format!("{what} is not a JSON value")))?;
    serde_json::from_str(&text)
        .map_err(|err| invalid_argument(&format!("{what} is not a JSON value: {err}")))
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

/// Runs a validator over text or a value. Text gets `invalidJson` issues for syntax errors and
/// source ranges on every issue; ranges are only computed when there are issues.
pub(crate) fn validate_input(input: Input, validate: impl FnOnce(&Value) -> Vec<Issue>) -> Report {
    match input {
        Input::Text(text) => {
            let mut issues = match crate::source::parse(&text) {
                Ok(value) => validate(&value),
                Err(issue) => vec![*issue],
            };
            if !issues.is_empty() {
                crate::source::attach_ranges(&text, &mut issues);
            }
            Report::new(issues)
        }
        Input::Value(value) => Report::new(validate(&value)),
    }
}
