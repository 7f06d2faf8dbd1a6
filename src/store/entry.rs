//! One deployment in the store and its resources: the explicit state of each (`Resource`), what
//! is pending, why it is gone, how it is followed; and the order the snapshot shows lists in.

use serde_json::{Map, Value};

use crate::api::error::ApiError;
use crate::deployment::{allowed_actions, Action, Status};

/// Where a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceState {
    /// Never asked for.
    Idle,
    /// First load, nothing to show yet.
    Loading,
    Ready,
    /// Loading again; the previous data is still shown.
    Refreshing,
    /// The last load failed (`error`); data from before, if any, is kept.
    Error,
    /// Deleted, or archived, elsewhere; `data` is the last known value.
    Gone,
}

impl ResourceState {
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceState::Idle => "idle",
            ResourceState::Loading => "loading",
            ResourceState::Ready => "ready",
            ResourceState::Refreshing => "refreshing",
            ResourceState::Error => "error",
            ResourceState::Gone => "gone",
        }
    }
}

/// One resource and what is known about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource<T> {
    pub state: ResourceState,
    pub data: Option<T>,
    pub error: Option<ApiError>,
    /// Server time (ms) of the last successful load.
    pub updated_at: Option<f64>,
}

impl<T> Default for Resource<T> {
    fn default() -> Self {
        Self {
            state: ResourceState::Idle,
            data: None,
            error: None,
            updated_at: None,
        }
    }
}

impl<T> Resource<T> {
    /// `false` when it already was (or is gone).
    pub(crate) fn loading(&mut self) -> bool {
        let next = match self.state {
            ResourceState::Gone | ResourceState::Loading | ResourceState::Refreshing => {
                return false
            }
            _ if self.data.is_some() => ResourceState::Refreshing,
            _ => ResourceState::Loading,
        };
        self.state = next;
        true
    }

    /// A load that will not finish: back to idle, or to ready with the data it had.
    pub(crate) fn settle(&mut self) {
        self.state = match self.state {
            ResourceState::Loading => ResourceState::Idle,
            ResourceState::Refreshing => ResourceState::Ready,
            other => other,
        };
    }

    pub(crate) fn loaded(&mut self, data: T, at: f64) {
        self.state = ResourceState::Ready;
        self.data = Some(data);
        self.error = None;
        self.updated_at = Some(at);
    }

    pub(crate) fn failed(&mut self, error: ApiError) {
        if self.state == ResourceState::Gone {
            return;
        }
        self.state = ResourceState::Error;
        self.error = Some(error);
    }

    pub(crate) fn gone(&mut self) {
        self.state = ResourceState::Gone;
        self.error = None;
    }
}

/// The parts of a deployment the store loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Deployment,
    Jobs,
    Events,
    Revisions,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Deployment, Part::Jobs, Part::Events, Part::Revisions];
}

/// How one opened deployment is kept live; the store's `live` is the summary of all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Live {
    Off,
    Open,
    Connecting,
    Polling,
}

impl Live {
    pub fn as_str(self) -> &'static str {
        match self {
            Live::Off => "off",
            Live::Connecting => "connecting",
            Live::Open => "open",
            Live::Polling => "polling",
        }
    }
}

/// Why a deployment is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoneWhy {
    Deleted,
    Archived,
}

/// An action sent and not yet answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub action: Action,
    /// The status shown meanwhile (`None`: the action does not change it, or it deletes).
    pub optimistic_status: Option<Status>,
    /// The deployment as it was, restored if the server refuses.
    pub(crate) previous: Option<Value>,
}

/// One deployment and its lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub deployment: Resource<Value>,
    pub jobs: Resource<Vec<Value>>,
    pub events: Resource<Vec<Value>>,
    pub revisions: Resource<Vec<Value>>,
    pub pending: Option<Pending>,
    /// The server's error for the last rolled-back action.
    pub last_error: Option<ApiError>,
    pub gone: Option<GoneWhy>,
    pub live: Option<Live>,
    /// Raised on every change of this entry.
    pub version: u64,
}

