//! The schedule semantics on `croner`: whether an instant fires and the next fire time.
//!
//! Our front end (`schedule.rs`) parses and judges the text and hands over plain value sets; this
//! module writes them as a canonical croner pattern (number lists, `L`, `nL`, `n#k`, and `*` only
//! where the schedule says `*` or `?`, which is what decides cron-parser's day-of-month /
//! day-of-week OR rule) and lets croner match and search. croner's default mode is that rule
//! (Vixie cron), with `#` and `nL` counted on the day-of-week side only, as cron-parser 5 does;
//! `tests/differential/cron.test.mjs` checks the result against cron-parser itself.
//!
//! croner searches years 1 to 5000 and the JavaScript `Date` range is ±275 760 years. A UTC
//! calendar repeats every 400 years (146 097 days, a whole number of weeks), so every search
//! runs on the instant moved by whole cycles into years 2370–2770 and the answer is moved back.

use core::cmp::Ordering;

use croner::errors::CronError as CronerError;
use croner::parser::{CronParser, Seconds, Year};
use croner::{CivilDate, CivilDateTime, CivilTime, Cron, CronDateTime, Resolution, Weekday};

use super::super::civil::{
    civil_from_days, days_from_civil, weekday_from_days, MS_PER_DAY, MS_PER_MINUTE,
};
use super::Fields;

/// One 400-year Gregorian cycle, in milliseconds.
const CYCLE_MS: i64 = 146_097 * MS_PER_DAY;
const MS_PER_SECOND: i64 = 1000;
const SECONDS_PER_DAY: i64 = 86_400;

/// A schedule ready to match and search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Engine {
    cron: Cron,
}

/// The members of a bit set, as a croner list.
fn list(set: u64, lo: u32, hi: u32) -> Vec<String> {
    (lo..=hi)
        .filter(|i| set & (1u64 << i) != 0)
        .map(|i| i.to_string())
        .collect()
}

/// The canonical croner pattern of parsed fields: five fields of number lists, `L`, `nL` and
/// `n#k`, with `*` exactly where the schedule wrote `*` or `?`.
fn pattern(fields: &Fields) -> String {
    let dom = if fields.dom_wildcard {
        "*".to_owned()
    } else {
        let mut items = list(fields.days_of_month.into(), 1, 31);
        if fields.last_day_of_month {
            items.push("L".to_owned());
        }
        items.join(",")
    };
    let dow = if fields.dow_wildcard {
        "*".to_owned()
    } else {
        let mut items = list(fields.days_of_week.into(), 0, 6);
        if fields.nth > 0 {
            items = items
                .iter()
                .map(|d| format!("{d}#{}", fields.nth))
                .collect();
        }
        items.extend(
            list(fields.last_weekdays.into(), 0, 6)
                .iter()
                .map(|d| format!("{d}L")),
        );
        items.join(",")
    };
    format!(
        "{} {} {dom} {} {dow}",
        list(fields.minutes, 0, 59).join(","),
        list(fields.hours.into(), 0, 23).join(","),
        list(fields.months.into(), 1, 12).join(",")
    )
}

impl Engine {
    /// Builds the engine; fails only if croner refuses the canonical pattern (a bug of ours).
    pub(super) fn new(fields: &Fields) -> Result<Self, String> {
        let pattern = pattern(fields);
        CronParser::builder()
            .seconds(Seconds::Disallowed)
            .year(Year::Disallowed)
            .dom_and_dow(false)
            .alternative_weekdays(false)
            .sloppy_ranges(false)
            .build()
            .parse(&pattern)
            .map(|cron| Self { cron })
            .map_err(|e| format!("croner refused the pattern \"{pattern}\": {e}"))
    }

    /// Whether the schedule fires at this instant (whole minutes only).
    pub(super) fn matches(&self, unix_ms: i64) -> bool {
        if unix_ms.rem_euclid(MS_PER_MINUTE) != 0 {
            return false;
        }
        let Some((local, _)) = into_cycle(unix_ms) else {
            return false;
        };
        self.cron
            .is_time_matching(&UtcSecond(local / MS_PER_SECOND))
            .unwrap_or(false)
    }

    /// The first fire time at or after `start_ms` (a whole minute) whose day is at most
    /// `max_days` days after the day of `start_ms`.
    pub(super) fn next_from(&self, start_ms: i64, max_days: i64) -> Option<i64> {
        let (local, shift) = into_cycle(start_ms)?;
        let found = self
            .cron
            .find_next_occurrence(&UtcSecond(local / MS_PER_SECOND), true)
            .ok()?;
        let found_ms = found.0.checked_mul(MS_PER_SECOND)?;
        let days = found_ms.div_euclid(MS_PER_DAY) - local.div_euclid(MS_PER_DAY);
        if days > max_days {
            return None;
        }
        found_ms.checked_add(shift)
    }
}

