//! Request building for the routes the addendum added (§3): duplicate, market, requirements,
//! startup timeout and SSH keys. Values go into the body as given: the guards judge them with
//! the deployment rules (`validate_update`) before anything is sent.

use serde_json::{json, Map, Value};

use super::error::ApiError;
use super::request::{on_deployment, Method, RequestSpec, Shape};
use crate::deployment::{ssh, Action};

fn new_route(
    method: Method,
    id: &str,
    tail: &str,
    action: Action,
    feature: &'static str,
    body: Option<Value>,
) -> Result<RequestSpec, ApiError> {
    let mut spec = on_deployment(method, id, tail, Some(action))?;
    spec.feature = Some(feature);
    spec.body = body.map(|b| b.to_string());
    Ok(spec)
}

/// `POST /{id}/duplicate` with the optional overrides `{name?, market?, autostart?}` (`null`:
/// none). Any other key is a misuse. Allowed from every status, ARCHIVED included.
pub fn duplicate(id: &str, overrides: &Value) -> Result<RequestSpec, ApiError> {
    let body = match overrides {
        Value::Null => Map::new(),
        Value::Object(o) => {
            if let Some(k) = o
                .keys()
                .find(|k| !matches!(k.as_str(), "name" | "market" | "autostart"))
            {
                return Err(ApiError::invalid_argument(format!(
                    "overrides.{k} is not an override of duplicate (name, market, autostart)"
                )));
            }
            o.clone()
        }
        _ => {
            return Err(ApiError::invalid_argument(
                "overrides must be an object".to_owned(),
            ))
        }
    };
    let mut spec = new_route(
        Method::Post,
        id,
        "/duplicate",
        Action::Duplicate,
        "duplicate",
        Some(Value::Object(body)),
    )?;
    spec.shape = Shape::Deployment;
    Ok(spec)
}

/// `PATCH /{id}/update-market` → `{market, updated_at}`. A RUNNING deployment restarts its jobs.
pub fn update_market(id: &str, market: Value) -> Result<RequestSpec, ApiError> {
    new_route(
        Method::Patch,
        id,
        "/update-market",
        Action::UpdateMarket,
        "update-market",
        Some(json!({ "market": market })),
    )
}

/// `PATCH /{id}/update-requirements` with `{market, requirements}` (both required; `requirements:
/// null` clears them) → `{requirements, market, updated_at}`.
pub fn update_requirements(id: &str, body: Value) -> Result<RequestSpec, ApiError> {
    if !body.is_object() {
        return Err(ApiError::invalid_argument(
            "update-requirements takes { market, requirements }".to_owned(),
        ));
    }
    new_route(
        Method::Patch,
        id,
        "/update-requirements",
        Action::UpdateRequirements,
        "update-requirements",
        Some(body),
    )
}

/// `PATCH /{id}/update-startup-timeout` with minutes → `{startup_timeout, updated_at}`.
pub fn update_startup_timeout(id: &str, minutes: Value) -> Result<RequestSpec, ApiError> {
    new_route(
        Method::Patch,
        id,
        "/update-startup-timeout",
        Action::UpdateStartupTimeout,
        "update-startup-timeout",
        Some(json!({ "startup_timeout": minutes })),
    )
}

/// `GET /{id}/ssh-keys` → `{public_keys}` (any status).
pub fn ssh_keys(id: &str) -> Result<RequestSpec, ApiError> {
    new_route(
        Method::Get,
        id,
        "/ssh-keys",
        Action::ListSshKeys,
        "ssh-keys",
        None,
    )
}

/// Keys trimmed, blank ones dropped, later keys of the same identity (type and blob) dropped:
/// the server collapses them too, and older servers refused duplicates. Non-strings are kept for
/// the rules to report.
pub fn dedup_keys(keys: &Value) -> Value {
    let Value::Array(items) = keys else {
        return keys.clone();
    };
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::String(key) => {
                let key = ssh::trim_key(key);
                let id = ssh::identity(key);
                if !key.is_empty() && !seen.contains(&id) {
                    seen.push(id);
                    out.push(Value::String(key.to_owned()));
                }
            }
            other => out.push(other.clone()),
        }
    }
    Value::Array(out)
}

