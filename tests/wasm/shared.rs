// The JS surface, called the way JavaScript calls it (JsValue in, JsValue out). Included by
// wasm_node.rs and wasm_browser.rs so the same checks run in Node and in headless Chromium.

use js_sys::{Array, Reflect};
use nosana_deployments::wasm::job::{list_rules, validate_job_definition};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
fn invalid_json_text_is_an_issue_not_an_exception() {
    let result =
        validate_job_definition(JsValue::from_str("{ not json"), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&result, "success"), JsValue::FALSE);
    let issues: Array = get(&result, "issues").dyn_into().unwrap();
    assert!(issues.length() >= 1);
    assert_eq!(
        get(&issues.get(0), "code"),
        JsValue::from_str("invalidJson")
    );
}

#[wasm_bindgen_test]
fn unknown_option_throws_a_type_error_with_a_code() {
    let options = js_sys::JSON::parse(r#"{"warnigns": false}"#).unwrap();
    let err = validate_job_definition(JsValue::from_str("{}"), options).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "name"), JsValue::from_str("TypeError"));
    assert_eq!(get(&err, "code"), JsValue::from_str("INVALID_ARGUMENT"));
}

#[wasm_bindgen_test]
fn cyclic_object_throws_instead_of_overflowing() {
    let object = js_sys::Object::new();
    Reflect::set(&object, &"self".into(), &object).unwrap();
    let err = validate_job_definition(object.into(), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get(&err, "code"), JsValue::from_str("INVALID_ARGUMENT"));
    // The module must still work after the refusal.
    let again = validate_job_definition(JsValue::from_str("{"), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&again, "success"), JsValue::FALSE);
}

#[wasm_bindgen_test]
fn rules_are_listed_with_codes_and_descriptions() {
    let rules: Array = list_rules().unwrap().dyn_into().unwrap();
    assert!(rules.length() >= 1);
    for rule in rules.iter() {
        assert!(get(&rule, "code")
            .as_string()
            .is_some_and(|c| !c.is_empty()));
        assert!(get(&rule, "description")
            .as_string()
            .is_some_and(|d| !d.is_empty()));
    }
}
