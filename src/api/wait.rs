//! Waiting by polling the deployment, within a time limit for the whole wait: `waitForStatus`
//! (until the status is one of the wanted ones) and `waitForEndpoint` (until an endpoint reports
//! `online`). ARCHIVED, which a deployment never leaves, ends either wait at once.

use serde_json::Value;

use super::client::{Answer, Client};
use super::deadline::{deadline_after, Limits, Stop};
use super::error::{ApiError, ErrorKind};
use super::options::{CallOptions, WaitOptions};
use super::request;

/// The first endpoint of `deployment` that reports `online: true`.
pub fn online_endpoint(deployment: &Value) -> Option<&Value> {
    deployment
        .get("endpoints")?
        .as_array()?
        .iter()
        .find(|e| e.get("online").and_then(Value::as_bool) == Some(true))
}

impl Client {
    pub async fn wait_for_status(
        &self,
        id: &str,
        wanted: &[String],
        options: &WaitOptions,
    ) -> Result<Answer, ApiError> {
        let label = format!("waitForStatus({id}, {})", wanted.join("|"));
        let is_wanted = |d: &Value| {
            let status = d.get("status").and_then(Value::as_str);
            status
                .is_some_and(|s| wanted.iter().any(|w| w == s))
                .then(|| d.clone())
        };
        self.poll(id, &label, options, &is_wanted).await
    }

    /// Resolves with the first endpoint that is online.
    pub async fn wait_for_endpoint(
        &self,
        id: &str,
        options: &WaitOptions,
    ) -> Result<Value, ApiError> {
        let label = format!("waitForEndpoint({id})");
        let answer = self
            .poll(id, &label, options, &|d| online_endpoint(d).cloned())
            .await?;
        Ok(answer.value().clone())
    }

    /// Polls `GET /{id}` until `done` picks a value out of the deployment. `done` is a `&dyn`:
    /// one copy of this loop's state machine in the wasm, not one per wait.
    async fn poll(
        &self,
        id: &str,
        label: &str,
        options: &WaitOptions,
        done: &dyn Fn(&Value) -> Option<Value>,
    ) -> Result<Answer, ApiError> {
        let spec = request::get(id)?;
        let timeout = options.timeout_ms;
        let limits = Limits::new(
            self.clock(),
            deadline_after(self.now(), timeout),
            options.cancel.as_ref(),
        );
        let call = CallOptions::default();
        let mut last: Option<String> = None;
        let ended = |stop: Stop, last: Option<String>| {
            let mut e = stop.error(label, timeout);
            if let Some(s) = &last {
                e.message.push_str(&format!(" (last status {s})"));
            }
            e.deployment_status = last;
            e
        };
        loop {
            let answer = match limits.race(self.send(&spec, &call)).await {
                Ok(answer) => answer?,
                Err(stop) => return Err(ended(stop, last)),
            };
            if let Some(found) = done(answer.value()) {
                return Ok(match answer {
                    Answer::Json { .. } if &found == answer.value() => answer,
                    _ => Answer::Mapped(found),
                });
            }
            let status = answer
                .value()
                .get("status")
                .and_then(|s| s.as_str())
                .map(str::to_owned);
            if status.as_deref() == Some("ARCHIVED") {
                let mut e = ApiError::new(
                    ErrorKind::InvalidState,
                    "UNREACHABLE_STATUS",
                    format!("{label}: the deployment is ARCHIVED, which it never leaves"),
                );
                e.deployment_status = status;
                return Err(e);
            }
            last = status;
            let pause = self.clock().sleep(options.interval_ms);
            if let Err(stop) = limits.race(pause).await {
                return Err(ended(stop, last));
            }
        }
    }
}