impl Entry {
    /// The status shown: the optimistic one while an action is pending, else the deployment's.
    pub fn status(&self) -> Option<Status> {
        if let Some(s) = self.pending.as_ref().and_then(|p| p.optimistic_status) {
            return Some(s);
        }
        self.deployment
            .data
            .as_ref()
            .and_then(|d| d.get("status"))
            .and_then(Value::as_str)
            .and_then(|s| s.parse().ok())
    }

    /// What may be done now: nothing while an action is pending or once deleted, else what the
    /// state machine allows in the shown status.
    pub fn allowed_actions(&self) -> Vec<Action> {
        if self.pending.is_some() || self.gone == Some(GoneWhy::Deleted) {
            return Vec::new();
        }
        self.status().map(allowed_actions).unwrap_or_default()
    }

    pub(crate) fn part_mut(&mut self, part: Part) -> PartMut<'_> {
        match part {
            Part::Deployment => PartMut::One(&mut self.deployment),
            Part::Jobs => PartMut::Many(&mut self.jobs),
            Part::Events => PartMut::Many(&mut self.events),
            Part::Revisions => PartMut::Many(&mut self.revisions),
        }
    }
}

pub(crate) enum PartMut<'a> {
    One(&'a mut Resource<Value>),
    Many(&'a mut Resource<Vec<Value>>),
}

pub(crate) fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

type Compare = fn(&Value, &Value) -> std::cmp::Ordering;

/// `created_at` descending, then `key` ascending, so the order is total.
fn newest_first_by(key: &'static str) -> impl Fn(&Value, &Value) -> std::cmp::Ordering {
    move |a, b| {
        str_of(b, "created_at")
            .cmp(str_of(a, "created_at"))
            .then_with(|| str_of(a, key).cmp(str_of(b, key)))
    }
}

/// Sorts JSON items with `compare`, stably. Every list of the store goes through this one
/// function: one copy of the sort in the wasm, not one per list. It orders positions with an
/// unstable sort, ties broken by position (the same order as a stable sort), then moves the
/// items: less wasm than the stable sort's merge machinery over `Value`s.
#[inline(never)]
pub(crate) fn sort_values(
    items: &mut [Value],
    compare: &dyn Fn(&Value, &Value) -> std::cmp::Ordering,
) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_unstable_by(|&a, &b| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => compare(x, y).then(a.cmp(&b)),
        _ => a.cmp(&b),
    });
    let mut taken: Vec<Value> = items.iter_mut().map(std::mem::take).collect();
    for (slot, from) in items.iter_mut().zip(order) {
        if let Some(value) = taken.get_mut(from) {
            *slot = std::mem::take(value);
        }
    }
}

/// Revisions, newest first: the highest number first.
const REVISIONS: Compare = |a, b| {
    let n = |v: &Value| v.get("revision").and_then(Value::as_f64).unwrap_or(0.0);
    n(b).total_cmp(&n(a))
};

/// Sorts the items of `part` as the snapshot shows them.
pub(crate) fn sort_part(part: Part, items: &mut [Value]) {
    match part {
        Part::Jobs => sort_values(items, &newest_first_by("job")),
        Part::Events => sort_values(items, &newest_first_by("type")),
        Part::Revisions => sort_values(items, &REVISIONS),
        Part::Deployment => {}
    }
}

/// Deployments (`{ created_at, id }`), newest first.
pub(crate) fn sort_deployments(items: &mut [Value]) {
    sort_values(items, &newest_first_by("id"));
}

/// `target[key] = value` on a JSON object (nothing on anything else).
pub(crate) fn set(target: &mut Value, key: &str, value: Value) {
    if let Value::Object(o) = target {
        o.insert(key.to_owned(), value);
    }
}

/// A fresh object from pairs.
pub(crate) fn object(pairs: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k.to_owned(), v);
    }
    Value::Object(m)
}
