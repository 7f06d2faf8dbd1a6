//! Bounded work for documents with very many problems (issue 19): the rules build at most 1,000
//! issues, the first in document order, and only count the rest. What is asserted is the
//! mechanism (the number of issues built, read from a per-thread counter), not a time budget; and
//! that the capped result is exactly the first issues of the uncapped one, in the same order.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use nosana_deployments::deployment;
use nosana_deployments::diagnostics::{
    issues_built, with_issue_cap, Issue, Report, ValidateOptions, MAX_ISSUES,
};
use nosana_deployments::{job, source};

const OPTS: ValidateOptions = ValidateOptions { warnings: true };
const PROBLEMS: usize = 200_000;

const OP_HEAD: &str = r#"{"version":"0.1","type":"container","meta":{"trigger":"cli"},"ops":[{"type":"container/run","id":"run","args":{"image":"ubuntu""#;

/// `count` comma-separated copies of `item(i)`.
fn many(count: usize, item: impl Fn(usize) -> String) -> String {
    (0..count).map(item).collect::<Vec<_>>().join(",")
}

/// A job definition whose `cmd` holds `n` numbers: `n` `invalidType` issues.
fn wrong_types(n: usize) -> String {
    format!("{OP_HEAD},\"cmd\":[{}]}}}}]}}", many(n, |_| "1".into()))
}

/// A job definition with `n` unknown top-level keys: `n` `unknownKey` issues.
fn unknown_keys(n: usize) -> String {
    format!("{OP_HEAD}}}}}],{}}}", many(n, |i| format!("\"k{i}\":1")))
}

/// Runs `f` and returns its result with the number of issues it built.
fn counting<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = issues_built();
    let out = f();
    (out, issues_built() - before)
}

/// The report lists 999 issues and one `tooManyIssues` summary of the other `total - 999`.
fn assert_capped(report: &Report, total: usize, errors_left_out: usize) {
    assert_eq!(report.issues.len(), MAX_ISSUES);
    let summary = report.issues.last().unwrap();
    assert_eq!(summary.code, "tooManyIssues");
    let expected = format!(
        "{} more issues ({errors_left_out} errors) are not listed",
        total - (MAX_ISSUES - 1)
    );
    assert!(
        summary.message.starts_with(&expected),
        "{}",
        summary.message
    );
}

// ---- very many problems: 200,000 of them, 1,000 built ---------------------------------------------

#[test]
fn very_many_wrong_types_build_a_thousand_issues() {
    let text = wrong_types(PROBLEMS);
    let (report, built) = counting(|| job::validate_text(&text, OPTS));
    assert_capped(&report, PROBLEMS, PROBLEMS - (MAX_ISSUES - 1));
    // 1,000 kept by the rules and the summary: nothing past the cap was built.
    assert!(built <= MAX_ISSUES + 1, "built {built} issues");
    // The first ones in document order, with their ranges.
    let listed = &report.issues[..MAX_ISSUES - 1];
    assert!(listed.iter().all(|i| i.code == "invalidType"));
    for (k, issue) in listed.iter().enumerate() {
        assert_eq!(issue.pointer, format!("/ops/0/args/cmd/{k}"));
        assert!(issue.range.is_some());
    }
}

#[test]
fn very_many_unknown_keys_build_a_thousand_issues() {
    let text = unknown_keys(PROBLEMS);
    let (report, built) = counting(|| job::validate_text(&text, OPTS));
    // `unknownKey` is an error.
    assert_capped(&report, PROBLEMS, PROBLEMS - (MAX_ISSUES - 1));
    assert!(built <= MAX_ISSUES + 1, "built {built} issues");
    assert_eq!(report.issues[0].pointer, "/k0");
    assert_eq!(report.issues[MAX_ISSUES - 2].pointer, "/k998");
}

#[test]
fn very_many_unknown_keys_in_a_deployment_body_build_a_thousand_issues() {
    let body = format!(
        "{{\"name\":\"web\",{}}}",
        many(PROBLEMS, |i| format!("\"x{i}\":1"))
    );
    let (report, built) = counting(|| {
        source::validate(&body, source::Origin::Caller, |v| {
            deployment::validate_create(v, OPTS)
        })
    });
    // The unknown fields, and the few issues of the fields it lacks: those are built as they are
    // found (a fixed number per body, whatever its size), the unknown fields only when kept.
    let listed = report.issues.len();
    assert_eq!(listed, MAX_ISSUES);
    let fixed = missing_fields_of_create();
    assert!(built <= MAX_ISSUES + 1 + fixed, "built {built} issues");
    let summary = report.issues.last().unwrap();
    assert_eq!(summary.code, "tooManyIssues");
    assert!(
        summary.message.starts_with(&format!(
            "{} more issues",
            PROBLEMS - (MAX_ISSUES - 1) + missing_fields_of_create()
        )),
        "{}",
        summary.message
    );
}

