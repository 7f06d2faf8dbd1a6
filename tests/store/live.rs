//! Keeping an opened deployment live: stream frames, deletion and archival elsewhere, polling
//! while the stream is down and reconnecting, release and dispose.

use std::cell::RefCell;
use std::rc::Rc;

use nosana_deployments::deployment::Action;
use nosana_deployments::store::driver::StoreOptions;
use nosana_deployments::store::model::{GoneWhy, Live, ResourceState};
use serde_json::json;

use crate::fakes::*;

fn status(s: &Setup) -> String {
    let m = s.store.model();
    let d = m.entries[ID].deployment.data.as_ref().unwrap();
    d["status"].as_str().unwrap().to_owned()
}

#[test]
fn frames_update_the_deployment_jobs_and_events_without_reloading() {
    let s = Setup::new(StoreOptions::default());
    s.serve_deployment(ID, "STARTING", &[]);
    s.server.always(
        "GET",
        &format!("/{ID}/stream"),
        stream(
            &[json!({ "type": "deployment", "status": "STARTING", "replicas": 1, "active_revision": 1 })],
            &[
                Chunk::Pause(1_000.0),
                frame(json!({ "type": "deployment", "status": "RUNNING", "replicas": 1, "active_revision": 1 })),
                frame(json!({ "type": "job", "job": "j1", "state": "RUNNING", "node": "n1", "timeStart": 1, "timeEnd": 0, "revision": 1, "created_at": server_iso(1_000.0) })),
                frame(json!({ "type": "event", "category": "Deployment", "event": "JOB_LIST_CONFIRMED", "message": "listed", "tx": null, "created_at": server_iso(1_000.0) })),
                Chunk::Hang,
            ],
        ),
    );
    let _release = s.store.open(ID).unwrap();
    s.exec
        .until("open", || s.store.model().live() == Live::Open);
    assert_eq!(status(&s), "STARTING");
    let allowed_before = s.store.model().entries[ID].allowed_actions();
    s.exec.until("RUNNING", || status(&s) == "RUNNING");
    s.exec.until("the event", || {
        s.store.model().entries[ID]
            .events
            .data
            .as_ref()
            .is_some_and(|e| !e.is_empty())
    });
    let m = s.store.model();
    let e = &m.entries[ID];
    assert_ne!(
        e.allowed_actions(),
        allowed_before,
        "derived from the new status"
    );
    assert!(e.allowed_actions().contains(&Action::Stop));
    let jobs = e.jobs.data.as_ref().unwrap();
    assert_eq!(
        (jobs[0]["job"].as_str(), jobs[0]["state"].as_str()),
        (Some("j1"), Some("RUNNING"))
    );
    assert_eq!(
        e.events.data.as_ref().unwrap()[0]["type"],
        "JOB_LIST_CONFIRMED"
    );
    assert_eq!(
        s.server.count("GET", &format!("/{ID}")),
        1,
        "live, not reloaded"
    );
    // The event was written at server time START + 30 s + 1 s, seen at local START + 1 s.
    assert_eq!(m.server_time.offset_ms(), SERVER_AHEAD_MS);
    assert_eq!(s.store.server_now(), s.clock.now() + SERVER_AHEAD_MS);
}

#[test]
fn deleted_elsewhere_the_reconnection_finds_it_gone() {
    let s = Setup::new(StoreOptions::default());
    s.serve_deployment(ID, "STOPPED", &[]);
    // The stream ends (the server closed it on delete); the reconnection gets 404.
    s.server.once(
        "GET",
        &format!("/{ID}/stream"),
        stream(&[json!({ "type": "deployment", "status": "STOPPED", "replicas": 1, "active_revision": 1 })], &[Chunk::Pause(2_000.0)]),
    );
    s.server.always(
        "GET",
        &format!("/{ID}/stream"),
        json_reply(404, json!({ "error": "Deployment not found." })),
    );
    s.server.once("GET", "", ok(json!({ "deployments": [deployment(ID, "STOPPED", &server_iso(0.0))], "pagination": {} })));
    s.exec.run(s.store.load_list()).unwrap();
    let release = s.store.open(ID).unwrap();
    s.exec.until("gone", || {
        s.store.model().entries[ID].deployment.state == ResourceState::Gone
    });
    s.exec.idle();
    let m = s.store.model();
    let e = &m.entries[ID];
    assert_eq!(e.gone, Some(GoneWhy::Deleted));
    assert_eq!(
        e.deployment.data.as_ref().unwrap()["id"],
        ID,
        "the last known value"
    );
    assert_eq!(e.jobs.state, ResourceState::Gone);
    assert!(e.allowed_actions().is_empty(), "no live buttons");
    assert!(m.list.data.as_ref().unwrap().is_empty(), "out of the list");
    assert_eq!(m.live(), Live::Off);
    assert_eq!(s.exec.tasks(), 0, "nothing left running");
    drop(m);
    release.release();
}

