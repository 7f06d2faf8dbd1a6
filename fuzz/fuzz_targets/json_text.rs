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
        Ok(value) => common::check_issues(value, &report.issues),
        Err(issue) => {
            assert!(issue.is_error(), "a parse failure must be an error: {issue:?}");
            assert!(!report.success, "unparsable text reported as valid");
        }
    }

    // The deployment body path of `validateDeployment(text)`.
    let mut issues = match &parsed {
        Ok(value) => deployment::validate_create(value, options),
        Err(issue) => vec![(**issue).clone()],
    };
    if !issues.is_empty() {
        source::attach_ranges(text, &mut issues);
    }
    if let Ok(value) = &parsed {
        common::check_issues(value, &issues);
    }
    common::check_ranges(text, &issues);
    common::check_report(&Report::new(issues));
});
