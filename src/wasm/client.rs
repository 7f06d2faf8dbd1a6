//! `DeploymentsClient`: the Deployments API for JavaScript. Argument conversion, JS errors,
//! promises and async iterators; every decision (requests, errors, retries, SSE frames, paging,
//! guards) is made by the pure code in `crate::api`.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Symbol, Uint8Array, WeakMap, JSON};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortSignal;

use super::errors::js_error;
use super::serde_convert::{to_js, value_from_js};
use crate::api::auth;
#[cfg(feature = "secret-key")]
use crate::api::auth::SecretKeySigner;
use crate::api::config::{self, Endpoint, Network};
use crate::api::error::{self, ApiError, ErrorKind};
use crate::api::http::{self, CallSignal, Ended, TransportError};
use crate::api::pagination::{read_page, PageWalk};
use crate::api::read::Obj;
use crate::api::request::{self, Expect, Filters, RequestSpec, Shape};
use crate::api::retry::RetryPolicy;
use crate::api::{guards, sse};

// ---------------------------------------------------------------------------------------------
// Failures

/// A failure on its way to JS: an API error (made into a typed `Error` at the boundary), or a JS
/// value already thrown (a wallet's own error, a conversion error).
enum Fail {
    Api(ApiError, Option<JsValue>),
    Js(JsValue),
}

impl From<ApiError> for Fail {
    fn from(e: ApiError) -> Self {
        Fail::Api(e, None)
    }
}

impl From<JsValue> for Fail {
    fn from(e: JsValue) -> Self {
        Fail::Js(e)
    }
}

impl Fail {
    fn into_js(self) -> JsValue {
        match self {
            Fail::Js(v) => v,
            Fail::Api(e, cause) => api_error_to_js(&e, cause),
        }
    }
}

fn api_error_to_js(e: &ApiError, cause: Option<JsValue>) -> JsValue {
    let mut extra: Vec<(&str, JsValue)> = Vec::new();
    if let Some(status) = e.status {
        extra.push(("status", JsValue::from(status)));
        extra.push(("httpStatus", JsValue::from(status)));
    } else if let (Some(s), ErrorKind::InvalidState | ErrorKind::Archived) =
        (&e.deployment_status, e.kind)
    {
        // Refused locally: nothing was sent, `status` is the deployment's (as `nextStatus` throws it).
        extra.push(("status", JsValue::from_str(s)));
    }
    if let Some(s) = &e.deployment_status {
        extra.push(("deploymentStatus", JsValue::from_str(s)));
    }
    if let Some(a) = e.action {
        extra.push(("action", JsValue::from_str(a)));
    }
    if let Some(m) = &e.server_message {
        extra.push(("serverMessage", JsValue::from_str(m)));
    }
    if e.kind == ErrorKind::Validation {
        extra.push(("issues", to_js(&e.issues).unwrap_or(JsValue::NULL)));
    }
    if let Some(c) = cause {
        extra.push(("cause", c));
    }
    js_error(e.kind.name(), e.code, &e.message, &extra)
}

fn type_error(message: String) -> Fail {
    ApiError::invalid_argument(message).into()
}

// ---------------------------------------------------------------------------------------------
// Reading caller values
//
// A JS import that is not marked `catch` and runs caller code (a getter, a Proxy trap) lets the
// caller's exception unwind through the wasm frames, which kills the module after ~1,000 calls
// (docs/robustness.md, C6). Caller-provided objects are only touched through `catch` imports:
// `Reflect` from js-sys and the bindings below.

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = assign)]
    fn object_assign(target: &Object, source: &JsValue) -> Result<Object, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Uint8Array, js_name = from)]
    fn uint8_array_from(value: &JsValue) -> Result<Uint8Array, JsValue>;
}

/// `Array.isArray(value)` (a revoked Proxy throws: treated as not an array).
fn is_array(value: &JsValue) -> bool {
    array_is_array(value).unwrap_or(false)
}

/// The elements of a caller's array, read with `Reflect.get` (`None`: not an array). At most
/// `max` elements: a Proxy may claim any length.
fn array_items(value: &JsValue, what: &str, max: u32) -> Result<Option<Vec<JsValue>>, Fail> {
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
fn bytes_of(value: &Uint8Array) -> Option<Vec<u8>> {
    uint8_array_from(value).ok().map(|copy| copy.to_vec())
}

// ---------------------------------------------------------------------------------------------
// Options

/// The JSON part of the constructor's options (`wallet` and `secretKey` are taken out first).
#[derive(Default)]
struct JsClientOptions {
    network: Option<Network>,
    base_url: Option<String>,
    path_prefix: Option<String>,
    timeout_ms: Option<f64>,
    retry: RetryPolicy,
    headers: Vec<(String, String)>,
    api_key: Option<String>,
    auth_message: Option<String>,
    known_status_ttl_ms: Option<f64>,
}

impl JsClientOptions {
    fn read(v: &Value) -> Result<Self, Fail> {
        let o = Obj::new(
            v,
            "options",
            &[
                "network",
                "baseUrl",
                "pathPrefix",
                "timeoutMs",
                "retry",
                "headers",
                "apiKey",
                "authMessage",
                "knownStatusTtlMs",
            ],
        )?;
        let network = match o.string("network")? {
            None => None,
            Some(n) => Some(Network::parse(&n).ok_or_else(|| {
                type_error(format!(
                    "network must be \"mainnet\" or \"devnet\", not \"{n}\""
                ))
            })?),
        };
        let mut headers = Vec::new();
        match o.get("headers") {
            None => {}
            Some(Value::Object(map)) => {
                for (name, value) in map {
                    let Value::String(value) = value else {
                        return Err(type_error(format!("headers.{name} must be a string")));
                    };
                    headers.push((name.clone(), value.clone()));
                }
            }
            Some(_) => return Err(type_error("headers must be an object".to_owned())),
        }
        Ok(Self {
            network,
            base_url: o.string("baseUrl")?,
            path_prefix: o.string("pathPrefix")?,
            timeout_ms: o.number("timeoutMs")?,
            retry: RetryPolicy::from_value(o.get("retry").unwrap_or(&Value::Null))?,
            headers,
            api_key: o.string("apiKey")?,
            auth_message: o.string("authMessage")?,
            known_status_ttl_ms: o.number("knownStatusTtlMs")?,
        })
    }
}

/// Options every call takes.
#[derive(Default, Clone)]
struct CallOptions {
    signal: Option<AbortSignal>,
    timeout_ms: Option<f64>,
    /// The deployment's status as the caller knows it (guards actions).
    status: Option<String>,
}

/// Splits `{ ...json, signal, <keys> }`: returns the listed non-JSON keys and a copy of the rest.
fn split(options: &JsValue, keys: &[&str]) -> Result<(Vec<JsValue>, JsValue), Fail> {
    if options.is_undefined() || options.is_null() {
        return Ok((vec![JsValue::UNDEFINED; keys.len()], JsValue::UNDEFINED));
    }
    if !options.is_object() {
        return Err(type_error("options must be an object".to_owned()));
    }
    let copy = object_assign(&Object::new(), options)
        .map_err(|_| type_error("options could not be read".to_owned()))?;
    let mut taken = Vec::with_capacity(keys.len());
    for key in keys {
        let k = JsValue::from_str(key);
        taken.push(Reflect::get(&copy, &k)?);
        Reflect::delete_property(&copy, &k)?;
    }
    Ok((taken, copy.into()))
}

/// The JSON view of an options or filters object (`undefined`/`null`: `Value::Null`). Read by
/// hand with [`Obj`]: a `#[derive(Deserialize)]` per options struct cost ~35 KB of wasm.
fn json_of(value: &JsValue, what: &str) -> Result<Value, Fail> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    if !value.is_object() {
        return Err(type_error(format!("{what} must be an object")));
    }
    Ok(value_from_js(value, what)?)
}

