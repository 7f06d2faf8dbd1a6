//! watch: frames, reconnection with backoff, Last-Event-ID, dedupe, giving up, closing.

use std::rc::Rc;

use nosana_deployments::api::error::ErrorKind;
use nosana_deployments::api::watch::{Watch, MAX_NOT_STREAMS};
use serde_json::{json, Value};

use crate::fakes::*;

fn data(v: Value) -> Chunk {
    Chunk::Data(format!("data: {v}\n\n"))
}

fn with_id(id: &str, v: Value) -> Chunk {
    Chunk::Data(format!("id: {id}\ndata: {v}\n\n"))
}

/// The next `n` frames.
fn take(s: &Setup, watch: &Watch, n: usize) -> Vec<Value> {
    s.run(async {
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(watch.next().await.unwrap().unwrap());
        }
        out
    })
}

#[test]
fn frames_arrive_in_order_and_statuses_are_remembered() {
    let s = Setup::new(vec![stream(&[
        Chunk::Data(": keep-alive\n\ndata: {\"type\":\"deployment\",\"status\":\"STO".into()),
        Chunk::Data("PPED\"}\n\n".into()),
        data(json!({"type": "job", "state": "QUEUED"})),
        Chunk::Hang,
    ])]);
    let client = s.client(json!({}));
    let watch = Watch::new(client.clone(), ID, None).unwrap();
    let frames = take(&s, &watch, 2);
    assert_eq!(
        frames[0],
        json!({"type": "deployment", "status": "STOPPED"})
    );
    assert_eq!(frames[1]["type"], "job");
    assert_eq!(s.fake.request(0).url, format!("{BASE}/{ID}/stream"));
    // The STOPPED frame feeds the guard: a stop is refused locally.
    let stop = nosana_deployments::api::request::lifecycle(
        ID,
        nosana_deployments::deployment::Action::Stop,
    )
    .unwrap();
    let e = s.run(client.send(&stop, &Default::default())).unwrap_err();
    assert_eq!(e.code, "INVALID_STATE");
}

#[test]
fn a_dropped_stream_reconnects_with_backoff_last_event_id_and_no_duplicates() {
    let s = Setup::new(vec![
        stream(&[
            with_id("1", json!({"type": "event", "n": 1})),
            with_id("2", json!({"type": "event", "n": 2})),
        ]),
        // The server resumes after the id it was given, but replays that event.
        stream(&[
            with_id("2", json!({"type": "event", "n": 2})),
            with_id("3", json!({"type": "event", "n": 3})),
            Chunk::Hang,
        ]),
    ]);
    let client = s.client(json!({}));
    let watch = Watch::new(client, ID, None).unwrap();
    let frames = take(&s, &watch, 4);
    assert_eq!(
        frames,
        vec![
            json!({"type": "event", "n": 1}),
            json!({"type": "event", "n": 2}),
            json!({"type": "reconnected"}),
            json!({"type": "event", "n": 3})
        ]
    );
    assert_eq!(s.fake.request(0).header("last-event-id"), None);
    assert_eq!(s.fake.request(1).header("last-event-id"), Some("2"));
    let gap = s.fake.times()[1] - s.fake.times()[0];
    assert!(
        (125.0..=250.0).contains(&gap),
        "first reconnect after {gap} ms"
    );
}

#[test]
fn a_stream_that_fails_midway_reconnects_and_frames_reset_the_failure_count() {
    let s = Setup::new(vec![
        stream(&[
            data(json!({"type": "event", "n": 1})),
            Chunk::Pause(1_000.0),
            Chunk::Fail,
        ]),
        stream(&[data(json!({"type": "event", "n": 2})), Chunk::Hang]),
    ]);
    let watch = Watch::new(s.client(json!({})), ID, None).unwrap();
    let frames = take(&s, &watch, 3);
    assert_eq!(frames[2], json!({"type": "event", "n": 2}));
    let t = s.fake.times();
    // Dropped at 1,000 ms; the first reconnect waits one base backoff (125–250 ms).
    assert!((1_125.0..=1_250.0).contains(&t[1]), "{t:?}");
}