/// `unix_ms` moved by whole 400-year cycles into years 2370–2770, and the shift to add back.
fn into_cycle(unix_ms: i64) -> Option<(i64, i64)> {
    let offset = unix_ms.rem_euclid(CYCLE_MS);
    let local = offset + CYCLE_MS;
    Some((local, unix_ms.checked_sub(local)?))
}

/// A UTC instant in whole seconds, the time type croner searches over. UTC has no gaps and no
/// repeated hours, so every civil time resolves to exactly one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UtcSecond(i64);

impl CronDateTime for UtcSecond {
    fn to_civil(&self) -> CivilDateTime {
        let (y, m, d) = civil_from_days(self.0.div_euclid(SECONDS_PER_DAY));
        let second_of_day = self.0.rem_euclid(SECONDS_PER_DAY);
        // Searches run in years 2370–2770 (see `into_cycle`), far inside i32.
        let year = i32::try_from(y).unwrap_or(i32::MAX);
        let [h, min, s] = [
            second_of_day / 3600,
            second_of_day / 60 % 60,
            second_of_day % 60,
        ]
        .map(|v| u32::try_from(v).unwrap_or(0));
        CivilDateTime::new(
            CivilDate::from_parts_unchecked(year, m, d),
            CivilTime::from_parts_unchecked(h, min, s),
        )
    }

    fn civil_weekday(&self) -> Weekday {
        Weekday::from_days_from_sunday(weekday_from_days(self.0.div_euclid(SECONDS_PER_DAY)))
    }

    fn resolve_civil(&self, civil: CivilDateTime) -> Result<Resolution<Self>, CronerError> {
        let days = days_from_civil(i64::from(civil.year()), civil.month(), civil.day());
        let seconds = i64::from(civil.hour()) * 3600
            + i64::from(civil.minute()) * 60
            + i64::from(civil.second());
        days.checked_mul(SECONDS_PER_DAY)
            .and_then(|s| s.checked_add(seconds))
            .map(|s| Resolution::Single(UtcSecond(s)))
            .ok_or(CronerError::InvalidDate)
    }

    fn checked_add_seconds(&self, seconds: i64) -> Option<Self> {
        self.0.checked_add(seconds).map(UtcSecond)
    }

    fn cmp_instant(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn pattern_of(expr: &str) -> String {
        parse(expr)
            .map(|c| c.engine.cron.pattern.as_str().to_owned())
            .unwrap_or_else(|e| e.message)
    }

    #[test]
    fn the_front_end_hands_croner_canonical_patterns() {
        let months = "1,2,3,4,5,6,7,8,9,10,11,12";
        let days = (1..=31)
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(
            pattern_of("*/20 9-10 L,1 jan-mar 7#2"),
            "0,20,40 9,10 1,L 1,2,3 0#2"
        );
        assert_eq!(pattern_of("0 0 ? 6 5L,1"), "0 0 * 6 1,5L");
        // `*/1` is not `*`: the day fields stay restricted, so the OR rule applies.
        assert_eq!(
            pattern_of("0 0 */1 * mon-fri"),
            format!("0 0 {days} {months} 1,2,3,4,5")
        );
        assert_eq!(pattern_of("0 0 * * 2-7/2"), format!("0 0 * {months} 2,4,6"));
        assert_eq!(
            pattern_of("0 0 * * 1-7/2"),
            format!("0 0 * {months} 0,1,3,5")
        );
    }

    #[test]
    fn the_cycle_shift_round_trips_over_the_date_range() {
        let limit = 8_640_000_000_000_000;
        for t in [
            -limit,
            -CYCLE_MS - 1,
            -1,
            0,
            1,
            CYCLE_MS,
            2 * CYCLE_MS - 1,
            limit,
        ] {
            let (local, shift) = into_cycle(t).unwrap();
            assert!((CYCLE_MS..2 * CYCLE_MS).contains(&local), "{t}");
            assert_eq!(shift % CYCLE_MS, 0, "{t}");
            assert_eq!(local + shift, t);
        }
        assert_eq!(into_cycle(i64::MIN), None);
    }

    #[test]
    fn a_shifted_search_equals_croner_searching_in_its_own_range() {
        // 1970-01-01, 2026-01-01, 2399-12-31 23:00, 4000-01-01 (all inside croner's years 1–5000).
        let starts = [0, 1_767_225_600_000, 13_569_462_000_000, 64_060_588_800_000];
        for expr in ["0 12 29 2 *", "*/7 3 L * 5L", "0 0 15 * 1#2", "30 6 31 * *"] {
            let cron = parse(expr).unwrap();
            for start in starts {
                let direct = cron
                    .engine
                    .cron
                    .find_next_occurrence(&UtcSecond(start / 1000), true)
                    .unwrap()
                    .0
                    * 1000;
                assert_eq!(
                    cron.engine.next_from(start, 3653),
                    Some(direct),
                    "{expr} {start}"
                );
                assert!(cron.engine.matches(direct));
                assert!(!cron.engine.matches(direct + 1000));
            }
        }
    }
}
