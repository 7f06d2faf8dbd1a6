//! Reading caller values without letting the caller's code throw through wasm.
//!
//! A JS import that is not marked `catch` and runs caller code (a getter, a Proxy trap) lets the
//! caller's exception unwind through the wasm frames, which kills the module after ~1,000 calls
//! (docs/robustness.md, C6). Caller-provided objects are only touched through `catch` imports:
//! `Reflect` from js-sys and the bindings below.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use super::client_errors::{type_error, Fail};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = assign)]
    pub(crate) fn object_assign(target: &Object, source: &JsValue) -> Result<Object, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Uint8Array, js_name = from)]
    fn uint8_array_from(value: &JsValue) -> Result<Uint8Array, JsValue>;
}

/// `Array.isArray(value)` (a revoked Proxy throws: treated as not an array).
pub(crate) fn is_array(value: &JsValue) -> bool {
    array_is_array(value).unwrap_or(false)
}

/// The elements of a caller's array, read with `Reflect.get` (`None`: not an array). At most
/// `max` elements: a Proxy may claim any length.
pub(crate) fn array_items(
    value: &JsValue,
    what: &str,
    max: u32,
) -> Result<Option<Vec<JsValue>>, Fail> {
    if !is_array(value) {
        return Ok(None);
    }
    let unreadable = || type_error(format!("{what} could not be read"));
    let len = Reflect::get(value, &"length".into())
        .map_err(|_| unreadable())?
        .as_f64()
        .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(max)).contains(n))
        .ok_or_else(|| type_error(format!("{what} must have at most {max} elements")))?;
    let mut items = Vec::new();
    for i in 0..len as u32 {
        items.push(Reflect::get_u32(value, i).map_err(|_| unreadable())?);
    }
    Ok(Some(items))
}

/// A copy of a caller's `Uint8Array` (`Uint8Array.from`, a `catch` import: a Proxy that passes
/// `instanceof` cannot throw through wasm).
pub(crate) fn bytes_of(value: &Uint8Array) -> Option<Vec<u8>> {
    uint8_array_from(value).ok().map(|copy| copy.to_vec())
}
