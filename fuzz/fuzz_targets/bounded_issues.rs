//! The cap on built issues (issue 19) and the object-input path: any JSON text, as the caller's
//! text and as JSON written from a value (how `validate*` reads a JS object), repeated as the ops
//! of a job definition so one input gives many issues, out of document order (structural walk,
//! then semantic walk). With the cap on built issues set to `cap`, the report is exactly the first
//! `cap` issues of the uncapped report; the object path gives the same issues without ranges; no
//! more issues are built than found.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use nosana_deployments::diagnostics::{issues_built, with_issue_cap, Report, ValidateOptions};
use nosana_deployments::source::{self, Origin};
use nosana_deployments::{deployment, job};

/// The report of `text` from `origin`, with the cap on built issues set to `cap`, and how many
/// issues it built.
fn capped(text: &str, origin: Origin, cap: usize, options: ValidateOptions) -> (Report, usize) {
    with_issue_cap(cap, || {
        let before = issues_built();
        let report = source::validate(text, origin, |v| job::validate(v, options));
        (report, issues_built() - before)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else { return };
    let options = ValidateOptions { warnings: control & 1 == 1 };
    let copies = usize::from(control >> 1 & 7) + 1;
    let cap = usize::from(control >> 4) * 3;
    // The value as each op, then as the whole document: issues from every walk.
    let ops = vec![value.clone(); copies];
    let documents = [
        serde_json::json!({"version": "0.1", "type": "container", "ops": ops}).to_string(),
        serde_json::to_string_pretty(&value).unwrap_or_default(),
    ];
    for text in &documents {
        let (all, _) = capped(text, Origin::Caller, usize::MAX, options);
        let (head, built) = capped(text, Origin::Caller, cap, options);
        // The report invariants hold at the real cap; under a test cap smaller than the total
        // (and a total under 1,000) the list is cut without a summary, so only the uncapped one
        // is checked for them.
        common::check_report(&all);
        let listed = cap.min(all.issues.len());
        if all.issues.len() < 1000 {
            assert_eq!(head.issues, all.issues[..listed], "cap {cap}: not the head of the uncapped report");
            assert_eq!(head.success, all.success, "success must count the issues left out");
        }
        assert!(built <= all.issues.len() + 1, "built {built} of {} issues", all.issues.len());

        // The object path: the same issues in the same order, without ranges.
        let (object, _) = capped(text, Origin::Value, cap, options);
        assert_eq!(object.success, head.success);
        let strip = |r: &Report| r.issues.iter().map(|i| (i.code, i.pointer.clone(), i.message.clone())).collect::<Vec<_>>();
        assert_eq!(strip(&object), strip(&head), "object and text input disagree");
        assert!(object.issues.iter().all(|i| i.range.is_none()), "an object issue with a range");

        // As a createRevision body: the nested collector gives the same.
        let revision = with_issue_cap(cap, || {
            source::validate(text, Origin::Caller, |v| {
                deployment::validate_update(deployment::Action::CreateRevision, v, options)
            })
        });
        assert_eq!(revision.issues, head.issues, "createRevision and the job definition disagree");
    }
});
