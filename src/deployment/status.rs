//! The deployment status state machine, exactly as the Deployment Manager enforces it
//! (spec §5.1–§5.3), as data a UI can draw.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A deployment status (`DM:src/types/deployment.ts`); nothing else exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Draft,
    Starting,
    Running,
    Stopping,
    Stopped,
    Archived,
    Error,
    InsufficientFunds,
}

/// A user action on a deployment (the serde names are the JS-facing names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    Start,
    Stop,
    Archive,
    Delete,
    Rename,
    UpdateReplicaCount,
    UpdateTimeout,
    UpdateSchedule,
    CreateRevision,
    UpdateActiveRevision,
    ListTasks,
    Duplicate,
    UpdateMarket,
    UpdateRequirements,
    UpdateStartupTimeout,
    ListSshKeys,
    AddSshKeys,
    RevokeSshKeys,
}

/// A deployment strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub enum Strategy {
    #[serde(rename = "SIMPLE")]
    Simple,
    #[serde(rename = "SIMPLE-EXTEND")]
    SimpleExtend,
    #[serde(rename = "SCHEDULED")]
    Scheduled,
    #[serde(rename = "INFINITE")]
    Infinite,
}

/// Each name serializes as its [`as_str`](Status::as_str) (the serde names): one string write
/// instead of derived code that matches every variant again (~1.3 KB of wasm for the three).
macro_rules! serialize_as_str {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    )*};
}
serialize_as_str!(Status, Action, Strategy);

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Draft,
        Status::Starting,
        Status::Running,
        Status::Stopping,
        Status::Stopped,
        Status::Archived,
        Status::Error,
        Status::InsufficientFunds,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "DRAFT",
            Status::Starting => "STARTING",
            Status::Running => "RUNNING",
            Status::Stopping => "STOPPING",
            Status::Stopped => "STOPPED",
            Status::Archived => "ARCHIVED",
            Status::Error => "ERROR",
            Status::InsufficientFunds => "INSUFFICIENT_FUNDS",
        }
    }
}

impl Action {
    pub const ALL: [Action; 18] = [
        Action::Start,
        Action::Stop,
        Action::Archive,
        Action::Delete,
        Action::Rename,
        Action::UpdateReplicaCount,
        Action::UpdateTimeout,
        Action::UpdateSchedule,
        Action::CreateRevision,
        Action::UpdateActiveRevision,
        Action::ListTasks,
        Action::Duplicate,
        Action::UpdateMarket,
        Action::UpdateRequirements,
        Action::UpdateStartupTimeout,
        Action::ListSshKeys,
        Action::AddSshKeys,
        Action::RevokeSshKeys,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Stop => "stop",
            Action::Archive => "archive",
            Action::Delete => "delete",
            Action::Rename => "rename",
            Action::UpdateReplicaCount => "updateReplicaCount",
            Action::UpdateTimeout => "updateTimeout",
            Action::UpdateSchedule => "updateSchedule",
            Action::CreateRevision => "createRevision",
            Action::UpdateActiveRevision => "updateActiveRevision",
            Action::ListTasks => "listTasks",
            Action::Duplicate => "duplicate",
            Action::UpdateMarket => "updateMarket",
            Action::UpdateRequirements => "updateRequirements",
            Action::UpdateStartupTimeout => "updateStartupTimeout",
            Action::ListSshKeys => "listSshKeys",
            Action::AddSshKeys => "addSshKeys",
            Action::RevokeSshKeys => "revokeSshKeys",
        }
    }

    /// Whether the action sends a request body (`createRevision` sends a job definition;
    /// `duplicate`'s body is optional, revoking SSH keys is a DELETE with a body).
    pub fn has_body(self) -> bool {
        matches!(
            self,
            Action::Rename
                | Action::UpdateReplicaCount
                | Action::UpdateTimeout
                | Action::UpdateSchedule
                | Action::CreateRevision
                | Action::UpdateActiveRevision
                | Action::Duplicate
                | Action::UpdateMarket
                | Action::UpdateRequirements
                | Action::UpdateStartupTimeout
                | Action::AddSshKeys
                | Action::RevokeSshKeys
        )
    }
}