fn signal_of(value: &JsValue) -> Result<Option<AbortSignal>, Fail> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let bad = || type_error("signal must be an AbortSignal".to_owned());
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

#[inline(never)]
fn call_options(options: &JsValue) -> Result<CallOptions, Fail> {
    let (taken, rest) = split(options, &["signal"])?;
    let rest = json_of(&rest, "options")?;
    let o = Obj::new(&rest, "options", &["timeoutMs", "status"])?;
    Ok(CallOptions {
        signal: signal_of(taken.first().unwrap_or(&JsValue::UNDEFINED))?,
        timeout_ms: o.number("timeoutMs")?,
        status: o.string("status")?,
    })
}

#[inline(never)]
fn string_arg(value: &JsValue, what: &str) -> Result<String, Fail> {
    value
        .as_string()
        .ok_or_else(|| type_error(format!("{what} must be a string")))
}

fn filters<T>(value: &JsValue, read: fn(&Value) -> Result<T, ApiError>) -> Result<T, Fail> {
    Ok(read(&json_of(value, "filters")?)?)
}

// ---------------------------------------------------------------------------------------------
// Auth

enum Auth {
    None,
    Wallet {
        wallet: Object,
        address: String,
        message: String,
    },
    #[cfg_attr(not(feature = "secret-key"), allow(dead_code))]
    Secret {
        address: String,
        header: String,
    },
    ApiKey(String),
}

thread_local! {
    /// wallet object → { [message]: Promise<authorization value> }: one signature per wallet,
    /// shared by every client and every concurrent request (one popup, not ten).
    static SIGNATURES: WeakMap = WeakMap::new();
}

/// The signature in a wallet's answer: a Uint8Array, `{ signature }` or `[{ signature }]` (Wallet
/// Standard's solana:signMessage output). `depth` bounds the descent: a cyclic answer ends.
fn signature_bytes(out: &JsValue, depth: u8) -> Option<Vec<u8>> {
    if let Some(bytes) = out.dyn_ref::<Uint8Array>() {
        return bytes_of(bytes);
    }
    if depth == 0 {
        return None;
    }
    if is_array(out) {
        return signature_bytes(&Reflect::get_u32(out, 0).ok()?, depth - 1);
    }
    if out.is_object() {
        let sig = Reflect::get(out, &"signature".into()).ok()?;
        if sig.is_object() {
            return signature_bytes(&sig, depth - 1);
        }
    }
    None
}

fn start_signing(wallet: Object, message: String) -> Promise {
    future_to_promise(async move {
        let sign = Reflect::get(&wallet, &"signMessage".into())?
            .dyn_into::<Function>()
            .map_err(|_| {
                JsValue::from(js_sys::Error::new("wallet.signMessage is not a function"))
            })?;
        let bytes = Uint8Array::from(message.as_bytes());
        let out = sign.call1(&wallet, &bytes)?;
        // A fresh promise resolved with the answer: resolve functions never throw (a throwing
        // `then` getter rejects it), and its `then` is the native one.
        let out = JsFuture::from(Promise::new(&mut |resolve, _| {
            let _ = resolve.call1(&JsValue::UNDEFINED, &out);
        }))
        .await?;
        let sig = signature_bytes(&out, 2).ok_or_else(|| {
            JsValue::from(js_sys::Error::new(
                "wallet.signMessage must resolve to the signature bytes (a Uint8Array)",
            ))
        })?;
        let header = auth::authorization_value(&message, &sig)
            .map_err(|e| JsValue::from(js_sys::Error::new(&e)))?;
        Ok(JsValue::from_str(&header))
    })
}

