//! Any client error as two sentences: what happened, and what to do. Decided from the error's
//! stable `code` (then its `name` and HTTP status), never from its message.

use super::labels::{action_label, status_label, text};
use crate::api::error::{ApiError, ErrorKind};

/// What the explanation is decided on (read from a thrown JS value, or an [`ApiError`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorFacts {
    /// `NetworkError`, `InvalidStateError`, … (`TypeError` for misuse).
    pub name: Option<String>,
    pub code: Option<String>,
    /// The HTTP status, when the server answered.
    pub http_status: Option<u16>,
    /// The refused action, as the state machine names it.
    pub action: Option<String>,
    /// The deployment's status an `InvalidStateError` was decided on.
    pub deployment_status: Option<String>,
}

impl From<&ApiError> for ErrorFacts {
    fn from(e: &ApiError) -> Self {
        Self {
            name: Some(e.kind.name().to_owned()),
            code: Some(e.code.to_owned()),
            http_status: e.status,
            action: e.action.map(|a| a.as_str().to_owned()),
            deployment_status: e.deployment_status.clone(),
        }
    }
}

/// What happened and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub summary: String,
    pub advice: String,
}

impl Explanation {
    /// `summary advice`.
    pub fn text(&self) -> String {
        format!("{} {}", self.summary, self.advice)
    }
}

/// The table key of the sentences for `facts`.
fn key_of(facts: &ErrorFacts) -> &'static str {
    let by_code = match facts.code.as_deref().unwrap_or("") {
        "NETWORK_ERROR" => Some("network"),
        "CORS_REFUSED" => Some("cors"),
        "TIMEOUT" => Some("timeout"),
        "ABORTED" => Some("aborted"),
        "UNAUTHORIZED" => Some("unauthorized"),
        "FORBIDDEN" => Some("forbidden"),
        "DEPLOYMENT_NOT_FOUND" => Some("deploymentGone"),
        "JOB_NOT_FOUND" => Some("jobGone"),
        "VAULT_NOT_FOUND" => Some("vaultGone"),
        "REVISION_NOT_FOUND" => Some("revisionGone"),
        "NOT_FOUND" => Some("notFound"),
        "INVALID_STATE" => Some("invalidState"),
        "ARCHIVED" => Some("archived"),
        "INVALID_REQUEST" | "BAD_REQUEST" | "INVALID_ROTATION_TIME" | "API_KEY_VAULT" => {
            Some("validation")
        }
        "BODY_TOO_LARGE" => Some("tooLarge"),
        "WRONG_STRATEGY" => Some("wrongStrategy"),
        "VAULT_EMPTY" => Some("vaultEmpty"),
        "IDEMPOTENCY_CONFLICT" => Some("idempotency"),
        "RATE_LIMITED" => Some("rateLimited"),
        "SERVER_ERROR" | "UNEXPECTED_STATUS" => Some("server"),
        "SERVICE_UNAVAILABLE" => Some("unavailable"),
        "INVALID_RESPONSE" => Some("invalidResponse"),
        "UNSUPPORTED" => Some("unsupported"),
        "INVALID_ARGUMENT" | "DISPOSED" => Some("invalidArgument"),
        _ => None,
    };
    if let Some(key) = by_code {
        return key;
    }
    let by_name = [
        ErrorKind::Network,
        ErrorKind::Timeout,
        ErrorKind::Abort,
        ErrorKind::Unauthorized,
        ErrorKind::NotFound,
        ErrorKind::InvalidState,
        ErrorKind::Archived,
        ErrorKind::Validation,
        ErrorKind::Server,
        ErrorKind::Unsupported,
    ]
    .into_iter()
    .find(|k| facts.name.as_deref() == Some(k.name()));
    match (by_name, facts.http_status) {
        (Some(ErrorKind::Network), _) => "network",
        (Some(ErrorKind::Timeout), _) => "timeout",
        (Some(ErrorKind::Abort), _) => "aborted",
        (Some(ErrorKind::Unauthorized), _) | (None, Some(401)) => "unauthorized",
        (None, Some(403)) => "forbidden",
        (Some(ErrorKind::NotFound), _) | (None, Some(404)) => "notFound",
        (Some(ErrorKind::InvalidState), _) => "invalidState",
        (Some(ErrorKind::Archived), _) => "archived",
        (Some(ErrorKind::Validation), _) | (None, Some(400)) => "validation",
        (Some(ErrorKind::Unsupported), _) => "unsupported",
        (Some(ErrorKind::Server), _) | (None, Some(500..=599)) => "server",
        _ => "unknown",
    }
}

