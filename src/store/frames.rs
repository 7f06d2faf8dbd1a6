//! Stream frames (`watch`) applied to one deployment's entry: the deployment's status, replicas
//! and revision, its endpoints, its jobs and its events. Each returns whether anything changed.

use serde_json::Value;

use super::entry::{object, set, sort_part, Entry, Part};

fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or(&Value::Null)
}

/// Applies `frame` to `e` (deployment `id`) at server time `at`.
pub(crate) fn apply(e: &mut Entry, id: &str, frame: &Value, at: f64) -> bool {
    match frame.get("type").and_then(Value::as_str) {
        Some("deployment") => deployment(e, frame, at),
        Some("endpoint") => endpoint(e, frame),
        Some("job") => job(e, id, frame, at),
        Some("event") => event(e, id, frame, at),
        // `jobs` lists the active jobs only, `task`s are not shown, `reconnected` announces a
        // snapshot whose frames follow.
        _ => false,
    }
}

fn deployment(e: &mut Entry, frame: &Value, at: f64) -> bool {
    let Some(d) = e.deployment.data.as_mut() else {
        return false;
    };
    let mut changed = false;
    for key in ["status", "replicas", "active_revision"] {
        let value = get(frame, key);
        if !value.is_null() && get(d, key) != value {
            set(d, key, value.clone());
            changed = true;
        }
    }
    if changed {
        e.deployment.updated_at = Some(at);
    }
    changed
}

fn endpoint(e: &mut Entry, frame: &Value) -> bool {
    let Some(d) = e.deployment.data.as_mut() else {
        return false;
    };
    let entry = object([
        ("opId", get(frame, "opId").clone()),
        ("port", get(frame, "port").clone()),
        ("url", get(frame, "url").clone()),
        ("online", get(frame, "online").clone()),
    ]);
    if !get(d, "endpoints").is_array() {
        set(d, "endpoints", Value::Array(Vec::new()));
    }
    let Some(Value::Array(list)) = d.get_mut("endpoints") else {
        return false;
    };
    let same =
        |x: &Value| get(x, "opId") == get(&entry, "opId") && get(x, "port") == get(&entry, "port");
    match list.iter_mut().find(|x| same(x)) {
        Some(x) if *x == entry => false,
        Some(x) => {
            *x = entry;
            true
        }
        None => {
            list.push(entry);
            true
        }
    }
}

fn job(e: &mut Entry, id: &str, frame: &Value, at: f64) -> bool {
    let Some(jobs) = e.jobs.data.as_mut() else {
        // Not loaded (yet): the load will bring it.
        return false;
    };
    let key = get(frame, "job").clone();
    let mut changed = false;
    let found = jobs.iter_mut().find(|j| get(j, "job") == &key);
    let target = match found {
        Some(j) => j,
        None => {
            jobs.push(object([
                ("job", key.clone()),
                ("deployment", Value::String(id.to_owned())),
                ("node", Value::Null),
            ]));
            changed = true;
            match jobs.last_mut() {
                Some(j) => j,
                None => return false,
            }
        }
    };
    for (from, to) in [
        ("state", "state"),
        ("node", "node"),
        ("revision", "revision"),
        ("created_at", "created_at"),
        ("timeStart", "time_start"),
    ] {
        let value = get(frame, from);
        if !value.is_null() && get(target, to) != value {
            set(target, to, value.clone());
            changed = true;
        }
    }
    if changed {
        sort_part(Part::Jobs, jobs);
        e.jobs.updated_at = Some(at);
    }
    changed
}

fn event(e: &mut Entry, id: &str, frame: &Value, at: f64) -> bool {
    let Some(events) = e.events.data.as_mut() else {
        return false;
    };
    let item = object([
        ("category", get(frame, "category").clone()),
        ("deploymentId", Value::String(id.to_owned())),
        ("type", get(frame, "event").clone()),
        ("message", get(frame, "message").clone()),
        ("tx", get(frame, "tx").clone()),
        ("created_at", get(frame, "created_at").clone()),
    ]);
    // The snapshot replays recent events after a reconnection; a loaded page has them too.
    let same = |x: &Value| {
        ["type", "created_at", "message"]
            .iter()
            .all(|k| get(x, k) == get(&item, k))
    };
    if events.iter().any(same) {
        return false;
    }
    events.push(item);
    sort_part(Part::Events, events);
    e.events.updated_at = Some(at);
    true
}
