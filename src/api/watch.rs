//! `watch`: a deployment's live stream (SSE), frame by frame, reconnecting with backoff when the
//! connection fails or drops. On reconnect it sends `Last-Event-ID` when the server gave event
//! ids, drops events it already delivered (same id and data), and yields `{type: "reconnected"}`
//! before the fresh snapshot the Deployments server replays (it sends no ids, spec §4.6).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use serde_json::{json, Value};

use super::cancel::{bounded, Bounded, Cancel, Subscription};
use super::client::Client;
use super::error::{self, ApiError};
use super::request::{self, RequestSpec};
use super::retry::RetryPolicy;
use super::sse::{self, SseEvent, SseParser};
use super::transport::{BodyStream, HttpRequest, TransportError};

/// A watch gives up after this many 200 answers in a row that are not an event stream (a login
/// page, a wrong gateway): `ServerError` `INVALID_RESPONSE`.
pub const MAX_NOT_STREAMS: u32 = 3;
/// A watch gives up after this many failed connects or dropped connections without a frame in
/// between (about 80 s of backoff), with the last failure's error.
pub const MAX_FAILURES: u32 = 20;
/// Delivered events remembered for dedupe.
const MAX_RECENT_EVENTS: usize = 256;

/// Backoff between reconnects: 250 ms doubling to 5 s, with jitter.
pub const RECONNECT: RetryPolicy = RetryPolicy {
    retries: u32::MAX,
    base_delay_ms: 250.0,
    max_delay_ms: 5_000.0,
};

#[derive(Default)]
struct State {
    stream: Option<Box<dyn BodyStream>>,
    parser: SseParser,
    queue: VecDeque<Value>,
    /// Failed connects and dropped connections since the last frame.
    failures: u32,
    /// 200 answers that were not an event stream, in a row.
    not_streams: u32,
    /// Why the last connect or connection failed (the error once the watch gives up).
    last_failure: Option<ApiError>,
    connections: u32,
    last_event_id: Option<String>,
    /// (id, hash of the data) of recent events that had an id.
    recent: VecDeque<(String, u64)>,
}

pub struct Watch {
    client: Rc<Client>,
    spec: RequestSpec,
    label: String,
    /// Fired by [`Watch::close`] or the caller's signal.
    stop: Cancel,
    _link: Subscription,
    closed: Cell<bool>,
    state: RefCell<State>,
}

impl Watch {
    /// Watches deployment `id` until `cancel` fires or [`Watch::close`].
    pub fn new(client: Rc<Client>, id: &str, cancel: Option<&Cancel>) -> Result<Self, ApiError> {
        let spec = request::stream(id)?;
        let (stop, link) = match cancel {
            Some(c) => c.child(),
            None => (Cancel::new(), Subscription::default()),
        };
        Ok(Self {
            label: client.label(&spec),
            client,
            spec,
            stop,
            _link: link,
            closed: Cell::new(false),
            state: RefCell::new(State::default()),
        })
    }

    /// Stops now (a `break` in `for await`): a pending [`Watch::next`] ends with `None`.
    pub fn close(&self) {
        self.closed.set(true);
        let stream = self.state.borrow_mut().stream.take();
        if let Some(mut stream) = stream {
            stream.close();
        }
        self.stop.fire();
    }

    fn stopped(&self) -> Result<Option<Value>, ApiError> {
        if self.closed.get() {
            Ok(None)
        } else {
            Err(ApiError::aborted(&self.label))
        }
    }

    fn fail(&self, why: Option<ApiError>) {
        let mut state = self.state.borrow_mut();
        state.failures += 1;
        if why.is_some() {
            state.last_failure = why;
        }
    }

    /// The next frame; `None` once closed.
    pub async fn next(&self) -> Result<Option<Value>, ApiError> {
        loop {
            if self.stop.is_fired() {
                return self.stopped();
            }
            let (frame, stream, failures) = {
                let mut state = self.state.borrow_mut();
                let frame = state.queue.pop_front();
                let stream = if frame.is_none() {
                    state.stream.take()
                } else {
                    None
                };
                (frame, stream, state.failures)
            };
            if let Some(frame) = frame {
                return Ok(Some(frame));
            }
            let Some(mut stream) = stream else {
                if failures >= MAX_FAILURES {
                    let last = self.state.borrow_mut().last_failure.take();
                    return Err(last.unwrap_or_else(|| {
                        ApiError::network(&self.label, "the stream kept failing")
                    }));
                }
                if failures > 0 {
                    let delay = RECONNECT.backoff(failures - 1, self.client.jitter());
                    let pause = self.client.clock().sleep(delay);
                    if bounded(pause, Some(&self.stop), None).await == Bounded::Cancelled {
                        return self.stopped();
                    }
                }
                match bounded(self.connect(), Some(&self.stop), None).await {
                    Bounded::Done(Ok(())) => {}
                    Bounded::Done(Err(Some(e))) if !self.stop.is_fired() => return Err(e),
                    Bounded::Done(Err(None)) => self.fail(None),
                    Bounded::Done(Err(Some(_))) | Bounded::Cancelled | Bounded::TimedOut => {
                        return self.stopped()
                    }
                }
                continue;
            };
            match bounded(stream.next_chunk(), Some(&self.stop), None).await {
                Bounded::Done(Ok(Some(bytes))) => self.take(&bytes, stream),
                Bounded::Done(Ok(None) | Err(TransportError::Failed(_))) => {
                    // Dropped: reconnect (the server replays a snapshot).
                    stream.close();
                    self.fail(None);
                }
                Bounded::Done(Err(TransportError::Aborted))
                | Bounded::Cancelled
                | Bounded::TimedOut => {
                    stream.close();
                    return self.stopped();
                }
            }
        }
    }

