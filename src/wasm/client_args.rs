//! The client's arguments, read from caller values: option objects split into their JSON part
//! and the parts that are not JSON (a wallet, a secret key, an AbortSignal), ids, statuses.
//! Caller objects are only touched through `catch` imports (see `caller_values.rs`).

use std::rc::Rc;

#[cfg(feature = "secret-key")]
use js_sys::Uint8Array;
use js_sys::{Array, Function, Object, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, AddEventListenerOptions};

use super::caller_values::object_assign;
#[cfg(feature = "secret-key")]
use super::caller_values::{array_items, bytes_of};
use super::client_errors::{type_error, Fail};
use super::serde_convert::value_from_js;
use super::wallet::JsWallet;
use crate::api::cancel::Cancel;
use crate::api::credentials::{self, Credentials};
use crate::api::error::ApiError;
use crate::api::options::{CallOptions, ClientOptions};

/// Splits `{ ...json, <keys> }`: returns the listed non-JSON keys and a copy of the rest.
pub(crate) fn split(options: &JsValue, keys: &[&str]) -> Result<(Vec<JsValue>, JsValue), Fail> {
    if options.is_undefined() || options.is_null() {
        return Ok((vec![JsValue::UNDEFINED; keys.len()], JsValue::UNDEFINED));
    }
    if !options.is_object() {
        return Err(type_error("options must be an object"));
    }
    let copy = object_assign(&Object::new(), options)
        .map_err(|_| type_error("options could not be read"))?;
    let mut taken = Vec::with_capacity(keys.len());
    for key in keys {
        let k = JsValue::from_str(key);
        taken.push(Reflect::get(&copy, &k)?);
        Reflect::delete_property(&copy, &k)?;
    }
    Ok((taken, copy.into()))
}

/// The JSON view of an options or filters object (`undefined`/`null`: `Value::Null`).
pub(crate) fn json_of(value: &JsValue, what: &str) -> Result<Value, Fail> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    if !value.is_object() {
        return Err(type_error(format!("{what} must be an object")));
    }
    Ok(value_from_js(value, what)?)
}

#[inline(never)]
pub(crate) fn string_arg(value: &JsValue, what: &str) -> Result<String, Fail> {
    value
        .as_string()
        .ok_or_else(|| type_error(format!("{what} must be a string")))
}

/// Filters (or another JSON options object) read by the core's `from_value`.
pub(crate) fn filters<T>(
    value: &JsValue,
    read: fn(&Value) -> Result<T, ApiError>,
) -> Result<T, Fail> {
    Ok(read(&json_of(value, "filters")?)?)
}

fn signal_of(value: &JsValue) -> Result<Option<AbortSignal>, Fail> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let bad = || type_error("signal must be an AbortSignal");
    let signal = value.dyn_ref::<AbortSignal>().cloned().ok_or_else(bad)?;
    // `instanceof` also accepts a Proxy or `Object.create(AbortSignal.prototype)`, on which the
    // (non-`catch`) `aborted` getter would throw through wasm: call the native getter once here,
    // where a throw is caught. It throws on anything that is not a real AbortSignal.
    let real = Reflect::get(&js_sys::global(), &"AbortSignal".into())
        .and_then(|c| Reflect::get(&c, &"prototype".into()))
        .and_then(|p| {
            Reflect::get_own_property_descriptor(p.unchecked_ref::<Object>(), &"aborted".into())
        })
        .and_then(|d| Reflect::get(&d, &"get".into()))
        .ok()
        .and_then(|g| g.dyn_into::<Function>().ok())
        .is_some_and(|getter| {
            Reflect::apply(&getter, value, &Array::new()).is_ok_and(|v| v.as_bool().is_some())
        });
    if !real {
        return Err(bad());
    }
    // A real signal has no own string-named properties (Node keeps its state under symbols); one
    // defined on it (`aborted`, `addEventListener`) would shadow the native members that web-sys
    // calls without `catch`. A genuine signal (checked above) is no Proxy, so this cannot throw.
    if Object::get_own_property_names(value.unchecked_ref::<Object>()).length() > 0 {
        return Err(bad());
    }
    Ok(Some(signal))
}

