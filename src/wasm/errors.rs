//! Thrown errors are instances of the package's exported classes (`ValidationError`,
//! `InvalidStateError`, … all `NosanaError`s, defined in `errors.js`) with a stable `name` and
//! `code`, so callers can use `instanceof`, the `is…Error` guards, or `err.code`; misuse stays a
//! built-in `TypeError`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/errors.js")]
extern "C" {
    /// Never throws: an unknown `name` gets the base class.
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(name: &str, code: &str, message: &str) -> JsValue;
}

/// Builds an error of the class `name` with `code` and extra properties.
pub(crate) fn js_error(
    name: &str,
    code: &str,
    message: &str,
    extra: &[(&str, JsValue)],
) -> JsValue {
    // The last line of defence: no message echoes a caller's 10 MB value back whole.
    let message = crate::diagnostics::bounded_echo(message.to_owned());
    let error = make_error(name, code, &message);
    for (key, value) in extra {
        set(&error, key, value);
    }
    error
}

/// Misuse of the API (wrong argument type, unknown option): a `TypeError`.
pub(crate) fn invalid_argument(message: &str) -> JsValue {
    js_error("TypeError", "INVALID_ARGUMENT", message, &[])
}

#[cfg(feature = "full")]
/// A numeric option outside its documented range: a `RangeError` (code `INVALID_ARGUMENT`, as for
/// the other misuse) whose message names the option and the range.
pub(crate) fn out_of_range(message: &str) -> JsValue {
    js_error("RangeError", "INVALID_ARGUMENT", message, &[])
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh Error cannot fail; if it ever did, the error is still thrown
    // without that property rather than replaced by a less useful one.
    super::caller_values::set(target, &JsValue::from_str(key), value);
}

// The classes are exported by the whole package's builds only: the `/job` build throws nothing but
// `TypeError`s (scripts/error-exports.mjs exports what the `.d.ts` declares).
#[cfg(feature = "full")]
#[wasm_bindgen(typescript_custom_section)]
const TS_ERRORS: &str = include_str!("ts/errors.d.ts");
