//! The client core: one [`Client`] per configuration, sending [`RequestSpec`]s through a
//! [`Transport`] with the guards, the auth headers, the time limit and the retries, and reading
//! the answers (shape checks, job-detail mapping, the statuses it learns). Watching, waiting and
//! paging build on it (`watch.rs`, `wait.rs`, `pagination.rs`). Host-free: the network, the
//! clock and the wallet are traits, so all of it is tested natively with fakes.

use std::rc::Rc;

use serde_json::Value;

use super::cancel::{Cancel, Subscription};
use super::clock::{Clock, Jitter};
use super::config::Endpoint;
use super::credentials::Credentials;
use super::deadline::{deadline_after, Limits, Stop};
use super::error::{self, ApiError, ErrorKind};
use super::guards;
use super::known_status::KnownStatuses;
use super::options::{CallOptions, ClientOptions};
use super::random::Random;
use super::request::{self, Expect, Method, RequestSpec};
use super::retry::{self, RetryPolicy};
use super::signing::SignatureCache;
use super::transport::{HttpRequest, Transport, TransportError};

/// What the client runs on.
#[derive(Clone)]
pub struct Host {
    pub transport: Rc<dyn Transport>,
    pub clock: Rc<dyn Clock>,
    /// Shared by every client of the host: one signing per wallet, whichever client asks.
    pub signatures: Rc<SignatureCache>,
    /// Seeds the backoff jitter.
    pub seed: u64,
    /// Generated idempotency keys.
    pub random: Rc<dyn Random>,
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// No body (204).
    Empty,
    /// A JSON body of the endpoint's shape, as text and as a value.
    Json { text: String, value: Value },
    /// A body the client rewrote (the job detail's state names).
    Mapped(Value),
}

impl Answer {
    pub fn value(&self) -> &Value {
        match self {
            Answer::Empty => &Value::Null,
            Answer::Json { value, .. } | Answer::Mapped(value) => value,
        }
    }
}

/// A failed attempt, and how long the server asked to wait before the next one.
struct Failure {
    error: ApiError,
    retry_after_ms: Option<f64>,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Self {
            error,
            retry_after_ms: None,
        }
    }
}

pub struct Client {
    endpoint: Endpoint,
    node_domain: String,
    timeout_ms: f64,
    retry: RetryPolicy,
    headers: Vec<(String, String)>,
    credentials: Credentials,
    statuses: KnownStatuses,
    host: Host,
    jitter: Jitter,
}

