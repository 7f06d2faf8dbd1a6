//! Deployment bodies: arbitrary bytes → serde_json → `validate_create` and every `validate_update`.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use nosana_deployments::deployment::{self, Action};
use nosana_deployments::diagnostics::{Report, ValidateOptions};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    for warnings in [true, false] {
        let options = ValidateOptions { warnings };
        let issues = deployment::validate_create(&value, options);
        common::check_issues(&value, &issues);
        common::check_report(&Report::new(issues.clone()));
        if !warnings {
            assert!(issues.iter().all(|i| i.is_error()), "a warning with warnings off: {issues:?}");
        }
        for action in Action::ALL {
            let issues = deployment::validate_update(action, &value, options);
            common::check_issues(&value, &issues);
            if !warnings {
                assert!(issues.iter().all(|i| i.is_error()), "a warning with warnings off: {issues:?}");
            }
        }
    }
});