/// The explanation of `facts` in `locale`.
pub fn explain(facts: &ErrorFacts, locale: Option<&str>) -> Explanation {
    let mut key = key_of(facts);
    let action = facts.action.as_deref().and_then(|a| a.parse().ok());
    let status = facts
        .deployment_status
        .as_deref()
        .and_then(|s| s.parse().ok());
    if key == "invalidState" && (action.is_none() || status.is_none()) {
        key = "invalidStateUnknown";
    }
    let mut summary = text(&format!("error.{key}.summary"), locale);
    if let (Some(a), Some(s)) = (action, status) {
        summary = summary
            .replace("{action}", &action_label(a, locale))
            .replace("{status}", &status_label(s, locale));
    }
    Explanation {
        summary,
        advice: text(&format!("error.{key}.advice"), locale),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(name: &str, code: &str) -> ErrorFacts {
        ErrorFacts {
            name: Some(name.into()),
            code: Some(code.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_network_error_says_what_to_check() {
        let e = explain(&facts("NetworkError", "NETWORK_ERROR"), None);
        assert_eq!(e.summary, "The API could not be reached.");
        assert!(e.advice.contains("API URL in Settings"));
        assert_eq!(e.text(), format!("{} {}", e.summary, e.advice));
    }

    #[test]
    fn a_refused_action_names_the_action_and_status_in_words() {
        let mut f = facts("InvalidStateError", "INVALID_STATE");
        f.action = Some("updateReplicaCount".into());
        f.deployment_status = Some("INSUFFICIENT_FUNDS".into());
        assert_eq!(
            explain(&f, None).summary,
            "“Change replica count” is not possible while the deployment is Insufficient funds."
        );
        f.action = None;
        assert!(!explain(&f, None).summary.contains('{'));
    }

    #[test]
    fn unknown_codes_fall_back_to_the_name_then_the_status() {
        assert_eq!(
            explain(&facts("ServerError", "SOMETHING_NEW"), None).summary,
            "The server failed to handle the request."
        );
        let status_only = ErrorFacts {
            http_status: Some(503),
            ..Default::default()
        };
        assert_eq!(key_of(&status_only), "server");
        assert_eq!(key_of(&ErrorFacts::default()), "unknown");
    }

    #[test]
    fn every_key_has_english_sentences() {
        for code in [
            "NETWORK_ERROR",
            "CORS_REFUSED",
            "TIMEOUT",
            "ABORTED",
            "UNAUTHORIZED",
            "FORBIDDEN",
            "DEPLOYMENT_NOT_FOUND",
            "JOB_NOT_FOUND",
            "VAULT_NOT_FOUND",
            "REVISION_NOT_FOUND",
            "NOT_FOUND",
            "INVALID_STATE",
            "ARCHIVED",
            "INVALID_REQUEST",
            "BODY_TOO_LARGE",
            "WRONG_STRATEGY",
            "VAULT_EMPTY",
            "IDEMPOTENCY_CONFLICT",
            "RATE_LIMITED",
            "SERVER_ERROR",
            "SERVICE_UNAVAILABLE",
            "INVALID_RESPONSE",
            "UNSUPPORTED",
            "INVALID_ARGUMENT",
            "?",
        ] {
            let e = explain(&facts("", code), None);
            assert!(!e.summary.starts_with("error."), "{code}");
            assert!(!e.advice.starts_with("error."), "{code}");
        }
    }
}
