//! `validateJobDefinition`, `listRules` and the Standard Schema object for job definitions.

use wasm_bindgen::prelude::*;

use super::convert::{validate_call, validate_input, Input};
use crate::diagnostics::{Report, ValidateOptions};

pub(crate) fn validate_job_input(input: Input, options: ValidateOptions) -> Report {
    validate_input(input, |value| crate::job::validate(value, options))
}

#[wasm_bindgen(js_name = validateJobDefinition, skip_typescript)]
pub fn validate_job_definition(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    validate_call(
        &input,
        &options,
        "the job definition",
        crate::job::validate,
        &crate::lang::model::JOB_DEFINITION,
    )
}

#[wasm_bindgen(js_name = listRules, skip_typescript)]
pub fn list_rules() -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&super::report_json::rules(crate::all_rules()))
}

#[wasm_bindgen(js_name = jobDefinitionStandardSchema, skip_typescript)]
pub fn job_definition_standard_schema() -> Result<JsValue, JsValue> {
    super::standard_schema::standard_schema(|input| {
        validate_job_input(input, ValidateOptions { warnings: false })
    })
}
