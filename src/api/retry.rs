//! Retry decisions: only idempotent requests (GET), only when there was no answer or the answer
//! was 429/502/503/504, a bounded number of times, with exponential backoff and jitter, or after
//! the server's `Retry-After` when it asks for longer.

use serde_json::Value;

use super::error::ApiError;
use super::method::Method;
use super::read::Obj;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub retries: u32,
    /// Delay before the first retry, doubled for each further one.
    pub base_delay_ms: f64,
    /// Upper bound of one delay.
    pub max_delay_ms: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            retries: 2,
            base_delay_ms: 250.0,
            max_delay_ms: 4_000.0,
        }
    }
}

impl RetryPolicy {
    pub const NEVER: RetryPolicy = RetryPolicy {
        retries: 0,
        base_delay_ms: 0.0,
        max_delay_ms: 0.0,
    };

    /// Reads the `retry` option: `true`/absent (the default), `false` (never), or
    /// `{ retries, baseDelayMs, maxDelayMs }` (missing keys take the defaults).
    pub fn from_value(v: &Value) -> Result<Self, ApiError> {
        let d = Self::default();
        let policy = match v {
            Value::Null | Value::Bool(true) => d,
            Value::Bool(false) => Self::NEVER,
            _ => {
                let o = Obj::new(v, "retry", &["retries", "baseDelayMs", "maxDelayMs"])?;
                let retries = match o.number("retries")? {
                    None => d.retries,
                    Some(n) if n.fract() == 0.0 && (0.0..=20.0).contains(&n) => n as u32,
                    Some(_) => u32::MAX,
                };
                Self {
                    retries,
                    base_delay_ms: o.number("baseDelayMs")?.unwrap_or(d.base_delay_ms),
                    max_delay_ms: o.number("maxDelayMs")?.unwrap_or(d.max_delay_ms),
                }
            }
        };
        policy.checked().map_err(ApiError::invalid_argument)
    }

    /// Refuses nonsense values (negative or non-finite delays, absurd retry counts).
    pub fn checked(self) -> Result<Self, String> {
        let ok = |v: f64| v.is_finite() && v >= 0.0;
        if !ok(self.base_delay_ms) || !ok(self.max_delay_ms) || self.retries > 20 {
            return Err("retry must be { retries: 0–20, baseDelayMs ≥ 0, maxDelayMs ≥ 0 }".into());
        }
        Ok(self)
    }

    /// The delay before retry number `attempt + 1` (`attempt` counts failed attempts from 0).
    /// "Equal jitter": half fixed, half random, so retries of many clients spread out.
    /// `random` is uniform in [0, 1).
    pub fn backoff(&self, attempt: u32, random: f64) -> f64 {
        let exp = self.base_delay_ms * 2f64.powi(i32::try_from(attempt.min(30)).unwrap_or(30));
        let capped = exp.min(self.max_delay_ms);
        capped / 2.0 + capped / 2.0 * random.clamp(0.0, 1.0)
    }

    /// Whether to retry after `error` on attempt `attempt` (0-based), and after how long.
    pub fn decide(
        &self,
        method: Method,
        error: &ApiError,
        attempt: u32,
        random: f64,
    ) -> Option<f64> {
        (method.is_idempotent() && error.is_transient() && attempt < self.retries)
            .then(|| self.backoff(attempt, random))
    }
}

/// The delay a `Retry-After` header asks for, in milliseconds: delta-seconds, or an HTTP date
/// (IMF-fixdate, `Wed, 21 Oct 2015 07:28:00 GMT`) measured from `now_ms` (Unix milliseconds, the
/// client's clock); a date in the past asks for no delay. Anything else is ignored and the
/// backoff applies.
pub fn retry_after_ms(header: &str, now_ms: f64) -> Option<f64> {
    let header = header.trim();
    if let Ok(seconds) = header.parse::<u32>() {
        return Some(f64::from(seconds) * 1000.0);
    }
    let at = http_date_ms(header)?;
    Some((at - now_ms).max(0.0))
}

