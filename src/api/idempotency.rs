//! Creates that are safe to retry (addendum §5.1). Every create carries an `idempotency_key` (the
//! caller's, or a generated UUID), the same on every retry of that call; the server refuses a
//! repeated key with 409, which means an earlier attempt committed: the deployment is then looked
//! up by its key and returned, so a lost response never makes a second deployment.

use serde_json::Value;

use super::client::{Answer, Client};
use super::deadline::{deadline_after, Limits};
use super::error::ApiError;
use super::options::CallOptions;
use super::random;
use super::request::{self, DeploymentFilters};

/// The body field that carries the key.
pub const KEY_FIELD: &str = "idempotency_key";

/// Pauses before creating again when a 409 came but the list by key was empty (the committing
/// attempt is still in flight, or it failed and released the key). Bounded: then the 409 stands.
pub const CONFLICT_DELAYS_MS: [f64; 3] = [500.0, 1_000.0, 2_000.0];

impl Client {
    /// `POST /create` with an idempotency key; see the module comment.
    pub async fn create(&self, body: Value, call: &CallOptions) -> Result<Answer, ApiError> {
        let Value::Object(mut map) = body else {
            return Err(ApiError::invalid_argument(
                "the create body must be an object".to_owned(),
            ));
        };
        // The caller's key is judged with the rest of the body by the create rules (the guard).
        let key = match map.get(KEY_FIELD) {
            Some(given) => given.as_str().unwrap_or_default().to_owned(),
            None => {
                let key = random::uuid_v4(self.random());
                map.insert(KEY_FIELD.to_owned(), Value::String(key.clone()));
                key
            }
        };
        let mut spec = request::create(Value::Object(map));
        spec.replayable = true;
        let by_key = request::list(&DeploymentFilters {
            idempotency_key: Some(key),
            ..DeploymentFilters::default()
        });
        // One time limit for the whole call: the creates, the lookups and the pauses.
        let timeout = self.call_timeout(call);
        let deadline = deadline_after(self.now(), timeout);
        let limits = Limits::new(self.clock(), deadline, call.cancel.as_ref());
        let within = || CallOptions {
            timeout_ms: deadline.map(|d| (d - self.now()).max(f64::MIN_POSITIVE)),
            ..call.clone()
        };
        let mut pauses = CONFLICT_DELAYS_MS.into_iter();
        loop {
            let conflict = match self.send(&spec, &within()).await {
                Err(e) if e.status == Some(409) => e,
                other => return other,
            };
            // An attempt of ours (or an earlier call with the caller's key) committed.
            let page = self
                .send(by_key.as_ref().map_err(Clone::clone)?, &within())
                .await?;
            let found = page
                .value()
                .get("deployments")
                .and_then(Value::as_array)
                .and_then(|list| list.first())
                .cloned();
            if let Some(deployment) = found {
                return Ok(Answer::Mapped(deployment));
            }
            let Some(pause) = pauses.next() else {
                return Err(conflict);
            };
            match limits.race(self.clock().sleep(pause)).await {
                Ok(()) => {}
                Err(stop) => return Err(stop.error(&self.label(&spec), timeout)),
            }
        }
    }
}