#[test]
fn archived_elsewhere_is_gone_with_its_archived_data() {
    let s = Setup::new(StoreOptions::default());
    s.serve_deployment(ID, "STOPPED", &[]);
    s.server.always(
        "GET",
        &format!("/{ID}/stream"),
        stream(
            &[json!({ "type": "deployment", "status": "STOPPED", "replicas": 1, "active_revision": 1 })],
            &[
                Chunk::Pause(500.0),
                frame(json!({ "type": "deployment", "status": "ARCHIVED", "replicas": 1, "active_revision": 1 })),
                Chunk::Hang,
            ],
        ),
    );
    let _release = s.store.open(ID).unwrap();
    s.exec.until("gone", || {
        s.store.model().entries[ID].deployment.state == ResourceState::Gone
    });
    let m = s.store.model();
    let e = &m.entries[ID];
    assert_eq!(e.gone, Some(GoneWhy::Archived));
    assert_eq!(e.deployment.data.as_ref().unwrap()["status"], "ARCHIVED");
    assert_eq!(
        e.allowed_actions(),
        nosana_deployments::deployment::allowed_actions(
            nosana_deployments::deployment::Status::Archived
        )
    );
}

#[test]
fn a_failing_stream_falls_back_to_polling_then_reconnects() {
    let s = Setup::new(StoreOptions {
        poll_interval_ms: 5_000.0,
        ..StoreOptions::default()
    });
    s.serve_deployment(ID, "RUNNING", &[]);
    let stream_path = format!("/{ID}/stream");
    // Refused for good (a 4xx ends a watch at once) three times, then a working stream.
    for _ in 0..3 {
        s.server.once(
            "GET",
            &stream_path,
            json_reply(400, json!({ "error": "Bad Request" })),
        );
    }
    s.server.always(
        "GET",
        &stream_path,
        stream(&[json!({ "type": "deployment", "status": "RUNNING", "replicas": 1, "active_revision": 1 })], &[Chunk::Hang]),
    );
    let _release = s.store.open(ID).unwrap();
    s.exec
        .until("polling", || s.store.model().live() == Live::Polling);
    // A change made elsewhere, seen by polling.
    s.server.always("GET", &format!("/{ID}"), ok(json!({
        "id": ID, "status": "RUNNING", "name": "renamed", "replicas": 1, "active_revision": 1, "created_at": server_iso(0.0), "updated_at": server_iso(0.0)
    })));
    s.exec.until("the rename", || {
        s.store.model().entries[ID]
            .deployment
            .data
            .as_ref()
            .unwrap()["name"]
            == "renamed"
    });
    s.exec
        .until("open again", || s.store.model().live() == Live::Open);
    let polls: Vec<f64> = s
        .server
        .seen
        .borrow()
        .iter()
        .filter(|r| r.path == format!("/{ID}"))
        .map(|r| r.at - START_MS)
        .collect();
    // Each refusal costs one interval of polling: loaded at 0, polled at 5, 10 and 15 s, when
    // the fourth stream works.
    assert_eq!(polls, vec![0.0, 5_000.0, 10_000.0, 15_000.0]);
    assert_eq!(s.server.count("GET", &stream_path), 4);
    // Back on the stream: the lists are no longer polled; the deployment alone is checked every
    // interval (the stream never says "deleted"), and an unchanged answer changes nothing.
    let version = s.store.model().version;
    let jobs = s.server.count("GET", &format!("/{ID}/jobs"));
    assert!(s.exec.step());
    assert_eq!(s.clock.now() - START_MS, 20_000.0);
    assert_eq!(s.server.count("GET", &format!("/{ID}")), 5);
    assert_eq!(s.server.count("GET", &format!("/{ID}/jobs")), jobs);
    assert_eq!(s.server.count("GET", &stream_path), 4, "the same stream");
    assert_eq!(
        s.store.model().version,
        version,
        "no change, no new snapshot"
    );
}

#[test]
fn deleted_while_polling_is_gone_and_no_longer_polled() {
    let s = Setup::new(StoreOptions {
        poll_interval_ms: 1_000.0,
        ..StoreOptions::default()
    });
    s.serve_deployment(ID, "RUNNING", &[]);
    s.server.always(
        "GET",
        &format!("/{ID}/stream"),
        json_reply(400, json!({ "error": "Bad Request" })),
    );
    let _release = s.store.open(ID).unwrap();
    s.exec
        .until("polling", || s.store.model().live() == Live::Polling);
    let not_found = json_reply(404, json!({ "error": "Deployment not found." }));
    s.server.always("GET", &format!("/{ID}"), not_found.clone());
    s.server.always("GET", &format!("/{ID}/jobs"), not_found);
    s.exec.until("gone", || {
        s.store.model().entries[ID].gone == Some(GoneWhy::Deleted)
    });
    s.exec.idle();
    assert_eq!(s.store.model().live(), Live::Off, "not 'polling' forever");
    assert_eq!(s.exec.tasks(), 0);
    assert!(!s.exec.step(), "no timer left");
}