impl Strategy {
    pub const ALL: [Strategy; 4] = [
        Strategy::Simple,
        Strategy::SimpleExtend,
        Strategy::Scheduled,
        Strategy::Infinite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Simple => "SIMPLE",
            Strategy::SimpleExtend => "SIMPLE-EXTEND",
            Strategy::Scheduled => "SCHEDULED",
            Strategy::Infinite => "INFINITE",
        }
    }
}

/// An unknown status, action or strategy name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnknownName {
    /// "status", "action" or "strategy".
    pub kind: &'static str,
    pub name: String,
    pub expected: Vec<&'static str>,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} \"{}\"; expected one of {}",
            self.kind,
            self.name,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}

macro_rules! names {
    ($ty:ident, $kind:literal) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| UnknownName {
                        kind: $kind,
                        name: s.to_owned(),
                        expected: $ty::ALL.iter().map(|v| v.as_str()).collect(),
                    })
            }
        }
    };
}

names!(Status, "status");
names!(Action, "action");
names!(Strategy, "strategy");

/// How the server refuses an action (both are HTTP 500 with `{"error": message}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RefusalKind {
    /// E500: `Deployment is in the incorrect state.`
    IncorrectState,
    /// A500: `Cannot modify an archived deployment.`
    Archived,
}

impl RefusalKind {
    /// The server's exact error message.
    pub fn server_message(self) -> &'static str {
        match self {
            RefusalKind::IncorrectState => "Deployment is in the incorrect state.",
            RefusalKind::Archived => "Cannot modify an archived deployment.",
        }
    }

    /// The HTTP status the server answers with (500 for both, not 409).
    pub fn http_status(self) -> u16 {
        500
    }
}

/// An action the server would refuse in this status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefusedAction {
    pub status: Status,
    pub action: Action,
    pub reason: RefusalKind,
}

impl fmt::Display for RefusedAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot {} a deployment that is {}: the server answers \"{}\"",
            self.action,
            self.status,
            self.reason.server_message()
        )
    }
}

impl std::error::Error for RefusedAction {}

/// The server's refusal for `action` in `status`, or `None` when it is allowed (spec §5.2,
/// addendum §4: the new routes are behind `validateActiveDeployment` except `duplicate` and
/// listing SSH keys, which only look the deployment up and so work on ARCHIVED too).
pub fn refusal(status: Status, action: Action) -> Option<RefusalKind> {
    use Action as A;
    use RefusalKind::{Archived, IncorrectState};
    use Status as S;
    match action {
        A::Start => match status {
            S::Draft | S::Stopped | S::Error | S::InsufficientFunds => None,
            _ => Some(IncorrectState),
        },
        A::Stop => match status {
            S::Running | S::Error | S::InsufficientFunds => None,
            S::Archived => Some(Archived),
            _ => Some(IncorrectState),
        },
        A::Archive => match status {
            S::Stopped => None,
            S::Archived => Some(Archived),
            _ => Some(IncorrectState),
        },
        A::Delete => match status {
            S::Stopped => None,
            _ => Some(IncorrectState),
        },
        A::Rename | A::Duplicate | A::ListSshKeys => None,
        A::UpdateReplicaCount
        | A::UpdateTimeout
        | A::UpdateSchedule
        | A::CreateRevision
        | A::UpdateActiveRevision
        | A::ListTasks
        | A::UpdateMarket
        | A::UpdateRequirements
        | A::UpdateStartupTimeout
        | A::AddSshKeys
        | A::RevokeSshKeys => match status {
            S::Archived => Some(Archived),
            _ => None,
        },
    }
}

/// Whether the server accepts `action` in `status`.
pub fn can_perform(status: Status, action: Action) -> bool {
    refusal(status, action).is_none()
}

/// The actions the server accepts in `status`, in [`Action::ALL`] order.
pub fn allowed_actions(status: Status) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| can_perform(status, *a))
        .collect()
}