async fn wallet_authorization(wallet: &Object, message: &str) -> Result<String, Fail> {
    let key = JsValue::from_str(message);
    let (per_wallet, promise) = SIGNATURES.with(|map| -> Result<(Object, Promise), JsValue> {
        let existing = map.get(wallet);
        let per_wallet: Object = if existing.is_object() {
            existing.unchecked_into()
        } else {
            let o = Object::new();
            map.set(wallet, &o);
            o
        };
        let cached = Reflect::get(&per_wallet, &key)?;
        let promise = match cached.dyn_into::<Promise>() {
            Ok(p) => p,
            Err(_) => {
                let p = start_signing(wallet.clone(), message.to_owned());
                Reflect::set(&per_wallet, &key, &p)?;
                p
            }
        };
        Ok((per_wallet, promise))
    })?;
    match JsFuture::from(promise.clone()).await {
        Ok(v) => v
            .as_string()
            .ok_or_else(|| Fail::Js(JsValue::from_str("bad signature"))),
        Err(cause) => {
            // Forget the failed attempt (e.g. the user closed the popup): the next call asks again.
            if Reflect::get(&per_wallet, &key).is_ok_and(|p| p == JsValue::from(promise)) {
                let _ = Reflect::delete_property(&per_wallet, &key);
            }
            let e = ApiError::new(
                ErrorKind::Unauthorized,
                "SIGNING_FAILED",
                "the wallet did not sign the authentication message",
            );
            Err(Fail::Api(e, Some(cause)))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The client

struct Inner {
    endpoint: Endpoint,
    timeout_ms: f64,
    retry: RetryPolicy,
    headers: Vec<(String, String)>,
    auth: Auth,
    status_ttl_ms: f64,
    /// (deployment id, status, when seen in ms since epoch); a handful of entries.
    statuses: RefCell<Vec<(String, String, f64)>>,
}

/// The Nosana Deployments API. See `docs/client.md`.
#[wasm_bindgen(js_name = DeploymentsClient, skip_typescript)]
pub struct DeploymentsClient {
    inner: Rc<Inner>,
}

fn parse_auth(wallet: &JsValue, secret: &JsValue, opts: &JsClientOptions) -> Result<Auth, Fail> {
    let given = [
        !wallet.is_undefined(),
        !secret.is_undefined(),
        opts.api_key.is_some(),
    ];
    if given.iter().filter(|g| **g).count() > 1 {
        return Err(type_error(
            "give one of wallet, secretKey and apiKey, not several".to_owned(),
        ));
    }
    let message = opts
        .auth_message
        .clone()
        .unwrap_or_else(|| auth::DEFAULT_MESSAGE.to_owned());
    if message.is_empty() || message.contains(':') {
        return Err(type_error(
            "authMessage must be non-empty and contain no ':'".to_owned(),
        ));
    }
    if !wallet.is_undefined() {
        let address = Reflect::get(wallet, &"address".into())
            .ok()
            .and_then(|a| a.as_string())
            .ok_or_else(|| type_error("wallet.address must be a string".to_owned()))?;
        auth::check_address(&address).map_err(type_error)?;
        let has_sign = Reflect::get(wallet, &"signMessage".into())
            .map(|f| f.is_function())
            .unwrap_or(false);
        if !has_sign {
            return Err(type_error(
                "wallet.signMessage(bytes) must be a function".to_owned(),
            ));
        }
        return Ok(Auth::Wallet {
            wallet: wallet.clone().unchecked_into(),
            address,
            message,
        });
    }
    if !secret.is_undefined() {
        return secret_key_auth(secret, &message);
    }
    if let Some(key) = &opts.api_key {
        if key.trim().is_empty() {
            return Err(type_error("apiKey must not be empty".to_owned()));
        }
        return Ok(Auth::ApiKey(key.trim().to_owned()));
    }
    Ok(Auth::None)
}

/// `secretKey` (feature `secret-key`): an ed25519 key signed with in Rust.
#[cfg(feature = "secret-key")]
fn secret_key_auth(secret: &JsValue, message: &str) -> Result<Auth, Fail> {
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
    let header = signer.authorization(message).map_err(type_error)?;
    Ok(Auth::Secret {
        address: signer.address().to_owned(),
        header,
    })
}

#[cfg(not(feature = "secret-key"))]
fn secret_key_auth(_secret: &JsValue, _message: &str) -> Result<Auth, Fail> {
    Err(type_error(
        "this build has no secretKey support (feature `secret-key`): sign with a wallet object"
            .to_owned(),
    ))
}

impl Inner {
    async fn auth_headers(&self) -> Result<Vec<(String, String)>, Fail> {
        let secret_names = ["authorization", "x-user-id"];
        let mut headers: Vec<(String, String)> = match self.auth {
            Auth::None => self.headers.clone(),
            _ => self
                .headers
                .iter()
                .filter(|(k, _)| !secret_names.contains(&k.to_ascii_lowercase().as_str()))
                .cloned()
                .collect(),
        };
        match &self.auth {
            Auth::None => {}
            Auth::Wallet {
                wallet,
                address,
                message,
            } => {
                let value = wallet_authorization(wallet, message).await?;
                headers.push(("x-user-id".into(), address.clone()));
                headers.push(("authorization".into(), value));
            }
            Auth::Secret { address, header } => {
                headers.push(("x-user-id".into(), address.clone()));
                headers.push(("authorization".into(), header.clone()));
            }
            Auth::ApiKey(key) => headers.push(("authorization".into(), format!("Bearer {key}"))),
        }
        Ok(headers)
    }

    fn remember(&self, id: &str, status: &str) {
        let mut statuses = self.statuses.borrow_mut();
        statuses.retain(|(i, _, _)| i != id);
        // Bounded: the oldest entries go first.
        if statuses.len() >= 256 {
            statuses.remove(0);
        }
        statuses.push((id.to_owned(), status.to_owned(), js_sys::Date::now()));
    }

    fn forget(&self, id: &str) {
        self.statuses.borrow_mut().retain(|(i, _, _)| i != id);
    }

    /// The status the guard may trust: the caller's, else one this client saw within
    /// `knownStatusTtlMs` if it is one only user actions leave (DRAFT, STOPPED, ARCHIVED).
    fn known_status(&self, id: Option<&str>, given: Option<&str>) -> Option<String> {
        if let Some(s) = given {
            return Some(s.to_owned());
        }
        let id = id?;
        let statuses = self.statuses.borrow();
        let (_, status, seen) = statuses.iter().find(|(i, _, _)| i == id)?;
        let fresh = self.status_ttl_ms > 0.0 && js_sys::Date::now() - seen <= self.status_ttl_ms;
        (fresh && guards::is_user_stable(status)).then(|| status.clone())
    }

    /// Refuses locally what the server would refuse: invalid bodies and actions the status does
    /// not allow. Nothing is sent then.
    fn guard(&self, spec: &RequestSpec, call: &CallOptions) -> Result<(), ApiError> {
        if let Some(action) = spec.action {
            let body_issues = match (action, &spec.body) {
                (_, None) => Vec::new(),
                ("createRevision", Some(b)) => guards::update_issues(action, b),
                (_, Some(Value::Object(o))) => {
                    guards::update_issues(action, &Value::Object(o.clone()))
                }
                _ => Vec::new(),
            };
            if !body_issues.is_empty() {
                return Err(ApiError::invalid_request(
                    &format!("the {action} request"),
                    body_issues,
                ));
            }
            if let Some(status) =
                self.known_status(spec.deployment.as_deref(), call.status.as_deref())
            {
                if let Err(archived) = guards::check_action(&status, action) {
                    return Err(ApiError::refused(action, &status, archived));
                }
            }
        } else if spec.path == "/create" {
            if let Some(body) = &spec.body {
                let issues = guards::create_issues(body);
                if !issues.is_empty() {
                    return Err(ApiError::invalid_request("the create request", issues));
                }
            }
        }
        Ok(())
    }

    /// Learns statuses from what the server answered.
    fn observe(&self, spec: &RequestSpec, result: &JsValue) {
        let get_str =
            |v: &JsValue, k: &str| Reflect::get(v, &k.into()).ok().and_then(|s| s.as_string());
        if let (Some(id), Some(action)) = (&spec.deployment, spec.action) {
            if action == "delete" {
                self.forget(id);
                return;
            }
            if let Some(status) = get_str(result, "status") {
                self.remember(id, &status);
            } else if let Some(status) = guards::status_after(action) {
                self.remember(id, status);
            }
            return;
        }
        let record = |d: &JsValue| {
            if let (Some(id), Some(status)) = (get_str(d, "id"), get_str(d, "status")) {
                self.remember(&id, &status);
            }
        };
        if let Ok(list) = Reflect::get(result, &"deployments".into()) {
            if Array::is_array(&list) {
                Array::from(&list).iter().for_each(|d| record(&d));
                return;
            }
        }
        record(result);
    }

    fn transport_failure(
        &self,
        e: TransportError,
        cs: &CallSignal,
        label: &str,
        timeout: f64,
    ) -> ApiError {
        match e {
            TransportError::Failed(reason) => ApiError::network(label, &reason),
            TransportError::Aborted => ended_error(cs.ended(), label, timeout),
        }
    }

    /// Sends `spec` (guards, auth, retries, time limit) and returns the 2xx body text.
    async fn send_text(&self, spec: &RequestSpec, call: &CallOptions) -> Result<String, Fail> {
        self.guard(spec, call)?;
        let label = spec.label(&self.endpoint);
        let url = spec.url(&self.endpoint);
        let headers = self.auth_headers().await?;
        let timeout = call.timeout_ms.unwrap_or(self.timeout_ms);
        let cs = CallSignal::new(call.signal.as_ref(), Some(timeout))?;
        let signal = cs.signal();
        let mut attempt = 0;
        loop {
            let result = async {
                let response = http::send(spec.method, &url, &headers, spec.body_text(), &signal)
                    .await
                    .map_err(|e| self.transport_failure(e, &cs, &label, timeout))?;
                let status = response.status();
                let text = response
                    .text(&signal)
                    .await
                    .map_err(|e| self.transport_failure(e, &cs, &label, timeout))?;
                if (200..300).contains(&status) {
                    Ok(text)
                } else {
                    Err(error::from_response(
                        &label,
                        spec.action,
                        status,
                        &response.content_type(),
                        &text,
                    ))
                }
            }
            .await;
            match result {
                Ok(text) => return Ok(text),
                Err(e) => {
                    if let Some(delay) =
                        self.retry
                            .decide(spec.method, &e, attempt, js_sys::Math::random())
                    {
                        if http::sleep(delay, &signal).await {
                            attempt += 1;
                            continue;
                        }
                        return Err(ended_error(cs.ended(), &label, timeout).into());
                    }
                    if matches!(
                        e.kind,
                        ErrorKind::InvalidState | ErrorKind::Archived | ErrorKind::NotFound
                    ) {
                        if let Some(id) = &spec.deployment {
                            self.forget(id);
                        }
                    }
                    return Err(e.into());
                }
            }
        }
    }

    /// Sends `spec` and returns the body as JS (plain objects through `JSON.parse`).
    async fn send_js(&self, spec: &RequestSpec, call: &CallOptions) -> Result<JsValue, Fail> {
        let text = self.send_text(spec, call).await?;
        let label = spec.label(&self.endpoint);
        let value = match spec.expect {
            Expect::Empty => JsValue::UNDEFINED,
            Expect::JobDetail => {
                let v: Value = serde_json::from_str(&text)
                    .map_err(|e| error::invalid_response(&label, 200, &e.to_string()))?;
                if let Some(issue) = spec.shape.issue(&v) {
                    return Err(error::invalid_response(&label, 200, &issue).into());
                }
                to_js(&request::map_job_detail(v))?
            }
            Expect::Json | Expect::Stream => {
                let v = JSON::parse(&text)
                    .map_err(|_| error::invalid_response(&label, 200, "not JSON"))?;
                if let Some(issue) = js_shape_issue(spec.shape, &v) {
                    return Err(error::invalid_response(&label, 200, &issue).into());
                }
                v
            }
        };
        self.observe(spec, &value);
        Ok(value)
    }

    /// Sends a list request and reads it as a page of `key` items.
    async fn send_page(
        &self,
        spec: &RequestSpec,
        call: &CallOptions,
        key: &str,
    ) -> Result<crate::api::pagination::Page, Fail> {
        let text = self.send_text(spec, call).await?;
        let label = spec.label(&self.endpoint);
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| error::invalid_response(&label, 200, &e.to_string()))?;
        let page = read_page(&value, key).map_err(|e| error::invalid_response(&label, 200, &e))?;
        if key == "deployments" {
            for d in &page.items {
                if let (Some(id), Some(s)) = (
                    d.get("id").and_then(Value::as_str),
                    d.get("status").and_then(Value::as_str),
                ) {
                    self.remember(id, s);
                }
            }
        }
        Ok(page)
    }
}

/// [`Shape::issue`] for a value from `JSON.parse` (plain data: no caller code runs).
fn js_shape_issue(shape: Shape, value: &JsValue) -> Option<String> {
    let field = |k: &str| Reflect::get(value, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let object = || {
        if value.is_null() {
            Some("null, not an object".to_owned())
        } else if is_array(value) {
            Some("an array, not an object".to_owned())
        } else if !value.is_object() {
            Some("not an object".to_owned())
        } else {
            None
        }
    };
    match shape {
        Shape::Any => None,
        Shape::Object => object(),
        Shape::Deployment => object().or_else(|| {
            ["id", "status"]
                .into_iter()
                .find(|k| !field(k).is_string())
                .map(|k| format!("not a deployment: `{k}` is not a string"))
        }),
        Shape::List(key) => object()
            .or_else(|| (!is_array(&field(key))).then(|| format!("`{key}` is not an array"))),
        Shape::Array => (!is_array(value)).then(|| "not an array".to_owned()),
    }
}

fn ended_error(ended: Ended, label: &str, timeout: f64) -> ApiError {
    match ended {
        Ended::TimedOut => ApiError::timeout(label, timeout),
        Ended::Aborted | Ended::No => ApiError::aborted(label),
    }
}

/// Every promise the client returns runs one boxed future type: `future_to_promise` is then
/// instantiated once instead of once per method (that alone was ~40 KB of wasm).
type BoxFuture = Pin<Box<dyn Future<Output = Result<JsValue, Fail>>>>;

/// Runs `f` as a promise; failures become typed JS errors.
fn promise(f: BoxFuture) -> Promise {
    future_to_promise(async move { f.await.map_err(Fail::into_js) })
}

// ---------------------------------------------------------------------------------------------
// Async iterators

fn iter_result(value: JsValue, done: bool) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(&o, &"value".into(), &value);
    let _ = Reflect::set(&o, &"done".into(), &JsValue::from_bool(done));
    o.into()
}

/// Something that produces the items of an async iterator, one `next()` at a time.
trait Source: 'static {
    fn next(self: Rc<Self>) -> BoxFuture;
    /// `return()`: stop now (a `break` in `for await`).
    fn close(&self);
}

/// `{ next, return, [Symbol.asyncIterator]() { return this } }`. Calls to `next()` run one after
/// another even when not awaited, so the source never sees two at once.
fn async_iterator<S: Source>(source: Rc<S>) -> Result<JsValue, JsValue> {
    let tail: Rc<RefCell<Promise>> = Rc::new(RefCell::new(Promise::resolve(&JsValue::UNDEFINED)));
    let next = {
        let source = source.clone();
        Closure::<dyn FnMut() -> Promise>::new(move || {
            let source = source.clone();
            let run =
                Closure::once_into_js(move |_: JsValue| -> Promise { promise(source.next()) });
            let prev = tail.borrow().clone();
            let chained = Reflect::get(&prev, &"then".into())
                .and_then(|then| then.unchecked_into::<Function>().call2(&prev, &run, &run))
                .map(JsCast::unchecked_into::<Promise>)
                .unwrap_or_else(|e| Promise::reject(&e));
            *tail.borrow_mut() = chained.clone();
            chained
        })
    };
    let ret = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |value: JsValue| {
        source.close();
        Promise::resolve(&iter_result(value, true))
    });
    let o = Object::new();
    Reflect::set(&o, &"next".into(), &next.into_js_value())?;
    Reflect::set(&o, &"return".into(), &ret.into_js_value())?;
    // `Object.prototype.valueOf` returns `this`: exactly `[Symbol.asyncIterator]() { return this }`,
    // without `new Function` (CSP) or a closure holding the object (a cycle GC cannot see).
    let value_of = Reflect::get(&Object::new(), &"valueOf".into())?;
    Reflect::set(&o, &Symbol::async_iterator(), &value_of)?;
    Ok(o.into())
}

