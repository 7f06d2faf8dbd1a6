//! The status state machine against spec §5.2, written out here independently of the code.

// Helpers outside #[test] fns are not covered by clippy.toml's test allowances.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unwrap_used)]

use nosana_deployments::deployment::status::*;
use serde_json::json;

const STATUSES: [&str; 8] = [
    "DRAFT",
    "STARTING",
    "RUNNING",
    "STOPPING",
    "STOPPED",
    "ERROR",
    "INSUFFICIENT_FUNDS",
    "ARCHIVED",
];

/// Spec §5.2 and addendum §4, one row per action, columns in `STATUSES` order.
/// "ok" = allowed, "E" = 500 incorrect state, "A" = 500 archived.
const TABLE: [(&str, [&str; 8]); 18] = [
    ("start", ["ok", "E", "E", "E", "ok", "ok", "ok", "E"]),
    ("stop", ["E", "E", "ok", "E", "E", "ok", "ok", "A"]),
    ("archive", ["E", "E", "E", "E", "ok", "E", "E", "A"]),
    ("delete", ["E", "E", "E", "E", "ok", "E", "E", "E"]),
    ("rename", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]),
    (
        "updateReplicaCount",
        ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "A"],
    ),
    (
        "updateTimeout",
        ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "A"],
    ),
    (
        "updateSchedule",
        ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "A"],
    ),
    (
        "createRevision",
        ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "A"],
    ),
    (
        "updateActiveRevision",
        ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "A"],
    ),
    ("listTasks", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "A"]),
    // Addendum §4: `duplicate` and listing keys only look the deployment up (ARCHIVED too).
    (
        "duplicate",
        ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
    ),
    (
        "updateMarket",
        ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "A"],
    ),
    (
        "updateRequirements",
        ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "A"],
    ),
    (
        "updateStartupTimeout",
        ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "A"],
    ),
    (
        "listSshKeys",
        ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
    ),
    (
        "addSshKeys",
        ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "A"],
    ),
    (
        "revokeSshKeys",
        ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "A"],
    ),
];

fn expected_next(action: &str, status: &str) -> Option<&'static str> {
    match action {
        "start" => Some("STARTING"),
        "stop" => Some("STOPPING"),
        "archive" => Some("ARCHIVED"),
        "delete" => None,
        _ => Some(match status {
            "DRAFT" => "DRAFT",
            "STARTING" => "STARTING",
            "RUNNING" => "RUNNING",
            "STOPPING" => "STOPPING",
            "STOPPED" => "STOPPED",
            "ERROR" => "ERROR",
            "INSUFFICIENT_FUNDS" => "INSUFFICIENT_FUNDS",
            "ARCHIVED" => "ARCHIVED",
            other => panic!("unknown status {other}"),
        }),
    }
}

