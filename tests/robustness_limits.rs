//! Limits (issue #9): what the implementation does at and beyond each limit on nesting depth,
//! document size, string and key length, number of ops, issue count and schedule arguments, as
//! documented in docs/robustness.md and docs/job-rules.md.

// Helpers outside #[test] fns are not covered by clippy.toml's test allowances.
#![allow(
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used
)]

mod common;

use std::time::{Duration, Instant};

use common::{validate_create, validate_job, validate_update};
use nosana_deployments::deployment::{schedule, Action};
use nosana_deployments::diagnostics::{Issue, Report, ValidateOptions, MAX_ISSUES};
use nosana_deployments::{job, source};
use serde_json::{json, Map, Value};

// The service takes 43–44-character public keys as markets.
const MARKET: &str = "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr";
const OPTS: ValidateOptions = ValidateOptions { warnings: true };

fn body() -> Value {
    json!({
        "name": "web", "market": MARKET, "replicas": 1, "timeout": 60, "strategy": "SIMPLE",
        "confidential": true,
        "job_definition": {"version": "0.1", "type": "container", "ops": [
            {"type": "container/run", "id": "run", "args": {"image": "ubuntu", "cmd": ["echo"]}}]}
    })
}

fn codes(issues: &[Issue]) -> Vec<&'static str> {
    issues.iter().map(|i| i.code).collect()
}

fn nested_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn nested_objects(depth: usize) -> String {
    format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth))
}

/// A hang guard, not a speed target (speed is measured in `bench/`): `f` must finish within a
/// minute, which a linear algorithm does by orders of magnitude on any machine and a quadratic or
/// exponential one on these inputs (megabytes, thousands of levels) never does. A tight budget
/// here would fail on a loaded machine; what keeps each case cheap is asserted by the test itself.
fn within<T>(what: &str, f: impl FnOnce() -> T) -> T {
    const HANG_GUARD: Duration = Duration::from_secs(60);
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(
        took <= HANG_GUARD,
        "{what} took {took:?}: a hang or a blow-up"
    );
    out
}

