//! Cron schedules: validation codes and messages, fire times at fixed instants, descriptions,

// Helpers outside #[test] fns are not covered by clippy.toml's test allowances.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unwrap_used)]
//! and property tests against an independent brute-force matcher.

use nosana_deployments::deployment::schedule::{self, CronErrorKind, CronField};
use proptest::prelude::*;

/// Unix ms of a UTC civil time, counted naively (independent of the library's algorithm).
fn ms(y: i64, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
    fn leap(y: i64) -> bool {
        (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    }
    let mut days: i64 = 0;
    for year in 1970..y {
        days += if leap(year) { 366 } else { 365 };
    }
    let lengths = [
        31,
        if leap(y) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    for m in 1..mo {
        days += lengths[(m - 1) as usize];
    }
    days += i64::from(d) - 1;
    ((days * 24 + i64::from(h)) * 60 + i64::from(mi)) * 60_000
}

fn next(expr: &str, from: i64, n: usize) -> Vec<String> {
    schedule::next_times(expr, from as f64, n)
        .unwrap_or_else(|e| panic!("{expr}: {e}"))
        .into_iter()
        .map(schedule::format_iso)
        .collect()
}

#[test]
fn helper_matches_known_instants() {
    assert_eq!(ms(2026, 1, 31, 3, 0), 1_769_828_400_000);
    assert_eq!(ms(2096, 3, 1, 0, 0), 3_981_398_400_000);
}

#[test]
fn fire_times_at_fixed_instants() {
    let cases: &[(&str, i64, &[&str])] = &[
        // month end rolls into the next month
        (
            "30 2 * * *",
            ms(2026, 1, 31, 3, 0),
            &["2026-02-01T02:30:00.000Z", "2026-02-02T02:30:00.000Z"],
        ),
        // L: last day of the month, leap February
        (
            "0 0 L * *",
            ms(2024, 1, 15, 0, 0),
            &[
                "2024-01-31T00:00:00.000Z",
                "2024-02-29T00:00:00.000Z",
                "2024-03-31T00:00:00.000Z",
                "2024-04-30T00:00:00.000Z",
            ],
        ),
        // Feb 29 only in leap years
        (
            "0 0 29 2 *",
            ms(2025, 1, 1, 0, 0),
            &["2028-02-29T00:00:00.000Z", "2032-02-29T00:00:00.000Z"],
        ),
        // 2100 is not a leap year: an 8-year gap, still found
        (
            "0 0 29 2 *",
            ms(2096, 3, 1, 0, 0),
            &["2104-02-29T00:00:00.000Z"],
        ),
        // 5L: last Friday
        (
            "0 12 * * 5L",
            ms(2026, 1, 1, 0, 0),
            &[
                "2026-01-30T12:00:00.000Z",
                "2026-02-27T12:00:00.000Z",
                "2026-03-27T12:00:00.000Z",
            ],
        ),
        // #: first Monday
        (
            "0 9 * * 1#1",
            ms(2026, 1, 1, 0, 0),
            &[
                "2026-01-05T09:00:00.000Z",
                "2026-02-02T09:00:00.000Z",
                "2026-03-02T09:00:00.000Z",
            ],
        ),
        // names with #
        (
            "0 9 * * sun#2",
            ms(2026, 1, 1, 0, 0),
            &["2026-01-11T09:00:00.000Z", "2026-02-08T09:00:00.000Z"],
        ),
        // day-of-month and day-of-week both restricted: either matches (OR)
        (
            "0 0 10 * 5",
            ms(2026, 3, 1, 0, 0),
            &[
                "2026-03-06T00:00:00.000Z",
                "2026-03-10T00:00:00.000Z",
                "2026-03-13T00:00:00.000Z",
                "2026-03-20T00:00:00.000Z",
            ],
        ),
        // ranges, steps and names; skips April–December to the next year
        (
            "*/20 9-10 * JAN-MAR MON-FRI",
            ms(2026, 3, 31, 10, 45),
            &[
                "2027-01-01T09:00:00.000Z",
                "2027-01-01T09:20:00.000Z",
                "2027-01-01T09:40:00.000Z",
                "2027-01-01T10:00:00.000Z",
            ],
        ),
        // 7 = Sunday
        (
            "0 0 * * 7",
            ms(2026, 1, 1, 0, 0),
            &["2026-01-04T00:00:00.000Z", "2026-01-11T00:00:00.000Z"],
        ),
        (
            "0 0 * * 5-7",
            ms(2026, 1, 1, 0, 0),
            &[
                "2026-01-02T00:00:00.000Z",
                "2026-01-03T00:00:00.000Z",
                "2026-01-04T00:00:00.000Z",
                "2026-01-09T00:00:00.000Z",
            ],
        ),
        // a/n means a-max/n
        (
            "5/15 0 * * *",
            ms(2026, 1, 1, 0, 0),
            &[
                "2026-01-01T00:05:00.000Z",
                "2026-01-01T00:20:00.000Z",
                "2026-01-01T00:35:00.000Z",
                "2026-01-01T00:50:00.000Z",
                "2026-01-02T00:05:00.000Z",
            ],
        ),
        // 31st: months without one are skipped
        (
            "0 0 31 * *",
            ms(2026, 4, 1, 0, 0),
            &[
                "2026-05-31T00:00:00.000Z",
                "2026-07-31T00:00:00.000Z",
                "2026-08-31T00:00:00.000Z",
            ],
        ),
        // year end
        (
            "59 23 31 12 *",
            ms(2026, 6, 1, 0, 0),
            &["2026-12-31T23:59:00.000Z", "2027-12-31T23:59:00.000Z"],
        ),
        // ? is a wildcard; */1 in day-of-month is NOT (cron-parser), so OR makes it every day
        (
            "0 0 ? * MON",
            ms(2026, 1, 1, 0, 0),
            &["2026-01-05T00:00:00.000Z", "2026-01-12T00:00:00.000Z"],
        ),
        (
            "0 0 */1 * MON",
            ms(2026, 1, 1, 0, 0),
            &["2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z"],
        ),
        // a day-of-week step selects Sunday only when it lands on 7: 2-7/2 is Tue, Thu, Sat…
        (
            "0 0 * * 2-7/2",
            ms(2026, 1, 1, 0, 0) - 1,
            &[
                "2026-01-01T00:00:00.000Z",
                "2026-01-03T00:00:00.000Z",
                "2026-01-06T00:00:00.000Z",
                "2026-01-08T00:00:00.000Z",
            ],
        ),
        // … and 1-7/2 (= mon/2) is Mon, Wed, Fri, Sun
        (
            "0 0 * * mon/2",
            ms(2026, 1, 1, 0, 0),
            &[
                "2026-01-02T00:00:00.000Z",
                "2026-01-04T00:00:00.000Z",
                "2026-01-05T00:00:00.000Z",
                "2026-01-07T00:00:00.000Z",
            ],
        ),
        // # narrows the day-of-week side of the OR only: the 15th, or the 2nd Monday
        (
            "0 0 15 * 1#2",
            ms(2026, 1, 1, 0, 0),
            &[
                "2026-01-12T00:00:00.000Z",
                "2026-01-15T00:00:00.000Z",
                "2026-02-09T00:00:00.000Z",
                "2026-02-15T00:00:00.000Z",
            ],
        ),
        // a day-of-month covering the whole month makes the OR fire every day
        (
            "0 0 1-31 * 1#2",
            ms(2026, 1, 1, 0, 0),
            &["2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z"],
        ),
    ];
    for (expr, from, expected) in cases {
        assert_eq!(next(expr, *from, expected.len()), *expected, "{expr}");
    }
}

#[test]
fn fire_times_are_strictly_after_the_start() {
    let at = ms(2026, 1, 1, 2, 30);
    assert_eq!(next("30 2 * * *", at, 1), ["2026-01-02T02:30:00.000Z"]);
    assert_eq!(next("30 2 * * *", at - 1, 1), ["2026-01-01T02:30:00.000Z"]);
    assert_eq!(next("* * * * *", at + 500, 1), ["2026-01-01T02:31:00.000Z"]);
    // before 1970 (1969-06-01)
    assert_eq!(
        next("0 0 1 1 *", -18_489_600_000, 1),
        ["1970-01-01T00:00:00.000Z"]
    );
}

#[test]
fn next_times_errors() {
    let e = schedule::next_times("0 0 31 2 *", 0.0, 1).unwrap_err();
    assert_eq!(e.kind, CronErrorKind::NeverFires);
    assert_eq!(e.code, "cronNeverFires");
    for bad in [f64::NAN, f64::INFINITY, 9e15] {
        let e = schedule::next_times("* * * * *", bad, 1).unwrap_err();
        assert_eq!(e.kind, CronErrorKind::BadArgument);
    }
    let e = schedule::next_times("* * * * *", 0.0, 1001).unwrap_err();
    assert_eq!(e.kind, CronErrorKind::BadArgument);
    assert_eq!(
        schedule::next_times("* * * * *", 0.0, 0).unwrap(),
        Vec::<i64>::new()
    );
    assert_eq!(
        schedule::next_times("* * * * *", 0.0, 1000).unwrap().len(),
        1000
    );
    // past the end of the JS Date range
    let e = schedule::next_times("0 0 1 1 *", 8.64e15, 1).unwrap_err();
    assert_eq!(e.kind, CronErrorKind::BadArgument);
}

#[test]
fn invalid_schedules_have_codes_fields_and_reasons() {
    use CronField::*;
    let cases: &[(&str, &str, Option<CronField>, &str)] = &[
        (
            "61 * * * *",
            "invalidCron",
            Some(Minute),
            "minute 61 is out of range 0–59",
        ),
        (
            "0 24 * * *",
            "invalidCron",
            Some(Hour),
            "hour 24 is out of range 0–23",
        ),
        (
            "0 0 0 * *",
            "invalidCron",
            Some(DayOfMonth),
            "day-of-month 0 is out of range 1–31",
        ),
        (
            "0 0 32 * *",
            "invalidCron",
            Some(DayOfMonth),
            "day-of-month 32 is out of range 1–31",
        ),
        (
            "0 0 * 13 *",
            "invalidCron",
            Some(Month),
            "month 13 is out of range 1–12",
        ),
        (
            "0 0 * 0 *",
            "invalidCron",
            Some(Month),
            "month 0 is out of range 1–12",
        ),
        (
            "0 0 * * 8",
            "invalidCron",
            Some(DayOfWeek),
            "day-of-week 8 is out of range 0–7",
        ),
        (
            "99999999999999 * * * *",
            "invalidCron",
            Some(Minute),
            "out of range 0–59",
        ),
        (
            "H * * * *",
            "invalidCron",
            Some(Minute),
            "H (hash), which is not supported",
        ),
        ("0 H(0-5) * * *", "invalidCron", Some(Hour), "H (hash)"),
        (
            "0 0 * * L",
            "invalidCron",
            Some(DayOfWeek),
            "needs a weekday before it",
        ),
        (
            "0 0 5L * *",
            "invalidCron",
            Some(DayOfMonth),
            "L stands alone",
        ),
        (
            "0 0 L-2 * *",
            "invalidCron",
            Some(DayOfMonth),
            "L stands alone",
        ),
        (
            "0 0 * * 1-5L",
            "invalidCron",
            Some(DayOfWeek),
            "write nL with one weekday",
        ),
        (
            "0 L * * *",
            "invalidCron",
            Some(Hour),
            "invalid character 'L'",
        ),
        (
            "0 0 * * 1#6",
            "invalidCron",
            Some(DayOfWeek),
            "occurrence after # must be 1–5",
        ),
        (
            "0 0 * * 1#0",
            "invalidCron",
            Some(DayOfWeek),
            "occurrence after # must be 1–5",
        ),
        (
            "0 0 * * 1#2,3",
            "invalidCron",
            Some(DayOfWeek),
            "# takes a single weekday",
        ),
        (
            "0 0 * * 1-2#2",
            "invalidCron",
            Some(DayOfWeek),
            "# takes a single weekday",
        ),
        (
            "0 0 * * 1#2#3",
            "invalidCron",
            Some(DayOfWeek),
            "more than one #",
        ),
        (
            "0 0 1# * *",
            "invalidCron",
            Some(DayOfMonth),
            "invalid character '#'",
        ),
        (
            "0 0 * * jan",
            "invalidCron",
            Some(DayOfWeek),
            "\"jan\", which is a month name, not a day name",
        ),
        (
            "0 0 * mon *",
            "invalidCron",
            Some(Month),
            "\"mon\", which is a day name, not a month name",
        ),
        (
            "0 0 * * monday",
            "invalidCron",
            Some(DayOfWeek),
            "unknown name \"monday\"",
        ),
        (
            "0 0 * * xyz",
            "invalidCron",
            Some(DayOfWeek),
            "unknown name \"xyz\"",
        ),
        (
            "5-1 * * * *",
            "invalidCron",
            Some(Minute),
            "range 5-1 is backwards",
        ),
        (
            "1-2-3 * * * *",
            "invalidCron",
            Some(Minute),
            "malformed range",
        ),
        ("1- * * * *", "invalidCron", Some(Minute), "is not a number"),
        (
            "*/0 * * * *",
            "invalidCron",
            Some(Minute),
            "step in \"*/0\" must be at least 1",
        ),
        (
            "*/x * * * *",
            "invalidCron",
            Some(Minute),
            "invalid character 'x'",
        ),
        (
            "*/5-6 * * * *",
            "invalidCron",
            Some(Minute),
            "step \"5-6\" in \"*/5-6\" is not a whole number",
        ),
        (
            "1/2/3 * * * *",
            "invalidCron",
            Some(Minute),
            "more than one /",
        ),
        (
            "1,,2 * * * *",
            "invalidCron",
            Some(Minute),
            "empty list item",
        ),
        (
            "1,1 * * * *",
            "invalidCron",
            Some(Minute),
            "selects 1 twice",
        ),
        (
            "*/5,10 * * * *",
            "invalidCron",
            Some(Minute),
            "selects 10 twice",
        ),
        // cron-parser sorts first: of several duplicates, the smallest is named
        (
            "9,5,9,5 * * * *",
            "invalidCron",
            Some(Minute),
            "selects 5 twice",
        ),
        (
            "0 0 * * 1,1-5",
            "invalidCron",
            Some(DayOfWeek),
            "selects 1 twice",
        ),
        (
            "0 0 L,L * *",
            "invalidCron",
            Some(DayOfMonth),
            "selects L twice",
        ),
        // cron-parser 5 throws on a duplicate 0 too, and 7 is Sunday like 0
        (
            "0,0 0 * * *",
            "invalidCron",
            Some(Minute),
            "selects 0 twice",
        ),
        (
            "0 0 * * 0,7",
            "invalidCron",
            Some(DayOfWeek),
            "selects 0 twice (7 is Sunday too",
        ),
        (
            "0 0 * * 1-7,0",
            "invalidCron",
            Some(DayOfWeek),
            "selects 0 twice",
        ),
        // names stand alone (cron-parser 5 throws on these)
        (
            "0 0 * janfeb *",
            "invalidCron",
            Some(Month),
            "a name stands alone",
        ),
        (
            "0 0 * 1jan *",
            "invalidCron",
            Some(Month),
            "a name stands alone",
        ),
        (
            "0 0 * * */mon",
            "invalidCron",
            Some(DayOfWeek),
            "a name stands alone",
        ),
        (
            "0 0 * * monday",
            "invalidCron",
            Some(DayOfWeek),
            "unknown name \"monday\"",
        ),
        (
            "a * * * *",
            "invalidCron",
            Some(Minute),
            "invalid character 'a'",
        ),
        ("0 0 ? * *", "", None, ""),
        (
            "? * * * *",
            "invalidCron",
            Some(Minute),
            "invalid character '?'",
        ),
        (
            "@daily",
            "cronFieldCount",
            None,
            "@daily and other aliases are refused",
        ),
        (
            "0 0 * * * *",
            "cronFieldCount",
            None,
            "found 6 (seconds are not supported",
        ),
        ("* * * *", "cronFieldCount", None, "found 4"),
        ("", "cronFieldCount", None, "found 0"),
        ("   ", "cronFieldCount", None, "found 0"),
        (
            "0 0 31 2 *",
            "cronNeverFires",
            None,
            "day-of-month 31 does not occur in February",
        ),
        (
            "0 0 30 2 *",
            "cronNeverFires",
            None,
            "day-of-month 30 does not occur in February",
        ),
        (
            "0 0 31 4,6,9,11 *",
            "cronNeverFires",
            None,
            "day-of-month 31 does not occur in April, June, September or November",
        ),
        ("0 0 * 2 1#5", "cronTooRare", None, "years without firing"),
    ];
    for (expr, code, field, fragment) in cases {
        let issues = schedule::validate(expr);
        if code.is_empty() {
            assert!(issues.is_empty(), "{expr}: {issues:?}");
            continue;
        }
        assert_eq!(issues.len(), 1, "{expr}: {issues:?}");
        let issue = &issues[0];
        assert_eq!(issue.code, *code, "{expr}: {}", issue.message);
        assert!(issue.is_error());
        assert!(issue.path.is_empty());
        assert!(
            issue.message.contains(fragment),
            "{expr}: {:?} lacks {fragment:?}",
            issue.message
        );
        let err = schedule::parse(expr).unwrap_err();
        assert_eq!(err.field, *field, "{expr}");
        assert_eq!(err.code, *code);
    }
}

#[test]
fn valid_schedules() {
    for expr in [
        "* * * * *",
        "*/15 * * * *",
        "0 0 1,15 * *",
        "0 0 L * *",
        "0 0 1,L * *",
        "0 0 * * 5L",
        "0 0 * * 1L,5L",
        "0 0 * * 1#2",
        "0 0 * * 7#1",
        "0 0 ? * ?",
        "0 0 * * 1-7",
        "0 0 * * mon/2",
        "15 10 * JAN-dec sun-sat",
        "15 10 * Jan,Feb Mon",
        " 0 0 * * * ",
        "0\t0 *  * *",
        "0 0 29 2 *",
        "0 0 29 2 1",
        "59 23 31 12 *",
        "0-59/7 0-23/5 1-31/3 1-12/2 0-6/2",
        "05 09 * * *",
        "*/90 * * * *",
    ] {
        assert_eq!(schedule::validate(expr), vec![], "{expr}");
        assert!(schedule::parse(expr).is_ok(), "{expr}");
    }
}

#[test]
fn descriptions() {
    for (expr, text) in [
        ("* * * * *", "every minute"),
        ("*/15 * * * *", "every 15 minutes"),
        ("0 * * * *", "every hour"),
        ("5 * * * *", "every hour at minute 5"),
        ("30 2 * * *", "every day at 02:30 UTC"),
        ("0 */6 * * *", "every 6 hours"),
        ("0 9 * * 1-5", "at 09:00 UTC on Monday through Friday"),
        ("0 9 * * MON-FRI", "at 09:00 UTC on Monday through Friday"),
        (
            "0 9 * * 1,3,5",
            "at 09:00 UTC on Monday, Wednesday and Friday",
        ),
        ("0 0 * * 7", "at 00:00 UTC on Sunday"),
        ("0 0 L * *", "at 00:00 UTC on the last day of the month"),
        ("0 0 * * 5L", "at 00:00 UTC on the last Friday of the month"),
        ("0 9 * * 1#1", "at 09:00 UTC on the 1st Monday of the month"),
        (
            "0 0 1 1 *",
            "at 00:00 UTC on the 1st of the month in January",
        ),
        (
            "0 0 * jan,jul *",
            "every day at 00:00 UTC in January and July",
        ),
        (
            "0 0 10 * 5",
            "at 00:00 UTC on the 10th of the month or on Friday",
        ),
        ("0 8,20 * * *", "every day at 08:00 and 20:00 UTC"),
        // */1 is not a wildcard for cron-parser, so the OR with Monday fires every day
        ("0 0 */1 * MON", "every day at 00:00 UTC"),
        ("0 0 15 * 0-6", "every day at 00:00 UTC"),
        ("0 0 15 * ?", "at 00:00 UTC on the 15th of the month"),
        (
            "0 0 ? * 1L,5L",
            "at 00:00 UTC on the last Monday of the month and the last Friday of the month",
        ),
        (
            "15,45 9-17 * * 1-5",
            "at minute 15 and 45, during hour 09 through 17 UTC on Monday through Friday",
        ),
    ] {
        assert_eq!(schedule::describe(expr).unwrap(), text, "{expr}");
    }
    assert_eq!(
        schedule::describe("61 * * * *").unwrap_err().message,
        "minute 61 is out of range 0–59"
    );
}

// ------------------------------------------------------------------------------------------
// Property tests: generated expressions (numbers, ranges, steps, lists, *) checked against a
// brute-force matcher that works from the generated structure, not from the library's parser.

#[derive(Debug, Clone)]
enum Part {
    Star,
    StarStep(u32),
    Value(u32),
    Range(u32, u32),
    RangeStep(u32, u32, u32),
}

fn part(lo: u32, hi: u32) -> impl Strategy<Value = Part> {
    prop_oneof![
        Just(Part::Star),
        (1..=hi.max(2)).prop_map(Part::StarStep),
        (lo..=hi).prop_map(Part::Value),
        (lo..=hi, lo..=hi).prop_map(|(a, b)| Part::Range(a.min(b), a.max(b))),
        (lo..=hi, lo..=hi, 1..=hi.max(2)).prop_map(|(a, b, s)| Part::RangeStep(
            a.min(b),
            a.max(b),
            s
        )),
    ]
}

fn render(p: &Part) -> String {
    match p {
        Part::Star => "*".into(),
        Part::StarStep(s) => format!("*/{s}"),
        Part::Value(v) => v.to_string(),
        Part::Range(a, b) => format!("{a}-{b}"),
        Part::RangeStep(a, b, s) => format!("{a}-{b}/{s}"),
    }
}

fn values(p: &Part, lo: u32, hi: u32) -> Vec<u32> {
    match p {
        Part::Star => (lo..=hi).collect(),
        Part::StarStep(s) => (lo..=hi).step_by(*s as usize).collect(),
        Part::Value(v) => vec![*v],
        Part::Range(a, b) => (*a..=*b).collect(),
        Part::RangeStep(a, b, s) => (*a..=*b).step_by(*s as usize).collect(),
    }
}

#[derive(Debug, Clone)]
struct Spec {
    minute: Part,
    hour: Part,
    dom: Part,
    month: Part,
    dow: Part,
}

impl Spec {
    fn expr(&self) -> String {
        format!(
            "{} {} {} {} {}",
            render(&self.minute),
            render(&self.hour),
            render(&self.dom),
            render(&self.month),
            render(&self.dow)
        )
    }

    /// Vixie-cron/cron-parser matching, written from scratch.
    fn matches(&self, t: i64) -> bool {
        if t % 60_000 != 0 {
            return false;
        }
        let minutes = t.div_euclid(60_000);
        let minute = (minutes % 60) as u32;
        let hour = ((minutes / 60) % 24) as u32;
        let mut days = minutes.div_euclid(1440);
        let dow = ((days + 4).rem_euclid(7)) as u32; // 1970-01-01 was a Thursday
        let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let mut year = 1970;
        loop {
            let len = if leap(year) { 366 } else { 365 };
            if days < len {
                break;
            }
            days -= len;
            year += 1;
        }
        let lengths = [
            31,
            if leap(year) { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        let mut month = 1;
        for len in lengths {
            if days < len {
                break;
            }
            days -= len;
            month += 1;
        }
        let dom = days as u32 + 1;
        // 7 is Sunday; a step that does not land on 7 does not select Sunday (cron-parser 5).
        let dow_values: Vec<u32> = values(&self.dow, 0, 7).into_iter().map(|v| v % 7).collect();
        let dom_ok = values(&self.dom, 1, 31).contains(&dom);
        let dow_ok = dow_values.contains(&dow);
        let day_ok = match (
            matches!(self.dom, Part::Star),
            matches!(self.dow, Part::Star),
        ) {
            (false, false) => dom_ok || dow_ok,
            (true, false) => dow_ok,
            (_, true) => dom_ok,
        };
        day_ok
            && values(&self.minute, 0, 59).contains(&minute)
            && values(&self.hour, 0, 23).contains(&hour)
            && values(&self.month, 1, 12).contains(&month)
    }
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        part(0, 59),
        part(0, 23),
        part(1, 31),
        part(1, 12),
        part(0, 7),
    )
        .prop_map(|(minute, hour, dom, month, dow)| Spec {
            minute,
            hour,
            dom,
            month,
            dow,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn fire_times_increase_and_match(spec in spec(), from in 0i64..4_000_000_000_000i64) {
        let expr = spec.expr();
        match schedule::parse(&expr) {
            Ok(cron) => {
                let times = schedule::next_times(&expr, from as f64, 5);
                let Ok(times) = times else {
                    // Only schedules with gaps over 10 years may fail, and those are refused.
                    prop_assert!(false, "{expr}: {times:?}");
                    return Ok(());
                };
                let mut previous = from;
                for t in &times {
                    prop_assert!(*t > previous, "{expr}: {t} <= {previous}");
                    prop_assert!(spec.matches(*t), "{expr}: {} does not match", schedule::format_iso(*t));
                    prop_assert!(cron.matches(*t));
                    previous = *t;
                }
                // Nothing is skipped: no minute between `from` and the first fire matches
                // (checked when the gap is under 3 days).
                let first = times[0];
                let mut t = (from.div_euclid(60_000) + 1) * 60_000;
                if first - t < 3 * 86_400_000 {
                    while t < first {
                        prop_assert!(!spec.matches(t), "{expr}: skipped {}", schedule::format_iso(t));
                        t += 60_000;
                    }
                }
            }
            Err(e) => {
                // The generator only yields well-formed fields; the only refusals are schedules
                // that never fire (e.g. 30-31 February) — check that with the brute force.
                prop_assert!(matches!(e.kind, CronErrorKind::NeverFires | CronErrorKind::TooRare), "{expr}: {e}");
                let start = ms(2000, 1, 1, 0, 0);
                let minute = i64::from(values(&spec.minute, 0, 59)[0]);
                let hour = i64::from(values(&spec.hour, 0, 23)[0]);
                let fired = (0..366 * 8).any(|d| {
                    spec.matches(start + d * 86_400_000 + (hour * 60 + minute) * 60_000)
                });
                prop_assert!(!fired || e.kind == CronErrorKind::TooRare, "{expr} fires but was refused");
            }
        }
    }

    #[test]
    fn validate_never_panics(text in "\\PC{0,40}") {
        let _ = schedule::validate(&text);
        let _ = schedule::describe(&text);
    }

    #[test]
    fn validate_never_panics_on_cron_like_text(text in "[0-9*/,#?LHa-z -]{0,30}") {
        let issues = schedule::validate(&text);
        prop_assert!(issues.len() <= 1);
    }
}

#[test]
fn extreme_instants_do_not_overflow() {
    let cron = schedule::parse("* * * * *").unwrap();
    assert_eq!(cron.next_after(i64::MAX), None);
    assert_eq!(
        cron.next_after(i64::MAX - 60_000),
        Some(9_223_372_036_854_720_000)
    );
    assert!(cron.next_after(i64::MIN / 2).is_some());
    assert!(!cron.matches(i64::MAX));
    // i64::MIN / 2 ms is about 146 million years before 1970: a negative year, no overflow.
    let iso = schedule::format_iso(i64::MIN / 2);
    assert!(iso.starts_with("-146") && iso.ends_with('Z'), "{iso}");
    assert_eq!(
        schedule::next_times("* * * * *", -8.64e15, 1).unwrap(),
        vec![-8_640_000_000_000_000 + 60_000]
    );
}

#[test]
fn overlong_schedules_are_refused_cheaply() {
    // A list of repeated ranges used to expand without bound (robustness R5).
    let expr = format!("{}1 * * * *", "0-59,".repeat(200_000));
    // Refused by length before any expansion (asserted below); speed is the bench's to measure.
    let issues = nosana_deployments::deployment::schedule::validate(&expr);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].code, "invalidCron");
    assert!(
        issues[0].message.contains("at most 1024"),
        "{}",
        issues[0].message
    );
    // Under the limit, a long (space-padded) schedule still parses.
    let at_limit = format!("{}0 * * * *", " ".repeat(1014));
    assert!(at_limit.len() <= 1024);
    assert!(nosana_deployments::deployment::schedule::validate(&at_limit).is_empty());
}