#[test]
fn every_status_action_pair_matches_the_spec_table() {
    let mut checked = 0;
    for (action_name, row) in TABLE {
        let action: Action = action_name.parse().unwrap();
        for (status_name, cell) in STATUSES.iter().zip(row) {
            let status: Status = status_name.parse().unwrap();
            let result = next_status(status, action);
            match cell {
                "ok" => {
                    assert!(
                        can_perform(status, action),
                        "{action_name} from {status_name}"
                    );
                    assert_eq!(refusal(status, action), None);
                    let to = result.unwrap().map(|s| s.to_string());
                    assert_eq!(
                        to.as_deref(),
                        expected_next(action_name, status_name),
                        "{action_name} from {status_name}"
                    );
                }
                "E" | "A" => {
                    assert!(
                        !can_perform(status, action),
                        "{action_name} from {status_name}"
                    );
                    let refused = result.unwrap_err();
                    assert_eq!(refused.status, status);
                    assert_eq!(refused.action, action);
                    let (kind, message) = if cell == "E" {
                        (
                            RefusalKind::IncorrectState,
                            "Deployment is in the incorrect state.",
                        )
                    } else {
                        (
                            RefusalKind::Archived,
                            "Cannot modify an archived deployment.",
                        )
                    };
                    assert_eq!(refused.reason, kind, "{action_name} from {status_name}");
                    assert_eq!(refused.reason.server_message(), message);
                    assert_eq!(refused.reason.http_status(), 500);
                    assert!(refused.to_string().contains(action_name));
                    assert!(refused.to_string().contains(status_name));
                }
                other => panic!("bad cell {other}"),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 144);
    assert_eq!(Status::ALL.len(), 8);
    assert_eq!(Action::ALL.len(), 18);
    // Every action of the code is a row of the table above.
    for action in Action::ALL {
        assert!(
            TABLE.iter().any(|(name, _)| *name == action.as_str()),
            "{action}"
        );
    }
}

#[test]
fn allowed_actions_per_status() {
    let names = |s: Status| {
        allowed_actions(s)
            .into_iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
    };
    let updates = [
        "rename",
        "updateReplicaCount",
        "updateTimeout",
        "updateSchedule",
        "createRevision",
        "updateActiveRevision",
        "listTasks",
        "duplicate",
        "updateMarket",
        "updateRequirements",
        "updateStartupTimeout",
        "listSshKeys",
        "addSshKeys",
        "revokeSshKeys",
    ];
    let with = |first: &[&str]| {
        first
            .iter()
            .chain(updates.iter())
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(Status::Draft), with(&["start"]));
    assert_eq!(names(Status::Starting), with(&[]));
    assert_eq!(names(Status::Running), with(&["stop"]));
    assert_eq!(names(Status::Stopping), with(&[]));
    assert_eq!(
        names(Status::Stopped),
        with(&["start", "archive", "delete"])
    );
    assert_eq!(names(Status::Error), with(&["start", "stop"]));
    assert_eq!(names(Status::InsufficientFunds), with(&["start", "stop"]));
    assert_eq!(
        names(Status::Archived),
        vec![
            "rename".to_string(),
            "duplicate".to_string(),
            "listSshKeys".to_string()
        ]
    );
}

#[test]
fn serde_and_from_str_names() {
    for (name, status) in STATUSES.iter().zip([
        Status::Draft,
        Status::Starting,
        Status::Running,
        Status::Stopping,
        Status::Stopped,
        Status::Error,
        Status::InsufficientFunds,
        Status::Archived,
    ]) {
        assert_eq!(serde_json::to_value(status).unwrap(), json!(name));
        assert_eq!(
            serde_json::from_value::<Status>(json!(name)).unwrap(),
            status
        );
        assert_eq!(name.parse::<Status>().unwrap(), status);
    }
    for (name, _) in TABLE {
        let action: Action = name.parse().unwrap();
        assert_eq!(serde_json::to_value(action).unwrap(), json!(name));
        assert_eq!(
            serde_json::from_value::<Action>(json!(name)).unwrap(),
            action
        );
    }
    for (name, strategy) in [
        ("SIMPLE", Strategy::Simple),
        ("SIMPLE-EXTEND", Strategy::SimpleExtend),
        ("SCHEDULED", Strategy::Scheduled),
        ("INFINITE", Strategy::Infinite),
    ] {
        assert_eq!(serde_json::to_value(strategy).unwrap(), json!(name));
        assert_eq!(name.parse::<Strategy>().unwrap(), strategy);
    }
    let err = "running".parse::<Status>().unwrap_err();
    assert_eq!(err.kind, "status");
    assert_eq!(err.name, "running");
    assert!(err.expected.contains(&"RUNNING"));
    assert_eq!("update-name".parse::<Action>().unwrap_err().kind, "action");
    assert_eq!("simple".parse::<Strategy>().unwrap_err().kind, "strategy");
    assert!(serde_json::from_value::<Status>(json!("PAUSED")).is_err());
}

#[test]
fn terminal_and_active() {
    for status in Status::ALL {
        assert_eq!(is_terminal(status), status == Status::Archived);
        let active = matches!(
            status.to_string().as_str(),
            "STARTING" | "RUNNING" | "STOPPING" | "ERROR" | "INSUFFICIENT_FUNDS"
        );
        assert_eq!(is_active(status), active, "{status}");
    }
}

#[test]
fn transition_table_serializes_for_a_ui() {
    let table = transition_table();
    assert_eq!(table.user_transitions.len() + table.refusals.len(), 144);
    let value = serde_json::to_value(&table).unwrap();
    assert_eq!(value["statuses"].as_array().unwrap().len(), 8);
    assert_eq!(value["actions"].as_array().unwrap().len(), 18);
    assert!(value["userTransitions"]
        .as_array()
        .unwrap()
        .contains(&json!({"from": "ARCHIVED", "action": "duplicate", "to": "ARCHIVED"})));
    assert!(value["refusals"]
        .as_array()
        .unwrap()
        .contains(&json!({"status": "ARCHIVED", "action": "addSshKeys", "reason": "archived"})));
    assert_eq!(value["terminal"], json!(["ARCHIVED"]));
    assert!(value["userTransitions"]
        .as_array()
        .unwrap()
        .contains(&json!({"from": "STOPPED", "action": "delete", "to": null})));
    assert!(value["userTransitions"]
        .as_array()
        .unwrap()
        .contains(&json!({"from": "ERROR", "action": "stop", "to": "STOPPING"})));
    assert!(value["refusals"]
        .as_array()
        .unwrap()
        .contains(&json!({"status": "STARTING", "action": "stop", "reason": "incorrectState"})));
    assert!(value["refusals"]
        .as_array()
        .unwrap()
        .contains(&json!({"status": "ARCHIVED", "action": "stop", "reason": "archived"})));
    let auto = value["automaticTransitions"].as_array().unwrap();
    assert!(auto.iter().any(|t| t["from"] == json!(["STARTING"])
        && t["to"] == "RUNNING"
        && t["strategies"].as_array().unwrap().len() == 4));
    let rapid = auto
        .iter()
        .find(|t| t["trigger"].as_str().unwrap().contains("rapid"))
        .unwrap();
    assert_eq!(rapid["strategies"], json!(["INFINITE"]));
    assert_eq!(rapid["to"], "STOPPING");
    let last_job = auto
        .iter()
        .find(|t| t["trigger"].as_str().unwrap().contains("last active job"))
        .unwrap();
    assert_eq!(last_job["strategies"], json!(["SIMPLE", "SIMPLE-EXTEND"]));
    assert!(!last_job["from"]
        .as_array()
        .unwrap()
        .contains(&json!("ERROR")));
    // No automatic transition ever leaves ARCHIVED.
    assert!(auto
        .iter()
        .all(|t| !t["from"].as_array().unwrap().contains(&json!("ARCHIVED"))));
}

#[test]
fn update_effects() {
    use EffectKind as K;
    let cases = [
        (
            Action::UpdateReplicaCount,
            Status::Running,
            Strategy::Simple,
            K::Immediate,
        ),
        (
            Action::UpdateReplicaCount,
            Status::Running,
            Strategy::Infinite,
            K::Immediate,
        ),
        (
            Action::UpdateReplicaCount,
            Status::Running,
            Strategy::Scheduled,
            K::NextFire,
        ),
        (
            Action::UpdateReplicaCount,
            Status::Stopped,
            Strategy::Simple,
            K::OnStart,
        ),
        (
            Action::UpdateReplicaCount,
            Status::Archived,
            Strategy::Simple,
            K::Refused,
        ),
        (
            Action::UpdateTimeout,
            Status::Running,
            Strategy::Infinite,
            K::Immediate,
        ),
        (
            Action::UpdateTimeout,
            Status::Running,
            Strategy::SimpleExtend,
            K::Immediate,
        ),
        (
            Action::UpdateTimeout,
            Status::Running,
            Strategy::Simple,
            K::NextJobs,
        ),
        (
            Action::UpdateTimeout,
            Status::Running,
            Strategy::Scheduled,
            K::NextJobs,
        ),
        (
            Action::UpdateSchedule,
            Status::Running,
            Strategy::Scheduled,
            K::NextFire,
        ),
        (
            Action::UpdateSchedule,
            Status::Draft,
            Strategy::Scheduled,
            K::OnStart,
        ),
        (
            Action::UpdateSchedule,
            Status::Running,
            Strategy::Simple,
            K::Refused,
        ),
        (
            Action::CreateRevision,
            Status::Running,
            Strategy::Simple,
            K::Immediate,
        ),
        (
            Action::CreateRevision,
            Status::Running,
            Strategy::Scheduled,
            K::NextFire,
        ),
        (
            Action::CreateRevision,
            Status::Draft,
            Strategy::Infinite,
            K::OnStart,
        ),
        (
            Action::UpdateActiveRevision,
            Status::Stopped,
            Strategy::Simple,
            K::Immediate,
        ),
        (Action::Rename, Status::Archived, Strategy::Simple, K::None),
        (Action::Start, Status::Running, Strategy::Simple, K::Refused),
        (Action::Stop, Status::Running, Strategy::Simple, K::None),
    ];
    for (action, status, strategy, kind) in cases {
        let effect = update_effect(action, status, strategy);
        assert_eq!(effect.kind, kind, "{action} {status} {strategy}");
        assert!(!effect.explanation.is_empty());
    }
    let stopped = update_effect(Action::CreateRevision, Status::Stopped, Strategy::Simple);
    assert!(stopped.explanation.contains("not running"));
    let json = serde_json::to_value(update_effect(
        Action::UpdateTimeout,
        Status::Running,
        Strategy::Simple,
    ))
    .unwrap();
    assert_eq!(json["kind"], "nextJobs");
}

/// Addendum §4, §6.3, §9: when each new action takes effect, for every (status, strategy).
/// Written out per status from the spec's prose, independently of the code's match arms.
fn expected_new_effect(action: &str, status: &str, strategy: &str) -> EffectKind {
    use EffectKind as K;
    let idle = matches!(status, "DRAFT" | "STOPPED");
    let active = matches!(
        status,
        "STARTING" | "RUNNING" | "STOPPING" | "ERROR" | "INSUFFICIENT_FUNDS"
    );
    let archived_only = status == "ARCHIVED";
    match action {
        "duplicate" | "listSshKeys" => K::None,
        _ if archived_only => K::Refused,
        // §9.2: only a RUNNING deployment stops and replaces its jobs; otherwise stored.
        "updateMarket" if status == "RUNNING" => K::Immediate,
        "updateMarket" | "updateRequirements" if idle => K::OnStart,
        "updateMarket" | "updateRequirements" => K::NextJobs,
        // §9.4: INFINITE only; a new value applies to jobs that start afterwards.
        "updateStartupTimeout" if strategy != "INFINITE" => K::Refused,
        "updateStartupTimeout" if idle => K::OnStart,
        "updateStartupTimeout" => K::NextJobs,
        // §6.3: the delta goes to every RUNNING job with a node at once.
        "addSshKeys" | "revokeSshKeys" if active => K::Immediate,
        "addSshKeys" | "revokeSshKeys" => K::OnStart,
        other => panic!("not a new action: {other}"),
    }
}

#[test]
fn every_status_new_action_pair_has_its_effect() {
    let new_actions = [
        "duplicate",
        "updateMarket",
        "updateRequirements",
        "updateStartupTimeout",
        "listSshKeys",
        "addSshKeys",
        "revokeSshKeys",
    ];
    let mut checked = 0;
    for name in new_actions {
        let action: Action = name.parse().unwrap();
        for status_name in STATUSES {
            let status: Status = status_name.parse().unwrap();
            for strategy in Strategy::ALL {
                let effect = update_effect(action, status, strategy);
                assert_eq!(
                    effect.kind,
                    expected_new_effect(name, status_name, strategy.as_str()),
                    "{name} {status_name} {strategy}"
                );
                assert!(!effect.explanation.is_empty());
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 7 * 8 * 4);
    // The explanations say what a dashboard must warn about.
    let market = update_effect(Action::UpdateMarket, Status::Running, Strategy::Simple);
    assert!(market.explanation.contains("Restarts"));
    let keys = update_effect(Action::AddSshKeys, Status::Running, Strategy::Infinite);
    assert!(keys.explanation.contains("no restart"));
    let startup = update_effect(
        Action::UpdateStartupTimeout,
        Status::Running,
        Strategy::Simple,
    );
    assert!(startup.explanation.contains("incorrect strategy"));
}

#[test]
fn new_actions_have_bodies_except_listing_keys() {
    for action in Action::ALL {
        let expected = !matches!(
            action.as_str(),
            "start" | "stop" | "archive" | "delete" | "listTasks" | "listSshKeys"
        );
        assert_eq!(action.has_body(), expected, "{action}");
    }
}