    /// Opens the stream. `Err(None)`: a transient failure (recorded), try again later;
    /// `Err(Some(e))`: final.
    async fn connect(&self) -> Result<(), Option<ApiError>> {
        let label = &self.label;
        let mut headers = self.client.headers().await.map_err(Some)?;
        let last_event_id = self.state.borrow().last_event_id.clone();
        if let Some(id) = last_event_id {
            headers.push(("last-event-id".to_owned(), id));
        }
        let request = HttpRequest {
            method: self.spec.method,
            url: self.spec.url(self.client.endpoint()),
            headers,
            body: None,
        };
        let transient = |e: ApiError| {
            self.state.borrow_mut().last_failure = Some(e);
            None
        };
        let response = match self.client.transport().send(request, &self.stop).await {
            Ok(r) => r,
            Err(TransportError::Aborted) => return Err(Some(ApiError::aborted(label))),
            Err(TransportError::Failed(reason)) => {
                return Err(transient(ApiError::network(label, &reason)))
            }
        };
        let status = response.status();
        let content_type = response.header("content-type").unwrap_or_default();
        if status != 200 {
            let text = response.text().await.unwrap_or_default();
            let e = error::from_response(label, None, status, &content_type, &text);
            // 5xx: the server is restarting its change streams; anything else is final.
            return Err(if status >= 500 { transient(e) } else { Some(e) });
        }
        if !content_type.starts_with("text/event-stream") {
            // Not a stream (a proxy's error page?): read it so the connection is released.
            let _ = response.text().await;
            let e = error::invalid_response(
                label,
                status,
                &format!("not an event stream: {content_type}"),
            );
            let mut state = self.state.borrow_mut();
            state.not_streams += 1;
            if state.not_streams >= MAX_NOT_STREAMS {
                return Err(Some(e));
            }
            state.last_failure = Some(e);
            return Err(None);
        }
        let mut state = self.state.borrow_mut();
        state.not_streams = 0;
        let Some(stream) = response.into_stream() else {
            return Err(None);
        };
        state.stream = Some(stream);
        state.parser = SseParser::new();
        state.connections += 1;
        if state.connections > 1 {
            // Tell the consumer a fresh snapshot follows, so it can rebuild its state.
            state.queue.push_back(json!({"type": "reconnected"}));
        }
        Ok(())
    }

    /// Parses a chunk into frames; keeps the stream unless it overflowed.
    fn take(&self, bytes: &[u8], mut stream: Box<dyn BodyStream>) {
        let mut state = self.state.borrow_mut();
        let events = state.parser.push(bytes);
        let overflowed = state.parser.overflows > 0;
        for event in events {
            if !state.first_delivery(&event) {
                continue;
            }
            let Some(frame) = sse::parse_frame(&event).filter(sse::is_known_frame) else {
                continue;
            };
            if frame.get("type").and_then(Value::as_str) == Some("deployment") {
                if let (Some(id), Some(s)) = (
                    &self.spec.deployment,
                    frame.get("status").and_then(Value::as_str),
                ) {
                    self.client.statuses().remember(id, s, self.client.now());
                }
            }
            state.queue.push_back(frame);
            state.failures = 0;
        }
        if overflowed {
            // A line or event over 1 MiB (see `sse::MAX_LINE_BYTES`): not the Deployments
            // stream. Drop the connection and reconnect.
            stream.close();
            state.last_failure = Some(error::invalid_response(
                &self.label,
                200,
                "a stream line or event over 1 MiB",
            ));
            state.failures += 1;
        } else {
            state.stream = Some(stream);
        }
    }
}

impl State {
    /// Records an event's id; `false` when the event (same id, same data) was delivered before.
    fn first_delivery(&mut self, event: &SseEvent) -> bool {
        let Some(id) = &event.id else {
            return true;
        };
        self.last_event_id = Some(id.clone());
        // SipHash with fixed keys: deterministic, and a collision needs the same id as well.
        let mut hasher = std::hash::DefaultHasher::new();
        event.data.hash(&mut hasher);
        let data = hasher.finish();
        if self.recent.iter().any(|(i, d)| i == id && *d == data) {
            return false;
        }
        if self.recent.len() >= MAX_RECENT_EVENTS {
            self.recent.pop_front();
        }
        self.recent.push_back((id.clone(), data));
        true
    }
}
