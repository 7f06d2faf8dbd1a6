//! The client's arguments, read from caller values: option objects split into their JSON part
//! and the parts that are not JSON (a wallet, a secret key, an AbortSignal), ids, statuses.
//! Caller objects are only read through `caller_values.rs`. Numeric options are checked against
//! their documented ranges here, on the caller's own values (`JSON.stringify` would turn NaN and
//! ±Infinity into `null`, which reads as "not given").

use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, AddEventListenerOptions};

use super::caller_values::{self, abort_signal, copy_own, take, Unreadable};
#[cfg(feature = "secret-key")]
use super::caller_values::{array_items, number, uint8_bytes};
use super::client_errors::{type_error, Fail};
use super::errors::out_of_range;
use super::serde_convert::value_from_js;
use super::wallet::JsWallet;
use crate::api::cancel::Cancel;
use crate::api::credentials::{self, Credentials};
use crate::api::error::ApiError;
use crate::api::options::{CallOptions, ClientOptions};

/// `setTimeout`'s limit: a delay of 2^31 ms or more fires at once.
const MAX_MS: u32 = 2_147_483_647;

/// A numeric option and its documented range (whole numbers; `src/wasm/ts/client.d.ts`). The
/// bounds are integers: printing them needs no float formatting in the wasm.
struct NumericOption {
    name: &'static str,
    min: u32,
    max: u32,
    unit: &'static str,
}

const fn ms(name: &'static str, min: u32) -> NumericOption {
    NumericOption {
        name,
        min,
        max: MAX_MS,
        unit: " of milliseconds",
    }
}

/// Every numeric option of the client's options objects (the constructor's, a call's, a wait's):
/// each name has one range wherever it appears.
const NUMERIC_OPTIONS: &[NumericOption] = &[
    ms("timeoutMs", 1),
    ms("knownStatusTtlMs", 0),
    ms("intervalMs", 0),
    ms("connectTimeoutMs", 1),
];

/// The numeric fields of `retry: { … }`.
const RETRY_OPTIONS: &[NumericOption] = &[
    NumericOption {
        name: "retries",
        min: 0,
        max: 20,
        unit: "",
    },
    ms("baseDelayMs", 0),
    ms("maxDelayMs", 0),
];

/// A `RangeError` for each numeric field of `object` outside its range. Fields that are not
/// numbers are left to the core's type checks.
fn check_ranges(object: &JsValue, prefix: &str, options: &[NumericOption]) -> Result<(), Fail> {
    for option in options {
        let value = caller_values::get(object, option.name).map_err(|e| unreadable(&e))?;
        let Some(n) = caller_values::number(&value) else {
            continue;
        };
        if n.fract() == 0.0 && (f64::from(option.min)..=f64::from(option.max)).contains(&n) {
            continue;
        }
        return Err(Fail::Js(out_of_range(&format!(
            "options.{prefix}{} must be a whole number{} from {} to {}, not {}",
            option.name,
            option.unit,
            option.min,
            option.max,
            crate::diagnostics::format_number(n)
        ))));
    }
    Ok(())
}

fn unreadable(err: &Unreadable) -> Fail {
    type_error(format!("options could not be read: {err}"))
}

/// Splits `{ ...json, <keys> }`: returns the listed non-JSON keys and a copy of the rest. The
/// numeric options are checked against their ranges on the way.
pub(crate) fn split(options: &JsValue, keys: &[&str]) -> Result<(Vec<JsValue>, JsValue), Fail> {
    if options.is_undefined() || options.is_null() {
        return Ok((vec![JsValue::UNDEFINED; keys.len()], JsValue::UNDEFINED));
    }
    if !options.is_object() {
        return Err(type_error("options must be an object"));
    }
    let copy = copy_own(options).map_err(|e| unreadable(&e))?;
    let mut taken = Vec::with_capacity(keys.len());
    for key in keys {
        taken.push(take(&copy, key).map_err(|e| unreadable(&e))?);
    }
    check_ranges(&copy, "", NUMERIC_OPTIONS)?;
    let retry = caller_values::get(&copy, "retry").map_err(|e| unreadable(&e))?;
    if retry.is_object() && !caller_values::is_array(&retry) {
        check_ranges(&retry, "retry.", RETRY_OPTIONS)?;
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
    caller_values::string(value).ok_or_else(|| type_error(format!("{what} must be a string")))
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
    // `instanceof` would accept a Proxy or `Object.create(AbortSignal.prototype)`, on which web-sys's
    // (non-`catch`) `aborted` getter throws through wasm: `abort_signal` brand-checks it instead,
    // and refuses a real signal with an own property shadowing a native member.
    abort_signal(value)
        .map(Some)
        .ok_or_else(|| type_error("signal must be an AbortSignal"))
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
        if !wallet.is_object() {
            return Err(type_error("wallet must be an object"));
        }
        let read = |key: &str| {
            caller_values::get(wallet, key)
                .map_err(|e| type_error(format!("wallet.{key} could not be read: {e}")))
        };
        let address = caller_values::string(&read("address")?)
            .ok_or_else(|| type_error("wallet.address must be a string"))?;
        if !read("signMessage")?.is_function() {
            return Err(type_error("wallet.signMessage(bytes) must be a function"));
        }
        let signer = Rc::new(JsWallet::new(wallet.clone()));
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
    let signer = if let Some(text) = caller_values::string(secret) {
        SecretKeySigner::from_base58(&text)
    } else if let Some(bytes) = uint8_bytes(secret) {
        SecretKeySigner::from_bytes(&bytes)
    } else if let Some(items) = array_items(secret, "secretKey", 64)? {
        let bytes: Option<Vec<u8>> = items
            .iter()
            .map(|v| {
                number(v)
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
