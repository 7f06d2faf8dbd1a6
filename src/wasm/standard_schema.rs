//! Standard Schema v1 (`~standard`), the interface zod, valibot and arktype share, so form and
//! router libraries accept our validators as they are. Only errors fail; warnings are left out.

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;

use super::convert::Input;
use crate::diagnostics::{PathSegment, Report};

/// Builds `{ "~standard": { version: 1, vendor, validate } }` around a Rust validator.
pub(crate) fn standard_schema(validate: fn(Input) -> Report) -> Result<JsValue, JsValue> {
    let closure = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |value: JsValue| {
        run(validate, &value).unwrap_or_else(|err| failure(&[(describe(&err), Vec::new())]))
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
    let errors: Vec<_> = report
        .issues
        .into_iter()
        .filter(|issue| issue.is_error())
        .map(|issue| (issue.message, issue.path))
        .collect();
    if !errors.is_empty() {
        return Ok(failure(&errors));
    }
    let output = match parsed {
        Some(text) => JSON::parse(&text)?,
        None => value.clone(),
    };
    let result = Object::new();
    Reflect::set(&result, &"value".into(), &output)?;
    Ok(result.into())
}

fn failure(errors: &[(String, Vec<PathSegment>)]) -> JsValue {
    let issues = Array::new();
    for (message, path) in errors {
        let issue = Object::new();
        let segments: Array = path
            .iter()
            .map(|segment| match segment {
                PathSegment::Key(key) => JsValue::from_str(key),
                PathSegment::Index(index) => JsValue::from(*index as f64),
            })
            .collect();
        let _ = Reflect::set(&issue, &"message".into(), &JsValue::from_str(message));
        let _ = Reflect::set(&issue, &"path".into(), &segments);
        issues.push(&issue);
    }
    let result = Object::new();
    let _ = Reflect::set(&result, &"issues".into(), &issues);
    result.into()
}

fn describe(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "the value cannot be validated".to_owned())
}