impl Client {
    pub fn new(options: ClientOptions, credentials: Credentials, host: Host) -> Self {
        Self {
            endpoint: options.endpoint,
            node_domain: options.node_domain,
            timeout_ms: options.timeout_ms,
            retry: options.retry,
            headers: options.headers,
            credentials,
            statuses: KnownStatuses::new(options.status_ttl_ms),
            jitter: Jitter::new(host.seed),
            host,
        }
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The node API / SSH domain (`https://<node>.<domain>`).
    pub fn node_domain(&self) -> &str {
        &self.node_domain
    }

    /// The wallet address requests are signed for.
    pub fn address(&self) -> Option<&str> {
        self.credentials.address()
    }

    pub(super) fn label(&self, spec: &RequestSpec) -> String {
        spec.label(&self.endpoint)
    }

    pub(super) fn now(&self) -> f64 {
        self.host.clock.now_ms()
    }

    pub(super) fn clock(&self) -> &dyn Clock {
        &*self.host.clock
    }

    pub(super) fn transport(&self) -> &dyn Transport {
        &*self.host.transport
    }

    /// The time limit of a call with these options (≤ 0 or not finite: none).
    pub(super) fn call_timeout(&self, call: &CallOptions) -> f64 {
        call.timeout_ms.unwrap_or(self.timeout_ms)
    }

    pub(super) fn random(&self) -> &dyn Random {
        &*self.host.random
    }

    pub(super) fn jitter(&self) -> f64 {
        self.jitter.next()
    }

    pub(super) fn statuses(&self) -> &KnownStatuses {
        &self.statuses
    }

    /// The headers of a request: the caller's, then the auth headers (a wallet signs here).
    pub(super) async fn headers(&self) -> Result<Vec<(String, String)>, ApiError> {
        self.credentials
            .headers(&self.headers, &self.host.signatures)
            .await
    }

    /// Refuses locally what the server would refuse: invalid bodies and actions the status does
    /// not allow. Nothing is sent then.
    fn guard(&self, spec: &RequestSpec, call: &CallOptions) -> Result<(), ApiError> {
        match (spec.action, &spec.body) {
            (Some(action), body) => {
                if let Some(body) = body {
                    let issues = guards::update_issues(action, body);
                    if !issues.is_empty() {
                        let what = format!("the {action} request");
                        return Err(ApiError::invalid_request(&what, issues));
                    }
                }
                let status = self.statuses.trusted(
                    spec.deployment.as_deref(),
                    call.status.as_deref(),
                    self.now(),
                );
                if let Some(status) = status {
                    guards::check_action(&status, action).map_err(|r| ApiError::refused(&r))?;
                }
            }
            (None, Some(body)) if spec.path == request::CREATE_PATH => {
                let issues = guards::create_issues(body);
                if !issues.is_empty() {
                    return Err(ApiError::invalid_request("the create request", issues));
                }
            }
            (None, _) => {}
        }
        Ok(())
    }

    /// Sends `spec`: guards, auth, then attempts within the call's time limit, retried as the
    /// policy says. Returns the answer, read as the endpoint's shape.
    pub async fn send(&self, spec: &RequestSpec, call: &CallOptions) -> Result<Answer, ApiError> {
        let text = self.send_text(spec, call).await?;
        let answer = self.read(spec, text)?;
        self.statuses.observe(
            spec.deployment.as_deref(),
            spec.action,
            answer.value(),
            self.now(),
        );
        Ok(answer)
    }

    fn read(&self, spec: &RequestSpec, text: String) -> Result<Answer, ApiError> {
        let label = self.label(spec);
        let parse = |text: &str| {
            let value: Value = serde_json::from_str(text)
                .map_err(|e| error::invalid_response(&label, 200, &format!("not JSON: {e}")))?;
            match spec.shape.issue(&value) {
                Some(issue) => Err(error::invalid_response(&label, 200, &issue)),
                None => Ok(value),
            }
        };
        Ok(match spec.expect {
            Expect::Empty => Answer::Empty,
            Expect::JobDetail => Answer::Mapped(request::map_job_detail(parse(&text)?)),
            Expect::Json | Expect::Stream => {
                let value = parse(&text)?;
                Answer::Json { text, value }
            }
        })
    }

    async fn send_text(&self, spec: &RequestSpec, call: &CallOptions) -> Result<String, ApiError> {
        self.guard(spec, call)?;
        let label = self.label(spec);
        let timeout = self.call_timeout(call);
        let user = call.cancel.as_ref();
        // One deadline and one abort for every step below: signing, each attempt, each wait.
        let limits = Limits::new(self.clock(), deadline_after(self.now(), timeout), user);
        let stopped = |stop: Stop| stop.error(&label, timeout);
        // A wallet that never answers (or a user who never clicks) ends at the deadline.
        let headers = limits.race(self.headers()).await.map_err(stopped)??;
        let request = HttpRequest {
            method: spec.method,
            url: spec.url(&self.endpoint),
            headers,
            body: spec.body.clone(),
        };
        // Fired when the call ends early, so the transport drops the request at once.
        let (abort, _link) = match user {
            Some(user) => user.child(),
            None => (Cancel::new(), Subscription::default()),
        };
        let mut attempt = 0;
        loop {
            let failure = match limits
                .race(self.attempt(&request, &abort, &label, spec))
                .await
            {
                Ok(Ok(text)) => return Ok(text),
                Ok(Err(failure)) => failure,
                Err(stop) => {
                    abort.fire();
                    return Err(stopped(stop));
                }
            };
            let Some(backoff) = self.retry_after(spec, &failure.error, attempt) else {
                return Err(self.final_error(spec, failure.error));
            };
            let wait = failure.retry_after_ms.map_or(backoff, |ms| ms.max(backoff));
            if !limits.fits(wait) {
                // The retry could not happen in time: the server's answer is the better error.
                return Err(self.final_error(spec, failure.error));
            }
            limits
                .race(self.host.clock.sleep(wait))
                .await
                .map_err(stopped)?;
            attempt += 1;
        }
    }

    /// The pause before retrying, if the request is retried at all: a replayable request (a
    /// create with an idempotency key) is retried like a GET, and on any 5xx too.
    fn retry_after(&self, spec: &RequestSpec, error: &ApiError, attempt: u32) -> Option<f64> {
        if !spec.replayable {
            return self
                .retry
                .decide(spec.method, error, attempt, self.jitter());
        }
        let server_failed = matches!(error.status, Some(500..=599));
        if server_failed && attempt < self.retry.retries {
            return Some(self.retry.backoff(attempt, self.jitter()));
        }
        self.retry
            .decide(Method::Get, error, attempt, self.jitter())
    }

    /// A status the error proves stale is forgotten; a bare 404 on a route older servers lack
    /// says so.
    fn final_error(&self, spec: &RequestSpec, e: ApiError) -> ApiError {
        let e = match spec.feature {
            Some(feature) if e.code == "NOT_FOUND" => {
                error::unsupported(&self.label(spec), feature)
            }
            _ => e,
        };
        if matches!(
            e.kind,
            ErrorKind::InvalidState | ErrorKind::Archived | ErrorKind::NotFound
        ) {
            if let Some(id) = &spec.deployment {
                self.statuses.forget(id);
            }
        }
        e
    }

    async fn attempt(
        &self,
        request: &HttpRequest,
        abort: &Cancel,
        label: &str,
        spec: &RequestSpec,
    ) -> Result<String, Failure> {
        let preflighted = matches!(request.method, Method::Patch | Method::Delete);
        let no_answer = |e: TransportError| match e {
            TransportError::Aborted => ApiError::aborted(label),
            // A browser refuses a cross-origin PATCH/DELETE the host does not allow, and only
            // says "failed to fetch": name the likely cause and the fix.
            TransportError::Failed(reason)
                if preflighted && self.host.transport.is_cross_origin_browser(&request.url) =>
            {
                error::cors_refused(label, request.method, &reason)
            }
            TransportError::Failed(reason) => ApiError::network(label, &reason),
        };
        let response = self
            .host
            .transport
            .send(request.clone(), abort)
            .await
            .map_err(no_answer)?;
        let status = response.status();
        let content_type = response.header("content-type").unwrap_or_default();
        let retry_after_ms = response
            .header("retry-after")
            .and_then(|h| retry::retry_after_ms(&h, self.now()));
        let text = response.text().await.map_err(no_answer)?;
        if (200..300).contains(&status) {
            return Ok(text);
        }
        Err(Failure {
            error: error::from_response(label, spec.action, status, &content_type, &text),
            retry_after_ms,
        })
    }
}
