//! The store's state: normalised deployments (`entry.rs`) and the list, changed only through
//! [`Model::apply`]. Every change raises `version` (and the changed entry's own version, so a host
//! can reuse what did not change).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::entry::{set, sort_deployments, sort_part, str_of, PartMut};
pub use super::entry::{Entry, GoneWhy, Live, Part, Pending, Resource, ResourceState};
use super::frames;
use super::server_time::ServerTime;
use crate::api::error::{ApiError, ErrorKind};
use crate::deployment::{Action, Status};

/// Everything that changes the model.
#[derive(Debug, Clone)]
pub enum Input {
    ListLoading,
    /// The deployments of the list page.
    ListLoaded(Vec<Value>),
    ListFailed(ApiError),
    /// These parts of a deployment are being loaded.
    Loading(String, Vec<Part>),
    /// A deployment (for [`Part::Deployment`]) or the page's items.
    Loaded(String, Part, Value),
    Failed(String, Part, ApiError),
    /// A check of a followed deployment: applied only if it differs from what is shown.
    Checked(String, Value),
    /// A frame of the deployment's stream.
    Frame(String, Value),
    ActionStarted(String, Action),
    /// The server accepted; the answer if it is the deployment.
    ActionDone(String, Action, Option<Value>),
    ActionFailed(String, Action, ApiError),
    /// A deployment another action created (`duplicate`).
    Created(Value),
    Live(String, Option<Live>),
    /// No longer followed: loads cut short go back to what was there before them.
    Released(String),
}

/// The whole state.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub version: u64,
    pub list: Resource<Vec<String>>,
    pub entries: BTreeMap<String, Entry>,
    pub server_time: ServerTime,
}

impl Model {
    /// The summary of every live deployment: the worst wins (polling, then connecting).
    pub fn live(&self) -> Live {
        self.entries
            .values()
            .filter_map(|e| e.live)
            .max()
            .unwrap_or(Live::Off)
    }

    /// The list's ids, newest first (created_at descending, then id ascending).
    fn sort_list(&mut self) {
        let Some(ids) = self.list.data.as_mut() else {
            return;
        };
        let created = |id: &str| {
            self.entries
                .get(id)
                .and_then(|e| e.deployment.data.as_ref())
                .map(|d| str_of(d, "created_at").to_owned())
                .unwrap_or_default()
        };
        let mut keyed: Vec<Value> = ids
            .drain(..)
            .map(|id| serde_json::json!({ "created_at": created(&id), "id": id }))
            .collect();
        sort_deployments(&mut keyed);
        ids.extend(keyed.iter().map(|k| str_of(k, "id").to_owned()));
    }

