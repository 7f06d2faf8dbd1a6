//! The transport (wasm only): `fetch` through gloo-net, abort signals combining a caller's signal
//! with a time limit, abortable sleeps, and a byte reader over a response body stream.
//!
//! This is the only file that touches gloo-net, which is barely maintained: everything it is used
//! for here (build a request with headers, body and signal; send; read status, a header, text or
//! the body stream) is a few lines of `web_sys::fetch` should it need replacing.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Method as GlooMethod, RequestBuilder, Response};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, AddEventListenerOptions, ReadableStreamDefaultReader};

use super::request::Method;

#[wasm_bindgen]
extern "C" {
    // Globals in browsers, workers and Node alike (not `window.setTimeout`).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Why a request got no HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The signal fired (the caller's, or the time limit: the caller tells which).
    Aborted,
    /// Connection refused, reset, dropped, CORS refusal, …
    Failed(String),
}

fn describe(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| {
            let mut text = String::from(e.message());
            // Node's fetch hides the reason in `cause` ("fetch failed" → ECONNREFUSED …).
            if let Ok(cause) = Reflect::get(e, &"cause".into()) {
                if let Some(c) = cause.dyn_ref::<js_sys::Error>() {
                    text.push_str(&format!(": {}", String::from(c.message())));
                }
            }
            text
        })
        .unwrap_or_else(|| "the request failed".to_owned())
}

fn transport_error(err: gloo_net::Error, signal: &AbortSignal) -> TransportError {
    if signal.aborted() {
        return TransportError::Aborted;
    }
    match err {
        gloo_net::Error::JsError(e) => TransportError::Failed(e.message),
        other => TransportError::Failed(other.to_string()),
    }
}

/// A response whose status and headers arrived; the body is still to be read.
pub struct HttpResponse {
    raw: Response,
}

impl HttpResponse {
    pub fn status(&self) -> u16 {
        self.raw.status()
    }

    pub fn content_type(&self) -> String {
        self.raw.headers().get("content-type").unwrap_or_default()
    }

    /// The whole body as text (aborts with the request's signal).
    pub async fn text(&self, signal: &AbortSignal) -> Result<String, TransportError> {
        self.raw
            .text()
            .await
            .map_err(|e| transport_error(e, signal))
    }

    /// A reader over the body stream (for SSE).
    pub fn reader(&self) -> Option<ByteReader> {
        let stream = self.raw.body()?;
        let reader = stream
            .get_reader()
            .dyn_into::<ReadableStreamDefaultReader>()
            .ok()?;
        Some(ByteReader { reader })
    }
}

/// Sends one request. `signal` aborts it (and the reading of its body).
pub async fn send(
    method: Method,
    url: &str,
    headers: &[(String, String)],
    body: Option<String>,
    signal: &AbortSignal,
) -> Result<HttpResponse, TransportError> {
    let method = match method {
        Method::Get => GlooMethod::GET,
        Method::Post => GlooMethod::POST,
        Method::Patch => GlooMethod::PATCH,
        Method::Delete => GlooMethod::DELETE,
    };
    let mut builder = RequestBuilder::new(url)
        .method(method)
        .abort_signal(Some(signal));
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let request = match body {
        Some(text) => builder
            .header("content-type", "application/json")
            .body(text),
        None => builder.build(),
    }
    .map_err(|e| transport_error(e, signal))?;
    let raw = request
        .send()
        .await
        .map_err(|e| transport_error(e, signal))?;
    Ok(HttpResponse { raw })
}

/// Reads a body stream chunk by chunk.
pub struct ByteReader {
    reader: ReadableStreamDefaultReader,
}

impl ByteReader {
    /// The next chunk, or `None` at the end of the stream.
    pub async fn read(&self, signal: &AbortSignal) -> Result<Option<Vec<u8>>, TransportError> {
        let result = JsFuture::from(self.reader.read()).await.map_err(|e| {
            if signal.aborted() {
                TransportError::Aborted
            } else {
                TransportError::Failed(describe(&e))
            }
        })?;
        let done = Reflect::get(&result, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            return Ok(None);
        }
        let value = Reflect::get(&result, &"value".into()).unwrap_or(JsValue::UNDEFINED);
        Ok(Some(
            value
                .dyn_into::<Uint8Array>()
                .map(|a| a.to_vec())
                .unwrap_or_default(),
        ))
    }

