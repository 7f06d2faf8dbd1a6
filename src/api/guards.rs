//! Local guards run before any request: request bodies checked with the deployment rules, and
//! actions checked against the status state machine. Everything the guards know comes from
//! `crate::deployment`; this module only adapts it to the client (names as strings, errors only).

use serde_json::Value;

use crate::deployment::{self, refusal, Action, RefusalKind, Status};
use crate::diagnostics::{Issue, ValidateOptions};

const ERRORS_ONLY: ValidateOptions = ValidateOptions { warnings: false };

/// Runs `check` on `body` as the validators see it: the client holds bodies as `serde_json`
/// values, the validators walk a parsed [`Document`]. A body too large or deep to parse gives
/// that one issue.
fn errors_of(body: &Value, check: impl FnOnce(crate::json::Value<'_>) -> Vec<Issue>) -> Vec<Issue> {
    let Ok(text) = serde_json::to_string(body) else {
        return Vec::new(); // a `Value` always serializes; nothing to check otherwise
    };
    let issues = match crate::source::parse(&text) {
        Ok(doc) => check(doc.root()),
        Err(issue) => vec![*issue],
    };
    issues.into_iter().filter(Issue::is_error).collect()
}

/// Issues (errors only) of a create body.
pub fn create_issues(body: &Value) -> Vec<Issue> {
    errors_of(body, |body| deployment::validate_create(body, ERRORS_ONLY))
}

/// Issues (errors only) of an update body; `action` is the JS action name (`rename`,
/// `updateReplicaCount`, …, `createRevision` whose body is the job definition).
pub fn update_issues(action: &str, body: &Value) -> Vec<Issue> {
    let Ok(action) = action.parse::<Action>() else {
        return Vec::new();
    };
    errors_of(body, |body| {
        deployment::validate_update(action, body, ERRORS_ONLY)
    })
}

/// `Ok` when the server accepts `action` in `status`; `Err(archived)` when it refuses it
/// (`archived`: with "Cannot modify an archived deployment."). Unknown names are let through:
/// the server decides.
pub fn check_action(status: &str, action: &str) -> Result<(), bool> {
    let (Ok(status), Ok(action)) = (status.parse::<Status>(), action.parse::<Action>()) else {
        return Ok(());
    };
    match refusal(status, action) {
        None => Ok(()),
        Some(kind) => Err(kind == RefusalKind::Archived),
    }
}

/// Statuses only a user action leaves (the worker never moves a deployment out of them, except
/// the rare banned-owner archive): a status the client saw recently is trusted for the guard only
/// when it is one of these. STARTING, RUNNING, STOPPING, ERROR and INSUFFICIENT_FUNDS change
/// under the client's feet, so for those the server decides.
pub fn is_user_stable(status: &str) -> bool {
    matches!(status, "DRAFT" | "STOPPED" | "ARCHIVED")
}

/// The status right after the server accepted `action` (`None`: unchanged or unknown).
pub fn status_after(action: &str) -> Option<&'static str> {
    match action {
        "start" => Some("STARTING"),
        "stop" => Some("STOPPING"),
        "archive" => Some("ARCHIVED"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KNOWN_STATUSES: [&str; 8] = [
        "DRAFT",
        "STARTING",
        "RUNNING",
        "STOPPING",
        "STOPPED",
        "ARCHIVED",
        "ERROR",
        "INSUFFICIENT_FUNDS",
    ];

    #[test]
    fn spec_matrix() {
        // (action, statuses allowed) — spec §5.2.
        let allowed: &[(&str, &[&str])] = &[
            (
                "start",
                &["DRAFT", "STOPPED", "ERROR", "INSUFFICIENT_FUNDS"],
            ),
            ("stop", &["RUNNING", "ERROR", "INSUFFICIENT_FUNDS"]),
            ("archive", &["STOPPED"]),
            ("delete", &["STOPPED"]),
            ("rename", &KNOWN_STATUSES),
            (
                "updateReplicaCount",
                &[
                    "DRAFT",
                    "STARTING",
                    "RUNNING",
                    "STOPPING",
                    "STOPPED",
                    "ERROR",
                    "INSUFFICIENT_FUNDS",
                ],
            ),
            (
                "listTasks",
                &[
                    "DRAFT",
                    "STARTING",
                    "RUNNING",
                    "STOPPING",
                    "STOPPED",
                    "ERROR",
                    "INSUFFICIENT_FUNDS",
                ],
            ),
        ];
        for (action, ok) in allowed {
            for status in KNOWN_STATUSES {
                assert_eq!(
                    check_action(status, action).is_ok(),
                    ok.contains(&status),
                    "{action} {status}"
                );
            }
        }
        assert_eq!(check_action("ARCHIVED", "stop"), Err(true));
        assert_eq!(check_action("ARCHIVED", "archive"), Err(true));
        assert_eq!(check_action("ARCHIVED", "updateTimeout"), Err(true));
        assert_eq!(check_action("ARCHIVED", "start"), Err(false));
        assert_eq!(check_action("ARCHIVED", "delete"), Err(false));
        assert_eq!(check_action("DRAFT", "stop"), Err(false));
        assert!(check_action("SOMETHING_NEW", "stop").is_ok());
        assert!(check_action("DRAFT", "explode").is_ok());
    }

    #[test]
    fn bodies_are_checked_with_the_deployment_rules() {
        assert!(!create_issues(&json!({"replicas": 0})).is_empty());
        assert!(!update_issues("updateTimeout", &json!({"timeout": 30})).is_empty());
        assert!(update_issues("updateTimeout", &json!({"timeout": 60})).is_empty());
        assert!(!update_issues("rename", &json!({"name": ""})).is_empty());
        assert!(!update_issues("createRevision", &json!({"version": "0.1"})).is_empty());
        assert!(update_issues("unknownAction", &json!({})).is_empty());
        assert!(create_issues(&json!({})).iter().all(Issue::is_error));
    }

    #[test]
    fn stable_statuses() {
        assert!(is_user_stable("DRAFT") && is_user_stable("STOPPED") && is_user_stable("ARCHIVED"));
        assert!(!is_user_stable("RUNNING") && !is_user_stable("STARTING"));
        assert_eq!(status_after("start"), Some("STARTING"));
        assert_eq!(status_after("rename"), None);
    }
}
