//! Standard Schema v1 (`~standard`), the interface zod, valibot and arktype share, so form and
//! router libraries accept our validators as they are. Only errors fail; warnings are left out.

use js_sys::{Object, JSON};
use wasm_bindgen::prelude::*;

use super::caller_values::{self, parsed_caller_text, success};
use super::convert::Input;
use super::report_json::standard_failure;
use crate::diagnostics::{Issue, Report};

/// Builds `{ "~standard": { version: 1, vendor, validate } }` around a Rust validator.
pub(crate) fn standard_schema(validate: fn(Input) -> Report) -> Result<JsValue, JsValue> {
    let closure = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |value: JsValue| {
        run(validate, &value).unwrap_or_else(|err| {
            // A value with no JSON form (a function, a cycle…): the input's type is wrong.
            let message = describe(&err);
            let code = crate::job::rules::INVALID_TYPE.code;
            parse_or_undefined(&standard_failure([(code, message.as_str(), &[][..])]))
        })
    });
    let props = Object::new();
    caller_values::set(&props, &"version".into(), &JsValue::from(1));
    caller_values::set(&props, &"vendor".into(), &"nosana-deployments".into());
    // The closure lives as long as the schema object, which callers create once.
    caller_values::set(&props, &"validate".into(), &closure.into_js_value());
    let schema = Object::new();
    caller_values::set(&schema, &"~standard".into(), &props);
    Ok(schema.into())
}

/// The success value is the caller's own: the very value passed (`===`), or for text, the
/// caller's string parsed by `JSON.parse` (not the module's copy of it, so lone surrogates and
/// everything else come back untouched).
fn run(validate: fn(Input) -> Report, value: &JsValue) -> Result<JsValue, JsValue> {
    let input = Input::from_js(value, "the value")?;
    let text = matches!(input, Input::Text(_));
    let report = validate(input);
    let mut errors = report
        .issues
        .iter()
        .filter(|issue| issue.is_error())
        .peekable();
    if errors.peek().is_some() {
        let failure =
            errors.map(|issue: &Issue| (issue.code, issue.message.as_str(), issue.path.as_slice()));
        return JSON::parse(&standard_failure(failure));
    }
    let output = if text {
        parsed_caller_text(value)
    } else {
        value.clone()
    };
    Ok(success(&output))
}

/// `JSON.parse` of text this module wrote, which always parses.
fn parse_or_undefined(json: &str) -> JsValue {
    JSON::parse(json).unwrap_or(JsValue::UNDEFINED)
}

/// The message of an error this module threw (a `TypeError` made by `errors.rs`).
fn describe(err: &JsValue) -> String {
    caller_values::get(err, "message")
        .ok()
        .and_then(|m| caller_values::string(&m))
        .unwrap_or_else(|| "the value cannot be validated".to_owned())
}
