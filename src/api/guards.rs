//! Local guards run before any request: request bodies checked with the deployment rules, and
//! actions checked against the status state machine. Everything the guards know comes from
//! `crate::deployment`; this module only adapts it to the client (JSON text in, errors only out).

use crate::deployment::{self, next_status, Action, RefusedAction, Status};
use crate::diagnostics::{Issue, Issues, ValidateOptions};

const ERRORS_ONLY: ValidateOptions = ValidateOptions { warnings: false };

/// Runs `check` on the JSON text `body` as the validators see it (a parsed [`Document`]). A
/// body too large or deep to parse gives that one issue.
///
/// [`Document`]: crate::source::Document
fn errors_of(body: &str, check: impl FnOnce(crate::json::Value<'_>) -> Issues) -> Vec<Issue> {
    // The one pipeline, as every other entry: the same issues in the same (document) order.
    let report = crate::source::validate(body, crate::source::Origin::Value, check);
    report.issues.into_iter().filter(Issue::is_error).collect()
}

/// Issues (errors only) of a create body (JSON text).
pub fn create_issues(body: &str) -> Vec<Issue> {
    errors_of(body, |body| deployment::validate_create(body, ERRORS_ONLY))
}

/// Issues (errors only) of an update body (JSON text); `createRevision`'s body is the job
/// definition.
pub fn update_issues(action: Action, body: &str) -> Vec<Issue> {
    errors_of(body, |body| {
        deployment::validate_update(action, body, ERRORS_ONLY)
    })
}

/// `Err` when the server refuses `action` in `status`. A status name the state machine does not
/// know is let through: the server decides.
pub fn check_action(status: &str, action: Action) -> Result<(), RefusedAction> {
    match status.parse::<Status>() {
        Ok(status) => next_status(status, action).map(|_| ()),
        Err(_) => Ok(()),
    }
}

/// Statuses only a user action leaves (the worker never moves a deployment out of them, except
/// the rare banned-owner archive): a status the client saw recently is trusted for the guard only
/// when it is one of these. STARTING, RUNNING, STOPPING, ERROR and INSUFFICIENT_FUNDS change
/// under the client's feet, so for those the server decides.
pub fn is_user_stable(status: &str) -> bool {
    matches!(status, "DRAFT" | "STOPPED" | "ARCHIVED")
}

/// What the client can tell about a deployment's status once the server accepted an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    Status(Status),
    /// Deleted.
    Gone,
    /// It depends on the status before, which is not known.
    Unknown,
    /// The state machine refuses the action in the status the client knew: that was stale.
    Stale,
}

/// The status after the server accepted `action` on a deployment last seen in `before`. Without
/// a known status the answer is the one every status that allows the action leads to, if they
/// agree (start → STARTING; not rename, which keeps any status).
pub fn status_after(before: Option<&str>, action: Action) -> After {
    let outcome = |next: Option<Status>| next.map_or(After::Gone, After::Status);
    if let Some(before) = before.and_then(|s| s.parse::<Status>().ok()) {
        return next_status(before, action).map_or(After::Stale, outcome);
    }
    let mut outcomes = Status::ALL
        .into_iter()
        .filter_map(|s| next_status(s, action).ok());
    match outcomes.next() {
        Some(first) if outcomes.all(|o| o == first) => outcome(first),
        _ => After::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deployment::RefusalKind;
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
        use Action as A;
        let allowed: &[(Action, &[&str])] = &[
            (
                A::Start,
                &["DRAFT", "STOPPED", "ERROR", "INSUFFICIENT_FUNDS"],
            ),
            (A::Stop, &["RUNNING", "ERROR", "INSUFFICIENT_FUNDS"]),
            (A::Archive, &["STOPPED"]),
            (A::Delete, &["STOPPED"]),
            (A::Rename, &KNOWN_STATUSES),
            (
                A::UpdateReplicaCount,
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
                A::ListTasks,
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
                    check_action(status, *action).is_ok(),
                    ok.contains(&status),
                    "{action} {status}"
                );
            }
        }
        let reason = |status, action| check_action(status, action).map_err(|r| r.reason);
        assert_eq!(reason("ARCHIVED", A::Stop), Err(RefusalKind::Archived));
        assert_eq!(reason("ARCHIVED", A::Archive), Err(RefusalKind::Archived));
        assert_eq!(
            reason("ARCHIVED", A::UpdateTimeout),
            Err(RefusalKind::Archived)
        );
        assert_eq!(
            reason("ARCHIVED", A::Start),
            Err(RefusalKind::IncorrectState)
        );
        assert_eq!(
            reason("ARCHIVED", A::Delete),
            Err(RefusalKind::IncorrectState)
        );
        assert_eq!(reason("DRAFT", A::Stop), Err(RefusalKind::IncorrectState));
        assert!(check_action("SOMETHING_NEW", A::Stop).is_ok());
    }

    #[test]
    fn bodies_are_checked_with_the_deployment_rules() {
        let text = |v: serde_json::Value| v.to_string();
        assert!(!create_issues(&text(json!({"replicas": 0}))).is_empty());
        assert!(!update_issues(Action::UpdateTimeout, &text(json!({"timeout": 30}))).is_empty());
        assert!(update_issues(Action::UpdateTimeout, &text(json!({"timeout": 60}))).is_empty());
        assert!(!update_issues(Action::Rename, &text(json!({"name": ""}))).is_empty());
        assert!(
            !update_issues(Action::CreateRevision, &text(json!({"version": "0.1"}))).is_empty()
        );
        assert!(create_issues("{}").iter().all(Issue::is_error));
        assert_eq!(create_issues("[").len(), 1, "unparsable text is one issue");
    }

    #[test]
    fn stable_statuses() {
        assert!(is_user_stable("DRAFT") && is_user_stable("STOPPED") && is_user_stable("ARCHIVED"));
        assert!(!is_user_stable("RUNNING") && !is_user_stable("STARTING"));
    }

    #[test]
    fn status_after_an_accepted_action() {
        use Status as S;
        // Unknown before: only actions whose outcome does not depend on it are known.
        assert_eq!(
            status_after(None, Action::Start),
            After::Status(S::Starting)
        );
        assert_eq!(status_after(None, Action::Stop), After::Status(S::Stopping));
        assert_eq!(
            status_after(None, Action::Archive),
            After::Status(S::Archived)
        );
        assert_eq!(status_after(None, Action::Delete), After::Gone);
        assert_eq!(status_after(None, Action::Rename), After::Unknown);
        // Known before: the state machine's answer; a refusal means it was stale.
        let stopped = Some("STOPPED");
        assert_eq!(
            status_after(stopped, Action::Rename),
            After::Status(S::Stopped)
        );
        assert_eq!(status_after(stopped, Action::Delete), After::Gone);
        assert_eq!(status_after(Some("DRAFT"), Action::Stop), After::Stale);
        // A status the state machine does not know counts as not known.
        assert_eq!(
            status_after(Some("NEW"), Action::Start),
            After::Status(S::Starting)
        );
    }
}