fn keys_route(
    id: &str,
    method: Method,
    action: Action,
    keys: &Value,
) -> Result<RequestSpec, ApiError> {
    new_route(
        method,
        id,
        "/ssh-keys",
        action,
        "ssh-keys",
        Some(json!({ "public_keys": dedup_keys(keys) })),
    )
}

/// `POST /{id}/ssh-keys` → `{public_keys, updated_at, jobs}`.
pub fn add_ssh_keys(id: &str, keys: &Value) -> Result<RequestSpec, ApiError> {
    keys_route(id, Method::Post, Action::AddSshKeys, keys)
}

/// `DELETE /{id}/ssh-keys` with a JSON body → `{public_keys, updated_at, jobs}`.
pub fn revoke_ssh_keys(id: &str, keys: &Value) -> Result<RequestSpec, ApiError> {
    keys_route(id, Method::Delete, Action::RevokeSshKeys, keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::config::resolve_endpoint;

    const ID: &str = "7Yq2hZJ3nE5mW8VZxXf6QKJ7c4fJ1dT9GmUoPr2sBQaL";
    const MARKET: &str = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";

    fn sent(spec: &RequestSpec) -> (&'static str, String, Option<Value>) {
        let root = resolve_endpoint(Some("http://h"), None, None).unwrap();
        let body = spec
            .body
            .as_deref()
            .map(|b| serde_json::from_str(b).unwrap());
        (spec.method.as_str(), spec.url(&root), body)
    }

    #[test]
    fn every_new_route_has_its_method_path_and_body() {
        let base = format!("http://h/deployments/{ID}");
        let keys = json!(["ssh-ed25519 AAAA a", "ssh-ed25519  AAAA b", "ssh-rsa BBBB"]);
        let cases = [
            (
                duplicate(ID, &Value::Null).unwrap(),
                "POST",
                "/duplicate",
                Some(json!({})),
            ),
            (
                duplicate(ID, &json!({"name": "n", "autostart": true})).unwrap(),
                "POST",
                "/duplicate",
                Some(json!({"name": "n", "autostart": true})),
            ),
            (
                update_market(ID, json!(MARKET)).unwrap(),
                "PATCH",
                "/update-market",
                Some(json!({"market": MARKET})),
            ),
            (
                update_requirements(ID, json!({"market": MARKET, "requirements": null})).unwrap(),
                "PATCH",
                "/update-requirements",
                Some(json!({"market": MARKET, "requirements": null})),
            ),
            (
                update_startup_timeout(ID, json!(15)).unwrap(),
                "PATCH",
                "/update-startup-timeout",
                Some(json!({"startup_timeout": 15})),
            ),
            (ssh_keys(ID).unwrap(), "GET", "/ssh-keys", None),
            (
                add_ssh_keys(ID, &keys).unwrap(),
                "POST",
                "/ssh-keys",
                Some(json!({"public_keys": ["ssh-ed25519 AAAA a", "ssh-rsa BBBB"]})),
            ),
            (
                revoke_ssh_keys(ID, &keys).unwrap(),
                "DELETE",
                "/ssh-keys",
                Some(json!({"public_keys": ["ssh-ed25519 AAAA a", "ssh-rsa BBBB"]})),
            ),
        ];
        for (spec, method, tail, body) in cases {
            assert_eq!(
                sent(&spec),
                (method, format!("{base}{tail}"), body),
                "{tail}"
            );
            assert!(spec.feature.is_some());
            assert_eq!(spec.deployment.as_deref(), Some(ID));
        }
    }

    #[test]
    fn misuse_is_refused_before_anything_is_built() {
        assert!(duplicate(ID, &json!({"replicas": 2})).is_err());
        assert!(duplicate(ID, &json!("x")).is_err());
        assert!(update_requirements(ID, json!(null)).is_err());
        assert!(update_market("short", json!(MARKET)).is_err());
    }

    #[test]
    fn keys_are_trimmed_and_collapsed_by_type_and_blob() {
        let keys = json!([
            " ssh-ed25519 AAAA one\n",
            "ssh-ed25519\tAAAA two",
            "ssh-rsa AAAA",
            7,
            ""
        ]);
        assert_eq!(
            dedup_keys(&keys),
            json!(["ssh-ed25519 AAAA one", "ssh-rsa AAAA", 7])
        );
    }
}
