//! One deadline and one abort for every step of a call: the wallet's signing, each attempt
//! (connecting, headers, body), each backoff wait, each watch (re)connect. Every step runs
//! through [`Limits::race`], so no step can outlive the call, whichever party stops answering.

use std::future::Future;

use super::cancel::{bounded, Bounded, Cancel};
use super::clock::Clock;
use super::error::ApiError;

/// Why a step was cut short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The caller's signal fired (or the watch was closed).
    Aborted,
    /// The deadline passed.
    TimedOut,
}

impl Stop {
    /// The error a call labelled `label` (`"METHOD url"`) with a `timeout_ms` limit ends in.
    pub fn error(self, label: &str, timeout_ms: f64) -> ApiError {
        match self {
            Stop::Aborted => ApiError::aborted(label),
            Stop::TimedOut => ApiError::timeout(label, timeout_ms),
        }
    }
}

/// A deadline (absolute, on the host's clock) and a cancel, shared by the steps of one call.
#[derive(Clone, Copy)]
pub struct Limits<'a> {
    clock: &'a dyn Clock,
    /// `None`: no time limit.
    pub deadline: Option<f64>,
    cancel: Option<&'a Cancel>,
}

/// `now + timeout`, or none for a timeout ≤ 0 or not finite.
pub fn deadline_after(now: f64, timeout_ms: f64) -> Option<f64> {
    (timeout_ms > 0.0 && timeout_ms.is_finite()).then_some(now + timeout_ms)
}

impl<'a> Limits<'a> {
    pub fn new(clock: &'a dyn Clock, deadline: Option<f64>, cancel: Option<&'a Cancel>) -> Self {
        Self {
            clock,
            deadline,
            cancel,
        }
    }

    /// Whether waiting `ms` from now would still end before the deadline.
    pub fn fits(&self, ms: f64) -> bool {
        self.deadline.is_none_or(|d| self.clock.now_ms() + ms < d)
    }

    /// Runs `work` until it ends, the cancel fires or the deadline passes. A cancel or deadline
    /// already due wins over work that is also ready; the loser is dropped (a dropped transport
    /// future aborts its request, a dropped sleep clears its timer).
    pub async fn race<T>(&self, work: impl Future<Output = T>) -> Result<T, Stop> {
        let timer = self
            .deadline
            .map(|d| self.clock.sleep((d - self.clock.now_ms()).max(0.0)));
        match bounded(work, self.cancel, timer).await {
            Bounded::Done(v) => Ok(v),
            Bounded::Cancelled => Err(Stop::Aborted),
            Bounded::TimedOut => Err(Stop::TimedOut),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_deadline_for_zero_negative_or_infinite_timeouts() {
        assert_eq!(deadline_after(100.0, 50.0), Some(150.0));
        for t in [0.0, -1.0, f64::INFINITY, f64::NAN] {
            assert_eq!(deadline_after(100.0, t), None, "{t}");
        }
    }
}
