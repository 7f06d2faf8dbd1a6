//! `watch`: a deployment's live stream (SSE), frame by frame, reconnecting with backoff when the
//! connection fails or drops. On reconnect it sends `Last-Event-ID` when the server gave event
//! ids, drops events it already delivered (same id and data), and yields `{type: "reconnected"}`
//! before the fresh snapshot the Deployments server replays (it sends no ids, spec §4.6).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use serde_json::{json, Value};

use super::cancel::{Cancel, Subscription};
use super::client::Client;
use super::deadline::{deadline_after, Limits, Stop};
use super::error::{self, ApiError, Cause};
use super::header_check;
use super::options::CallOptions;
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
    /// When the current (re)connection began: its deadline is `connect_timeout_ms` later.
    connecting_since: Option<f64>,
    /// Events that were not valid frames (and over-long lines): skipped, never yielded.
    skipped: u64,
}

/// What a watch has seen so far (`watch(…).stats()` in JavaScript).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WatchStats {
    /// Streams opened.
    pub connections: u32,
    /// Events skipped because they were not valid frames: not a JSON object, an unknown
    /// `type`, a known type without its key field, or a line over 1 MiB.
    pub skipped: u64,
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
    /// How long one (re)connection may take, from its first attempt over its failed attempts
    /// and the pauses between them (signing included) until a stream answers; ≤ 0 or not
    /// finite: no limit.
    connect_timeout_ms: f64,
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
            connect_timeout_ms: client.call_timeout(&CallOptions::default()),
            client,
            spec,
            stop,
            _link: link,
            closed: Cell::new(false),
            state: RefCell::new(State::default()),
        })
    }

    /// Sets the limit of each (re)connection (default: the client's `timeoutMs`).
    pub fn with_connect_timeout(mut self, ms: Option<f64>) -> Self {
        if let Some(ms) = ms {
            self.connect_timeout_ms = ms;
        }
        self
    }

    pub fn stats(&self) -> WatchStats {
        let state = self.state.borrow();
        WatchStats {
            connections: state.connections,
            skipped: state.skipped,
        }
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
            let (frame, stream) = {
                let mut state = self.state.borrow_mut();
                let frame = state.queue.pop_front();
                let stream = if frame.is_none() {
                    state.stream.take()
                } else {
                    None
                };
                (frame, stream)
            };
            if let Some(frame) = frame {
                return Ok(Some(frame));
            }
            let Some(mut stream) = stream else {
                self.reconnect().await?;
                if self.stop.is_fired() {
                    return self.stopped();
                }
                continue;
            };
            let limits = Limits::new(self.client.clock(), None, Some(&self.stop));
            match limits.race(stream.next_chunk()).await {
                Ok(Ok(Some(bytes))) => self.take(&bytes, stream),
                Ok(Ok(None) | Err(TransportError::Failed(_))) => {
                    // Dropped: reconnect (the server replays a snapshot).
                    stream.close();
                    self.fail(None);
                }
                Ok(Err(TransportError::Aborted)) | Err(_) => {
                    stream.close();
                    return self.stopped();
                }
            }
        }
    }

    /// One step of (re)connecting: the backoff pause after a failure, then one connect. The
    /// connection's deadline runs from its first attempt (the pause after a dropped stream is not
    /// counted, the pauses between failed attempts are). `Ok`: a stream is open, or the attempt
    /// failed and another one follows, or the watch was stopped (the caller checks).
    async fn reconnect(&self) -> Result<(), ApiError> {
        let (failures, since) = {
            let state = self.state.borrow();
            (state.failures, state.connecting_since)
        };
        if failures >= MAX_FAILURES {
            let last = self.state.borrow_mut().last_failure.take();
            return Err(
                last.unwrap_or_else(|| ApiError::network(&self.label, "the stream kept failing"))
            );
        }
        let clock = self.client.clock();
        if failures > 0 {
            let pause = clock.sleep(RECONNECT.backoff(failures - 1, self.client.jitter()));
            // The pause after a drop is not counted; the pauses between failed attempts are.
            let deadline = since.and_then(|since| deadline_after(since, self.connect_timeout_ms));
            match Limits::new(clock, deadline, Some(&self.stop))
                .race(pause)
                .await
            {
                Ok(()) => {}
                Err(Stop::Aborted) => return Ok(()),
                Err(Stop::TimedOut) => return Err(self.timed_out()),
            }
        }
        let now = self.client.now();
        let since = *self.state.borrow_mut().connecting_since.get_or_insert(now);
        self.attempt(since).await
    }

    /// One connect, within the deadline of the (re)connection that began at `since`.
    async fn attempt(&self, since: f64) -> Result<(), ApiError> {
        let deadline = deadline_after(since, self.connect_timeout_ms);
        let limits = Limits::new(self.client.clock(), deadline, Some(&self.stop));
        match limits.race(self.connect()).await {
            Ok(Ok(())) => {
                self.state.borrow_mut().connecting_since = None;
                Ok(())
            }
            Ok(Err(None)) => {
                self.fail(None);
                Ok(())
            }
            Ok(Err(Some(e))) if !self.stop.is_fired() => Err(e),
            Ok(Err(Some(_))) | Err(Stop::Aborted) => Ok(()),
            Err(Stop::TimedOut) => Err(self.timed_out()),
        }
    }

    /// The error of a (re)connection that did not open a stream in time; the next `next()`
    /// starts a fresh one.
    fn timed_out(&self) -> ApiError {
        let mut state = self.state.borrow_mut();
        state.connecting_since = None;
        state.failures = 0;
        let mut e = ApiError::timeout(&self.label, self.connect_timeout_ms);
        e.message = format!(
            "{}: no event stream within {} ms (connectTimeoutMs)",
            self.label,
            self.connect_timeout_ms.max(0.0).round() as u64
        );
        if let Some(last) = state.last_failure.take() {
            e.cause = Some(Cause::Message(last.message.clone()));
        }
        e
    }

    /// Opens the stream. `Err(None)`: a transient failure (recorded), try again later;
    /// `Err(Some(e))`: final.
    async fn connect(&self) -> Result<(), Option<ApiError>> {
        let label = &self.label;
        let mut headers = self.client.headers().await.map_err(Some)?;
        let last_event_id = self.state.borrow().last_event_id.clone();
        // The id comes from the server: sent back only if `fetch` can carry it.
        if let Some(id) = last_event_id.filter(|id| header_check::value_problem(id).is_none()) {
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
        let overflows = state.parser.overflows;
        let events = state.parser.push(bytes);
        let overflowed = state.parser.overflows > overflows;
        state.skipped += state.parser.overflows - overflows;
        for event in events {
            if !state.first_delivery(&event) {
                continue;
            }
            let Some(frame) = sse::parse_frame(&event).filter(sse::is_valid_frame) else {
                state.skipped += 1;
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
