//! waitForStatus: polling, the wait's own time limit, ARCHIVED.

use nosana_deployments::api::cancel::Cancel;
use nosana_deployments::api::error::ErrorKind;
use nosana_deployments::api::options::WaitOptions;
use serde_json::json;

use crate::fakes::*;

fn wait(timeout_ms: f64, interval_ms: f64) -> WaitOptions {
    WaitOptions {
        cancel: None,
        timeout_ms,
        interval_ms,
    }
}

fn wanted(s: &[&str]) -> Vec<String> {
    s.iter().map(|s| s.to_string()).collect()
}

#[test]
fn polls_at_the_interval_until_a_wanted_status() {
    let s = Setup::new(vec![
        json(200, deployment("STARTING")),
        json(200, deployment("STARTING")),
        json(200, deployment("RUNNING")),
    ]);
    let client = s.client(json!({}));
    let answer = s
        .run(client.wait_for_status(ID, &wanted(&["RUNNING", "ERROR"]), &wait(60_000.0, 1_000.0)))
        .unwrap();
    assert_eq!(answer.value()["status"], "RUNNING");
    assert_eq!(s.fake.times(), vec![0.0, 1_000.0, 2_000.0]);
}

#[test]
fn the_wait_times_out_with_the_last_status_seen() {
    let s = Setup::new((0..10).map(|_| json(200, deployment("STARTING"))).collect());
    let client = s.client(json!({}));
    let e = s
        .run(client.wait_for_status(ID, &wanted(&["RUNNING"]), &wait(2_500.0, 1_000.0)))
        .unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::Timeout, "TIMEOUT"));
    assert_eq!(e.deployment_status.as_deref(), Some("STARTING"));
    assert!(
        e.message.ends_with("(last status STARTING)"),
        "{}",
        e.message
    );
    assert_eq!(s.clock.now(), 2_500.0);
    assert_eq!(s.fake.count(), 3);
}

#[test]
fn archived_ends_the_wait_and_errors_are_final() {
    let s = Setup::new(vec![json(200, deployment("ARCHIVED"))]);
    let client = s.client(json!({}));
    let e = s
        .run(client.wait_for_status(ID, &wanted(&["RUNNING"]), &wait(60_000.0, 1_000.0)))
        .unwrap_err();
    assert_eq!(
        (e.kind, e.code),
        (ErrorKind::InvalidState, "UNREACHABLE_STATUS")
    );

    let s = Setup::new(vec![json(404, json!({"error": "Deployment not found."}))]);
    let client = s.client(json!({}));
    let e = s
        .run(client.wait_for_status(ID, &wanted(&["RUNNING"]), &wait(60_000.0, 1_000.0)))
        .unwrap_err();
    assert_eq!(e.code, "DEPLOYMENT_NOT_FOUND");
}

#[test]
fn a_cancel_ends_the_wait_during_the_pause() {
    let s = Setup::new((0..10).map(|_| json(200, deployment("STARTING"))).collect());
    let client = s.client(json!({}));
    let cancel = Cancel::new();
    let options = WaitOptions {
        cancel: Some(cancel.clone()),
        ..wait(60_000.0, 1_000.0)
    };
    let clock = s.clock.clone();
    let (result, ()) = s.run(futures_util::future::join(
        client.wait_for_status(ID, &wanted(&["RUNNING"]), &options),
        async {
            nosana_deployments::api::clock::Clock::sleep(&*clock, 1_500.0).await;
            cancel.fire();
        },
    ));
    let e = result.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Abort);
    assert_eq!(s.clock.now(), 1_500.0);
    assert_eq!(s.fake.count(), 2);
}
