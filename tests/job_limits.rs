//! Adversarial input: deep nesting, huge documents, many issues. Issues or a clear error, never a
//! panic, never a hang (each test is linear; quadratic work would take minutes).

// Test code: panics are how tests fail.
#![allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use std::time::{Duration, Instant};

use common::validate_job;
use nosana_deployments::diagnostics::ValidateOptions;
use nosana_deployments::job;
use serde_json::{json, Value};

const BUDGET: Duration = Duration::from_secs(20);

/// Full size (10 MB documents) in release builds; a tenth in debug builds, where serde_json and the
/// test's own document building are ~20x slower. `cargo test --release` runs the full sizes.
const SCALE: usize = if cfg!(debug_assertions) { 10 } else { 1 };

#[test]
fn text_nested_beyond_128_levels_is_a_clear_issue() {
    let text = format!(
        "{{\"version\":\"0.1\",\"type\":\"container\",\"ops\":[],\"meta\":{{\"x\":{}{}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let report = job::validate_text(&text, ValidateOptions::default());
    assert_eq!(report.issues.len(), 1);
    assert_eq!(report.issues[0].code, "nestingTooDeep");
    assert!(report.issues[0].range.is_some());
}

#[test]
fn deep_free_form_values_are_walked_64_levels_deep() {
    // A 110-level value (the parser takes 127) inside a health-check `body` (free-form `any`) and
    // in `meta`. Built by hand: `json!` re-serializes its arguments.
    let mut deep = Value::String("%%ops.nope.host%%".to_owned());
    for _ in 0..55 {
        let mut map = serde_json::Map::new();
        map.insert("a".to_owned(), Value::Array(vec![deep]));
        deep = Value::Object(map);
    }
    let doc = json!({"version": "0.1", "type": "container", "meta": {"x": deep.clone()}, "ops": [
        {"id": "a", "type": "container/run", "args": {"image": "x", "expose": {"port": 80, "health_checks": [
            {"type": "http", "path": "/", "method": "POST", "expected_status": 200, "continuous": true, "body": deep}
        ]}}}
    ]});
    let issues = validate_job(&doc, ValidateOptions::default());
    // meta.x.a is an array, not a string/number: one issue; the literal 110 levels down is not
    // reached (free-form values are walked at most 64 levels).
    assert_eq!(issues.len(), 1, "{issues:#?}");
    assert_eq!(issues[0].pointer, "/meta/x/a/0");
}

/// `n` ops in one chain of `depends_on`, each with `env_vars` environment variables.
fn big_ops(n: usize, env_vars: usize) -> Value {
    let ops: Vec<Value> = (0..n)
        .map(|i| {
            let env: serde_json::Map<String, Value> = (0..env_vars)
                .map(|k| (format!("VAR_{k}"), json!(format!("value {k} of op {i}"))))
                .collect();
            json!({"id": format!("op-{i}"), "type": "container/run",
                "args": {"image": "ubuntu:22.04", "cmd": ["sh", "-c", format!("echo {i}")], "env": env},
                "execution": {"group": "g", "depends_on": if i > 0 { vec![format!("op-{}", i - 1)] } else { vec![] }}})
        })
        .collect();
    json!({"version": "0.1", "type": "container", "ops": ops})
}

#[test]
fn ten_megabytes_of_valid_ops_validate_quickly() {
    // 1,000 ops (the limit) of ~10 KB each.
    let doc = big_ops(job::MAX_OPS, 300 / SCALE);
    let text = serde_json::to_string(&doc).unwrap();
    assert!(text.len() > 9_000_000 / SCALE, "{}", text.len());
    assert!(text.len() <= nosana_deployments::source::MAX_DOCUMENT_BYTES);
    let start = Instant::now();
    let report = job::validate_text(&text, ValidateOptions::default());
    assert!(report.success, "{:?}", report.issues.first());
    assert!(start.elapsed() < BUDGET, "{:?}", start.elapsed());
}

#[test]
fn many_issues_in_a_big_document_stay_linear() {
    // 60,000 duplicate ids, unknown keys and bad depends_on, with ranges for every issue.
    let n = 60_000 / SCALE;
    let ops: Vec<Value> = (0..n)
        .map(|i| {
            json!({"id": "same", "type": "container/run", "args": {"image": "ubuntu", "x": i},
                "execution": {"depends_on": [format!("missing-{i}")]}})
        })
        .collect();
    let text =
        serde_json::to_string(&json!({"version": "0.1", "type": "container", "ops": ops})).unwrap();
    let start = Instant::now();
    let report = job::validate_text(&text, ValidateOptions::default());
    assert!(start.elapsed() < BUDGET, "{:?}", start.elapsed());
    // `tooManyOps`, then (n - 1) duplicate ids, n unknown keys, n unknown depends_on: the report
    // lists the first 999 and sums up the rest.
    let listed = nosana_deployments::diagnostics::MAX_ISSUES;
    assert_eq!(report.issues.len(), listed);
    let summary = report.issues.last().unwrap();
    assert_eq!(summary.code, "tooManyIssues");
    let left_out = 1 + (n - 1) + n + n - (listed - 1);
    assert!(
        summary
            .message
            .starts_with(&format!("{left_out} more issues")),
        "{}",
        summary.message
    );
    assert!(report
        .issues
        .iter()
        .all(|i| i.range.is_some() || i.code == "tooManyIssues"));
    // The rules count every issue and build only the first 1,000 (in document order).
    let doc = nosana_deployments::json::Document::parse(&text).unwrap();
    let all = job::validate(doc.root(), ValidateOptions::default());
    assert_eq!(all.total(), 1 + (n - 1) + n + n);
    assert_eq!(all.len(), listed);
}

#[test]
fn many_unknown_keys_in_one_object_are_not_quadratic() {
    // "Did you mean" looks for the allowed keys the object does not have yet: once per object,
    // not once per unknown key (which would scan the object again for each of its keys).
    let n = 200_000 / SCALE;
    let mut args = serde_json::Map::new();
    args.insert("image".into(), json!("ubuntu"));
    for i in 0..n {
        args.insert(format!("k{i}"), json!(i));
    }
    args.insert("envv".into(), json!({}));
    let doc = json!({"version": "0.1", "type": "container",
        "ops": [{"id": "a", "type": "container/run", "args": args}]});
    let start = Instant::now();
    let issues = validate_job(&doc, ValidateOptions::default());
    assert!(start.elapsed() < BUDGET, "{:?}", start.elapsed());
    // Listed: the first 1,000 in document order ("envv" sorts first), the rest counted.
    assert_eq!(
        issues.len(),
        (n + 1).min(nosana_deployments::diagnostics::MAX_ISSUES)
    );
    let envv = issues
        .iter()
        .find(|i| i.pointer == "/ops/0/args/envv")
        .unwrap();
    assert!(envv
        .hint
        .as_deref()
        .unwrap()
        .starts_with("Did you mean \"env\"?"));
    assert!(issues
        .iter()
        .filter(|i| i.pointer != "/ops/0/args/envv")
        .all(|i| i.hint.as_deref().unwrap().starts_with("Allowed keys: ")));
}

#[test]
fn huge_expose_arrays_are_not_quadratic() {
    let mut expose: Vec<Value> = (1..=60_000).map(|p| json!(p)).collect();
    expose.extend((0..20_000).map(|i| json!(format!("{}-{}", 1000 + i, 1001 + i))));
    let doc = json!({"version": "0.1", "type": "container", "ops": [
        {"id": "a", "type": "container/run", "args": {"image": "x", "expose": expose}}]});
    let start = Instant::now();
    let text = doc.to_string();
    let parsed = nosana_deployments::json::Document::parse(&text).unwrap();
    let issues = job::validate(parsed.root(), ValidateOptions::default());
    assert!(start.elapsed() < BUDGET, "{:?}", start.elapsed());
    // 20,000 `portRangeNotSupported`; every range touches the next one, and ports 1000..=20999
    // (and 21000) lie inside a range: 19,999 + 20,001 `duplicateExposedPort`. The rules count
    // them all and build the first 1,000.
    assert_eq!(issues.total(), 20_000 + 19_999 + 20_001);
    assert_eq!(issues.len(), nosana_deployments::diagnostics::MAX_ISSUES);
}

#[test]
fn long_dependency_chains_and_cycles_do_not_overflow() {
    let n = 100_000 / SCALE;
    let mut doc = big_ops(n, 1);
    // Close the chain into one big cycle.
    doc["ops"][0]["execution"]["depends_on"] = json!([format!("op-{}", n - 1)]);
    let start = Instant::now();
    let issues = validate_job(&doc, ValidateOptions::default());
    assert!(start.elapsed() < BUDGET, "{:?}", start.elapsed());
    let codes: Vec<&str> = issues.iter().map(|i| i.code).collect();
    assert_eq!(codes, ["tooManyOps", "dependencyCycle"]);
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        " ",
        "nul",
        "{",
        "}",
        "[1,",
        "\"\\u12",
        "{\"a\" 1}",
        "\u{FEFF}",
        "1e400",
        "{\"ops\": [{\"id\": 5e-324}]}",
        "\"\\ud800\"",
    ] {
        let report = job::validate_text(text, ValidateOptions::default());
        assert!(!report.success, "{text:?}");
        assert!(report.issues.iter().all(|i| i.range.is_some()), "{text:?}");
    }
}
