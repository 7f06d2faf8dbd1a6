//! Cron schedules: parse, validate, next fire times from a fuzzed start, describe.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use nosana_deployments::deployment::schedule;

#[derive(Debug, Arbitrary)]
struct Input {
    /// Raw start time: as unix ms (any i64, the JS Date range is ±8.64e15) or as an f64 bit pattern.
    start: i64,
    start_is_float: bool,
    count: u8,
    expr: String,
}

fuzz_target!(|input: Input| {
    let expr = input.expr.as_str();
    let parsed = schedule::parse(expr);
    let issues = schedule::validate(expr);
    for issue in &issues {
        assert!(issue.pointer.is_empty(), "schedule issues have an empty path: {issue:?}");
    }
    if parsed.is_ok() {
        assert!(issues.is_empty(), "parse ok but validate reports {issues:?} for {expr:?}");
    }
    let described = schedule::describe(expr);
    if parsed.is_err() {
        assert!(described.is_err(), "describe accepted {expr:?} that parse refused");
    }
    if let Ok(text) = &described {
        assert!(!text.is_empty(), "empty description for {expr:?}");
    }

    let from = if input.start_is_float {
        f64::from_bits(input.start as u64)
    } else {
        // Keep most integer starts inside the Date range so the search itself gets exercised.
        (input.start % 8_640_000_000_000_001) as f64
    };
    // Small counts keep each run fast; the cap itself is tested in tests/robustness_limits.rs.
    let count = usize::from(input.count % 8);
    match schedule::next_times(expr, from, count) {
        Ok(times) => {
            let cron = parsed.as_ref().expect("next_times succeeded on a schedule parse refused");
            assert!(from.is_finite(), "next_times accepted a non-finite start");
            assert_eq!(times.len(), count);
            let mut prev = from.floor() as i64;
            for &t in &times {
                assert!(t > prev, "fire times not strictly increasing: {times:?} from {from}");
                assert!(t.abs() <= 8_640_000_000_000_000, "fire time outside the Date range");
                assert_eq!(t % 60_000, 0, "fire time not on a whole minute: {t}");
                assert!(cron.matches(t), "{expr:?} does not match its own fire time {t}");
                prev = t;
            }
            let _ = times.iter().map(|&t| schedule::format_iso(t)).count();
        }
        Err(err) => {
            assert!(!err.message.is_empty(), "empty CronError message");
        }
    }
});