/// The status right after the server accepts `action`: `Ok(None)` when the deployment is gone
/// (delete); updates, rename, the lists and `duplicate` keep the status (the copy is another
/// deployment: DRAFT, or STARTING with `autostart`).
pub fn next_status(status: Status, action: Action) -> Result<Option<Status>, RefusedAction> {
    if let Some(reason) = refusal(status, action) {
        return Err(RefusedAction {
            status,
            action,
            reason,
        });
    }
    Ok(match action {
        Action::Start => Some(Status::Starting),
        Action::Stop => Some(Status::Stopping),
        Action::Archive => Some(Status::Archived),
        Action::Delete => None,
        _ => Some(status),
    })
}

/// ARCHIVED is the only terminal status (the server never revives it; delete removes the record).
pub fn is_terminal(status: Status) -> bool {
    status == Status::Archived
}

/// Whether jobs may be running on chain and the worker may still act: STARTING, RUNNING,
/// STOPPING, and also ERROR and INSUFFICIENT_FUNDS, which do not stop on-chain jobs (spec §5.1
/// notes) and keep retrying tasks. DRAFT, STOPPED and ARCHIVED are inactive.
pub fn is_active(status: Status) -> bool {
    matches!(
        status,
        Status::Starting
            | Status::Running
            | Status::Stopping
            | Status::Error
            | Status::InsufficientFunds
    )
}

/// A transition a user causes with an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserTransition {
    pub from: Status,
    pub action: Action,
    /// `None`: the deployment is deleted.
    pub to: Option<Status>,
}

/// A transition the service makes by itself (spec §5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AutomaticTransition {
    pub from: Vec<Status>,
    pub to: Status,
    pub trigger: &'static str,
    pub strategies: Vec<Strategy>,
}

/// Everything a UI needs to draw the state machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransitionTable {
    pub statuses: Vec<Status>,
    pub actions: Vec<Action>,
    pub strategies: Vec<Strategy>,
    /// Every accepted (status, action) pair with its result.
    pub user_transitions: Vec<UserTransition>,
    /// Every refused (status, action) pair with the server's refusal.
    pub refusals: Vec<RefusedAction>,
    pub automatic_transitions: Vec<AutomaticTransition>,
    pub terminal: Vec<Status>,
    pub active: Vec<Status>,
}

fn all_but(excluded: &[Status]) -> Vec<Status> {
    Status::ALL
        .into_iter()
        .filter(|s| !excluded.contains(s))
        .collect()
}

/// The transitions the service makes by itself, with their triggers (spec §5.1).
pub fn automatic_transitions() -> Vec<AutomaticTransition> {
    use Status as S;
    let all = Strategy::ALL.to_vec();
    vec![
        AutomaticTransition {
            from: vec![S::Draft],
            to: S::Starting,
            trigger: "created with autostart: true",
            strategies: all.clone(),
        },
        AutomaticTransition {
            from: vec![S::Starting],
            to: S::Running,
            trigger: "the worker schedules the first LIST task (immediately; for SCHEDULED the LIST is due at the next cron fire)",
            strategies: all.clone(),
        },
        AutomaticTransition {
            from: vec![S::Running],
            to: S::Stopping,
            trigger: "rapid-completion fail-safe: 8 consecutive rounds of jobs finishing in under 5 minutes",
            strategies: vec![Strategy::Infinite],
        },
        AutomaticTransition {
            from: vec![S::Stopping],
            to: S::Stopped,
            trigger: "no QUEUED or RUNNING jobs are left, or the STOP task stopped nothing and none are active",
            strategies: all.clone(),
        },
        AutomaticTransition {
            from: all_but(&[S::Error, S::InsufficientFunds, S::Archived, S::Stopped]),
            to: S::Stopped,
            trigger: "the last active job reaches COMPLETED or STOPPED",
            strategies: vec![Strategy::Simple, Strategy::SimpleExtend],
        },
        AutomaticTransition {
            from: vec![S::Running],
            to: S::InsufficientFunds,
            trigger: "a task fails with InsufficientFundsForRent or Insufficient credits (retries every 10 min, doubling up to 6 h)",
            strategies: all.clone(),
        },
        AutomaticTransition {
            from: vec![S::InsufficientFunds],
            to: S::Running,
            trigger: "a later retry of the task succeeds",
            strategies: all.clone(),
        },
        AutomaticTransition {
            from: all_but(&[S::Archived, S::Error]),
            to: S::Error,
            trigger: "a task is abandoned after 5 attempts or 60 in-flight retries (roughly 9 hours)",
            strategies: all.clone(),
        },
        AutomaticTransition {
            from: all_but(&[S::Archived]),
            to: S::Archived,
            trigger: "the credit manager reports a negative balance: all the owner's deployments are archived and their jobs stopped",
            strategies: all,
        },
    ]
}