/// The issues of a create body `{"name": "web"}`: fields it lacks and the like.
fn missing_fields_of_create() -> usize {
    let text = r#"{"name":"web"}"#;
    let doc = source::parse(text).unwrap();
    deployment::validate_create(doc.root(), OPTS).total()
}

#[test]
fn very_many_problems_in_a_nested_job_definition_are_counted_once() {
    // createRevision: the body is the job definition, checked through the nested collector.
    let text = wrong_types(PROBLEMS);
    let doc = source::parse(&text).unwrap();
    let (issues, built) = counting(|| {
        deployment::validate_update(deployment::Action::CreateRevision, doc.root(), OPTS)
    });
    assert_eq!(issues.total(), PROBLEMS);
    assert_eq!(issues.len(), MAX_ISSUES);
    assert!(built <= MAX_ISSUES, "built {built} issues");
}

#[test]
fn very_many_problems_as_a_value_build_a_thousand_issues() {
    // A JS object arrives as JSON written from the value: no ranges, the same cap.
    let text = wrong_types(PROBLEMS);
    let (report, built) =
        counting(|| source::validate(&text, source::Origin::Value, |v| job::validate(v, OPTS)));
    assert_capped(&report, PROBLEMS, PROBLEMS - (MAX_ISSUES - 1));
    assert!(built <= MAX_ISSUES + 1, "built {built} issues");
    assert!(report.issues.iter().all(|i| i.range.is_none()));
}

#[test]
fn warnings_left_out_are_neither_built_nor_counted() {
    // `unknownField` is a warning: without warnings, a body of 5,000 of them has only the errors
    // of the fields it lacks, listed in full, and no summary.
    let body = format!(
        "{{\"name\":\"web\",{}}}",
        many(5_000, |i| format!("\"x{i}\":1"))
    );
    let errors_only = ValidateOptions { warnings: false };
    let (report, built) = counting(|| {
        source::validate(&body, source::Origin::Caller, |v| {
            deployment::validate_create(v, errors_only)
        })
    });
    assert!(!report.issues.is_empty());
    assert!(
        report.issues.iter().all(Issue::is_error),
        "{:?}",
        report.issues
    );
    assert!(report.issues.iter().all(|i| i.code != "tooManyIssues"));
    assert!(built <= report.issues.len() + missing_fields_of_create());
}

// ---- the capped result is the head of the uncapped one ----------------------------------------------

