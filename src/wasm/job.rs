//! `validateJobDefinition`, `listRules` and the Standard Schema object for job definitions.

use wasm_bindgen::prelude::*;

use super::convert::{
    report_to_js, validate_input, validate_options_from_js, validate_text_call, Input,
};
use crate::diagnostics::{Report, ValidateOptions};

pub(crate) fn validate_job_input(input: Input, options: ValidateOptions) -> Report {
    validate_input(input, |value| crate::job::validate(value, options))
}

#[wasm_bindgen(js_name = validateJobDefinition, skip_typescript)]
pub fn validate_job_definition(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    if let Some(report) = validate_text_call(&input, &options, crate::job::validate) {
        return report_to_js(&report);
    }
    let options = validate_options_from_js(&options)?;
    let input = Input::from_js(&input, "the job definition")?;
    report_to_js(&validate_job_input(input, options))
}

#[wasm_bindgen(js_name = listRules, skip_typescript)]
pub fn list_rules() -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&crate::report_json::rules(crate::all_rules()))
}

#[wasm_bindgen(js_name = jobDefinitionStandardSchema, skip_typescript)]
pub fn job_definition_standard_schema() -> Result<JsValue, JsValue> {
    super::standard_schema::standard_schema(|input| {
        validate_job_input(input, ValidateOptions { warnings: false })
    })
}