/// The whole state machine as data.
pub fn transition_table() -> TransitionTable {
    let mut user_transitions = Vec::new();
    let mut refusals = Vec::new();
    for status in Status::ALL {
        for action in Action::ALL {
            match next_status(status, action) {
                Ok(to) => user_transitions.push(UserTransition {
                    from: status,
                    action,
                    to,
                }),
                Err(refused) => refusals.push(refused),
            }
        }
    }
    TransitionTable {
        statuses: Status::ALL.to_vec(),
        actions: Action::ALL.to_vec(),
        strategies: Strategy::ALL.to_vec(),
        user_transitions,
        refusals,
        automatic_transitions: automatic_transitions(),
        terminal: Status::ALL
            .into_iter()
            .filter(|s| is_terminal(*s))
            .collect(),
        active: Status::ALL.into_iter().filter(|s| is_active(*s)).collect(),
    }
}

/// When an accepted update takes effect (spec §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EffectKind {
    /// The worker acts now (lists, stops or extends jobs).
    Immediate,
    /// Only jobs listed from now on use the new value.
    NextJobs,
    /// A SCHEDULED deployment picks it up at its next cron fire.
    NextFire,
    /// Stored; it takes effect when the deployment is started.
    OnStart,
    /// Nothing changes on chain (a name, a list, or a status change action).
    None,
    /// The server refuses the action.
    Refused,
}

/// What an update does, with a one-line explanation for a dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Effect {
    pub kind: EffectKind,
    pub explanation: &'static str,
}

fn effect(kind: EffectKind, explanation: &'static str) -> Effect {
    Effect { kind, explanation }
}