#[test]
fn deleted_elsewhere_while_the_stream_stays_silent_the_check_finds_it_gone() {
    let s = Setup::new(StoreOptions {
        poll_interval_ms: 2_000.0,
        ..StoreOptions::default()
    });
    s.serve_deployment(ID, "STOPPED", &[json!({ "type": "deployment", "status": "STOPPED", "replicas": 1, "active_revision": 1 })]);
    let _release = s.store.open(ID).unwrap();
    s.exec
        .until("open", || s.store.model().live() == Live::Open);
    s.server.always(
        "GET",
        &format!("/{ID}"),
        json_reply(404, json!({ "error": "Deployment not found." })),
    );
    s.exec.until("gone", || {
        s.store.model().entries[ID].gone == Some(GoneWhy::Deleted)
    });
    assert_eq!(
        s.clock.now() - START_MS,
        2_000.0,
        "found at the first check"
    );
    s.exec.idle();
    assert_eq!(s.server.open_streams.get(), 0, "no longer followed");
    assert_eq!(s.exec.tasks(), 0);
}

#[test]
fn released_while_loading_the_view_does_not_stay_loading() {
    let s = Setup::new(StoreOptions::default());
    s.serve_deployment(ID, "RUNNING", &[]);
    s.server.always("GET", &format!("/{ID}/jobs"), Reply::Hang);
    let release = s.store.open(ID).unwrap();
    s.exec.until("the deployment", || {
        s.store.model().entries[ID].deployment.state == ResourceState::Ready
    });
    assert_eq!(
        s.store.model().entries[ID].jobs.state,
        ResourceState::Loading
    );
    release.release();
    s.exec.idle();
    let m = s.store.model();
    assert_eq!(
        m.entries[ID].jobs.state,
        ResourceState::Idle,
        "not loading forever"
    );
    assert_eq!(m.entries[ID].deployment.state, ResourceState::Ready);
    assert_eq!(
        s.exec.tasks(),
        0,
        "the hanging jobs request was dropped with its task"
    );
}

#[test]
fn release_stops_following_once_every_opener_released() {
    let s = Setup::new(StoreOptions::default());
    s.serve_deployment(ID, "RUNNING", &[json!({ "type": "deployment", "status": "RUNNING", "replicas": 1, "active_revision": 1 })]);
    let a = s.store.open(ID).unwrap();
    let b = s.store.open(ID).unwrap();
    s.exec
        .until("open", || s.store.model().live() == Live::Open);
    assert_eq!(
        s.server.count("GET", &format!("/{ID}")),
        1,
        "opened twice, loaded once"
    );
    a.release();
    a.release();
    s.exec.idle();
    assert_eq!(s.server.open_streams.get(), 1, "still followed for b");
    b.release();
    s.exec.idle();
    assert_eq!(s.server.open_streams.get(), 0);
    assert_eq!(s.store.model().live(), Live::Off);
    assert_eq!(s.exec.tasks(), 0);
    assert_eq!(
        s.store.model().entries[ID].deployment.state,
        ResourceState::Ready,
        "data kept"
    );
}

#[test]
fn dispose_cancels_requests_streams_and_timers_and_nothing_is_sent_after() {
    let s = Setup::new(StoreOptions::default());
    s.serve_deployment(ID, "RUNNING", &[json!({ "type": "deployment", "status": "RUNNING", "replicas": 1, "active_revision": 1 })]);
    s.server.always(
        "GET",
        "",
        slow(10_000.0, ok(json!({ "deployments": [], "pagination": {} }))),
    );
    let _release = s.store.open(ID).unwrap();
    s.exec
        .until("open", || s.store.model().live() == Live::Open);
    let outcome = Rc::new(RefCell::new(None));
    let put = outcome.clone();
    let list = s.store.load_list();
    s.exec
        .spawn(async move { *put.borrow_mut() = Some(list.await) });
    s.exec.idle();
    assert_eq!(
        s.server.count("GET", ""),
        1,
        "the list request is in flight"
    );
    assert!(outcome.borrow().is_none());
    let (sent, notified) = (s.server.total(), s.notified.get());
    s.store.dispose();
    s.exec.idle();
    let err = outcome.borrow_mut().take().unwrap().unwrap_err();
    assert_eq!(err.code, "ABORTED");
    assert_eq!(s.exec.tasks(), 0, "every task ended");
    assert_eq!(s.server.open_streams.get(), 0, "the stream was closed");
    assert!(!s.exec.step(), "no timer left");
    assert_eq!(s.notified.get(), notified, "no listener call after dispose");
    assert_eq!(s.store.model().live(), Live::Off);
    let e = s
        .exec
        .run(s.store.perform(ID, Action::Stop, &json!({})))
        .unwrap_err();
    assert_eq!(e.code, "DISPOSED");
    assert_eq!(s.store.open(ID).err().unwrap().code, "DISPOSED");
    assert_eq!(s.server.total(), sent, "nothing sent after dispose");
}
