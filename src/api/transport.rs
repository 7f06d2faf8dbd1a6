//! What the client core needs from the network, as a trait: send a request, read its body as
//! text or as a stream of chunks, abort through a [`Cancel`]. The wasm build implements it over
//! `fetch` (`src/wasm/transport.rs`); tests implement it with a scripted fake.

use std::future::Future;
use std::pin::Pin;

use super::cancel::Cancel;
use super::request::Method;

/// A boxed future that need not be `Send` (the wasm target is single-threaded).
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// One HTTP request, as the transport sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    /// In the order they are sent (the caller's own headers keep their spelling).
    pub headers: Vec<(String, String)>,
    /// JSON text (sent with `content-type: application/json`).
    pub body: Option<String>,
}

impl HttpRequest {
    /// The value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request got no HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The [`Cancel`] given to [`Transport::send`] fired.
    Aborted,
    /// Connection refused, reset, dropped, CORS refusal, …
    Failed(String),
}

/// Sends requests. Once `cancel` fires, the request and the reading of its body end with
/// [`TransportError::Aborted`] and the connection is released.
pub trait Transport {
    fn send(
        &self,
        request: HttpRequest,
        cancel: &Cancel,
    ) -> LocalFuture<'static, Result<Box<dyn HttpResponse>, TransportError>>;

    /// Whether `url` is called from a browser page of another origin, where a PATCH or DELETE
    /// needs a CORS preflight the host may refuse (only the browser adapter can tell).
    fn is_cross_origin_browser(&self, _url: &str) -> bool {
        false
    }
}

/// A response whose status and headers arrived; the body is still to be read.
pub trait HttpResponse {
    fn status(&self) -> u16;
    /// The value of header `name` (lower case).
    fn header(&self, name: &str) -> Option<String>;
    /// The whole body as text.
    fn text(self: Box<Self>) -> LocalFuture<'static, Result<String, TransportError>>;
    /// The body as a stream of chunks (`None`: the response has no readable body).
    fn into_stream(self: Box<Self>) -> Option<Box<dyn BodyStream>>;
}

/// A body read chunk by chunk (an event stream).
pub trait BodyStream {
    /// The next chunk; `None` at the end of the stream.
    fn next_chunk(&mut self) -> LocalFuture<'_, Result<Option<Vec<u8>>, TransportError>>;
    /// Stops reading and releases the connection.
    fn close(&mut self);
}