/// When `action` takes effect for a deployment in `status` with `strategy` (spec §5.3).
pub fn update_effect(action: Action, status: Status, strategy: Strategy) -> Effect {
    use EffectKind as K;
    use Strategy as St;
    if let Some(reason) = refusal(status, action) {
        return effect(
            K::Refused,
            match reason {
                RefusalKind::Archived => "The server refuses: the deployment is archived.",
                RefusalKind::IncorrectState => {
                    "The server refuses: the deployment is in the wrong status."
                }
            },
        );
    }
    let running = status == Status::Running;
    match action {
        Action::Start | Action::Stop | Action::Archive | Action::Delete => effect(
            K::None,
            "A status change, not an update: see next_status.",
        ),
        Action::Rename => effect(K::None, "Only the name changes; jobs are unaffected."),
        Action::ListTasks | Action::ListSshKeys => effect(K::None, "Read-only."),
        Action::Duplicate => effect(
            K::None,
            "The source is not touched; the copy is a new deployment, DRAFT or STARTING with autostart.",
        ),
        Action::UpdateReplicaCount => match strategy {
            St::Scheduled if status == Status::Draft => {
                effect(K::OnStart, "Stored; used from the first fire after start.")
            }
            St::Scheduled => effect(
                K::NextFire,
                "Applies at the next cron fire; running jobs are not touched.",
            ),
            _ if running => effect(
                K::Immediate,
                "The worker lists or stops jobs now to match the new count (queued jobs are stopped first, then the oldest).",
            ),
            _ => effect(
                K::OnStart,
                "Stored; the worker only scales RUNNING deployments, so it applies on the next start.",
            ),
        },
        Action::UpdateTimeout => match strategy {
            St::Infinite | St::SimpleExtend if running => effect(
                K::Immediate,
                "An increase extends every running job now; a decrease applies to new jobs only.",
            ),
            _ => effect(
                K::NextJobs,
                "Applies to jobs listed from now on; running jobs keep their timeout.",
            ),
        },
        Action::UpdateSchedule => match strategy {
            St::Scheduled if status == Status::Draft => {
                effect(K::OnStart, "Stored; the first fire is computed at start.")
            }
            St::Scheduled => effect(
                K::NextFire,
                "Pending tasks are re-timed to the next fire of the new schedule.",
            ),
            _ => effect(
                K::Refused,
                "The server refuses (400 Deployment is using an incorrect strategy.): only SCHEDULED deployments have a schedule.",
            ),
        },
        Action::UpdateMarket => market_effect(status, strategy),
        Action::UpdateRequirements => match status {
            Status::Draft | Status::Stopped => effect(
                K::OnStart,
                "Stored; jobs listed after start are reserved on nodes that meet the requirements.",
            ),
            _ if running => effect(
                K::NextJobs,
                "New jobs are reserved on nodes that meet the requirements; running jobs keep their hosts unless the market changes, which stops and relists them now.",
            ),
            _ => effect(
                K::NextJobs,
                "Jobs listed from now on are reserved on nodes that meet the requirements.",
            ),
        },
        Action::UpdateStartupTimeout => match (status, strategy) {
            (_, St::Simple | St::SimpleExtend | St::Scheduled) => effect(
                K::Refused,
                "The server refuses (400 Deployment is using an incorrect strategy.): only INFINITE deployments with endpoints have a startup timeout.",
            ),
            (Status::Draft | Status::Stopped, St::Infinite) => effect(
                K::OnStart,
                "Stored; armed for every job that reaches RUNNING after start (INFINITE with endpoints only).",
            ),
            (_, St::Infinite) => effect(
                K::NextJobs,
                "Applies to jobs that reach RUNNING from now on; jobs already running keep their window (INFINITE with endpoints only).",
            ),
        },
        Action::AddSshKeys | Action::RevokeSshKeys if is_active(status) => effect(
            K::Immediate,
            "Applied at once to every running job on its node, each with its own result; no new revision and no restart.",
        ),
        Action::AddSshKeys | Action::RevokeSshKeys => effect(
            K::OnStart,
            "Stored on the deployment; jobs get the keys when they start. No new revision.",
        ),
        Action::CreateRevision | Action::UpdateActiveRevision => match (status, strategy) {
            // Addendum §4: a STOPPED deployment now drops the STOP and LIST tasks a revision
            // change schedules; an ERROR one still runs them.
            (Status::Draft | Status::Stopped, _) => {
                effect(K::OnStart, "Stored; used when the deployment starts.")
            }
            (Status::Error, _) => effect(
                K::Immediate,
                "Caution: the worker queues a LIST for the new revision even though the deployment is not running; stop it first or expect jobs.",
            ),
            (_, St::Scheduled) => effect(
                K::NextFire,
                "Jobs of other revisions are stopped now; new jobs are listed at the next cron fire.",
            ),
            _ => effect(
                K::Immediate,
                "Jobs of other revisions are stopped and jobs of the new revision are listed now.",
            ),
        },
    }
}

/// A market change (addendum §9.2): only a RUNNING deployment reacts, by stopping every job
/// still on another market and replacing it on the new one.
fn market_effect(status: Status, strategy: Strategy) -> Effect {
    use EffectKind as K;
    match (status, strategy) {
        (Status::Running, Strategy::Scheduled) => effect(
            K::Immediate,
            "Restarts: jobs on the old market are stopped now; new jobs are listed on the new market at the next cron fire.",
        ),
        (Status::Running, _) => effect(
            K::Immediate,
            "Restarts: every queued or running job on the old market is stopped now and replaced on the new market.",
        ),
        (Status::Draft | Status::Stopped, _) => effect(
            K::OnStart,
            "Stored; jobs are listed on the new market when the deployment starts.",
        ),
        _ => effect(
            K::NextJobs,
            "Stored; the next jobs listed use the new market, running jobs are not touched.",
        ),
    }
}
