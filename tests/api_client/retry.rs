//! Retries (backoff, Retry-After, giving up) and the per-call time limit.

use nosana_deployments::api::cancel::Cancel;
use nosana_deployments::api::client::Answer;
use nosana_deployments::api::error::ErrorKind;
use nosana_deployments::api::options::CallOptions;
use nosana_deployments::api::request;
use serde_json::json;

use crate::fakes::*;

const POLICY: &str = r#"{"retries": 2, "baseDelayMs": 100, "maxDelayMs": 1000}"#;

fn options() -> serde_json::Value {
    json!({ "retry": serde_json::from_str::<serde_json::Value>(POLICY).unwrap() })
}

fn unavailable() -> Reply {
    json(503, json!({"error": "Service Unavailable"}))
}

#[test]
fn a_get_is_retried_with_growing_jittered_backoff_until_it_succeeds() {
    let s = Setup::new(vec![
        unavailable(),
        unavailable(),
        json(200, deployment("RUNNING")),
    ]);
    let client = s.client(options());
    let spec = request::get(ID).unwrap();
    let answer = s.run(client.send(&spec, &CallOptions::default())).unwrap();
    assert_eq!(answer.value()["status"], "RUNNING");
    let t = s.fake.times();
    assert_eq!(t.len(), 3);
    // Equal jitter: half the exponential delay fixed, half random.
    let (first, second) = (t[1] - t[0], t[2] - t[1]);
    assert!((50.0..=100.0).contains(&first), "first backoff {first}");
    assert!((100.0..=200.0).contains(&second), "second backoff {second}");
    assert!(matches!(answer, Answer::Json { .. }));
}

#[test]
fn retries_are_bounded_and_the_last_error_is_reported() {
    let s = Setup::new(vec![
        unavailable(),
        unavailable(),
        unavailable(),
        unavailable(),
    ]);
    let client = s.client(options());
    let e = s
        .run(client.send(&request::get(ID).unwrap(), &CallOptions::default()))
        .unwrap_err();
    assert_eq!(
        (e.kind, e.code, e.status),
        (ErrorKind::Server, "SERVICE_UNAVAILABLE", Some(503))
    );
    assert_eq!(s.fake.count(), 3, "one attempt and two retries");
}

#[test]
fn dropped_connections_are_retried_but_not_posts_nor_500s() {
    let s = Setup::new(vec![Reply::Refused, json(200, deployment("RUNNING"))]);
    let client = s.client(options());
    s.run(client.send(&request::get(ID).unwrap(), &CallOptions::default()))
        .unwrap();
    assert_eq!(s.fake.count(), 2);

    let s = Setup::new(vec![unavailable(), json(200, json!({}))]);
    let client = s.client(options());
    let start = request::lifecycle(ID, nosana_deployments::deployment::Action::Start).unwrap();
    let e = s
        .run(client.send(&start, &CallOptions::default()))
        .unwrap_err();
    assert_eq!(e.status, Some(503));
    assert_eq!(
        s.fake.count(),
        1,
        "a POST may have taken effect: never retried"
    );

    let s = Setup::new(vec![
        json(500, json!({"error": "boom"})),
        json(200, json!({})),
    ]);
    let client = s.client(options());
    let e = s
        .run(client.send(&request::get(ID).unwrap(), &CallOptions::default()))
        .unwrap_err();
    assert_eq!(e.code, "SERVER_ERROR");
    assert_eq!(s.fake.count(), 1);
}

#[test]
fn retry_after_is_waited_for_when_longer_than_the_backoff() {
    let busy = with_header(json(429, json!({"error": "slow down"})), "retry-after", "3");
    let s = Setup::new(vec![busy, json(200, deployment("RUNNING"))]);
    let client = s.client(options());
    s.run(client.send(&request::get(ID).unwrap(), &CallOptions::default()))
        .unwrap();
    assert_eq!(s.fake.times(), vec![0.0, 3000.0]);
}

#[test]
fn a_retry_that_cannot_happen_before_the_time_limit_gives_up_at_once() {
    let busy = with_header(unavailable(), "retry-after", "60");
    let s = Setup::new(vec![busy, json(200, deployment("RUNNING"))]);
    let client = s.client(json!({"timeoutMs": 10_000}));
    let e = s
        .run(client.send(&request::get(ID).unwrap(), &CallOptions::default()))
        .unwrap_err();
    assert_eq!((e.code, e.status), ("SERVICE_UNAVAILABLE", Some(503)));
    assert_eq!(s.fake.count(), 1);
    assert_eq!(s.clock.now(), 0.0, "no time spent waiting for nothing");
}