/// All items of a paged list, page after page.
struct Pager<F: Filters + 'static> {
    inner: Rc<Inner>,
    filters: F,
    build: fn(&F) -> Result<RequestSpec, ApiError>,
    key: &'static str,
    call: CallOptions,
    walk: RefCell<PageWalk>,
    buffer: RefCell<VecDeque<Value>>,
    closed: Cell<bool>,
}

impl<F: Filters + 'static> Source for Pager<F> {
    fn next(self: Rc<Self>) -> BoxFuture {
        Box::pin(async move {
            loop {
                if self.closed.get() {
                    return Ok(iter_result(JsValue::UNDEFINED, true));
                }
                let item = self.buffer.borrow_mut().pop_front();
                if let Some(item) = item {
                    return Ok(iter_result(to_js(&item)?, false));
                }
                if self.walk.borrow().done {
                    return Ok(iter_result(JsValue::UNDEFINED, true));
                }
                let mut f = self.filters.clone();
                f.set_cursor(self.walk.borrow().cursor.clone());
                let spec = (self.build)(&f)?;
                let page = self.inner.send_page(&spec, &self.call, self.key).await?;
                let items = self.walk.borrow_mut().advance(page);
                self.buffer.borrow_mut().extend(items);
            }
        })
    }

    fn close(&self) {
        self.closed.set(true);
        self.buffer.borrow_mut().clear();
    }
}