    /// Applies `input` seen at local time `now`; returns whether anything changed.
    pub fn apply(&mut self, input: Input, now: f64) -> bool {
        let before_offset = self.server_time.offset_ms();
        let changed = match input {
            Input::ListLoading => self.list.loading(),
            Input::ListLoaded(items) => {
                for d in &items {
                    self.observe(d, now);
                }
                let at = self.server_time.server_ms(now);
                let mut ids = Vec::new();
                for d in items {
                    let Some(id) = d.get("id").and_then(Value::as_str).map(str::to_owned) else {
                        continue;
                    };
                    let e = self.entries.entry(id.clone()).or_default();
                    if e.gone.is_none() && e.pending.is_none() {
                        deployment_loaded(e, d, at);
                    }
                    e.version += 1;
                    ids.push(id);
                }
                self.list.loaded(ids, at);
                self.sort_list();
                true
            }
            Input::ListFailed(e) => {
                self.list.failed(e);
                true
            }
            Input::Loading(id, parts) => {
                let e = self.entries.entry(id).or_default();
                let mut changed = false;
                for part in parts {
                    changed |= match e.part_mut(part) {
                        PartMut::One(r) => r.loading(),
                        PartMut::Many(r) => r.loading(),
                    };
                }
                if changed {
                    e.version += 1;
                }
                changed
            }
            Input::Loaded(id, part, value) => {
                if part == Part::Deployment {
                    self.observe(&value, now);
                }
                let at = self.server_time.server_ms(now);
                self.loaded(id, part, value, at)
            }
            Input::Failed(id, part, error) => self.failed(id, part, error),
            Input::Checked(id, value) => {
                self.observe(&value, now);
                let same = self
                    .entries
                    .get(&id)
                    .is_some_and(|e| e.deployment.data.as_ref() == Some(&value));
                let at = self.server_time.server_ms(now);
                !same && self.loaded(id, Part::Deployment, value, at)
            }
            Input::Frame(id, frame) => self.frame(&id, &frame, now),
            Input::ActionStarted(id, action) => self.action_started(id, action),
            Input::ActionDone(id, action, answer) => self.action_done(&id, action, answer, now),
            Input::ActionFailed(id, _action, error) => self.action_failed(&id, error),
            Input::Created(d) => {
                let at_change = self.observe(&d, now);
                let Some(id) = d.get("id").and_then(Value::as_str).map(str::to_owned) else {
                    return at_change;
                };
                let at = self.server_time.server_ms(now);
                let e = self.entries.entry(id.clone()).or_default();
                e.deployment.loaded(d, at);
                e.version += 1;
                if let Some(ids) = self.list.data.as_mut() {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                self.sort_list();
                true
            }
            Input::Released(id) => match self.entries.get_mut(&id) {
                Some(e) => {
                    e.live = None;
                    e.deployment.settle();
                    e.jobs.settle();
                    e.events.settle();
                    e.revisions.settle();
                    e.version += 1;
                    true
                }
                None => false,
            },
            Input::Live(id, live) => match self.entries.get_mut(&id) {
                Some(e) if e.live != live => {
                    e.live = live;
                    e.version += 1;
                    true
                }
                _ => false,
            },
        };
        let changed = changed || self.server_time.offset_ms() != before_offset;
        if changed {
            self.version += 1;
        }
        changed
    }

    /// Measures the server clock from a value the server has just written.
    fn observe(&mut self, value: &Value, now: f64) -> bool {
        value
            .get("updated_at")
            .and_then(Value::as_str)
            .is_some_and(|t| self.server_time.observe(t, now))
    }

    fn loaded(&mut self, id: String, part: Part, value: Value, at: f64) -> bool {
        let e = self.entries.entry(id).or_default();
        if e.gone == Some(GoneWhy::Deleted) {
            // A read that crossed the deletion.
            return false;
        }
        match e.part_mut(part) {
            PartMut::One(_) => {
                if e.pending.is_some() {
                    // The action's answer decides; a read sent before it may be older.
                    return false;
                }
                deployment_loaded(e, value, at);
            }
            PartMut::Many(r) => {
                let mut items = match value {
                    Value::Array(items) => items,
                    _ => Vec::new(),
                };
                sort_part(part, &mut items);
                r.loaded(items, at);
            }
        }
        e.version += 1;
        true
    }

    fn failed(&mut self, id: String, part: Part, error: ApiError) -> bool {
        let not_found = means_deleted(&error);
        let e = self.entries.entry(id.clone()).or_default();
        if not_found {
            // 404 on the deployment or one of its lists: the deployment was deleted.
            self.deleted(&id);
            return true;
        }
        match e.part_mut(part) {
            PartMut::One(r) => r.failed(error),
            PartMut::Many(r) => r.failed(error),
        }
        e.version += 1;
        true
    }

    /// Marks `id` deleted: every resource gone (last data kept), out of the list.
    fn deleted(&mut self, id: &str) {
        if let Some(e) = self.entries.get_mut(id) {
            e.gone = Some(GoneWhy::Deleted);
            e.pending = None;
            // Nothing left to follow.
            e.live = None;
            e.deployment.gone();
            e.jobs.gone();
            e.events.gone();
            e.revisions.gone();
            e.version += 1;
        }
        if let Some(ids) = self.list.data.as_mut() {
            ids.retain(|i| i != id);
        }
    }

    /// Marks `id` archived by someone else: the deployment is gone (its last data, ARCHIVED).
    fn archived_elsewhere(&mut self, id: &str) {
        if let Some(e) = self.entries.get_mut(id) {
            e.gone = Some(GoneWhy::Archived);
            e.deployment.gone();
            e.version += 1;
        }
    }

    fn frame(&mut self, id: &str, frame: &Value, now: f64) -> bool {
        if let Some(t) = frame
            .get("created_at")
            .and_then(Value::as_str)
            .filter(|_| str_of(frame, "type") == "event")
        {
            self.server_time.observe(t, now);
        }
        let at = self.server_time.server_ms(now);
        let Some(e) = self.entries.get_mut(id) else {
            return false;
        };
        let was = e.status();
        let changed = frames::apply(e, id, frame, at);
        if !changed {
            return false;
        }
        e.version += 1;
        let archived_now = e.status() == Some(Status::Archived) && was != Some(Status::Archived);
        if archived_now && e.pending.is_none() {
            self.archived_elsewhere(id);
        }
        true
    }

    fn action_started(&mut self, id: String, action: Action) -> bool {
        let e = self.entries.entry(id).or_default();
        let status = e.status();
        let optimistic_status = status
            .and_then(|s| crate::deployment::next_status(s, action).ok().flatten())
            .filter(|next| Some(*next) != status);
        let previous = e.deployment.data.clone();
        if let (Some(s), Some(Value::Object(d))) = (optimistic_status, e.deployment.data.as_mut()) {
            d.insert("status".into(), Value::String(s.as_str().to_owned()));
        }
        e.pending = Some(Pending {
            action,
            optimistic_status,
            previous,
        });
        e.last_error = None;
        e.version += 1;
        true
    }

    fn action_done(&mut self, id: &str, action: Action, answer: Option<Value>, now: f64) -> bool {
        if action == Action::Delete {
            self.deleted(id);
            return true;
        }
        let measured = answer.as_ref().is_some_and(|a| self.observe(a, now));
        let at = self.server_time.server_ms(now);
        let Some(e) = self.entries.get_mut(id) else {
            return measured;
        };
        e.pending = None;
        // The answer is the deployment, or the fields the action changed (`{ status,
        // updated_at }`, `{ replicas, updated_at }`, …): merged into what is shown.
        let mut data = e
            .deployment
            .data
            .take()
            .unwrap_or_else(|| Value::Object(Map::new()));
        if let Some(Value::Object(patch)) = answer {
            for (k, v) in patch {
                set(&mut data, &k, v);
            }
        }
        e.deployment.loaded(data, at);
        e.version += 1;
        true
    }

    fn action_failed(&mut self, id: &str, error: ApiError) -> bool {
        let deleted = means_deleted(&error);
        let kind = error.kind;
        let Some(e) = self.entries.get_mut(id) else {
            return false;
        };
        if let Some(p) = e.pending.take() {
            if let Some(previous) = p.previous {
                e.deployment.data = Some(previous);
            }
        }
        e.last_error = Some(error);
        e.version += 1;
        match kind {
            _ if deleted => self.deleted(id),
            ErrorKind::Archived => {
                let e = self.entries.get_mut(id);
                if let Some(Value::Object(d)) = e.and_then(|e| e.deployment.data.as_mut()) {
                    d.insert("status".into(), Value::String("ARCHIVED".into()));
                }
                self.archived_elsewhere(id);
            }
            _ => {}
        }
        true
    }
}

/// Whether `error` says the deployment itself no longer exists (not a job or a vault).
pub fn means_deleted(error: &ApiError) -> bool {
    error.kind == ErrorKind::NotFound && matches!(error.code, "NOT_FOUND" | "DEPLOYMENT_NOT_FOUND")
}

/// A deployment as loaded: ready, unless it turned ARCHIVED since it was last seen (archived
/// elsewhere: gone, with its last data). One loaded already archived is just ready.
fn deployment_loaded(e: &mut Entry, value: Value, at: f64) {
    let was = e.status();
    let archived = str_of(&value, "status") == "ARCHIVED";
    e.deployment.loaded(value, at);
    if archived && was.is_some_and(|s| s != Status::Archived) {
        e.gone = Some(GoneWhy::Archived);
        e.deployment.gone();
    }
}