/// Unix milliseconds of an IMF-fixdate (RFC 9110 §5.6.7; the obsolete formats are not read).
fn http_date_ms(text: &str) -> Option<f64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let rest = text.get(3..)?.strip_prefix(", ")?.strip_suffix(" GMT")?;
    let mut parts = rest.split(' ');
    let (day, month, year, time) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let day = number(day, 2).filter(|d| (1..=31).contains(d))?;
    let month = u32::try_from(MONTHS.iter().position(|m| *m == month)? + 1).ok()?;
    let year = number(year, 4)?;
    let mut hms = time.split(':').map(|p| number(p, 2));
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if parts.next().is_some() || hms.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = crate::deployment::civil::days_from_civil(i64::from(year), month, day);
    let seconds = days * 86_400 + i64::from(h * 3600 + m * 60 + s);
    Some(seconds as f64 * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::from_response;

    fn status(s: u16) -> ApiError {
        from_response("GET x", None, s, "", "")
    }

    #[test]
    fn only_get_is_retried_and_only_on_transient_failures() {
        let p = RetryPolicy::default();
        let net = ApiError::network("GET x", "reset");
        assert!(p.decide(Method::Get, &net, 0, 0.5).is_some());
        for s in [502, 503, 504] {
            assert!(p.decide(Method::Get, &status(s), 0, 0.5).is_some(), "{s}");
        }
        for m in [Method::Post, Method::Patch, Method::Delete] {
            assert!(p.decide(m, &net, 0, 0.5).is_none());
            assert!(p.decide(m, &status(503), 0, 0.5).is_none());
        }
        for s in [400, 401, 404, 500, 501] {
            assert!(p.decide(Method::Get, &status(s), 0, 0.5).is_none(), "{s}");
        }
        assert!(p
            .decide(Method::Get, &ApiError::timeout("GET x", 1.0), 0, 0.5)
            .is_none());
        assert!(p
            .decide(Method::Get, &ApiError::aborted("GET x"), 0, 0.5)
            .is_none());
    }

    #[test]
    fn attempts_are_bounded() {
        let p = RetryPolicy {
            retries: 2,
            ..RetryPolicy::default()
        };
        let e = status(503);
        assert!(p.decide(Method::Get, &e, 0, 0.0).is_some());
        assert!(p.decide(Method::Get, &e, 1, 0.0).is_some());
        assert!(p.decide(Method::Get, &e, 2, 0.0).is_none());
        assert!(RetryPolicy::NEVER.decide(Method::Get, &e, 0, 0.0).is_none());
    }

    #[test]
    fn backoff_doubles_with_jitter_and_a_cap() {
        let p = RetryPolicy {
            retries: 10,
            base_delay_ms: 100.0,
            max_delay_ms: 1000.0,
        };
        assert_eq!(p.backoff(0, 0.0), 50.0);
        assert_eq!(p.backoff(0, 1.0), 100.0);
        assert_eq!(p.backoff(1, 0.0), 100.0);
        assert_eq!(p.backoff(2, 0.5), 300.0);
        assert_eq!(p.backoff(9, 1.0), 1000.0);
        assert_eq!(p.backoff(u32::MAX, 1.0), 1000.0);
        for r in [0.0, 0.3, 0.99] {
            let d = p.backoff(3, r);
            assert!((400.0..=800.0).contains(&d));
        }
    }

    #[test]
    fn retry_after_is_read_in_seconds() {
        assert_eq!(retry_after_ms("3", 0.0), Some(3000.0));
        assert_eq!(retry_after_ms(" 0 ", 0.0), Some(0.0));
        for bad in ["", "-1", "1.5", "99999999999", "soon"] {
            assert_eq!(retry_after_ms(bad, 0.0), None, "{bad}");
        }
    }

    #[test]
    fn retry_after_as_an_http_date_is_measured_from_the_clock() {
        // 2015-10-21T07:28:00Z is 1445412480 s after the epoch.
        let date = "Wed, 21 Oct 2015 07:28:00 GMT";
        let now = 1_445_412_480_000.0 - 4_500.0;
        assert_eq!(retry_after_ms(date, now), Some(4_500.0));
        assert_eq!(
            retry_after_ms(date, now + 60_000.0),
            Some(0.0),
            "in the past"
        );
        assert_eq!(
            retry_after_ms("Thu, 01 Jan 1970 00:00:10 GMT", 0.0),
            Some(10_000.0)
        );
        assert_eq!(
            retry_after_ms("Tue, 29 Feb 2028 23:59:59 GMT", 0.0),
            Some(1_835_481_599_000.0)
        );
        for bad in [
            "Wed, 21 Oct 2015 07:28:00 UTC",
            "Wednesday, 21-Oct-15 07:28:00 GMT",
            "Wed Oct 21 07:28:00 2015",
            "Wed, 21 Okt 2015 07:28:00 GMT",
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 24:28:00 GMT",
            "Wed, 21 Oct 2015 07:28 GMT",
            "Wed, 1 Oct 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 07:28:00:00 GMT",
            "é, 21 Oct 2015 07:28:00 GMT",
        ] {
            assert_eq!(retry_after_ms(bad, 0.0), None, "{bad}");
        }
    }

    #[test]
    fn policy_is_read_from_options() {
        use serde_json::json;
        assert_eq!(
            RetryPolicy::from_value(&json!(null)).unwrap(),
            RetryPolicy::default()
        );
        assert_eq!(
            RetryPolicy::from_value(&json!(true)).unwrap(),
            RetryPolicy::default()
        );
        assert_eq!(
            RetryPolicy::from_value(&json!(false)).unwrap(),
            RetryPolicy::NEVER
        );
        let p = RetryPolicy::from_value(&json!({"retries": 5, "baseDelayMs": 10})).unwrap();
        assert_eq!(
            (p.retries, p.base_delay_ms, p.max_delay_ms),
            (5, 10.0, 4000.0)
        );
        for bad in [
            json!({"retries": -1}),
            json!({"retries": 1.5}),
            json!({"tries": 1}),
            json!(3),
        ] {
            assert!(RetryPolicy::from_value(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn policy_is_checked() {
        assert!(RetryPolicy {
            base_delay_ms: -1.0,
            ..RetryPolicy::default()
        }
        .checked()
        .is_err());
        assert!(RetryPolicy {
            max_delay_ms: f64::NAN,
            ..RetryPolicy::default()
        }
        .checked()
        .is_err());
        assert!(RetryPolicy {
            retries: 100,
            ..RetryPolicy::default()
        }
        .checked()
        .is_err());
        assert!(RetryPolicy::default().checked().is_ok());
    }
}
