//! Every failure the client reports, as data: a stable JS `name` (the kind) and `code`, the HTTP
//! status and the server's message where there is one. The mapping from status + body follows
//! spec §3.2–3.3 (state violations are 500s, not 409s; validation failures on some routes come
//! back as a bare `{"error":"Bad Request"}`). `src/wasm/client.rs` turns these into JS `Error`s.
//!
//! Messages never contain credentials: they are built from the request's method and path, the
//! status, and the server's body — never from headers.

use std::any::Any;
use std::fmt;
use std::rc::Rc;

use serde_json::Value;

use super::method::Method;
use crate::deployment::{Action, RefusalKind, RefusedAction};
use crate::diagnostics::Issue;

/// The JS `name` of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request was refused locally (bad body, bad argument) or by the server's validation.
    Validation,
    /// The action is not allowed in the deployment's status (locally, or the server's E500).
    InvalidState,
    /// The deployment is archived (the server's A500).
    Archived,
    NotFound,
    /// 401/403, or the wallet refused to sign.
    Unauthorized,
    /// The request never got an HTTP answer (connection refused, reset, dropped).
    Network,
    Timeout,
    Abort,
    /// 5xx, an unexpected status, or an unreadable success body.
    Server,
    /// Misuse of the API (wrong argument type, unknown option).
    Type,
    /// The server is older than the route (a bare 404 on a new route).
    Unsupported,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Validation => "ValidationError",
            ErrorKind::InvalidState => "InvalidStateError",
            ErrorKind::Archived => "ArchivedError",
            ErrorKind::NotFound => "NotFoundError",
            ErrorKind::Unauthorized => "UnauthorizedError",
            ErrorKind::Network => "NetworkError",
            ErrorKind::Timeout => "TimeoutError",
            ErrorKind::Abort => "AbortError",
            ErrorKind::Server => "ServerError",
            ErrorKind::Type => "TypeError",
            ErrorKind::Unsupported => "UnsupportedError",
        }
    }
}

/// One failure (boxed: `Result<_, ApiError>` stays one pointer wide).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError(Box<ErrorData>);

impl std::ops::Deref for ApiError {
    type Target = ErrorData;
    fn deref(&self) -> &ErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for ApiError {
    fn deref_mut(&mut self) -> &mut ErrorData {
        &mut self.0
    }
}

/// What an [`ApiError`] says.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorData {
    pub kind: ErrorKind,
    /// Stable, SCREAMING_SNAKE_CASE.
    pub code: &'static str,
    pub message: String,
    /// HTTP status, when the server answered.
    pub status: Option<u16>,
    /// The server's own message (`error`, or `message` for FST_ERR_VALIDATION; text for 401).
    pub server_message: Option<String>,
    /// Local validation issues (ValidationError with code INVALID_REQUEST).
    pub issues: Vec<Issue>,
    /// The deployment status an InvalidStateError was decided on, when known.
    pub deployment_status: Option<String>,
    /// The action that was refused.
    pub action: Option<Action>,
    /// What caused it, when something outside the client did (the wallet refused to sign).
    pub cause: Option<Cause>,
}

impl ApiError {
    pub fn new(kind: ErrorKind, code: &'static str, message: impl Into<String>) -> Self {
        Self(Box::new(ErrorData {
            kind,
            code,
            // A caller's 10 MB option value must not come back as a 10 MB message.
            message: crate::diagnostics::bounded_echo(message.into()),
            status: None,
            server_message: None,
            issues: Vec::new(),
            deployment_status: None,
            action: None,
            cause: None,
        }))
    }

    pub fn invalid_argument(message: String) -> Self {
        Self::new(ErrorKind::Type, "INVALID_ARGUMENT", message)
    }

    pub fn network(label: &str, reason: &str) -> Self {
        Self::new(
            ErrorKind::Network,
            "NETWORK_ERROR",
            format!("{label}: no response ({reason})"),
        )
    }

