//! The binding layer's boundary with the page's values: the one room that reads a value a caller
//! handed in. Property reads, getters, Proxy traps, `toJSON`, iteration, Date / Array / typed-array
//! checks and thrown values all run in `caller_values.js`, inside a `try`: no exception crosses into
//! wasm (one unwinding through wasm frames kills the module after ~1,000 calls; one caught by a
//! `catch` import leaks an externref slot per call: docs/robustness.md, R4, R6, C6). A failed read
//! comes back as [`Unreadable`], with a readable description of whatever was thrown.
//!
//! `tests/robustness/boundary-guard.test.mjs` fails the build when another file of `src/wasm/`
//! reaches caller values directly (`Reflect::`, `dyn_into`, `as_string()`, `js_sys::Date`, …).

#[cfg(feature = "full")]
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
#[cfg(feature = "full")]
use wasm_bindgen::JsCast;

// Store: `DeploymentStore` (src/wasm/store.rs) reads a boolean option and calls its listeners
// without letting a throw cross into wasm (it calls the client's `__storeCore` with
// [`call_method`]).
#[cfg(feature = "full")]
pub(crate) use store_values::*;

#[cfg(feature = "full")]
mod store_values {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/wasm/caller_values.js")]
    extern "C" {
        #[wasm_bindgen(js_name = callListener)]
        fn call_listener_js(listener: &JsValue);
    }

    /// The value of a JS boolean; `None` for any other value (a typeof check: runs no caller code).
    pub(crate) fn boolean(value: &JsValue) -> Option<bool> {
        value.as_bool()
    }

    /// Calls a caller's listener with no arguments. What it throws is reported as an unhandled
    /// rejection (not thrown into wasm, nor at the code that caused the change).
    pub(crate) fn call_listener(listener: &JsValue) {
        call_listener_js(listener);
    }
}

#[wasm_bindgen(module = "/src/wasm/caller_values.js")]
extern "C" {
    #[wasm_bindgen(js_name = failedMarker)]
    fn failed_marker() -> JsValue;
    #[wasm_bindgen(js_name = lastFailure)]
    fn last_failure() -> String;
    #[wasm_bindgen(js_name = readProperty)]
    fn read_property(target: &JsValue, key: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = writeProperty)]
    fn write_property(target: &JsValue, key: &JsValue, value: &JsValue) -> u32;
    #[wasm_bindgen(js_name = takeProperty)]
    fn take_property(target: &JsValue, key: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = arrayCheck)]
    fn array_check(value: &JsValue) -> i32;
    #[wasm_bindgen(js_name = ownStringKeys)]
    fn own_string_keys(target: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = copyOwnProperties)]
    fn copy_own_properties(source: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = dateTime)]
    fn date_time(value: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = uint8Copy)]
    fn uint8_copy(value: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = parseCallerText)]
    fn parse_caller_text(text: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = successResult)]
    fn success_result(value: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = abortSignalCheck)]
    fn abort_signal_check(value: &JsValue) -> u32;
    #[wasm_bindgen(js_name = callMethod)]
    fn call_method_of(target: &JsValue, key: &JsValue, arg: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = thrownByLastCall)]
    fn thrown_by_last_call() -> JsValue;
    #[wasm_bindgen(js_name = stringifyOrError)]
    fn stringify_or_error(value: &JsValue, nesting_limit: u32) -> JsValue;
}

thread_local! {
    static FAILED: JsValue = failed_marker();
}

/// A caller's value that could not be read: what it threw, described (at most ~200 characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unreadable(pub(crate) String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `Err` when a JS helper returned the failure marker.
fn checked(result: JsValue) -> Result<JsValue, Unreadable> {
    if FAILED.with(|failed| *failed == result) {
        Err(Unreadable(last_failure()))
    } else {
        Ok(result)
    }
}