/// The SSE stream of one deployment, reconnecting with backoff.
struct Watch {
    inner: Rc<Inner>,
    spec: RequestSpec,
    /// Aborted by the caller's signal or by `return()`.
    cs: CallSignal,
    closed: Cell<bool>,
    reader: RefCell<Option<http::ByteReader>>,
    parser: RefCell<sse::SseParser>,
    queue: RefCell<VecDeque<JsValue>>,
    /// Failed connects and dropped connections since the last frame.
    failures: Cell<u32>,
    /// 200 answers that were not an event stream, in a row.
    not_streams: Cell<u32>,
    /// Why the last connect or connection failed (the error once the watch gives up).
    last_failure: RefCell<Option<ApiError>>,
    connections: Cell<u32>,
}

/// A watch gives up after this many 200 answers in a row that are not an event stream (a login
/// page, a wrong gateway): `ServerError` `INVALID_RESPONSE`.
const MAX_NOT_STREAMS: u32 = 3;
/// A watch gives up after this many failed connects or dropped connections without a frame in
/// between (about 80 s of backoff), with the last failure's error.
const MAX_FAILURES: u32 = 20;

const RECONNECT: RetryPolicy = RetryPolicy {
    retries: u32::MAX,
    base_delay_ms: 250.0,
    max_delay_ms: 5_000.0,
};