/// A caller's AbortSignal feeding a core [`Cancel`]. Dropping it removes the listener, so a
/// long-lived signal does not collect one per call.
pub(crate) struct SignalLink {
    cancel: Cancel,
    listening: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl SignalLink {
    /// `value`: `undefined`/`null` or an AbortSignal.
    pub(crate) fn new(value: &JsValue) -> Result<Option<Self>, Fail> {
        let Some(signal) = signal_of(value)? else {
            return Ok(None);
        };
        let cancel = Cancel::new();
        if signal.aborted() {
            cancel.fire();
            return Ok(Some(Self {
                cancel,
                listening: None,
            }));
        }
        let c = cancel.clone();
        let on_abort = Closure::<dyn FnMut()>::new(move || c.fire());
        let options = AddEventListenerOptions::new();
        options.set_once(true);
        signal.add_event_listener_with_callback_and_add_event_listener_options(
            "abort",
            on_abort.as_ref().unchecked_ref(),
            &options,
        )?;
        Ok(Some(Self {
            cancel,
            listening: Some((signal, on_abort)),
        }))
    }

    pub(crate) fn cancel(link: &Option<Self>) -> Option<Cancel> {
        link.as_ref().map(|l| l.cancel.clone())
    }
}

impl Drop for SignalLink {
    fn drop(&mut self) {
        if let Some((signal, on_abort)) = &self.listening {
            let _ = signal
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
    }
}

/// `{ signal, timeoutMs, status }`: the call's options and the link that must outlive the call.
#[inline(never)]
pub(crate) fn call_options(options: &JsValue) -> Result<(CallOptions, Option<SignalLink>), Fail> {
    let (taken, rest) = split(options, &["signal"])?;
    let mut call = CallOptions::from_value(&json_of(&rest, "options")?)?;
    let link = SignalLink::new(taken.first().unwrap_or(&JsValue::UNDEFINED))?;
    call.cancel = SignalLink::cancel(&link);
    Ok((call, link))
}

/// The constructor's options and credentials (`wallet`, `secretKey` or `apiKey`).
pub(crate) fn client_options(options: &JsValue) -> Result<(ClientOptions, Credentials), Fail> {
    let (taken, rest) = split(options, &["wallet", "secretKey"])?;
    let opts = ClientOptions::from_value(&json_of(&rest, "options")?)?;
    let undefined = JsValue::UNDEFINED;
    let wallet = taken.first().unwrap_or(&undefined);
    let secret = taken.get(1).unwrap_or(&undefined);
    let given = [
        !wallet.is_undefined(),
        !secret.is_undefined(),
        opts.api_key.is_some(),
    ];
    if given.iter().filter(|g| **g).count() > 1 {
        return Err(type_error(
            "give one of wallet, secretKey and apiKey, not several",
        ));
    }
    let message = credentials::auth_message(opts.auth_message.as_deref())?;
    let credentials = if !wallet.is_undefined() {
        let address = Reflect::get(wallet, &"address".into())
            .ok()
            .and_then(|a| a.as_string())
            .ok_or_else(|| type_error("wallet.address must be a string"))?;
        let has_sign = Reflect::get(wallet, &"signMessage".into())
            .map(|f| f.is_function())
            .unwrap_or(false);
        if !has_sign {
            return Err(type_error("wallet.signMessage(bytes) must be a function"));
        }
        let signer = Rc::new(JsWallet::new(wallet.clone().unchecked_into()));
        Credentials::wallet(signer, address, message)?
    } else if !secret.is_undefined() {
        secret_key(secret, &message)?
    } else if let Some(key) = &opts.api_key {
        Credentials::api_key(key)?
    } else {
        Credentials::Anonymous
    };
    Ok((opts, credentials))
}

/// `secretKey` (feature `secret-key`): an ed25519 key signed with in Rust.
#[cfg(feature = "secret-key")]
fn secret_key(secret: &JsValue, message: &str) -> Result<Credentials, Fail> {
    use crate::api::auth::SecretKeySigner;
    // Never echo the key: every message below is fixed text.
    let signer = if let Some(text) = secret.as_string() {
        SecretKeySigner::from_base58(&text)
    } else if let Some(bytes) = secret.dyn_ref::<Uint8Array>() {
        bytes_of(bytes)
            .ok_or_else(|| "secretKey could not be read".to_owned())
            .and_then(|b| SecretKeySigner::from_bytes(&b))
    } else if let Some(items) = array_items(secret, "secretKey", 64)? {
        let bytes: Option<Vec<u8>> = items
            .iter()
            .map(|v| {
                v.as_f64()
                    .filter(|n| (0.0..=255.0).contains(n))
                    .map(|n| n as u8)
            })
            .collect();
        bytes
            .ok_or_else(|| "secretKey array must hold bytes".to_owned())
            .and_then(|b| SecretKeySigner::from_bytes(&b))
    } else {
        Err("secretKey must be a Uint8Array, a byte array or base58 text".to_owned())
    }
    .map_err(type_error)?;
    Ok(Credentials::secret_key(&signer, message)?)
}

#[cfg(not(feature = "secret-key"))]
fn secret_key(_secret: &JsValue, _message: &str) -> Result<Credentials, Fail> {
    Err(type_error(
        "this build has no secretKey support (feature `secret-key`): sign with a wallet object",
    ))
}
