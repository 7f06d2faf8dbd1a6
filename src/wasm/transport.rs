//! The client core's [`Transport`] over `fetch`, through gloo-net. This is the only file that
//! touches gloo-net, which is barely maintained: everything it is used for here (build a request
//! with headers, body and signal; send; read status, a header, text or the body stream) is a few
//! lines of `web_sys::fetch` should it need replacing.
//!
//! Each request has its own AbortController, aborted when the core's [`Cancel`] fires or when
//! the request (or its response, or its body stream) is dropped: a call the core gave up on never
//! keeps a connection open.

use gloo_net::http::{Headers, Method as GlooMethod, RequestBuilder, Response};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader};

use crate::api::cancel::{Cancel, Subscription};
use crate::api::request::Method;
use crate::api::transport::{
    BodyStream, HttpRequest, HttpResponse, LocalFuture, Transport, TransportError,
};

/// `fetch`, in browsers, workers and Node alike.
pub(crate) struct FetchTransport;

/// Aborts its request when dropped (a no-op once the body was read), and when the core cancels.
struct Abort {
    controller: AbortController,
    _on_cancel: Subscription,
}

impl Abort {
    fn new(cancel: &Cancel) -> Result<Self, TransportError> {
        let controller = AbortController::new()
            .map_err(|_| TransportError::Failed("AbortController is not available".into()))?;
        let c = controller.clone();
        let on_cancel = cancel.on_fire(move || c.abort());
        Ok(Self {
            controller,
            _on_cancel: on_cancel,
        })
    }

    fn aborted(&self) -> bool {
        self.controller.signal().aborted()
    }

    fn error(&self, err: gloo_net::Error) -> TransportError {
        if self.aborted() {
            return TransportError::Aborted;
        }
        match err {
            gloo_net::Error::JsError(e) => TransportError::Failed(e.message),
            other => TransportError::Failed(other.to_string()),
        }
    }
}

impl Drop for Abort {
    fn drop(&mut self) {
        self.controller.abort();
    }
}

/// The page's origin when running in a browser page (`document` and `location` exist).
fn page_origin() -> Option<String> {
    let global = js_sys::global();
    let has = |name: &str| Reflect::get(&global, &name.into()).is_ok_and(|v| !v.is_undefined());
    if !has("document") {
        return None;
    }
    let location = Reflect::get(&global, &"location".into()).ok()?;
    Reflect::get(&location, &"origin".into()).ok()?.as_string()
}

impl Transport for FetchTransport {
    fn is_cross_origin_browser(&self, url: &str) -> bool {
        page_origin().is_some_and(|origin| {
            let rest = url.strip_prefix(origin.as_str());
            !rest.is_some_and(|r| r.is_empty() || r.starts_with('/'))
        })
    }

    fn send(
        &self,
        request: HttpRequest,
        cancel: &Cancel,
    ) -> LocalFuture<'static, Result<Box<dyn HttpResponse>, TransportError>> {
        let abort = Abort::new(cancel);
        Box::pin(async move {
            let abort = abort?;
            if abort.aborted() {
                return Err(TransportError::Aborted);
            }
            let method = match request.method {
                Method::Get => GlooMethod::GET,
                Method::Post => GlooMethod::POST,
                Method::Patch => GlooMethod::PATCH,
                Method::Delete => GlooMethod::DELETE,
            };
            let signal = abort.controller.signal();
            let builder = RequestBuilder::new(&request.url)
                .method(method)
                .abort_signal(Some(&signal))
                .headers(headers(&request.headers)?);
            let built = match request.body {
                Some(text) => builder
                    .header("content-type", "application/json")
                    .body(text),
                None => builder.build(),
            }
            .map_err(|e| abort.error(e))?;
            let raw = built.send().await.map_err(|e| abort.error(e))?;
            Ok(Box::new(FetchResponse { raw, abort }) as Box<dyn HttpResponse>)
        })
    }
}

/// The request's headers, set through `Headers.set` with its throw caught (gloo's `header`
/// unwraps it). The core checks every header before sending (`api::header_check`); should one
/// slip through, the call fails with a NetworkError instead of a throw through wasm.
fn headers(pairs: &[(String, String)]) -> Result<Headers, TransportError> {
    let raw = Headers::new().into_raw();
    for (name, value) in pairs {
        raw.set(name, value)
            .map_err(|_| TransportError::Failed(format!("fetch refused the header {name:?}")))?;
    }
    Ok(Headers::from_raw(raw))
}

struct FetchResponse {
    raw: Response,
    abort: Abort,
}

impl HttpResponse for FetchResponse {
    fn status(&self) -> u16 {
        self.raw.status()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.raw.headers().get(name)
    }

    fn text(self: Box<Self>) -> LocalFuture<'static, Result<String, TransportError>> {
        Box::pin(async move { self.raw.text().await.map_err(|e| self.abort.error(e)) })
    }

    fn into_stream(self: Box<Self>) -> Option<Box<dyn BodyStream>> {
        let reader = self
            .raw
            .body()?
            .get_reader()
            .dyn_into::<ReadableStreamDefaultReader>()
            .ok()?;
        Some(Box::new(FetchStream {
            reader,
            abort: self.abort,
        }))
    }
}

/// A body stream, read chunk by chunk.
struct FetchStream {
    reader: ReadableStreamDefaultReader,
    abort: Abort,
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

impl BodyStream for FetchStream {
    fn next_chunk(&mut self) -> LocalFuture<'_, Result<Option<Vec<u8>>, TransportError>> {
        Box::pin(async move {
            let result = JsFuture::from(self.reader.read()).await.map_err(|e| {
                if self.abort.aborted() {
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
        })
    }

    fn close(&mut self) {
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