impl Watch {
    fn stopped(&self) -> Result<JsValue, Fail> {
        if self.closed.get() {
            Ok(iter_result(JsValue::UNDEFINED, true))
        } else {
            Err(ApiError::aborted(&self.spec.label(&self.inner.endpoint)).into())
        }
    }

    /// Opens the stream. `Ok(false)`: a transient failure, try again later.
    async fn connect(&self) -> Result<bool, Fail> {
        let label = self.spec.label(&self.inner.endpoint);
        let headers = self.inner.auth_headers().await?;
        let signal = self.cs.signal();
        let url = self.spec.url(&self.inner.endpoint);
        let response = match http::send(self.spec.method, &url, &headers, None, &signal).await {
            Ok(r) => r,
            Err(TransportError::Aborted) => return Err(ApiError::aborted(&label).into()),
            Err(TransportError::Failed(reason)) => {
                *self.last_failure.borrow_mut() = Some(ApiError::network(&label, &reason));
                return Ok(false);
            }
        };
        let status = response.status();
        if status != 200 {
            let text = response.text(&signal).await.unwrap_or_default();
            let e = error::from_response(&label, None, status, &response.content_type(), &text);
            // 5xx: the server is restarting its change streams; anything else is final.
            return if status >= 500 {
                *self.last_failure.borrow_mut() = Some(e);
                Ok(false)
            } else {
                Err(e.into())
            };
        }
        if !response.content_type().starts_with("text/event-stream") {
            // Not a stream (a proxy's error page?): read it so the connection is released.
            let _ = response.text(&signal).await;
            let e = error::invalid_response(
                &label,
                status,
                &format!("not an event stream: {}", response.content_type()),
            );
            let n = self.not_streams.get() + 1;
            self.not_streams.set(n);
            if n >= MAX_NOT_STREAMS {
                return Err(e.into());
            }
            *self.last_failure.borrow_mut() = Some(e);
            return Ok(false);
        }
        self.not_streams.set(0);
        let Some(reader) = response.reader() else {
            return Ok(false);
        };
        *self.reader.borrow_mut() = Some(reader);
        *self.parser.borrow_mut() = sse::SseParser::new();
        let n = self.connections.get();
        self.connections.set(n + 1);
        if n > 0 {
            // Tell the consumer a fresh snapshot follows, so it can rebuild its state.
            let marker = Object::new();
            Reflect::set(&marker, &"type".into(), &"reconnected".into())?;
            self.queue.borrow_mut().push_back(marker.into());
        }
        Ok(true)
    }
}

impl Source for Watch {
    fn next(self: Rc<Self>) -> BoxFuture {
        Box::pin(async move {
            let signal = self.cs.signal();
            loop {
                if self.closed.get() || signal.aborted() {
                    return self.stopped();
                }
                let frame = self.queue.borrow_mut().pop_front();
                if let Some(frame) = frame {
                    return Ok(iter_result(frame, false));
                }
                let reader = self.reader.borrow_mut().take();
                let Some(reader) = reader else {
                    let failures = self.failures.get();
                    if failures >= MAX_FAILURES {
                        let label = self.spec.label(&self.inner.endpoint);
                        let e = self.last_failure.borrow_mut().take().unwrap_or_else(|| {
                            ApiError::network(&label, "the stream kept failing")
                        });
                        return Err(e.into());
                    }
                    if failures > 0 {
                        let delay = RECONNECT.backoff(failures - 1, js_sys::Math::random());
                        if !http::sleep(delay, &signal).await {
                            return self.stopped();
                        }
                    }
                    match self.connect().await {
                        Ok(true) => {}
                        Ok(false) => self.failures.set(failures + 1),
                        Err(_) if self.closed.get() || signal.aborted() => return self.stopped(),
                        Err(e) => return Err(e),
                    }
                    continue;
                };
                match reader.read(&signal).await {
                    Ok(Some(bytes)) => {
                        let (events, overflowed) = {
                            let mut parser = self.parser.borrow_mut();
                            let events = parser.push(&bytes);
                            (events, parser.overflows > 0)
                        };
                        for event in events {
                            let Some(frame) = sse::parse_frame(&event) else {
                                continue;
                            };
                            if frame.get("type").and_then(Value::as_str) == Some("deployment") {
                                if let (Some(id), Some(s)) = (
                                    &self.spec.deployment,
                                    frame.get("status").and_then(Value::as_str),
                                ) {
                                    self.inner.remember(id, s);
                                }
                            }
                            self.queue.borrow_mut().push_back(to_js(&frame)?);
                            self.failures.set(0);
                        }
                        if overflowed {
                            // A line or event over 1 MiB (see `sse::MAX_LINE_BYTES`): not the
                            // Deployments stream. Drop the connection and reconnect.
                            reader.cancel();
                            let label = self.spec.label(&self.inner.endpoint);
                            *self.last_failure.borrow_mut() = Some(error::invalid_response(
                                &label,
                                200,
                                "a stream line or event over 1 MiB",
                            ));
                            self.failures.set(self.failures.get() + 1);
                        } else {
                            *self.reader.borrow_mut() = Some(reader);
                        }
                    }
                    Ok(None) | Err(TransportError::Failed(_)) => {
                        // Dropped: reconnect (the server replays a snapshot).
                        reader.cancel();
                        self.failures.set(self.failures.get() + 1);
                    }
                    Err(TransportError::Aborted) => return self.stopped(),
                }
            }
        })
    }

    fn close(&self) {
        self.closed.set(true);
        if let Some(reader) = self.reader.borrow_mut().take() {
            reader.cancel();
        }
        // Ends a pending read or connect (and the fetch behind it) at once.
        self.cs.abort();
    }
}