    pub fn timeout(label: &str, ms: f64) -> Self {
        Self::new(
            ErrorKind::Timeout,
            "TIMEOUT",
            // Whole milliseconds: float formatting would pull ~15 KB of `flt2dec` into the wasm.
            format!(
                "{label}: no answer within {} ms",
                ms.max(0.0).round() as u64
            ),
        )
    }

    pub fn aborted(label: &str) -> Self {
        Self::new(ErrorKind::Abort, "ABORTED", format!("{label}: aborted"))
    }

    /// A request body refused by the local rules: nothing was sent.
    pub fn invalid_request(what: &str, issues: Vec<Issue>) -> Self {
        let first = issues.first().map(|i| format!(": {i}")).unwrap_or_default();
        let more = match issues.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        let mut err = Self::new(
            ErrorKind::Validation,
            "INVALID_REQUEST",
            format!("{what} was not sent: it is invalid{first}{more}"),
        );
        err.issues = issues;
        err
    }

    /// An action refused by the status state machine: nothing was sent.
    pub fn refused(refused: &RefusedAction) -> Self {
        let (kind, code) = match refused.reason {
            RefusalKind::Archived => (ErrorKind::Archived, "ARCHIVED"),
            RefusalKind::IncorrectState => (ErrorKind::InvalidState, "INVALID_STATE"),
        };
        let mut err = Self::new(
            kind,
            code,
            format!(
                "cannot {} a deployment that is {}: the request was not sent",
                refused.action, refused.status
            ),
        );
        // What the server would answer (HTTP 500) if asked anyway.
        err.server_message = Some(refused.reason.server_message().to_owned());
        err.deployment_status = Some(refused.status.as_str().to_owned());
        err.action = Some(refused.action);
        err
    }

    /// Whether the request may be retried (with an idempotent method): no answer at all, a
    /// gateway/unavailable status, or 429 (a gateway's rate limit, with its `Retry-After`).
    pub fn is_transient(&self) -> bool {
        self.kind == ErrorKind::Network || matches!(self.status, Some(429 | 502..=504))
    }
}

/// Why something outside the client failed: a message of ours, or the host's own error value
/// (the wallet's exception, handed back to JavaScript as the error's `cause`).
#[derive(Clone)]
pub enum Cause {
    Message(String),
    Host(Rc<dyn Any>),
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Message(m) => write!(f, "Cause::Message({m:?})"),
            Cause::Host(_) => f.write_str("Cause::Host(..)"),
        }
    }
}