#[test]
fn the_time_limit_covers_the_whole_call_and_aborts_the_request() {
    let s = Setup::new(vec![Reply::Hang]);
    let client = s.client(json!({"timeoutMs": 500}));
    let e = s
        .run(client.send(&request::get(ID).unwrap(), &CallOptions::default()))
        .unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::Timeout, "TIMEOUT"));
    assert_eq!(s.clock.now(), 500.0);
    assert!(
        e.message.contains("no answer within 500 ms"),
        "{}",
        e.message
    );

    // The per-call option wins over the client's, and covers the retries too.
    let s = Setup::new(vec![unavailable(), Reply::Hang]);
    let client = s.client(json!({"timeoutMs": 30_000, "retry": {"baseDelayMs": 100}}));
    let call = CallOptions {
        timeout_ms: Some(1_000.0),
        ..CallOptions::default()
    };
    let e = s
        .run(client.send(&request::get(ID).unwrap(), &call))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert_eq!(s.clock.now(), 1_000.0);
    assert_eq!(s.fake.count(), 2);
}

#[test]
fn a_cancelled_call_ends_at_once_and_an_already_cancelled_one_sends_nothing() {
    let s = Setup::new(vec![Reply::Hang]);
    let client = s.client(json!({}));
    let cancel = Cancel::new();
    let call = CallOptions {
        cancel: Some(cancel.clone()),
        ..CallOptions::default()
    };
    let spec = request::get(ID).unwrap();
    let clock = s.clock.clone();
    let (result, ()) = s.run(futures_util::future::join(
        client.send(&spec, &call),
        async {
            nosana_deployments::api::clock::Clock::sleep(&*clock, 250.0).await;
            cancel.fire();
        },
    ));
    let e = result.unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::Abort, "ABORTED"));
    assert_eq!(s.clock.now(), 250.0);

    let s = Setup::new(vec![json(200, deployment("RUNNING"))]);
    let client = s.client(json!({}));
    let cancel = Cancel::new();
    cancel.fire();
    let call = CallOptions {
        cancel: Some(cancel),
        ..CallOptions::default()
    };
    let e = s.run(client.send(&spec, &call)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Abort);
    assert_eq!(s.fake.count(), 0);
}

#[test]
fn answers_are_checked_against_the_endpoint_shape() {
    let s = Setup::new(vec![
        json(200, json!({"id": ID})),
        Reply::Answer {
            latency: 0.0,
            status: 200,
            headers: vec![],
            body: vec![Chunk::Data("{not json".into())],
        },
    ]);
    let client = s.client(json!({}));
    let spec = request::get(ID).unwrap();
    let e = s
        .run(client.send(&spec, &CallOptions::default()))
        .unwrap_err();
    assert_eq!(e.code, "INVALID_RESPONSE");
    assert!(
        e.message.contains("`status` is not a string"),
        "{}",
        e.message
    );
    let e = s
        .run(client.send(&spec, &CallOptions::default()))
        .unwrap_err();
    assert!(e.message.contains("not JSON"), "{}", e.message);
}

#[test]
fn a_job_detail_is_mapped_and_a_204_is_empty() {
    let s = Setup::new(vec![
        json(200, json!({"job": ID, "state": 1})),
        Reply::Answer {
            latency: 0.0,
            status: 204,
            headers: vec![],
            body: vec![],
        },
    ]);
    let client = s.client(json!({}));
    let job = request::job(ID, ID).unwrap();
    let answer = s.run(client.send(&job, &CallOptions::default())).unwrap();
    assert_eq!(
        answer,
        Answer::Mapped(json!({"job": ID, "state": "RUNNING", "state_code": 1}))
    );
    let delete = request::delete(ID).unwrap();
    let answer = s
        .run(client.send(&delete, &CallOptions::default()))
        .unwrap();
    assert_eq!(answer, Answer::Empty);
    assert_eq!(s.fake.request(1).method, request::Method::Delete);
}
