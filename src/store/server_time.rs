//! The one clock: the server's time, measured from the timestamps it writes. A timestamp the
//! server has just written (an `updated_at` in the answer to a write, a live event's
//! `created_at`) is at most "now" on the server's clock, so `timestamp − local now` is a lower
//! bound of the offset between the clocks; the store keeps the largest bound it has seen. No
//! Date header: the client core does not hand response headers up.

/// Milliseconds since the Unix epoch of an RFC 3339 / ISO 8601 UTC timestamp
/// (`2026-12-07T11:05:54.123Z`, fractional seconds optional, `Z` or `+00:00`); `None` otherwise.
pub fn parse_iso_ms(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let s = text.get(from..from + len)?;
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, s) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut i = 19;
    let mut frac = 0.0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let digits = text.get(start..i)?;
        if digits.is_empty() {
            return None;
        }
        frac = format!("0.{digits}").parse::<f64>().ok()? * 1000.0;
    }
    match text.get(i..)? {
        "Z" | "z" | "+00:00" => {}
        _ => return None,
    }
    // `mo` and `d` were range-checked above.
    let days = crate::deployment::civil::days_from_civil(y, mo as u32, d as u32);
    let secs = days * 86_400 + h * 3600 + mi * 60 + s;
    Some(secs as f64 * 1000.0 + frac.floor())
}

/// The measured offset: server clock − local clock.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ServerTime {
    offset_ms: Option<f64>,
}

impl ServerTime {
    /// The offset in ms (0 until something was measured).
    pub fn offset_ms(&self) -> f64 {
        self.offset_ms.unwrap_or(0.0)
    }

    /// Whether anything was measured yet.
    pub fn measured(&self) -> bool {
        self.offset_ms.is_some()
    }

    /// Takes `timestamp` (written by the server no later than now) seen at local time
    /// `local_ms`. Returns whether the offset changed.
    pub fn observe(&mut self, timestamp: &str, local_ms: f64) -> bool {
        let Some(server_ms) = parse_iso_ms(timestamp) else {
            return false;
        };
        let bound = (server_ms - local_ms).round();
        if self.offset_ms.is_some_and(|o| o >= bound) {
            return false;
        }
        self.offset_ms = Some(bound);
        true
    }

    /// Local ms → server ms.
    pub fn server_ms(&self, local_ms: f64) -> f64 {
        local_ms + self.offset_ms()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_utc_timestamps() {
        assert_eq!(parse_iso_ms("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(
            parse_iso_ms("2026-12-07T11:05:54.123Z"),
            Some(1_796_641_554_123.0)
        );
        assert_eq!(
            parse_iso_ms("2026-12-07T11:05:54+00:00"),
            Some(1_796_641_554_000.0)
        );
        assert_eq!(parse_iso_ms("2026-12-07T11:05:54+01:00"), None);
        assert_eq!(parse_iso_ms("yesterday"), None);
    }

    #[test]
    fn keeps_the_largest_lower_bound() {
        let mut t = ServerTime::default();
        assert_eq!(t.offset_ms(), 0.0);
        assert!(t.observe("1970-01-01T00:00:10Z", 4_000.0));
        assert_eq!(t.offset_ms(), 6_000.0);
        // An older timestamp says less: kept.
        assert!(!t.observe("1970-01-01T00:00:01Z", 5_000.0));
        assert!(t.observe("1970-01-01T00:01:00Z", 5_000.0));
        assert_eq!(t.server_ms(10_000.0), 65_000.0);
    }
}