/// `target[key]`: runs the caller's getter or Proxy trap.
pub(crate) fn get(target: &JsValue, key: &str) -> Result<JsValue, Unreadable> {
    checked(read_property(target, &JsValue::from_str(key)))
}

/// `target[index]`.
pub(crate) fn get_index(target: &JsValue, index: u32) -> Result<JsValue, Unreadable> {
    checked(read_property(target, &JsValue::from(index)))
}

/// Sets a property on an object this module made (a result, an error). Such a set cannot fail;
/// if it ever did, the object goes out without that property.
pub(crate) fn set(target: &JsValue, key: &JsValue, value: &JsValue) {
    let _ = write_property(target, key, value);
}

#[cfg(feature = "full")]
/// Reads and removes `key` of a copy this module made ([`copy_own`]).
pub(crate) fn take(copy: &Object, key: &str) -> Result<JsValue, Unreadable> {
    checked(take_property(copy, &JsValue::from_str(key)))
}

/// `Array.isArray` (any realm; a Proxy of an array is one). A revoked Proxy is unreadable.
pub(crate) fn array_check_of(value: &JsValue) -> Result<bool, Unreadable> {
    match array_check(value) {
        1 => Ok(true),
        0 => Ok(false),
        _ => Err(Unreadable(last_failure())),
    }
}

#[cfg(feature = "full")]
/// `Array.isArray(value)`, a revoked Proxy counted as not an array.
pub(crate) fn is_array(value: &JsValue) -> bool {
    array_check_of(value).unwrap_or(false)
}

/// The value of a JS string; `None` for any other value (a typeof check: runs no caller code).
pub(crate) fn string(value: &JsValue) -> Option<String> {
    value.as_string()
}

/// The value of a JS number; `None` for any other value, a `Number` object included.
pub(crate) fn number(value: &JsValue) -> Option<f64> {
    value.as_f64()
}

#[cfg(feature = "full")]
/// The own string keys of an object (`Reflect.ownKeys`: a Proxy's `ownKeys` trap runs).
pub(crate) fn own_keys(target: &JsValue) -> Result<Vec<String>, Unreadable> {
    let keys = checked(own_string_keys(target))?;
    Ok(keys
        .unchecked_into::<Array>()
        .iter()
        .filter_map(|key| key.as_string())
        .collect())
}

#[cfg(feature = "full")]
/// A fresh plain object with a caller object's own enumerable properties (`Object.assign`).
pub(crate) fn copy_own(source: &JsValue) -> Result<Object, Unreadable> {
    Ok(checked(copy_own_properties(source))?.unchecked_into())
}

#[cfg(feature = "full")]
/// What a value is as a point in time.
pub(crate) enum DateValue {
    /// A real `Date` of any realm (an iframe, a `vm` context): its time value (NaN if invalid).
    Date(f64),
    /// An object that is not a `Date`, even if it looks like one (`Object.create(Date.prototype)`,
    /// a Proxy of a Date, `{ getTime() {…} }`).
    NotADate,
    /// Not an object: a number, a string, …
    Primitive,
}

#[cfg(feature = "full")]
/// Tells a real Date (of any realm) from everything else, by the engine's brand check.
pub(crate) fn date_value(value: &JsValue) -> DateValue {
    if !value.is_object() && !value.is_function() {
        return DateValue::Primitive;
    }
    match checked(date_time(value)) {
        Ok(time) => DateValue::Date(time.as_f64().unwrap_or(f64::NAN)),
        Err(_) => DateValue::NotADate,
    }
}

#[cfg(feature = "full")]
/// The bytes of a real `Uint8Array` (any realm), copied; `None` for anything else (a Proxy of
/// one included).
pub(crate) fn uint8_bytes(value: &JsValue) -> Option<Vec<u8>> {
    let copy = checked(uint8_copy(value)).ok()?;
    Some(copy.unchecked_into::<js_sys::Uint8Array>().to_vec())
}

