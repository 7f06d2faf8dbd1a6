//! Every fixable rule: a document with the problem gets a fix; applying it makes the issue go away
//! and leaves valid JSON. The table covers every code in `lang::fix::FIXABLE`.

// Helpers outside #[test] fns are not covered by clippy.toml's test allowances.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unwrap_used)]

use std::collections::BTreeSet;

use nosana_deployments::diagnostics::{Report, ValidateOptions};
use nosana_deployments::lang::{self, fix::FIXABLE};

/// A job definition with one op, `args` and `extra` op members spliced in.
fn job(args: &str, extra: &str) -> String {
    format!(
        r#"{{"version": "0.1", "type": "container", "ops": [{{"id": "server", "type": "container/run", "args": {{{args}}}{extra}}}]}}"#
    )
}

fn deployment(fields: &str) -> String {
    format!(
        r#"{{{fields}, "job_definition": {}}}"#,
        job(r#""image": "ubuntu""#, "")
    )
}

enum Kind {
    Job,
    Deployment,
}

struct Case {
    code: &'static str,
    pointer: &'static str,
    kind: Kind,
    text: String,
    /// A piece of the fixed text.
    expect: &'static str,
}

fn cases() -> Vec<Case> {
    let two_ops = |first: &str, second_id: &str, second_extra: &str| {
        format!(
            r#"{{"version": "0.1", "type": "container", "ops": [{first}, {{"id": "{second_id}", "type": "container/run", "args": {{"image": "ubuntu"}}{second_extra}}}]}}"#
        )
    };
    let server = r#"{"id": "server", "type": "container/run", "args": {"image": "nginx"}}"#;
    let health = |check: &str| {
        job(
            &format!(
                r#""image": "ubuntu", "expose": [{{"port": 80, "health_checks": [{check}]}}]"#
            ),
            "",
        )
    };
    use Kind::*;
    vec![
        Case { code: "unknownKey", pointer: "/ops/0/args/imgae", kind: Job, text: job(r#""imgae": "ubuntu""#, ""), expect: r#""image": "ubuntu""# },
        Case { code: "unknownKey", pointer: "/ops/0/executon", kind: Job, text: job(r#""image": "ubuntu""#, r#", "executon": {}"#), expect: r#""execution": {}"# },
        Case { code: "missingField", pointer: "/ops/0/args/image", kind: Job, text: job(r#""gpu": true"#, ""), expect: r#""gpu": true, "image": """# },
        Case { code: "missingField", pointer: "/type", kind: Job, text: r#"{"version": "0.1", "ops": []}"#.to_owned(), expect: r#""type": "container""# },
        Case { code: "missingField", pointer: "/ops/0/args", kind: Job, text: r#"{"version": "0.1", "type": "container", "ops": [{"id": "a", "type": "container/run"}]}"#.to_owned(), expect: r#""args": {"image": ""}"# },
        Case { code: "healthCheckMissingContinuous", pointer: "/ops/0/args/expose/0/health_checks/0/continuous", kind: Job, text: health(r#"{"type": "http", "path": "/", "method": "GET", "expected_status": 200}"#), expect: r#""expected_status": 200, "continuous": false}"# },
        Case { code: "invalidType", pointer: "/ops/0/args/gpu", kind: Job, text: job(r#""image": "ubuntu", "gpu": "true""#, ""), expect: r#""gpu": true"# },
        Case { code: "invalidType", pointer: "/ops/0/args/expose", kind: Job, text: job(r#""image": "ubuntu", "expose": "8080""#, ""), expect: r#""expose": 8080"# },
        Case { code: "invalidType", pointer: "/ops/0/args/work_dir", kind: Job, text: job(r#""image": "ubuntu", "work_dir": 5"#, ""), expect: r#""work_dir": "5""# },
        Case { code: "invalidType", pointer: "/ops/0/args/gpu", kind: Job, text: job(r#""image": "ubuntu", "gpu": null"#, ""), expect: r#"{"image": "ubuntu"}"# },
        Case { code: "invalidVersion", pointer: "/version", kind: Job, text: r#"{"version": "0.0.1", "type": "container", "ops": []}"#.to_owned(), expect: r#""version": "0.1""# },
        Case { code: "invalidJobType", pointer: "/type", kind: Job, text: r#"{"version": "0.1", "type": "docker", "ops": []}"#.to_owned(), expect: r#""type": "container""# },
        Case { code: "invalidEnumValue", pointer: "/ops/0/type", kind: Job, text: r#"{"version": "0.1", "type": "container", "ops": [{"id": "a", "type": "container/runn", "args": {"image": "ubuntu"}}]}"#.to_owned(), expect: r#""type": "container/run""# },
        Case { code: "invalidEnumValue", pointer: "/ops/0/args/expose/0/health_checks/0/method", kind: Job, text: health(r#"{"type": "http", "path": "/", "method": "get", "expected_status": 200, "continuous": true}"#), expect: r#""method": "GET""# },
        Case { code: "dependsOnUnknownOp", pointer: "/ops/1/execution/depends_on/0", kind: Job, text: two_ops(server, "client", r#", "execution": {"depends_on": ["servr"]}"#), expect: r#""depends_on": ["server"]"# },
        Case { code: "duplicateOpId", pointer: "/ops/1/id", kind: Job, text: two_ops(server, "server", ""), expect: r#""id": "server-2""# },
        Case { code: "invalidOpId", pointer: "/ops/0/id", kind: Job, text: two_ops(r#"{"id": "my server", "type": "container/run", "args": {"image": "nginx"}}"#, "client", r#", "execution": {"depends_on": ["my server"]}"#), expect: r#""depends_on": ["my-server"]"# },
        Case { code: "opIdHasDot", pointer: "/ops/0/id", kind: Job, text: two_ops(r#"{"id": "llama3.1", "type": "container/run", "args": {"image": "nginx"}}"#, "client", ""), expect: r#""id": "llama3-1""# },
        Case { code: "portRangeNotSupported", pointer: "/ops/0/args/expose/1", kind: Job, text: job(r#""image": "ubuntu", "expose": [80, "8000-8002"]"#, ""), expect: r#""expose": [80, 8000, 8001, 8002]"# },
        Case { code: "portRangeNotSupported", pointer: "/ops/0/args/expose", kind: Job, text: job(r#""image": "ubuntu", "expose": "8000-8001""#, ""), expect: r#""expose": [8000, 8001]"# },
        Case { code: "literalUnknownOp", pointer: "/ops/1/args/env/URL", kind: Job, text: two_ops(server, "client", r#", "execution": {"depends_on": ["server"]}"#).replace(r#""image": "ubuntu"}"#, r#""image": "ubuntu", "env": {"URL": "http://%%ops.servr.host%%/x"}}"#), expect: r#""URL": "http://%%ops.server.host%%/x""# },
        Case { code: "literalUnknownVariable", pointer: "/ops/0/args/env/M", kind: Job, text: r#"{"version": "0.1", "type": "container", "global": {"variables": {"MODEL": "x"}}, "ops": [{"id": "a", "type": "container/run", "args": {"image": "u", "env": {"M": "%%global.variables.MODLE%%"}}}]}"#.to_owned(), expect: r#""M": "%%global.variables.MODEL%%""# },
        Case { code: "unknownField", pointer: "/replica", kind: Deployment, text: deployment(r#""name": "d", "market": "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr", "replica": 1, "timeout": 60, "strategy": "SIMPLE", "confidential": true"#), expect: r#""replicas": 1"# },
        Case { code: "invalidStrategy", pointer: "/strategy", kind: Deployment, text: deployment(r#""name": "d", "market": "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr", "replicas": 1, "timeout": 60, "strategy": "simple_extend", "confidential": true"#), expect: r#""strategy": "SIMPLE-EXTEND""# },
        Case { code: "invalidType", pointer: "/replicas", kind: Deployment, text: deployment(r#""name": "d", "market": "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr", "replicas": "2", "timeout": 60, "strategy": "SIMPLE", "confidential": true"#), expect: r#""replicas": 2"# },
        Case { code: "missingField", pointer: "/replicas", kind: Deployment, text: deployment(r#""name": "d", "market": "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr", "timeout": 60, "strategy": "SIMPLE", "confidential": true"#), expect: r#", "replicas": 1}"# },
        Case { code: "unknownKey", pointer: "/job_definition/ops/0/args/imag", kind: Deployment, text: format!(r#"{{"name": "d", "market": "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr", "replicas": 1, "timeout": 60, "strategy": "SIMPLE", "confidential": true, "job_definition": {}}}"#, job(r#""imag": "ubuntu""#, "")), expect: r#""image": "ubuntu""# },
    ]
}

fn validate(kind: &Kind, text: &str) -> Report {
    let options = ValidateOptions::default();
    match kind {
        Kind::Job => lang::validate_job_text(text, options),
        Kind::Deployment => lang::validate_deployment_text(text, options),
    }
}

#[test]
fn each_fix_removes_its_issue_and_keeps_json_valid() {
    for case in cases() {
        let report = validate(&case.kind, &case.text);
        let issue = report
            .issues
            .iter()
            .find(|i| i.code == case.code && i.pointer == case.pointer)
            .unwrap_or_else(|| {
                panic!(
                    "no {} at {:?} in {:#?}",
                    case.code, case.pointer, report.issues
                )
            });
        assert!(
            !issue.fixes.is_empty(),
            "{} at {:?} has no fix",
            case.code,
            case.pointer
        );
        let fixed = lang::apply_fixes(&case.text, std::slice::from_ref(issue));
        assert!(
            fixed.contains(case.expect),
            "{} at {:?}: {fixed} lacks {}",
            case.code,
            case.pointer,
            case.expect
        );
        serde_json::from_str::<serde_json::Value>(&fixed)
            .unwrap_or_else(|e| panic!("{}: {fixed} is not JSON: {e}", case.code));
        let again = validate(&case.kind, &fixed);
        assert!(
            !again
                .issues
                .iter()
                .any(|i| i.code == case.code && i.pointer == case.pointer),
            "{} at {:?} is still there after the fix: {fixed}",
            case.code,
            case.pointer
        );
    }
}

#[test]
fn every_fixable_code_has_a_case() {
    let covered: BTreeSet<&str> = cases().iter().map(|c| c.code).collect();
    let fixable: BTreeSet<&str> = FIXABLE.iter().copied().collect();
    assert_eq!(covered, fixable);
}

#[test]
fn no_fix_when_nothing_is_close_or_the_choice_is_ambiguous() {
    let text = job(r#""image": "ubuntu", "zzzzzz": 1"#, "");
    let report = lang::validate_job_text(&text, ValidateOptions::default());
    let unknown = report
        .issues
        .iter()
        .find(|i| i.code == "unknownKey")
        .unwrap();
    assert!(unknown.fixes.is_empty());
    // Issues of a value (no text, no ranges) get no fixes.
    let value = nosana_deployments::source::validate(
        &text,
        nosana_deployments::source::Origin::Value,
        |v| nosana_deployments::job::validate(v, ValidateOptions::default()),
    );
    assert!(value.issues.iter().all(|i| i.fixes.is_empty()));
}

#[test]
fn fixes_that_touch_are_applied_one_at_a_time() {
    // Two missing fields in one empty object: both insert at the same place.
    let text = r#"{"version": "0.1", "type": "container", "ops": [{"id": "a", "type": "container/run", "args": {}}, {}]}"#;
    let report = lang::validate_job_text(text, ValidateOptions::default());
    let fixed = lang::apply_fixes(text, &report.issues);
    serde_json::from_str::<serde_json::Value>(&fixed).unwrap();
    // Applying again converges to a document without missing fields.
    let mut current = fixed;
    for _ in 0..5 {
        let report = lang::validate_job_text(&current, ValidateOptions::default());
        current = lang::apply_fixes(&current, &report.issues);
    }
    let report = lang::validate_job_text(&current, ValidateOptions::default());
    assert!(
        !report.issues.iter().any(|i| i.code == "missingField"),
        "{current}"
    );
}

#[test]
fn edits_are_in_utf16_offsets() {
    // "é😀" before the key: 3 UTF-16 units, 6 bytes.
    let text = r#"{"version": "0.1", "type": "container", "meta": {"x": "é😀"}, "ops": [{"id": "a", "type": "container/run", "args": {"imgae": "u"}}]}"#;
    let report = lang::validate_job_text(text, ValidateOptions::default());
    let issue = report
        .issues
        .iter()
        .find(|i| i.code == "unknownKey")
        .unwrap();
    let edit = &issue.fixes[0].edits[0];
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let start = edit.range.start.offset as usize;
    let end = edit.range.end.offset as usize;
    assert_eq!(String::from_utf16(&utf16[start..end]).unwrap(), "\"imgae\"");
    assert!(lang::apply_fixes(text, &report.issues).contains(r#""image": "u""#));
}

#[test]
fn a_misspelled_required_key_is_renamed_not_added_again() {
    let text = job(r#""imgae": "ubuntu""#, "");
    let report = lang::validate_job_text(&text, ValidateOptions::default());
    let missing = report
        .issues
        .iter()
        .find(|i| i.code == "missingField")
        .unwrap();
    assert!(missing.fixes.is_empty(), "{:?}", missing.fixes);
    let fixed = lang::apply_fixes(&text, &report.issues);
    assert!(fixed.contains(r#"{"image": "ubuntu"}"#), "{fixed}");
    assert!(lang::validate_job_text(&fixed, ValidateOptions::default()).success);
}

/// "Did you mean" wherever an unknown key is reported: the hint names the key the quick fix
/// renames to (one suggestion function serves both), in plain text. Snapshot:
/// `tests/snapshots/lang_fixes__did_you_mean.snap`.
#[test]
fn did_you_mean_hint_and_rename_fix_agree() {
    let cases: Vec<(Kind, String, &str)> = vec![
        (
            Kind::Job,
            job(r#""imgae": "ubuntu""#, ""),
            "/ops/0/args/imgae",
        ),
        (
            Kind::Job,
            job(r#""image": "ubuntu", "gpus": true"#, ""),
            "/ops/0/args/gpus",
        ),
        (
            Kind::Job,
            job(r#""image": "ubuntu""#, r#", "executon": {}"#),
            "/ops/0/executon",
        ),
        (
            Kind::Job,
            job(
                r#""image": "ubuntu""#,
                r#", "execution": {"dependson": []}"#,
            ),
            "/ops/0/execution/dependson",
        ),
        (
            Kind::Job,
            job(r#""image": "ubuntu""#, "").replace(r#""version""#, r#""verison""#),
            "/verison",
        ),
        (
            Kind::Job,
            job(
                r#""image": "ubuntu", "expose": [{"port": 80, "Type": "web"}]"#,
                "",
            ),
            "/ops/0/args/expose/0/Type",
        ),
        (
            Kind::Job,
            job(
                r#""image": "ubuntu", "resources": [{"type": "HF", "repo": "r", "targte": "/m"}]"#,
                "",
            ),
            "/ops/0/args/resources/0/targte",
        ),
        (
            Kind::Job,
            job(
                r#""image": "ubuntu", "volumes": [{"name": "v", "dset": "/d"}]"#,
                "",
            ),
            "/ops/0/args/volumes/0/dset",
        ),
        (
            Kind::Job,
            job(r#""image": "ubuntu""#, "").replace(
                r#""version": "0.1","#,
                r#""version": "0.1", "global": {"gpu": true, "envs": {}},"#,
            ),
            "/global/envs",
        ),
        (
            Kind::Deployment,
            deployment(
                r#""name": "d", "market": "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr", "replcas": 1, "timeout": 60, "strategy": "SIMPLE", "confidential": true"#,
            ),
            "/replcas",
        ),
    ];
    let mut shown = String::new();
    for (kind, text, pointer) in &cases {
        let report = validate(kind, text);
        let issue = report
            .issues
            .iter()
            .find(|i| i.pointer == *pointer && (i.code == "unknownKey" || i.code == "unknownField"))
            .unwrap_or_else(|| panic!("no unknown key at {pointer}: {:#?}", report.issues));
        let hint = issue.hint.as_deref().unwrap_or_default();
        let named = hint
            .strip_prefix("Did you mean \"")
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{pointer}: no suggestion in {hint:?}"));
        let fix = issue
            .fixes
            .first()
            .unwrap_or_else(|| panic!("{pointer}: no fix"));
        let key = pointer.rsplit('/').next().unwrap();
        assert_eq!(fix.title, format!("Rename \"{key}\" to \"{named}\""));
        assert_eq!(fix.edits.len(), 1);
        assert_eq!(fix.edits[0].new_text, format!("\"{named}\""));
        for text in [&issue.message, hint, &fix.title] {
            assert!(!text.contains('`'), "{pointer}: backtick in {text:?}");
        }
        assert!(
            !issue.message.contains(hint),
            "{pointer}: hint glued to the message"
        );
        let fixed = lang::apply_fixes(text, std::slice::from_ref(issue));
        let again = validate(kind, &fixed);
        assert!(
            !again.issues.iter().any(|i| i.code == issue.code),
            "{pointer}: {fixed} still has {:#?}",
            again.issues
        );
        let range = issue.range.unwrap();
        shown.push_str(&format!(
            "{pointer} ({}) at {}–{}\n  message: {}\n  hint:    {hint}\n  fix:     {}\n\n",
            issue.code, range.start.offset, range.end.offset, issue.message, fix.title
        ));
    }
    insta::assert_snapshot!("did_you_mean", shown);
}

#[test]
fn no_suggestion_when_no_free_key_is_near() {
    // "xyzzy" is near no key; "imag" is near "image" only, which the args already have (the
    // rename would make a duplicate key): the hint lists the allowed keys, with no guess.
    for (args, pointer) in [
        (r#""image": "ubuntu", "xyzzy": 1"#, "/ops/0/args/xyzzy"),
        (r#""image": "ubuntu", "imag": "x""#, "/ops/0/args/imag"),
    ] {
        let report = validate(&Kind::Job, &job(args, ""));
        let issue = report.issues.iter().find(|i| i.pointer == pointer).unwrap();
        let hint = issue.hint.as_deref().unwrap();
        assert!(hint.starts_with("Allowed keys: "), "{pointer}: {hint}");
        assert!(issue.fixes.is_empty(), "{pointer}: {:?}", issue.fixes);
    }
}