// ---------------------------------------------------------------------------------------------
// The JS surface

#[wasm_bindgen(js_class = DeploymentsClient)]
impl DeploymentsClient {
    #[wasm_bindgen(constructor, skip_typescript)]
    pub fn new(options: JsValue) -> Result<DeploymentsClient, JsValue> {
        Self::build(&options).map_err(Fail::into_js)
    }

    fn build(options: &JsValue) -> Result<DeploymentsClient, Fail> {
        let (taken, rest) = split(options, &["wallet", "secretKey"])?;
        let opts = JsClientOptions::read(&json_of(&rest, "options")?)?;
        let undefined = JsValue::UNDEFINED;
        let auth = parse_auth(
            taken.first().unwrap_or(&undefined),
            taken.get(1).unwrap_or(&undefined),
            &opts,
        )?;
        let endpoint = config::resolve_endpoint(
            opts.base_url.as_deref(),
            opts.network,
            opts.path_prefix.as_deref(),
        )
        .map_err(type_error)?;
        let retry = opts.retry;
        let headers = opts.headers.clone();
        let timeout_ms = opts.timeout_ms.unwrap_or(config::DEFAULT_TIMEOUT_MS);
        if !(timeout_ms.is_finite() && timeout_ms > 0.0) {
            return Err(type_error("timeoutMs must be a positive number".to_owned()));
        }
        Ok(DeploymentsClient {
            inner: Rc::new(Inner {
                endpoint,
                timeout_ms,
                retry,
                headers,
                auth,
                status_ttl_ms: opts.known_status_ttl_ms.unwrap_or(10_000.0).max(0.0),
                statuses: RefCell::new(Vec::new()),
            }),
        })
    }

    /// The wallet address requests are signed for (undefined for API-key or anonymous clients).
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn address(&self) -> Option<String> {
        match &self.inner.auth {
            Auth::Wallet { address, .. } | Auth::Secret { address, .. } => Some(address.clone()),
            _ => None,
        }
    }

    /// `{base}{prefix}`, the root of every request.
    #[wasm_bindgen(getter, js_name = baseUrl, skip_typescript)]
    pub fn base_url(&self) -> String {
        self.inner.endpoint.root.clone()
    }

    fn run_js(
        &self,
        build: impl FnOnce() -> Result<RequestSpec, Fail>,
        options: JsValue,
    ) -> Promise {
        self.run_spec(build(), &options)
    }

