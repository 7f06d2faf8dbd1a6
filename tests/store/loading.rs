//! Loading: idle → loading → ready (or error), refreshing keeps the data, the list's order.

use nosana_deployments::store::driver::StoreOptions;
use nosana_deployments::store::model::{Part, ResourceState};
use serde_json::json;

use crate::fakes::*;

#[test]
fn the_list_goes_loading_then_ready_newest_first() {
    let s = Setup::new(StoreOptions::default());
    assert_eq!(s.store.model().list.state, ResourceState::Idle);
    s.server.once(
        "GET",
        "",
        slow(
            200.0,
            ok(json!({ "deployments": [
                deployment(OTHER, "DRAFT", &server_iso(-50_000.0)),
                deployment(ID, "RUNNING", &server_iso(-10_000.0)),
            ], "pagination": {} })),
        ),
    );
    let loading = s.store.load_list();
    assert_eq!(
        s.store.model().list.state,
        ResourceState::Loading,
        "at once"
    );
    assert_eq!(s.notified.get(), 1);
    s.exec.run(loading).unwrap();
    let m = s.store.model();
    assert_eq!(m.list.state, ResourceState::Ready);
    assert_eq!(
        m.list.data.as_deref(),
        Some(&[ID.to_owned(), OTHER.to_owned()][..]),
        "newest first"
    );
    assert_eq!(m.entries[ID].deployment.state, ResourceState::Ready);
    assert_eq!(
        m.entries[ID].jobs.state,
        ResourceState::Idle,
        "lists load when opened"
    );
    // Ready at local START + 200 ms; the server's clock is 30 s ahead, its newest timestamp
    // 10 s old: the measured offset is a lower bound (≤ the truth, 30 s).
    assert_eq!(
        m.server_time.offset_ms(),
        SERVER_AHEAD_MS - 10_000.0 - 200.0
    );
    assert_eq!(
        m.list.updated_at,
        Some(s.clock.now() + m.server_time.offset_ms())
    );
}

#[test]
fn a_failed_reload_keeps_the_data_and_says_why() {
    let s = Setup::new(StoreOptions::default());
    let page =
        json!({ "deployments": [deployment(ID, "DRAFT", &server_iso(0.0))], "pagination": {} });
    s.server.once("GET", "", ok(page));
    s.exec.run(s.store.load_list()).unwrap();
    s.server.once(
        "GET",
        "",
        slow(100.0, json_reply(500, json!({ "error": "boom" }))),
    );
    let again = s.store.load_list();
    assert_eq!(s.store.model().list.state, ResourceState::Refreshing);
    let e = s.exec.run(again).unwrap_err();
    assert_eq!(e.code, "SERVER_ERROR");
    let m = s.store.model();
    assert_eq!(m.list.state, ResourceState::Error);
    assert_eq!(m.list.error.as_ref().unwrap().code, "SERVER_ERROR");
    assert_eq!(m.list.data.as_ref().unwrap().len(), 1, "kept");
}

#[test]
fn open_loads_the_deployment_and_its_lists_at_once() {
    let s = Setup::new(StoreOptions {
        live: false,
        ..StoreOptions::default()
    });
    s.serve_deployment(ID, "RUNNING", &[]);
    s.server.always(
        "GET",
        &format!("/{ID}/jobs"),
        slow(
            300.0,
            ok(json!({ "jobs": [
                { "job": "a", "state": "COMPLETED", "created_at": server_iso(-9_000.0) },
                { "job": "b", "state": "RUNNING", "created_at": server_iso(-1_000.0) },
            ], "pagination": {} })),
        ),
    );
    let _release = s.store.open(ID).unwrap();
    s.exec.idle();
    {
        let m = s.store.model();
        assert_eq!(
            m.entries[ID].jobs.state,
            ResourceState::Loading,
            "not 'no jobs'"
        );
    }
    s.exec.until("jobs", || {
        s.store.model().entries[ID].jobs.state == ResourceState::Ready
    });
    let m = s.store.model();
    let e = &m.entries[ID];
    for part in [&e.deployment.state, &e.events.state, &e.revisions.state] {
        assert_eq!(*part, ResourceState::Ready);
    }
    let jobs = e.jobs.data.as_ref().unwrap();
    assert_eq!(jobs[0]["job"], "b", "newest first");
    // All four went out together, before any answer.
    let times: Vec<f64> = s.server.seen.borrow().iter().map(|r| r.at).collect();
    assert_eq!(times, vec![START_MS; 4]);
    assert_eq!(
        s.server.count("GET", &format!("/{ID}/stream")),
        0,
        "live: false"
    );
    assert_eq!(m.live().as_str(), "off");
    let _ = Part::ALL;
}

#[test]
fn a_deployment_missing_on_open_is_gone() {
    let s = Setup::new(StoreOptions::default());
    s.serve_deployment(ID, "RUNNING", &[]);
    let not_found = json_reply(404, json!({ "error": "Deployment not found." }));
    s.server.always("GET", &format!("/{ID}"), not_found.clone());
    s.server.always("GET", &format!("/{ID}/jobs"), not_found);
    let _release = s.store.open(ID).unwrap();
    s.exec.until("gone", || {
        s.store.model().entries[ID].deployment.state == ResourceState::Gone
    });
    s.exec.idle();
    let m = s.store.model();
    assert!(m.entries[ID].allowed_actions().is_empty());
    assert_eq!(
        s.server.count("GET", &format!("/{ID}/stream")),
        0,
        "nothing to follow"
    );
    assert_eq!(s.exec.tasks(), 0);
}