    /// Closes the stream (the connection is released).
    pub fn cancel(&self) {
        // The returned promise settles when the stream is closed; nothing to wait for. It rejects
        // when the stream already failed (e.g. aborted): that is expected, not "unhandled".
        ignore_rejection(&self.reader.cancel());
    }
}

/// Marks a promise's rejection as handled.
fn ignore_rejection(promise: &Promise) {
    let noop = Closure::once_into_js(|_: JsValue| {});
    if let Ok(catch) = Reflect::get(promise, &"catch".into()) {
        let _ = catch.unchecked_into::<Function>().call1(promise, &noop);
    }
}

/// How a [`CallSignal`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    No,
    /// The caller's signal (or [`CallSignal::abort`]).
    Aborted,
    TimedOut,
}

/// One AbortController combining a parent signal (the caller's) with a time limit. Dropping it
/// clears the timer and removes the listener from the parent, so nothing leaks, whatever the
/// outcome (unlike `AbortSignal.timeout` plus `AbortSignal.any`, which Node 18 lacks).
pub struct CallSignal {
    controller: AbortController,
    timer: Option<JsValue>,
    parent: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    timed_out: Rc<Cell<bool>>,
    // Keeps the timer callback alive.
    _on_timeout: Option<Closure<dyn FnMut()>>,
}

impl CallSignal {
    /// `timeout_ms` of `None` or ≤ 0: no time limit.
    pub fn new(parent: Option<&AbortSignal>, timeout_ms: Option<f64>) -> Result<Self, JsValue> {
        let controller = AbortController::new()?;
        let timed_out = Rc::new(Cell::new(false));
        let mut this = Self {
            controller,
            timer: None,
            parent: None,
            timed_out,
            _on_timeout: None,
        };
        if let Some(parent) = parent {
            if parent.aborted() {
                this.controller.abort();
            } else {
                let child = this.controller.clone();
                let on_abort = Closure::<dyn FnMut()>::new(move || child.abort());
                let options = AddEventListenerOptions::new();
                options.set_once(true);
                parent.add_event_listener_with_callback_and_add_event_listener_options(
                    "abort",
                    on_abort.as_ref().unchecked_ref(),
                    &options,
                )?;
                this.parent = Some((parent.clone(), on_abort));
            }
        }
        if let Some(ms) = timeout_ms.filter(|ms| *ms > 0.0 && ms.is_finite()) {
            let child = this.controller.clone();
            let flag = this.timed_out.clone();
            let on_timeout = Closure::<dyn FnMut()>::new(move || {
                flag.set(true);
                child.abort();
            });
            this.timer = Some(set_timeout(on_timeout.as_ref().unchecked_ref(), ms));
            this._on_timeout = Some(on_timeout);
        }
        Ok(this)
    }

    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Aborts now (as if the caller had).
    pub fn abort(&self) {
        self.controller.abort();
    }

    pub fn ended(&self) -> Ended {
        if !self.controller.signal().aborted() {
            Ended::No
        } else if self.timed_out.get() {
            Ended::TimedOut
        } else {
            Ended::Aborted
        }
    }
}

impl Drop for CallSignal {
    fn drop(&mut self) {
        if let Some(timer) = &self.timer {
            clear_timeout(timer);
        }
        if let Some((parent, on_abort)) = &self.parent {
            let _ = parent
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
    }
}

/// Waits `ms`, or less if `signal` fires. Returns whether the full time passed. The timer and the
/// listener are removed either way.
pub async fn sleep(ms: f64, signal: &AbortSignal) -> bool {
    if signal.aborted() {
        return false;
    }
    let mut resolve_slot: Option<Function> = None;
    let promise = Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    let Some(resolve) = resolve_slot else {
        return false;
    };
    let on_timer = {
        let resolve = resolve.clone();
        Closure::<dyn FnMut()>::new(move || {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        })
    };
    let on_abort = Closure::<dyn FnMut()>::new(move || {
        let _ = resolve.call0(&JsValue::UNDEFINED);
    });
    let timer = set_timeout(on_timer.as_ref().unchecked_ref(), ms.max(0.0));
    let _ = signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    let _ = JsFuture::from(promise).await;
    clear_timeout(&timer);
    let _ = signal.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    !signal.aborted()
}