#[test]
fn a_replayed_snapshot_without_ids_is_delivered_again() {
    // The Deployments server sends no ids: each connection starts with a fresh snapshot.
    let snapshot = data(json!({"type": "deployment", "status": "RUNNING"}));
    let s = Setup::new(vec![
        stream(std::slice::from_ref(&snapshot)),
        stream(&[snapshot, Chunk::Hang]),
    ]);
    let watch = Watch::new(s.client(json!({})), ID, None).unwrap();
    let frames = take(&s, &watch, 3);
    assert_eq!(frames[0], frames[2]);
    assert_eq!(frames[1], json!({"type": "reconnected"}));
}

#[test]
fn failed_connects_back_off_exponentially_then_give_up_with_the_last_error() {
    let html = Reply::Answer {
        latency: 0.0,
        status: 200,
        headers: vec![("content-type".into(), "text/html".into())],
        body: vec![Chunk::Data("<html>".into())],
    };
    let s = Setup::new(vec![
        json(503, json!({"error": "restarting"})),
        Reply::Refused,
        html.clone(),
        html.clone(),
        html,
    ]);
    let watch = Watch::new(s.client(json!({})), ID, None).unwrap();
    let e = s.run(watch.next()).unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::Server, "INVALID_RESPONSE"));
    assert_eq!(s.fake.count(), 2 + MAX_NOT_STREAMS as usize);
    let t = s.fake.times();
    let gaps: Vec<f64> = t.windows(2).map(|w| w[1] - w[0]).collect();
    for (i, gap) in gaps.iter().enumerate() {
        let full = (250.0 * 2f64.powi(i as i32)).min(5_000.0);
        assert!(
            (full / 2.0..=full).contains(gap),
            "gap {i}: {gap} ms, expected ≤ {full}"
        );
    }
}

#[test]
fn a_client_error_on_connect_is_final() {
    let s = Setup::new(vec![json(404, json!({"error": "Deployment not found."}))]);
    let watch = Watch::new(s.client(json!({})), ID, None).unwrap();
    let e = s.run(watch.next()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(s.fake.count(), 1);
}

#[test]
fn closing_ends_a_pending_next_and_releases_the_stream() {
    let s = Setup::new(vec![stream(&[Chunk::Hang])]);
    let watch = Rc::new(Watch::new(s.client(json!({})), ID, None).unwrap());
    let clock = s.clock.clone();
    let w = watch.clone();
    let (next, ()) = s.run(futures_util::future::join(watch.next(), async move {
        nosana_deployments::api::clock::Clock::sleep(&*clock, 1_000.0).await;
        w.close();
    }));
    assert_eq!(next.unwrap(), None, "closed: done, not an error");
    assert_eq!(s.fake.closed.get(), 1);
    assert_eq!(s.run(watch.next()).unwrap(), None);
}

#[test]
fn the_callers_cancel_is_an_abort_error() {
    let s = Setup::new(vec![stream(&[Chunk::Hang])]);
    let cancel = nosana_deployments::api::cancel::Cancel::new();
    let watch = Watch::new(s.client(json!({})), ID, Some(&cancel)).unwrap();
    let clock = s.clock.clone();
    let (next, ()) = s.run(futures_util::future::join(watch.next(), async {
        nosana_deployments::api::clock::Clock::sleep(&*clock, 10.0).await;
        cancel.fire();
    }));
    assert_eq!(next.unwrap_err().kind, ErrorKind::Abort);
}

#[test]
fn the_new_frames_pass_and_unknown_types_are_skipped() {
    let s = Setup::new(vec![stream(&[
        data(json!({"type": "deployment", "status": "RUNNING"})),
        data(json!({"type": "jobs", "jobs": ["j1"]})),
        data(json!({"type": "telemetry", "cpu": 3})),
        data(json!({"no": "type"})),
        data(
            json!({"type": "job", "job": "j1", "state": "RUNNING", "revision": 2, "created_at": "2026-01-01T00:00:00.000Z"}),
        ),
        data(
            json!({"type": "endpoint", "opId": "web", "port": 8080, "url": "https://x", "online": true}),
        ),
        Chunk::Hang,
    ])]);
    let client = s.client(json!({}));
    let watch = Watch::new(client.clone(), ID, None).unwrap();
    let types: Vec<Value> = take(&s, &watch, 4)
        .iter()
        .map(|f| f["type"].clone())
        .collect();
    assert_eq!(
        types,
        vec![
            json!("deployment"),
            json!("jobs"),
            json!("job"),
            json!("endpoint")
        ]
    );
}
