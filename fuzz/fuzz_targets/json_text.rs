//! JSON text → issues, as the JS API runs it for strings: `job::validate_text`, and the deployment
//! body path (`source::parse` → `validate_create` → `source::attach_ranges`).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use nosana_deployments::diagnostics::{Report, ValidateOptions};
use nosana_deployments::{deployment, job, source};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = ValidateOptions::default();

    let report = job::validate_text(text, options);
    common::check_report(&report);
    common::check_ranges(text, &report.issues);
    let parsed = source::parse(text);
    match &parsed {
        Ok(doc) => {
            let root = doc.root();
            common::check_issues(root, &report.issues);
            // Text input and the parsed value agree.
            let issues = job::validate(root, options);
            common::check_same_issues(&issues, &report, text);
            if let Some(serde) = common::serde_view(text) {
                common::check_issues_serde(root, &serde, &issues);
            }
        }
        Err(issue) => {
            assert!(issue.is_error(), "a parse failure must be an error: {issue:?}");
            assert!(issue.range.is_some(), "a parse failure without a range: {issue:?}");
            assert!(!report.success, "unparsable text reported as valid");
            assert_eq!(report.issues.len(), 1, "more than the parse issue: {report:?}");
        }
    }

    // The deployment body path of `validateDeployment(text)`.
    let mut issues = match &parsed {
        Ok(doc) => deployment::validate_create(doc.root(), options),
        Err(issue) => vec![(**issue).clone()].into(),
    };
    if let Ok(doc) = &parsed {
        if !issues.is_empty() {
            source::attach_ranges(doc, &mut issues);
        }
        common::check_issues(doc.root(), &issues);
    }
    common::check_ranges(text, &issues);
    common::check_report(&Report::with_left_out(issues.issues, issues.left_out));
});