/// Documents whose issues come from both walks (structural, then semantic) and from nested
/// checkers, so the rules report them out of document order and the collector must evict.
fn mixed_documents() -> Vec<String> {
    // Ops with a duplicate id, an unknown key, a missing dependency and a wrong type each: the
    // structural walk reports the unknown keys and wrong types of every op, then the semantic walk
    // the duplicates and dependencies, going back to the first op.
    let ops = many(40, |i| {
        format!(
            r#"{{"id":"same","type":"container/run","args":{{"image":"ubuntu","x":{i},"cmd":[{i}]}},"execution":{{"depends_on":["missing-{i}"]}}}}"#
        )
    });
    let jobs = format!(r#"{{"version":"0.1","type":"container","ops":[{ops}],"zz":1,"aa":2}}"#);
    // A document whose first problem in the text is found last: a bad `version` after the ops.
    let late = format!(r#"{{"ops":[{ops}],"version":3,"type":"container"}}"#);
    vec![jobs, late, wrong_types(300), unknown_keys(300)]
}

/// The report of `text` with the cap on built issues set to `cap`.
fn capped(text: &str, cap: usize) -> (Report, usize) {
    with_issue_cap(cap, || {
        counting(|| {
            source::validate(text, source::Origin::Caller, |v| {
                deployment::validate_update(deployment::Action::CreateRevision, v, OPTS)
            })
        })
    })
}

#[test]
fn the_capped_issues_are_the_first_of_all_in_document_order() {
    for text in mixed_documents() {
        let (all, _) = capped(&text, usize::MAX);
        let total = all.issues.len();
        assert!(total > 100 && total < MAX_ISSUES, "{total} issues");
        for cap in (0..=total).step_by(7).chain([1, 2, total - 1, total]) {
            let (report, built) = capped(&text, cap);
            // Under 1,000 in all, the report lists the capped issues without a summary.
            assert_eq!(
                report.issues,
                all.issues[..cap.min(total)],
                "cap {cap} of {total}"
            );
            assert_eq!(report.success, all.success, "success counts every issue");
            // Built: the kept ones, plus any evicted on the way (the walks report out of order).
            assert!(built >= cap.min(total), "cap {cap}: built {built}");
            assert!(built <= total, "cap {cap}: built {built} of {total}");
        }
    }
}

#[test]
fn out_of_order_reports_evict_a_bounded_number() {
    // The semantic walk's issues (duplicate ids, missing dependencies) come after every structural
    // one but stand before most of them in the text: each evicts one built issue, at most one per
    // issue kept.
    let text = &mixed_documents()[0];
    let (all, _) = capped(text, usize::MAX);
    let cap = 50;
    let (_, built) = capped(text, cap);
    // Some were evicted (the walks do report out of order), and few.
    assert!(
        built > cap,
        "built {built}: nothing evicted, the case is not exercised"
    );
    assert!(built < 3 * cap, "built {built} for a cap of {cap}");
    assert!(all.issues.len() > 3 * cap);
}

#[test]
fn exactly_a_thousand_issues_are_all_listed() {
    // 1,000 problems: no summary; 1,001: 999 listed and a summary of 2.
    let text = wrong_types(MAX_ISSUES);
    let report = job::validate_text(&text, OPTS);
    assert_eq!(report.issues.len(), MAX_ISSUES);
    assert!(report.issues.iter().all(|i| i.code == "invalidType"));
    let text = wrong_types(MAX_ISSUES + 1);
    let report = job::validate_text(&text, OPTS);
    assert_capped(&report, MAX_ISSUES + 1, 2);
}

#[test]
fn very_many_bad_requirements_build_a_thousand_issues() {
    // Each requirement's value is an array: `invalidRequirementValue`, built only when kept.
    let body = format!(
        "{{\"name\":\"web\",\"requirements\":{{{}}}}}",
        many(PROBLEMS, |i| format!("\"r{i}\":[]"))
    );
    let doc = source::parse(&body).unwrap();
    let (issues, built) = counting(|| deployment::validate_create(doc.root(), OPTS));
    assert_eq!(issues.len(), MAX_ISSUES);
    assert!(issues.total() >= PROBLEMS);
    let fixed = missing_fields_of_create();
    assert!(built <= MAX_ISSUES + fixed, "built {built} issues");
    // Capped, the same issues in the same order as when every issue is built.
    let small = format!(
        "{{\"name\":\"web\",\"requirements\":{{{}}}}}",
        many(300, |i| format!("\"r{i}\":[]"))
    );
    let all = with_issue_cap(usize::MAX, || {
        source::validate(&small, source::Origin::Caller, |v| {
            deployment::validate_create(v, OPTS)
        })
    });
    let capped = with_issue_cap(50, || {
        source::validate(&small, source::Origin::Caller, |v| {
            deployment::validate_create(v, OPTS)
        })
    });
    assert_eq!(capped.issues, all.issues[..50]);
}

#[test]
fn very_many_bad_ssh_keys_build_a_thousand_issues() {
    // Every element of the key list is a number: `invalidType`, built only when kept, from the
    // deployment body, the job definition's `ssh` block and `validateSshPublicKeys` alike.
    let keys = format!("[{}]", many(PROBLEMS, |_| "1".into()));
    let body = format!("{{\"name\":\"web\",\"ssh_public_keys\":{keys}}}");
    let doc = source::parse(&body).unwrap();
    let (issues, built) = counting(|| deployment::validate_create(doc.root(), OPTS));
    assert!(issues.total() >= PROBLEMS);
    assert!(
        built <= MAX_ISSUES + missing_fields_of_create(),
        "built {built} issues"
    );

    let job = format!("{OP_HEAD}}}}}],\"ssh\":{{\"public_keys\":{keys}}}}}");
    let (report, built) = counting(|| job::validate_text(&job, OPTS));
    assert_capped(&report, PROBLEMS, PROBLEMS - (MAX_ISSUES - 1));
    assert!(built <= MAX_ISSUES + 1, "built {built} issues");
    assert_eq!(report.issues[0].pointer, "/ssh/public_keys/0");

    let list = source::parse(&keys).unwrap();
    let (issues, built) = counting(|| deployment::ssh::validate_public_keys(list.root(), OPTS));
    assert_eq!(issues.total(), PROBLEMS);
    assert!(built <= MAX_ISSUES, "built {built} issues");
}