impl PartialEq for Cause {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Cause::Message(a), Cause::Message(b)) => a == b,
            (Cause::Host(a), Cause::Host(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// What a failed response said, as far as we can read it.
/// Longest server message kept from a JSON error body, in characters (longer ones end in "…").
pub const MAX_SERVER_MESSAGE_CHARS: usize = 1_000;

fn server_message(content_type: &str, body: &str) -> (Option<String>, Option<Value>) {
    let json: Option<Value> = serde_json::from_str(body).ok();
    let text = match &json {
        // FST_ERR_VALIDATION carries the detail in `message`; handler errors in `error`.
        Some(Value::Object(o)) => o
            .get("message")
            .and_then(Value::as_str)
            .or_else(|| o.get("error").and_then(Value::as_str))
            .map(|s| truncate(s, MAX_SERVER_MESSAGE_CHARS)),
        Some(Value::String(s)) => Some(truncate(s, MAX_SERVER_MESSAGE_CHARS)),
        _ if content_type.starts_with("text/plain") && !body.trim().is_empty() => {
            Some(truncate(body.trim(), 300))
        }
        _ => None,
    };
    (text, json)
}

pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
}

/// Maps a non-2xx response to an error (spec §3.2–3.3). `label` is `"METHOD url"` (no query),
/// `action` the state-machine action the request performed.
pub fn from_response(
    label: &str,
    action: Option<Action>,
    status: u16,
    content_type: &str,
    body: &str,
) -> ApiError {
    use ErrorKind as K;
    let (server, json) = server_message(content_type, body);
    let fastify_code = json
        .as_ref()
        .and_then(|j| j.get("code"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let said = server.as_deref().unwrap_or("");
    let (kind, code, explain): (ErrorKind, &'static str, &str) = match (status, said) {
        (400, "Deployment is using an incorrect strategy.") => (
            K::Validation,
            "WRONG_STRATEGY",
            "only SCHEDULED deployments have a schedule",
        ),
        (400, "The specified revision does not exist.") => {
            (K::Validation, "REVISION_NOT_FOUND", "no such revision")
        }
        (400, "Rotation time must be at least 10 minutes less than timeout.") => (
            K::Validation,
            "INVALID_ROTATION_TIME",
            "rotation_time must be below timeout − 10",
        ),
        (400, "Cannot withdraw from a vault containing a Nosana API key.") => (
            K::Validation,
            "API_KEY_VAULT",
            "this vault holds a Nosana API key",
        ),
        (400, "Bad Request") => (
            K::Validation,
            "BAD_REQUEST",
            "the server refused the request without saying why (validate it locally first)",
        ),
        (400, _) if fastify_code == "FST_ERR_VALIDATION" => (
            K::Validation,
            "BAD_REQUEST",
            "the server refused the request",
        ),
        (400, _) => (
            K::Validation,
            "BAD_REQUEST",
            "the server refused the request",
        ),
        (401, _) => (
            K::Unauthorized,
            "UNAUTHORIZED",
            "the server refused the credentials",
        ),
        (403, _) => (K::Unauthorized, "FORBIDDEN", "not allowed"),
        (404, "Deployment not found.") => (
            K::NotFound,
            "DEPLOYMENT_NOT_FOUND",
            "no such deployment for this owner",
        ),
        (404, "Vault not found.") => (
            K::NotFound,
            "VAULT_NOT_FOUND",
            "no such vault for this owner",
        ),
        (404, "Job not found") => (
            K::NotFound,
            "JOB_NOT_FOUND",
            "no such job in this deployment",
        ),
        (404, _) => (
            K::NotFound,
            "NOT_FOUND",
            "no such route (check baseUrl and pathPrefix)",
        ),
        (409, _) => (
            K::Validation,
            "IDEMPOTENCY_CONFLICT",
            "a deployment with this idempotency key already exists",
        ),
        (413, _) => (K::Validation, "BODY_TOO_LARGE", "the body is over 1 MiB"),
        (429, _) => (K::Server, "RATE_LIMITED", "too many requests"),
        (500, "Deployment is in the incorrect state.") => (
            K::InvalidState,
            "INVALID_STATE",
            "the deployment's status does not allow this",
        ),
        (500, "Cannot modify an archived deployment.") => {
            (K::Archived, "ARCHIVED", "the deployment is archived")
        }
        (500, "Vault has no funds to withdraw.") => {
            (K::Server, "VAULT_EMPTY", "the vault is empty")
        }
        (502..=504, _) => (
            K::Server,
            "SERVICE_UNAVAILABLE",
            "the service is unavailable",
        ),
        (500..=599, _) => (K::Server, "SERVER_ERROR", "the server failed"),
        _ => (K::Server, "UNEXPECTED_STATUS", "unexpected status"),
    };
    let mut message = format!("{label}: {status}, {explain}");
    if let Some(s) = &server {
        message.push_str(&format!(": {s}"));
    }
    let mut err = ApiError::new(kind, code, message);
    err.status = Some(status);
    err.server_message = server;
    if matches!(kind, K::InvalidState | K::Archived) {
        err.action = action;
    }
    err
}

/// A bare 404 on a route that newer servers added (addendum §10.21): an older server.
pub fn unsupported(label: &str, feature: &str) -> ApiError {
    let mut err = ApiError::new(
        ErrorKind::Unsupported,
        "UNSUPPORTED",
        format!("{label}: 404, the service does not support {feature} yet (an older Deployment Manager)"),
    );
    err.status = Some(404);
    err
}

/// A cross-origin PATCH/DELETE from a browser that got no answer: most likely the CORS
/// preflight was refused (spec §3.4), which the browser does not report as such.
pub fn cors_refused(label: &str, method: Method, reason: &str) -> ApiError {
    ApiError::new(
        ErrorKind::Network,
        "CORS_REFUSED",
        format!(
            "{label}: no response ({reason}); the browser most likely refused the CORS preflight: \
             this host does not allow {} from this page's origin. Call it through the client \
             manager (apiKey) or the dashboard gateway (gateway: true), or from a server",
            method.as_str()
        ),
    )
}

/// A 2xx response whose body is not what the endpoint returns (e.g. malformed JSON).
pub fn invalid_response(label: &str, status: u16, reason: &str) -> ApiError {
    let mut err = ApiError::new(
        ErrorKind::Server,
        "INVALID_RESPONSE",
        format!("{label}: {status}, but the body is unreadable ({reason})"),
    );
    err.status = Some(status);
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = "application/json; charset=utf-8";
    const L: &str = "POST http://h/deployments/x/start";

    fn map(status: u16, ct: &str, body: &str) -> ApiError {
        from_response(L, Some(Action::Start), status, ct, body)
    }

    #[test]
    fn every_documented_status_and_body_maps_to_a_kind_and_code() {
        use ErrorKind as K;
        let rows: &[(u16, &str, &str, ErrorKind, &str)] = &[
            (
                400,
                JSON,
                r#"{"error":"Bad Request"}"#,
                K::Validation,
                "BAD_REQUEST",
            ),
            (
                400,
                JSON,
                r#"{"statusCode":400,"code":"FST_ERR_VALIDATION","error":"Bad Request","message":"body/timeout must be >= 60"}"#,
                K::Validation,
                "BAD_REQUEST",
            ),
            (
                400,
                JSON,
                r#"{"error":"Invalid request body."}"#,
                K::Validation,
                "BAD_REQUEST",
            ),
            (
                400,
                JSON,
                r#"{"error":"Deployment is using an incorrect strategy."}"#,
                K::Validation,
                "WRONG_STRATEGY",
            ),
            (
                400,
                JSON,
                r#"{"error":"The specified revision does not exist."}"#,
                K::Validation,
                "REVISION_NOT_FOUND",
            ),
            (
                400,
                JSON,
                r#"{"error":"Rotation time must be at least 10 minutes less than timeout."}"#,
                K::Validation,
                "INVALID_ROTATION_TIME",
            ),
            (
                400,
                JSON,
                r#"{"error":"Cannot withdraw from a vault containing a Nosana API key."}"#,
                K::Validation,
                "API_KEY_VAULT",
            ),
            (
                401,
                "text/plain; charset=utf-8",
                "Unauthorized",
                K::Unauthorized,
                "UNAUTHORIZED",
            ),
            (
                401,
                "text/plain",
                "Unauthorized, missing or invalid headers",
                K::Unauthorized,
                "UNAUTHORIZED",
            ),
            (
                403,
                JSON,
                r#"{"error":"Job must be running"}"#,
                K::Unauthorized,
                "FORBIDDEN",
            ),
            (
                404,
                JSON,
                r#"{"error":"Deployment not found."}"#,
                K::NotFound,
                "DEPLOYMENT_NOT_FOUND",
            ),
            (
                404,
                JSON,
                r#"{"error":"Vault not found."}"#,
                K::NotFound,
                "VAULT_NOT_FOUND",
            ),
            (
                404,
                JSON,
                r#"{"error":"Job not found"}"#,
                K::NotFound,
                "JOB_NOT_FOUND",
            ),
            (
                404,
                JSON,
                r#"{"message":"Route GET:/x not found","error":"Not Found","statusCode":404}"#,
                K::NotFound,
                "NOT_FOUND",
            ),
            (
                413,
                JSON,
                r#"{"statusCode":413,"code":"FST_ERR_CTP_BODY_TOO_LARGE","error":"Payload Too Large","message":"Request body is too large"}"#,
                K::Validation,
                "BODY_TOO_LARGE",
            ),
            (
                500,
                JSON,
                r#"{"error":"Deployment is in the incorrect state."}"#,
                K::InvalidState,
                "INVALID_STATE",
            ),
            (
                500,
                JSON,
                r#"{"error":"Cannot modify an archived deployment."}"#,
                K::Archived,
                "ARCHIVED",
            ),
            (
                500,
                JSON,
                r#"{"error":"Vault has no funds to withdraw."}"#,
                K::Server,
                "VAULT_EMPTY",
            ),
            (
                500,
                JSON,
                r#"{"error":"Internal Server Error"}"#,
                K::Server,
                "SERVER_ERROR",
            ),
            (
                500,
                JSON,
                r#"{"error":"Ops something went wrong, please again."}"#,
                K::Server,
                "SERVER_ERROR",
            ),
            (
                500,
                JSON,
                r#"{"error":"Failed to get deployment jobs"}"#,
                K::Server,
                "SERVER_ERROR",
            ),
            (
                502,
                "text/html",
                "<html>bad gateway</html>",
                K::Server,
                "SERVICE_UNAVAILABLE",
            ),
            (
                503,
                JSON,
                r#"{"error":"snapshot failed"}"#,
                K::Server,
                "SERVICE_UNAVAILABLE",
            ),
            (504, "", "", K::Server, "SERVICE_UNAVAILABLE"),
            (429, "", "", K::Server, "RATE_LIMITED"),
            (418, "", "", K::Server, "UNEXPECTED_STATUS"),
        ];
        for (status, ct, body, kind, code) in rows {
            let err = map(*status, ct, body);
            assert_eq!((err.kind, err.code), (*kind, *code), "{status} {body}");
            assert_eq!(err.status, Some(*status));
            assert!(err.message.starts_with(L), "{}", err.message);
        }
    }

    #[test]
    fn server_message_is_kept() {
        let err = map(
            400,
            JSON,
            r#"{"statusCode":400,"code":"FST_ERR_VALIDATION","error":"Bad Request","message":"body/timeout must be >= 60"}"#,
        );
        assert_eq!(
            err.server_message.as_deref(),
            Some("body/timeout must be >= 60")
        );
        assert!(err.message.ends_with("body/timeout must be >= 60"));
        let err = map(
            401,
            "text/plain",
            "Unauthorized, missing or invalid headers",
        );
        assert_eq!(
            err.server_message.as_deref(),
            Some("Unauthorized, missing or invalid headers")
        );
        let err = map(502, "text/html", "<html>");
        assert_eq!(err.server_message, None);
    }

    #[test]
    fn state_errors_carry_the_action() {
        let err = map(
            500,
            JSON,
            r#"{"error":"Deployment is in the incorrect state."}"#,
        );
        assert_eq!(err.action, Some(Action::Start));
        let err = map(404, JSON, r#"{"error":"Deployment not found."}"#);
        assert_eq!(err.action, None);
    }

    #[test]
    fn transient_failures_are_network_gateway_and_rate_limit_statuses_only() {
        assert!(ApiError::network(L, "reset").is_transient());
        for s in [429, 502, 503, 504] {
            assert!(map(s, "", "").is_transient());
        }
        for s in [400, 401, 404, 500, 501] {
            assert!(!map(s, "", "").is_transient(), "{s}");
        }
        assert!(!ApiError::timeout(L, 5.0).is_transient());
        assert!(!ApiError::aborted(L).is_transient());
    }

    #[test]
    fn local_refusals() {
        use crate::deployment::{next_status, Status};
        let refused = |status, action| next_status(status, action).unwrap_err();
        let err = ApiError::refused(&refused(Status::Draft, Action::Stop));
        assert_eq!(
            (err.kind.name(), err.code),
            ("InvalidStateError", "INVALID_STATE")
        );
        assert_eq!(err.deployment_status.as_deref(), Some("DRAFT"));
        assert_eq!(err.action, Some(Action::Stop));
        let err = ApiError::refused(&refused(Status::Archived, Action::Archive));
        assert_eq!((err.kind.name(), err.code), ("ArchivedError", "ARCHIVED"));
        let err = ApiError::invalid_request("the create body", vec![]);
        assert_eq!(
            (err.kind.name(), err.code),
            ("ValidationError", "INVALID_REQUEST")
        );
        assert_eq!(invalid_response(L, 200, "x").code, "INVALID_RESPONSE");
    }
}
