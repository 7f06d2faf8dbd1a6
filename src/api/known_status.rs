//! The statuses this client saw (answers, pages, watch frames), so the guards can refuse an
//! action locally when a recent status rules it out. Only statuses that a user action alone
//! leaves (DRAFT, STOPPED, ARCHIVED) are trusted, and only for a while.

use std::cell::RefCell;

use serde_json::Value;

use super::guards::{self, After};
use crate::deployment::Action;

/// Most deployments remembered; the oldest goes first.
const MAX_ENTRIES: usize = 256;

#[derive(Debug)]
struct Seen {
    id: String,
    status: String,
    at_ms: f64,
}

#[derive(Debug, Default)]
pub struct KnownStatuses {
    ttl_ms: f64,
    seen: RefCell<Vec<Seen>>,
}

impl KnownStatuses {
    /// `ttl_ms` ≤ 0: nothing seen is trusted.
    pub fn new(ttl_ms: f64) -> Self {
        Self {
            ttl_ms,
            seen: RefCell::new(Vec::new()),
        }
    }

    pub fn remember(&self, id: &str, status: &str, now_ms: f64) {
        let mut seen = self.seen.borrow_mut();
        seen.retain(|s| s.id != id);
        if seen.len() >= MAX_ENTRIES {
            seen.remove(0);
        }
        seen.push(Seen {
            id: id.to_owned(),
            status: status.to_owned(),
            at_ms: now_ms,
        });
    }

    pub fn forget(&self, id: &str) {
        self.seen.borrow_mut().retain(|s| s.id != id);
    }

    /// The last status seen for `id`, however old.
    fn last(&self, id: &str) -> Option<String> {
        let seen = self.seen.borrow();
        seen.iter().find(|s| s.id == id).map(|s| s.status.clone())
    }

    /// The status the guard may trust: the caller's, else one seen within the time to live if a
    /// user action alone leaves it.
    pub fn trusted(&self, id: Option<&str>, given: Option<&str>, now_ms: f64) -> Option<String> {
        if let Some(s) = given {
            return Some(s.to_owned());
        }
        let id = id?;
        let seen = self.seen.borrow();
        let s = seen.iter().find(|s| s.id == id)?;
        let fresh = self.ttl_ms > 0.0 && now_ms - s.at_ms <= self.ttl_ms;
        (fresh && guards::is_user_stable(&s.status)).then(|| s.status.clone())
    }

    /// Learns from a successful answer: `action` on deployment `id` (when the request was one),
    /// and any `{id, status}` objects in `value` (a deployment, or a page of them).
    pub fn observe(&self, id: Option<&str>, action: Option<Action>, value: &Value, now_ms: f64) {
        let status_of = |v: &Value| v.get("status").and_then(Value::as_str).map(str::to_owned);
        // A duplicate answers with the copy, another deployment: recorded by its own id below.
        let action = action.filter(|a| *a != Action::Duplicate);
        if let (Some(id), Some(action)) = (id, action) {
            if action == Action::Delete {
                self.forget(id);
                return;
            }
            if let Some(status) = status_of(value) {
                self.remember(id, &status, now_ms);
                return;
            }
            let last = self.last(id);
            match guards::status_after(last.as_deref(), action) {
                // Unchanged (an update): not seen anew, so its age stays.
                After::Status(s) if last.as_deref() == Some(s.as_str()) => {}
                After::Status(s) => self.remember(id, s.as_str(), now_ms),
                After::Gone | After::Stale => self.forget(id),
                After::Unknown => {}
            }
            return;
        }
        let record = |d: &Value| {
            if let (Some(id), Some(status)) = (d.get("id").and_then(Value::as_str), status_of(d)) {
                self.remember(id, &status, now_ms);
            }
        };
        match value.get("deployments").and_then(Value::as_array) {
            Some(list) => list.iter().for_each(record),
            None => record(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_recent_user_stable_statuses_are_trusted() {
        let k = KnownStatuses::new(1_000.0);
        k.remember("a", "STOPPED", 0.0);
        k.remember("b", "RUNNING", 0.0);
        assert_eq!(
            k.trusted(Some("a"), None, 1_000.0).as_deref(),
            Some("STOPPED")
        );
        assert_eq!(k.trusted(Some("a"), None, 1_001.0), None, "too old");
        assert_eq!(
            k.trusted(Some("b"), None, 0.0),
            None,
            "the worker moves RUNNING"
        );
        assert_eq!(
            k.trusted(Some("b"), Some("DRAFT"), 0.0).as_deref(),
            Some("DRAFT")
        );
        assert_eq!(KnownStatuses::new(0.0).trusted(Some("a"), None, 0.0), None);
    }

    #[test]
    fn answers_update_what_is_known() {
        let k = KnownStatuses::new(1_000.0);
        k.observe(
            None,
            None,
            &json!({"deployments": [{"id": "a", "status": "STOPPED"}]}),
            0.0,
        );
        assert_eq!(k.last("a").as_deref(), Some("STOPPED"));
        // start answered without a status: STARTING, whatever it was.
        k.observe(Some("a"), Some(Action::Start), &json!({}), 1.0);
        assert_eq!(k.last("a").as_deref(), Some("STARTING"));
        k.observe(
            Some("a"),
            Some(Action::Stop),
            &json!({"status": "STOPPED"}),
            2.0,
        );
        assert_eq!(k.last("a").as_deref(), Some("STOPPED"));
        k.observe(Some("a"), Some(Action::Rename), &json!({"name": "x"}), 3.0);
        assert_eq!(k.last("a").as_deref(), Some("STOPPED"), "rename keeps it");
        k.observe(Some("a"), Some(Action::Delete), &Value::Null, 4.0);
        assert_eq!(k.last("a"), None);
        k.observe(None, None, &json!({"id": "b", "status": "DRAFT"}), 5.0);
        assert_eq!(k.last("b").as_deref(), Some("DRAFT"));
        for i in 0..300 {
            k.remember(&format!("x{i}"), "DRAFT", 6.0);
        }
        assert_eq!(k.seen.borrow().len(), MAX_ENTRIES);
    }
}
