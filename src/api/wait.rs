//! `waitForStatus`: polls the deployment until its status is one of the wanted ones, within a
//! time limit for the whole wait. ARCHIVED, which a deployment never leaves, ends it at once.

use super::cancel::{bounded, Bounded};
use super::client::{Answer, Client};
use super::error::{ApiError, ErrorKind};
use super::options::{CallOptions, WaitOptions};
use super::request;

impl Client {
    pub async fn wait_for_status(
        &self,
        id: &str,
        wanted: &[String],
        options: &WaitOptions,
    ) -> Result<Answer, ApiError> {
        let spec = request::get(id)?;
        let label = format!("waitForStatus({id}, {})", wanted.join("|"));
        let timeout = options.timeout_ms;
        let deadline = (timeout > 0.0 && timeout.is_finite()).then(|| self.now() + timeout);
        let user = options.cancel.as_ref();
        let call = CallOptions::default();
        let mut last: Option<String> = None;
        let ended = |e: ApiError, last: Option<String>| {
            let mut e = e;
            if let Some(s) = &last {
                e.message.push_str(&format!(" (last status {s})"));
            }
            e.deployment_status = last;
            e
        };
        loop {
            match bounded(self.send(&spec, &call), user, self.timer(deadline)).await {
                Bounded::Done(Ok(answer)) => {
                    let status = answer
                        .value()
                        .get("status")
                        .and_then(|s| s.as_str())
                        .map(str::to_owned);
                    if status.as_ref().is_some_and(|s| wanted.contains(s)) {
                        return Ok(answer);
                    }
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
                }
                Bounded::Done(Err(e)) => return Err(e),
                Bounded::Cancelled => return Err(ended(ApiError::aborted(&label), last)),
                Bounded::TimedOut => return Err(ended(ApiError::timeout(&label, timeout), last)),
            }
            let pause = self.clock().sleep(options.interval_ms);
            match bounded(pause, user, self.timer(deadline)).await {
                Bounded::Done(()) => {}
                Bounded::Cancelled => return Err(ended(ApiError::aborted(&label), last)),
                Bounded::TimedOut => return Err(ended(ApiError::timeout(&label, timeout), last)),
            }
        }
    }
}