    // Not inlined into each of the ~20 methods: one copy of the promise plumbing.
    #[inline(never)]
    fn run_spec(&self, spec: Result<RequestSpec, Fail>, options: &JsValue) -> Promise {
        let inner = self.inner.clone();
        let prepared = call_options(options).and_then(|call| Ok((call, spec?)));
        promise(Box::pin(async move {
            let (call, spec) = prepared?;
            inner.send_js(&spec, &call).await
        }))
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn list(&self, filters: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                Ok(request::list(&self::filters(
                    &filters,
                    request::DeploymentFilters::from_value,
                )?)?)
            },
            options,
        )
    }

    #[wasm_bindgen(js_name = listAll, skip_typescript)]
    pub fn list_all(&self, filters: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let f = self::filters(&filters, request::DeploymentFilters::from_value)
            .map_err(Fail::into_js)?;
        self.pager(f, request::list, "deployments", &options)
    }

    fn pager<F: Filters + 'static>(
        &self,
        mut f: F,
        build: fn(&F) -> Result<RequestSpec, ApiError>,
        key: &'static str,
        options: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let call = call_options(options).map_err(Fail::into_js)?;
        if !f.has_limit() {
            f.set_limit(100);
        }
        // Refuse bad filters now, not at the first `next()`.
        build(&f).map_err(|e| Fail::from(e).into_js())?;
        let start = f.cursor();
        async_iterator(Rc::new(Pager {
            inner: self.inner.clone(),
            filters: f,
            build,
            key,
            call,
            walk: RefCell::new(PageWalk::new(start)),
            buffer: RefCell::new(VecDeque::new()),
            closed: Cell::new(false),
        }))
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn get(&self, id: JsValue, options: JsValue) -> Promise {
        self.run_js(move || Ok(request::get(&string_arg(&id, "id")?)?), options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn create(&self, body: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                if !body.is_object() {
                    return Err(type_error("the create body must be an object".to_owned()));
                }
                Ok(request::create(value_from_js(&body, "the create body")?))
            },
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn start(&self, id: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || Ok(request::lifecycle(&string_arg(&id, "id")?, "start")?),
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn stop(&self, id: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || Ok(request::lifecycle(&string_arg(&id, "id")?, "stop")?),
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn archive(&self, id: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || Ok(request::lifecycle(&string_arg(&id, "id")?, "archive")?),
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn delete(&self, id: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || Ok(request::delete(&string_arg(&id, "id")?)?),
            options,
        )
    }

    fn update(
        &self,
        action: &'static str,
        id: JsValue,
        value: JsValue,
        options: JsValue,
    ) -> Promise {
        self.run_js(
            move || {
                let id = string_arg(&id, "id")?;
                let value = value_from_js(&value, "the value")?;
                Ok(request::update(&id, action, value)?)
            },
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn rename(&self, id: JsValue, name: JsValue, options: JsValue) -> Promise {
        self.update("rename", id, name, options)
    }

    #[wasm_bindgen(js_name = updateReplicaCount, skip_typescript)]
    pub fn update_replica_count(
        &self,
        id: JsValue,
        replicas: JsValue,
        options: JsValue,
    ) -> Promise {
        self.update("updateReplicaCount", id, replicas, options)
    }

    #[wasm_bindgen(js_name = updateTimeout, skip_typescript)]
    pub fn update_timeout(&self, id: JsValue, minutes: JsValue, options: JsValue) -> Promise {
        self.update("updateTimeout", id, minutes, options)
    }

    #[wasm_bindgen(js_name = updateSchedule, skip_typescript)]
    pub fn update_schedule(&self, id: JsValue, schedule: JsValue, options: JsValue) -> Promise {
        self.update("updateSchedule", id, schedule, options)
    }

    #[wasm_bindgen(js_name = updateActiveRevision, skip_typescript)]
    pub fn update_active_revision(
        &self,
        id: JsValue,
        revision: JsValue,
        options: JsValue,
    ) -> Promise {
        self.update("updateActiveRevision", id, revision, options)
    }

    #[wasm_bindgen(js_name = createRevision, skip_typescript)]
    pub fn create_revision(
        &self,
        id: JsValue,
        job_definition: JsValue,
        options: JsValue,
    ) -> Promise {
        self.run_js(
            move || {
                let id = string_arg(&id, "id")?;
                let body = value_from_js(&job_definition, "the job definition")?;
                Ok(request::create_revision(&id, body)?)
            },
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn jobs(&self, id: JsValue, filters: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                Ok(request::jobs(
                    &string_arg(&id, "id")?,
                    &self::filters(&filters, request::JobFilters::from_value)?,
                )?)
            },
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn job(&self, id: JsValue, job: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                Ok(request::job(
                    &string_arg(&id, "id")?,
                    &string_arg(&job, "job")?,
                )?)
            },
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn revisions(&self, id: JsValue, filters: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                Ok(request::revisions(
                    &string_arg(&id, "id")?,
                    &self::filters(&filters, request::RevisionFilters::from_value)?,
                )?)
            },
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn events(&self, id: JsValue, filters: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                Ok(request::events(
                    &string_arg(&id, "id")?,
                    &self::filters(&filters, request::EventFilters::from_value)?,
                )?)
            },
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn tasks(&self, id: JsValue, filters: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                Ok(request::tasks(
                    &string_arg(&id, "id")?,
                    &self::filters(&filters, request::TaskFilters::from_value)?,
                )?)
            },
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn header(&self, id: JsValue, header_options: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                let o = self::filters(&header_options, request::HeaderOptions::from_value)?;
                Ok(request::header(&string_arg(&id, "id")?, &o)?)
            },
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn vaults(&self, options: JsValue) -> Promise {
        self.run_js(|| Ok(request::vaults()), options)
    }

    #[wasm_bindgen(js_name = createVault, skip_typescript)]
    pub fn create_vault(&self, options: JsValue) -> Promise {
        self.run_js(|| Ok(request::create_vault()), options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn withdraw(&self, vault: JsValue, amounts: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                let b = self::filters(&amounts, request::WithdrawBody::from_value)?;
                Ok(request::withdraw(&string_arg(&vault, "vault")?, &b)?)
            },
            options,
        )
    }

    /// Polls `get` until the status is one of `statuses`.
    #[wasm_bindgen(js_name = waitForStatus, skip_typescript)]
    pub fn wait_for_status(&self, id: JsValue, statuses: JsValue, options: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(Box::pin(async move {
            let id = string_arg(&id, "id")?;
            let wanted: Vec<String> = if let Some(s) = statuses.as_string() {
                vec![s]
            } else if let Some(items) = array_items(&statuses, "statuses", 64)? {
                items
                    .iter()
                    .map(JsValue::as_string)
                    .collect::<Option<_>>()
                    .ok_or_else(|| type_error("statuses must be strings".to_owned()))?
            } else {
                return Err(type_error(
                    "statuses must be a status or an array of statuses".to_owned(),
                ));
            };
            let (taken, rest) = split(&options, &["signal"])?;
            let rest = json_of(&rest, "options")?;
            let o = Obj::new(&rest, "options", &["timeoutMs", "intervalMs"])?;
            let timeout = o.number("timeoutMs")?.unwrap_or(300_000.0);
            let interval = o.number("intervalMs")?.unwrap_or(2_000.0).max(10.0);
            let user = signal_of(taken.first().unwrap_or(&JsValue::UNDEFINED))?;
            let cs = CallSignal::new(user.as_ref(), Some(timeout))?;
            let spec = request::get(&id)?;
            let label = format!("waitForStatus({id}, {})", wanted.join("|"));
            let call = CallOptions {
                signal: Some(cs.signal()),
                ..CallOptions::default()
            };
            let mut last: Option<String> = None;
            loop {
                match inner.send_js(&spec, &call).await {
                    Ok(d) => {
                        let status = Reflect::get(&d, &"status".into())?.as_string();
                        if status.as_ref().is_some_and(|s| wanted.contains(s)) {
                            return Ok(d);
                        }
                        if status.as_deref() == Some("ARCHIVED") {
                            let mut e = ApiError::new(
                                ErrorKind::InvalidState,
                                "UNREACHABLE_STATUS",
                                format!(
                                    "{label}: the deployment is ARCHIVED, which it never leaves"
                                ),
                            );
                            e.deployment_status = status;
                            return Err(e.into());
                        }
                        last = status;
                    }
                    Err(e) if cs.ended() == Ended::No => return Err(e),
                    Err(_) => {}
                }
                if cs.ended() != Ended::No || !http::sleep(interval, &cs.signal()).await {
                    let mut e = ended_error(cs.ended(), &label, timeout);
                    if let Some(s) = &last {
                        e.message.push_str(&format!(" (last status {s})"));
                    }
                    e.deployment_status = last;
                    return Err(e.into());
                }
            }
        }))
    }

    /// The deployment's live stream: an async iterator over its frames.
    #[wasm_bindgen(skip_typescript)]
    pub fn watch(&self, id: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let build = || -> Result<Watch, Fail> {
            let id = string_arg(&id, "id")?;
            let call = call_options(&options)?;
            let spec = request::stream(&id)?;
            Ok(Watch {
                inner: self.inner.clone(),
                spec,
                cs: CallSignal::new(call.signal.as_ref(), None)?,
                closed: Cell::new(false),
                reader: RefCell::new(None),
                parser: RefCell::new(sse::SseParser::new()),
                queue: RefCell::new(VecDeque::new()),
                failures: Cell::new(0),
                not_streams: Cell::new(0),
                last_failure: RefCell::new(None),
                connections: Cell::new(0),
            })
        };
        let watch = build().map_err(Fail::into_js)?;
        async_iterator(Rc::new(watch))
    }
}
