//! Standard Schema v1 (`~standard`), the interface zod, valibot and arktype share, so form and
//! router libraries accept our validators as they are. Only errors fail; warnings are left out.

use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::prelude::*;

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
    Reflect::set(&props, &"version".into(), &JsValue::from(1))?;
    Reflect::set(&props, &"vendor".into(), &"nosana-deployments".into())?;
    // The closure lives as long as the schema object, which callers create once.
    Reflect::set(&props, &"validate".into(), &closure.into_js_value())?;
    let schema = Object::new();
    Reflect::set(&schema, &"~standard".into(), &props)?;
    Ok(schema.into())
}

fn run(validate: fn(Input) -> Report, value: &JsValue) -> Result<JsValue, JsValue> {
    let input = Input::from_js(value, "the value")?;
    let parsed = match &input {
        Input::Text(text) => Some(text.clone()),
        Input::Value(_) | Input::TooLarge { .. } => None,
    };
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
    let output = match parsed {
        Some(text) => JSON::parse(&text)?,
        None => value.clone(),
    };
    let result = Object::new();
    Reflect::set(&result, &"value".into(), &output)?;
    Ok(result.into())
}

/// `JSON.parse` of text this module wrote, which always parses.
fn parse_or_undefined(json: &str) -> JsValue {
    JSON::parse(json).unwrap_or(JsValue::UNDEFINED)
}

fn describe(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "the value cannot be validated".to_owned())
}
