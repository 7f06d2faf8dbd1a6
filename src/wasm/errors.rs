//! Thrown errors are real JS `Error`s with a stable `name` and `code`, so callers can branch on them
//! (`err.name === "ValidationError"`, `err.code === "INVALID_ARGUMENT"`); misuse is a `TypeError`.

use js_sys::{Error, Reflect};
use wasm_bindgen::JsValue;

/// Builds an `Error` with `name`, `code` and extra properties.
pub(crate) fn js_error(
    name: &str,
    code: &str,
    message: &str,
    extra: &[(&str, JsValue)],
) -> JsValue {
    // Misuse is a real `TypeError`, so `instanceof TypeError` holds as the docs promise; the other
    // names are plain `Error`s.
    let error = if name == "TypeError" {
        js_sys::TypeError::new(message).into()
    } else {
        Error::new(message)
    };
    error.set_name(name);
    set(&error, "code", &JsValue::from_str(code));
    for (key, value) in extra {
        set(&error, key, value);
    }
    error.into()
}

/// Misuse of the API (wrong argument type, unknown option): a `TypeError`.
pub(crate) fn invalid_argument(message: &str) -> JsValue {
    js_error("TypeError", "INVALID_ARGUMENT", message, &[])
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh Error cannot fail; if it ever did, the error is still thrown
    // without that property rather than replaced by a less useful one.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}
