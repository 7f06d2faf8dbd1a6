//! Deployment bodies: arbitrary bytes → our JSON parser → `validate_create` and every
//! `validate_update`, with issue paths cross-checked against serde_json's parse of the same text.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use nosana_deployments::deployment::{self, Action};
use nosana_deployments::diagnostics::{Report, ValidateOptions};
use nosana_deployments::json::Document;
use nosana_deployments::source;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(doc) = Document::parse(text) else { return };
    let root = doc.root();
    let serde = common::serde_view(text);
    for warnings in [true, false] {
        let options = ValidateOptions { warnings };
        let mut issues = deployment::validate_create(root, options);
        common::check_issues(root, &issues);
        if let Some(serde) = &serde {
            common::check_issues_serde(root, serde, &issues);
        }
        if !warnings {
            assert!(issues.iter().all(|i| i.is_error()), "a warning with warnings off: {issues:?}");
        }
        if !issues.is_empty() {
            source::attach_ranges(&doc, &mut issues);
            common::check_ranges(text, &issues);
        }
        common::check_report(&Report::with_left_out(issues.issues, issues.left_out));
        for action in Action::ALL {
            let issues = deployment::validate_update(action, root, options);
            common::check_issues(root, &issues);
            if let Some(serde) = &serde {
                common::check_issues_serde(root, serde, &issues);
            }
            if !warnings {
                assert!(issues.iter().all(|i| i.is_error()), "a warning with warnings off: {issues:?}");
            }
        }
    }
});
