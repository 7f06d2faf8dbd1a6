//! API response handling: error mapping of any (status, content type, body), pagination pages and
//! the retry option read from any JSON value.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use nosana_deployments::api::error::{from_response, invalid_response};
use nosana_deployments::api::pagination::read_page;
use nosana_deployments::api::retry::RetryPolicy;
use nosana_deployments::deployment::Action;

const ACTIONS: [Option<Action>; 4] = [None, Some(Action::Start), Some(Action::Stop), Some(Action::Archive)];
const KEYS: [&str; 5] = ["deployments", "jobs", "revisions", "events", "tasks"];

#[derive(Debug, Arbitrary)]
struct Input {
    status: u16,
    action: u8,
    json_content_type: bool,
    attempt: u32,
    random: f64,
    body: String,
}

fuzz_target!(|input: Input| {
    let content_type = if input.json_content_type { "application/json; charset=utf-8" } else { "text/plain" };
    let label = "GET http://127.0.0.1/deployments";
    let err = from_response(label, ACTIONS[usize::from(input.action) % 4], input.status, content_type, &input.body);
    assert!(!err.code.is_empty());
    assert!(err.message.starts_with(label), "{}", err.message);
    assert_eq!(err.status, Some(input.status));
    let err = invalid_response(label, input.status, &input.body);
    assert_eq!(err.code, "INVALID_RESPONSE");

    let Ok(value) = serde_json::from_str::<serde_json::Value>(&input.body) else { return };
    for key in KEYS {
        if let Ok(page) = read_page(&value, key) {
            assert_eq!(Some(page.items.len()), value.get(key).and_then(|v| v.as_array()).map(Vec::len));
            if let Some(next) = &page.next {
                assert!(!next.is_empty());
            }
        }
    }
    if let Ok(policy) = RetryPolicy::from_value(&value) {
        assert!(policy.retries <= 20);
        let random = if input.random.is_finite() { input.random.abs().fract() } else { 0.5 };
        let delay = policy.backoff(input.attempt, random);
        assert!(delay.is_finite() && delay >= 0.0, "backoff {delay} for {policy:?}");
        assert!(delay <= policy.max_delay_ms, "backoff {delay} above the cap for {policy:?}");
    }
});