/// Drops a deeply nested value without recursion (serde_json's `Drop` recurses once per level).
fn dismantle(value: Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

// ---- nesting depth: 127 levels parse, 128 do not ----------------------------------------------

#[test]
fn text_nesting_up_to_127_levels_parses() {
    for text in [nested_arrays(127), nested_objects(127)] {
        assert!(source::parse(&text).is_ok());
        let report = job::validate_text(&text, OPTS);
        assert!(
            !codes(&report.issues).contains(&"invalidJson")
                && !codes(&report.issues).contains(&"nestingTooDeep"),
            "{:?}",
            report.issues
        );
    }
}

#[test]
fn text_nesting_of_128_levels_and_beyond_is_invalid_json() {
    for depth in [128, 129, 1_000, 100_000] {
        for text in [nested_arrays(depth), nested_objects(depth)] {
            let report = within("deep text", || job::validate_text(&text, OPTS));
            assert!(!report.success);
            assert_eq!(codes(&report.issues), ["nestingTooDeep"], "depth {depth}");
            assert!(report.issues[0]
                .message
                .contains("nested 128 levels deep or more"));
        }
    }
}

#[test]
fn deep_job_definition_inside_a_deployment_body_text() {
    // The body adds one level: a job definition can nest 126 levels inside a body given as text.
    let ok = format!(r#"{{"job_definition": {}}}"#, nested_objects(126));
    let too_deep = format!(r#"{{"job_definition": {}}}"#, nested_objects(127));
    assert!(source::parse(&ok).is_ok());
    assert!(source::parse(&too_deep).is_err());
}

/// Values built in Rust (or JS objects, through `JSON.stringify`) reach the validators as text, so
/// they get the same cap: a clear issue, no recursion.
#[test]
fn programmatic_values_deeper_than_the_parser_allows() {
    let handle = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(|| {
            let mut deep = json!(1);
            for _ in 0..2_000 {
                deep = json!({ "a": deep });
            }
            let mut b = body();
            b["job_definition"]["meta"] = deep.clone();
            let text = serde_json::to_string(&b).unwrap();
            let issue = within("deep value", || source::parse(&text).unwrap_err());
            assert_eq!(issue.code, "nestingTooDeep");
            dismantle(b);
            dismantle(deep);
        })
        .unwrap();
    handle.join().unwrap();
}

// ---- document size: 10 MiB ----------------------------------------------------------------------

fn big_job(ops: usize) -> Value {
    let ops: Vec<Value> = (0..ops)
        .map(|i| {
            json!({"type": "container/run", "id": format!("op{i}"),
            "args": {"image": "ubuntu", "cmd": ["echo", "x".repeat(200)]}})
        })
        .collect();
    json!({"version": "0.1", "type": "container", "ops": ops})
}

/// A valid job definition of exactly `len` bytes: 1,000 ops, padded with spaces at the end.
fn job_text_of(len: usize) -> String {
    let mut text = serde_json::to_string(&big_job(job::MAX_OPS)).unwrap();
    assert!(text.len() <= len);
    text.extend(std::iter::repeat_n(' ', len - text.len()));
    text
}

#[test]
fn documents_of_10_mib_validate() {
    let text = job_text_of(source::MAX_DOCUMENT_BYTES);
    let report = within("10 MiB job text", || job::validate_text(&text, OPTS));
    assert!(report.success, "{:?}", report.issues.first());
}

#[test]
fn documents_beyond_10_mib_are_document_too_large() {
    let text = job_text_of(source::MAX_DOCUMENT_BYTES + 1);
    let report = within("10 MiB + 1 job text", || job::validate_text(&text, OPTS));
    assert_eq!(codes(&report.issues), ["documentTooLarge"]);
    assert!(
        report.issues[0].message.contains("10485761 bytes"),
        "{}",
        report.issues[0].message
    );
    assert!(report.issues[0].range.is_some());
}

// ---- number of ops: 1,000 -------------------------------------------------------------------------

#[test]
fn a_thousand_ops_pass_and_one_more_is_too_many_ops() {
    assert!(validate_job(&big_job(job::MAX_OPS), OPTS).is_empty());
    let issues = validate_job(&big_job(job::MAX_OPS + 1), OPTS);
    assert_eq!(codes(&issues), ["tooManyOps"]);
    assert_eq!(issues[0].pointer, "/ops");
    assert!(
        issues[0].message.contains("1001 operations"),
        "{}",
        issues[0].message
    );
}

// ---- strings and keys: 1 MiB ----------------------------------------------------------------------

#[test]
fn strings_of_1_mib_are_read_and_longer_ones_are_string_too_long() {
    let max = nosana_deployments::json::MAX_STRING_BYTES;
    for (name, value) in [("plain", "x"), ("escaped", "\\u00e9"), ("multi-byte", "é")] {
        // `value` is one unit of text as written in JSON; repeat it to exactly `max` bytes of
        // string content once decoded, then one unit more.
        let decoded_len = if name == "escaped" { 2 } else { value.len() };
        let units = max / decoded_len;
        let at_limit = format!("{{\"name\": \"{}\"}}", value.repeat(units));
        let doc = source::parse(&at_limit);
        assert!(doc.is_ok(), "{name} at the limit: {:?}", doc.err());
        let beyond = format!("{{\"name\": \"{}\"}}", value.repeat(units + 1));
        let issue = source::parse(&beyond).unwrap_err();
        assert_eq!(issue.code, "stringTooLong", "{name}");
        // The range points at the string's opening quote.
        assert_eq!(issue.range.unwrap().start.offset, 9, "{name}");
    }
    // Keys too.
    let key = format!("{{\"{}\": 1}}", "k".repeat(max + 1));
    assert_eq!(source::parse(&key).unwrap_err().code, "stringTooLong");
}

#[test]
fn unterminated_four_megabyte_string_is_invalid_json() {
    let text = format!("\"{}", "x".repeat(4 * 1024 * 1024));
    let report = within("unterminated", || job::validate_text(&text, OPTS));
    assert_eq!(codes(&report.issues), ["invalidJson"]);
}

// ---- issue count: the rules count every issue and build 1,000; a report lists 1,000 ------------

#[test]
fn a_report_lists_1000_issues_and_sums_up_the_rest() {
    let mut b = body();
    for i in 0..MAX_ISSUES {
        b[format!("extra{i}")] = json!(i);
    }
    let issues = validate_create(&b, OPTS);
    assert_eq!(issues.len(), MAX_ISSUES);
    assert_eq!(
        Report::new(issues.clone()).issues,
        issues,
        "exactly at the limit: all listed"
    );
    b["one_more"] = json!(1);
    let text = b.to_string();
    let doc = source::parse(&text).unwrap();
    let collected = nosana_deployments::deployment::validate_create(doc.root(), OPTS);
    // One more than the cap: the last one in document order is counted, not built.
    assert_eq!(collected.len(), MAX_ISSUES);
    assert_eq!(collected.left_out.issues, 1);
    let issues = collected.issues.clone();
    let report = Report::with_left_out(issues.clone(), collected.left_out);
    assert_eq!(report.issues.len(), MAX_ISSUES);
    assert_eq!(report.issues[..MAX_ISSUES - 1], issues[..MAX_ISSUES - 1]);
    let summary = &report.issues[MAX_ISSUES - 1];
    assert_eq!(summary.code, "tooManyIssues");
    assert!(
        summary.message.starts_with("2 more issues (0 errors)"),
        "{}",
        summary.message
    );
    // Unknown fields are warnings: the summary of warnings is a warning, and success stands.
    assert!(!summary.is_error());
    assert!(report.success);
}

#[test]
fn ten_thousand_unknown_keys_are_counted_and_the_first_thousand_built() {
    let mut b = body();
    let obj = b.as_object_mut().unwrap();
    for i in 0..10_000 {
        obj.insert(format!("extra{i}"), json!(i));
    }
    let text = serde_json::to_string(&b).unwrap();
    let doc = source::parse(&text).unwrap();
    let mut issues = within("10k unknown keys", || {
        nosana_deployments::deployment::validate_create(doc.root(), OPTS)
    });
    assert_eq!(issues.total(), 10_000);
    assert_eq!(issues.len(), MAX_ISSUES);
    assert!(issues.iter().all(|i| i.code == "unknownField"));
    // Every built issue gets a source range.
    within("ranges for the built issues", || {
        source::attach_ranges(&doc, &mut issues)
    });
    assert!(issues.iter().all(|i| i.range.is_some()));
}

/// Bug R1: the "did you mean" suggestion computes an edit distance between each known field name
/// and the whole unknown key, allocating a row per character: cost O(key length × known fields),
/// ~26 s for a 10 MB key in wasm. A key longer than the longest field + 2 cannot be within
/// distance 2 of any field, so it needs no distance at all.
#[test]
fn long_unknown_key_is_cheap() {
    let mut b = body();
    b.as_object_mut()
        .unwrap()
        .insert("k".repeat(1_000_000), json!(1));
    let issues = within("1 MB unknown key", || validate_create(&b, OPTS));
    let unknown = issues.iter().find(|i| i.code == "unknownField").unwrap();
    // What keeps it cheap: no edit distance (no "did you mean") for a key this long.
    assert!(
        unknown
            .hint
            .as_deref()
            .is_none_or(|h| !h.contains("Did you mean")),
        "{unknown:?}"
    );
}

#[test]
fn long_unknown_key_in_an_update_body() {
    let b = json!({ "k".repeat(1_000_000): 1 });
    let issues = within("1 MB key update", || {
        validate_update(Action::Rename, &b, OPTS)
    });
    assert!(!issues.is_empty());
}

// ---- JSON text edge cases -----------------------------------------------------------------------

/// Was bug R2 (text form): JSON.stringify writes a lone surrogate as the escape `\ud800` and
/// JSON.parse accepts it; serde_json refused it. Our parser reads it as U+FFFD, as
/// `String.prototype.toWellFormed` would.
#[test]
fn escaped_lone_surrogates_are_accepted() {
    let text = r#"{"name": "\ud800", "market": "x\udc00y"}"#;
    let report = job::validate_text(text, OPTS);
    assert!(
        !codes(&report.issues).contains(&"invalidJson")
            && !codes(&report.issues).contains(&"nestingTooDeep"),
        "{:?}",
        report.issues
    );
    let doc = source::parse(text).unwrap();
    let name = doc.root().get("name").and_then(|v| v.as_str());
    assert_eq!(name, Some("\u{FFFD}"));
}

#[test]
fn numbers_beyond_f64_are_invalid_json() {
    let report = job::validate_text(r#"{"replicas": 1e400}"#, OPTS);
    assert_eq!(codes(&report.issues), ["invalidJson"]);
    // Within f64: the rules judge them.
    let mut b = body();
    b["replicas"] = json!(1e308);
    b["timeout"] = json!(-1e308);
    let issues = validate_create(&b, OPTS);
    assert!(
        codes(&issues).contains(&"replicasOutOfRange")
            || codes(&issues).contains(&"replicasNotInteger"),
        "{issues:?}"
    );
}

#[test]
fn proto_keys_are_ordinary_keys() {
    let text = r#"{"__proto__": {"admin": true}, "constructor": {"prototype": 1}}"#;
    let doc = source::parse(text).unwrap();
    let issues = nosana_deployments::deployment::validate_create(doc.root(), OPTS);
    assert!(
        issues.iter().any(|i| i.pointer == "/__proto__"),
        "{issues:?}"
    );
}

// ---- schedules ------------------------------------------------------------------------------------

#[test]
fn next_times_count_limit_is_1000() {
    assert_eq!(schedule::MAX_COUNT, 1000);
    let times = schedule::next_times("* * * * *", 0.0, 1000).unwrap();
    assert_eq!(times.len(), 1000);
    assert!(schedule::next_times("* * * * *", 0.0, 1001).is_err());
    // The rarest schedule there is (Feb 29 on a Monday) still gives 1000 times in the Date range.
    let rare = within("1000 rare fires", || {
        schedule::next_times("0 0 29 2 1", 0.0, 1000)
    });
    assert_eq!(rare.unwrap().len(), 1000, "within the Date range");
}

#[test]
fn next_times_start_must_be_in_the_date_range() {
    let limit = 8.64e15;
    assert!(schedule::next_times("* * * * *", -limit, 1).is_ok());
    assert!(schedule::next_times("* * * * *", limit - 120_000.0, 1).is_ok());
    for bad in [
        limit + 1.0,
        -limit - 1.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
    ] {
        assert!(schedule::next_times("* * * * *", bad, 1).is_err(), "{bad}");
    }
    // The last fire is the end of the Date range (a whole minute), then none.
    assert_eq!(
        schedule::next_times("* * * * *", limit - 1.0, 1).unwrap(),
        [8_640_000_000_000_000]
    );
    assert!(schedule::next_times("* * * * *", limit, 1).is_err());
}

#[test]
fn never_firing_schedules_are_refused_quickly() {
    for expr in ["0 0 30 2 *", "0 0 31 4 *", "0 0 31 2,4,6,9,11 *"] {
        within(expr, || {
            let codes: Vec<_> = schedule::validate(expr).iter().map(|i| i.code).collect();
            assert_eq!(codes, ["cronNeverFires"], "{expr}");
            let never = |r: Result<_, schedule::CronError>| r.map_err(|e| e.kind);
            assert_eq!(
                never(schedule::next_times(expr, 0.0, 1).map(drop)),
                Err(schedule::CronErrorKind::NeverFires),
                "{expr}"
            );
            assert_eq!(
                never(schedule::describe(expr).map(drop)),
                Err(schedule::CronErrorKind::NeverFires),
                "{expr}"
            );
        });
    }
}

#[test]
fn long_schedules_are_refused_in_bounded_time() {
    // 100 KB of list items and 14 KB of ranges: refused by their length (at most 1,024 characters)
    // in bounded time, before their items are expanded.
    let list = format!("{}1 * * * *", "1,".repeat(50_000));
    within("100 KB list", || {
        assert_too_long(&list);
    });
    let ranges = format!("{}1 * * * *", "0-59/1,".repeat(2_000));
    within("2k ranges", || {
        assert_too_long(&ranges);
    });
    let spaces = format!("* * * *{}*", " ".repeat(1_000_000));
    within("1 MB of spaces", || schedule::validate(&spaces));
}

#[test]
fn numeric_overflow_in_cron_fields_is_an_issue() {
    // A step beyond the range is accepted (cron-parser): a huge one saturates, it does not overflow.
    assert!(schedule::validate("*/99999999999999999999999 * * * *").is_empty());
    assert_eq!(
        schedule::describe("*/99999999999999999999999 * * * *").unwrap(),
        "every hour"
    );
    for expr in [
        "0-18446744073709551617 * * * *",
        "0 0 * * 1#4294967297",
        "4294967296 * * * *",
        "-1 * * * *",
        "*/-1 * * * *",
    ] {
        assert!(!schedule::validate(expr).is_empty(), "{expr}");
        assert!(schedule::next_times(expr, 0.0, 1).is_err(), "{expr}");
        assert!(schedule::describe(expr).is_err(), "{expr}");
    }
}

#[test]
fn many_keys_object_value() {
    // A job definition with 20k members in an unknown place: linear.
    let mut map = Map::new();
    for i in 0..20_000 {
        map.insert(format!("k{i}"), json!(i));
    }
    let mut b = body();
    b["job_definition"]["meta"] = Value::Object(map);
    within("20k-member meta", || validate_create(&b, OPTS));
}

/// Bug R5: a list item expands to every value it selects, with no dedup and no length cap, so
/// memory is ~60 atoms per 5 bytes of `0-59,`: 10 MB of it grows wasm memory to 2.5 GB in ~26 s,
/// and 20 MB traps (`RuntimeError: unreachable`, out of memory at the 4 GB wasm32 limit).
#[test]
fn repeated_ranges_in_a_schedule_are_cheap() {
    let expr = format!("{}1 * * * *", "0-59,".repeat(200_000));
    within("1 MB of 0-59,", || {
        assert_too_long(&expr);
    });
}

/// `expr` is refused as over-long by every schedule function.
fn assert_too_long(expr: &str) {
    let issues = schedule::validate(expr);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].code, "invalidCron");
    assert!(
        issues[0].message.contains("at most 1024"),
        "{}",
        issues[0].message
    );
    let describe = schedule::describe(expr).unwrap_err();
    assert_eq!(
        (describe.code, describe.message),
        (issues[0].code, issues[0].message.clone())
    );
    assert_eq!(
        schedule::next_times(expr, 0.0, 5).unwrap_err().code,
        "invalidCron"
    );
}

/// Bug R7: every back edge of the `depends_on` graph reports a `dependencyCycle` issue whose message
/// names the whole DFS stack from the target to the top, so output is O(back edges × stack depth):
/// 2,000 ops × 200 `depends_on` (a 1.9 MB document) give 20,100 issues with messages of up to 2,000
/// op names each, ~68 s in wasm (500 × 200: 4.3 s). Linear would be one issue per cycle (or per
/// strongly connected component) with the cycle shown up to a bounded length.
#[test]
// Was bug R7 (quadratic cycle output); fixed by naming at most 10 ops per cycle with O(1) lookup.
fn dense_dependency_cycles_are_cheap() {
    let n = 400;
    let ops: Vec<Value> = (0..n)
        .map(|i| {
            let deps: Vec<String> = (1..=100).map(|j| format!("op{}", (i + j) % n)).collect();
            json!({"type": "container/run", "id": format!("op{i}"), "args": {"image": "ubuntu"},
                "execution": {"depends_on": deps}})
        })
        .collect();
    let doc = json!({"version": "0.1", "type": "container", "ops": ops});
    let issues = within("400 ops x 100 deps", || validate_job(&doc, OPTS));
    let bytes: usize = issues.iter().map(|i| i.message.len()).sum();
    assert!(
        bytes < 1_000_000,
        "{} issues, {bytes} bytes of messages",
        issues.len()
    );
}