#[cfg(feature = "full")]
/// Why `target[key](arg)` gave no result.
pub(crate) enum CallFailure {
    /// The member could not be read or the method threw: the caller's own thrown value.
    Threw(JsValue),
    /// The member is not a function.
    NotAFunction,
}

#[cfg(feature = "full")]
/// A JS value as a js-sys type, unchecked: a value this module made (the store's own snapshot
/// objects), never a caller's value read as if it were one.
pub(crate) fn own<T: JsCast>(value: JsValue) -> T {
    value.unchecked_into()
}

#[cfg(feature = "full")]
/// `target[key](arg)`, with `target` as `this` (a wallet's `signMessage`): runs the caller's getter
/// and method inside the room's `try`, so a throw never crosses into wasm and takes no table slot.
pub(crate) fn call_method(
    target: &JsValue,
    key: &str,
    arg: &JsValue,
) -> Result<JsValue, CallFailure> {
    checked(call_method_of(target, &JsValue::from_str(key), arg)).map_err(|_| {
        let thrown = thrown_by_last_call();
        if thrown.is_undefined() {
            CallFailure::NotAFunction
        } else {
            // `[thrown]`, an array the room made.
            CallFailure::Threw(read_property(&thrown, &JsValue::from(0)))
        }
    })
}

/// The value a Standard Schema check of `text` (the caller's own string) succeeds with: its
/// `JSON.parse`, done on the caller's string so nothing (lone surrogates) is altered on the way.
/// Text the module accepted but `JSON.parse` refuses stays the string itself.
pub(crate) fn parsed_caller_text(text: &JsValue) -> JsValue {
    checked(parse_caller_text(text)).unwrap_or_else(|_| text.clone())
}

/// `{ value }`, holding the caller's value itself.
pub(crate) fn success(value: &JsValue) -> JsValue {
    success_result(value)
}

/// `JSON.stringify(value)` as a JS string, or why there is none. Objects deeper than the engine's
/// own recursion are written down to the parser's nesting limit, so they get `nestingTooDeep` as
/// their text would.
pub(crate) fn json_text(value: &JsValue) -> Result<JsValue, String> {
    #[allow(clippy::cast_possible_truncation)]
    let limit = crate::json::MAX_NESTING as u32;
    let json = stringify_or_error(value, limit);
    if json.is_string() {
        return Ok(json);
    }
    // `{ error }`, an object the snippet made.
    Err(read_property(&json, &JsValue::from_str("error"))
        .as_string()
        .unwrap_or_else(|| "it cannot be converted to JSON".to_owned()))
}

#[cfg(feature = "full")]
pub(crate) use client::*;

#[cfg(feature = "full")]
mod client {
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::AbortSignal;

    use super::{array_check_of, get, get_index, number, Unreadable};

    /// The elements of a caller's array (`None`: not an array). At most `max` elements: a Proxy
    /// may claim any length. The error names `what` (the client turns it into a TypeError).
    pub(crate) fn array_items(
        value: &JsValue,
        what: &str,
        max: u32,
    ) -> Result<Option<Vec<JsValue>>, Unreadable> {
        let unreadable = |e: Unreadable| Unreadable(format!("{what} could not be read: {e}"));
        if !array_check_of(value).map_err(unreadable)? {
            return Ok(None);
        }
        let len = number(&get(value, "length").map_err(unreadable)?)
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(max)).contains(n))
            .ok_or_else(|| Unreadable(format!("{what} must have at most {max} elements")))?;
        let mut items = Vec::new();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        for i in 0..len as u32 {
            items.push(get_index(value, i).map_err(unreadable)?);
        }
        Ok(Some(items))
    }

    /// A real AbortSignal (brand-checked by its native `aborted` getter, with no own property
    /// shadowing the members web-sys calls without `catch`); `None` for anything else.
    pub(crate) fn abort_signal(value: &JsValue) -> Option<AbortSignal> {
        (super::abort_signal_check(value) == 1).then(|| value.clone().unchecked_into())
    }
}
