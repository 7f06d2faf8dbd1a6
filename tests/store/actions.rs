//! Actions: optimistic status from the state machine, confirmed by the answer or rolled back
//! with the server's error; refused locally when the state machine says no; deletion.

use nosana_deployments::deployment::{Action, Status};
use nosana_deployments::store::driver::StoreOptions;
use nosana_deployments::store::model::{GoneWhy, ResourceState};
use serde_json::json;

use crate::fakes::*;

fn opened(status: &str) -> (Setup, nosana_deployments::store::driver::Release) {
    let s = Setup::new(StoreOptions {
        live: false,
        ..StoreOptions::default()
    });
    s.serve_deployment(ID, status, &[]);
    let release = s.store.open(ID).unwrap();
    s.exec.until("ready", || {
        s.store
            .model()
            .entries
            .get(ID)
            .is_some_and(|e| e.deployment.state == ResourceState::Ready)
    });
    (s, release)
}

fn shown(s: &Setup) -> Option<Status> {
    s.store.model().entries[ID].status()
}

#[test]
fn start_shows_starting_at_once_and_the_answer_confirms_it() {
    let (s, _r) = opened("DRAFT");
    s.server.once(
        "POST",
        &format!("/{ID}/start"),
        slow(
            300.0,
            ok(json!({ "status": "STARTING", "updated_at": server_iso(300.0) })),
        ),
    );
    let started = s.store.perform(ID, Action::Start, &json!({}));
    {
        let m = s.store.model();
        let e = &m.entries[ID];
        let p = e.pending.as_ref().unwrap();
        assert_eq!(
            (p.action, p.optimistic_status),
            (Action::Start, Some(Status::Starting))
        );
        assert_eq!(e.status(), Some(Status::Starting));
        assert!(e.allowed_actions().is_empty(), "one action at a time");
    }
    s.exec.run(started).unwrap();
    let m = s.store.model();
    let e = &m.entries[ID];
    assert!(e.pending.is_none());
    assert_eq!(e.status(), Some(Status::Starting));
    assert_eq!(
        e.deployment.data.as_ref().unwrap()["name"],
        "web",
        "merged, not replaced"
    );
    assert!(e.last_error.is_none());
    // Written at server time START + 30.3 s, answered at local START + 300 ms.
    assert_eq!(m.server_time.offset_ms(), SERVER_AHEAD_MS);
}

#[test]
fn a_refused_start_rolls_back_with_the_servers_error() {
    let (s, _r) = opened("DRAFT");
    s.server.once(
        "POST",
        &format!("/{ID}/start"),
        slow(
            200.0,
            json_reply(
                500,
                json!({ "error": "Deployment is in the incorrect state." }),
            ),
        ),
    );
    let started = s.store.perform(ID, Action::Start, &json!({}));
    assert_eq!(shown(&s), Some(Status::Starting));
    let e = s.exec.run(started).unwrap_err();
    assert_eq!(e.code, "INVALID_STATE");
    assert_eq!(e.status, Some(500));
    let m = s.store.model();
    let entry = &m.entries[ID];
    assert_eq!(entry.status(), Some(Status::Draft), "rolled back");
    assert!(entry.pending.is_none());
    assert_eq!(entry.last_error.as_ref(), Some(&e), "the server's error");
    assert!(entry.allowed_actions().contains(&Action::Start));
}

#[test]
fn what_the_state_machine_refuses_is_not_sent() {
    let (s, _r) = opened("DRAFT");
    let sent = s.server.total();
    let e = s
        .exec
        .run(s.store.perform(ID, Action::Stop, &json!({})))
        .unwrap_err();
    assert_eq!(e.code, "INVALID_STATE");
    assert_eq!(s.server.total(), sent);
    assert_eq!(
        s.store.model().entries[ID]
            .last_error
            .as_ref()
            .unwrap()
            .code,
        "INVALID_STATE"
    );
    // A second action while one is pending is refused too.
    s.server.once(
        "PATCH",
        &format!("/{ID}/update-name"),
        slow(
            100.0,
            ok(json!({ "name": "x", "updated_at": server_iso(0.0) })),
        ),
    );
    let rename = s.store.perform(ID, Action::Rename, &json!({ "name": "x" }));
    let again = s
        .exec
        .run(s.store.perform(ID, Action::Start, &json!({})))
        .unwrap_err();
    assert_eq!(again.code, "INVALID_STATE");
    s.exec.run(rename).unwrap();
    assert_eq!(
        s.store.model().entries[ID]
            .deployment
            .data
            .as_ref()
            .unwrap()["name"],
        "x"
    );
    // Missing arguments are the caller's mistake.
    let bad = s
        .exec
        .run(s.store.perform(ID, Action::UpdateReplicaCount, &json!({})))
        .unwrap_err();
    assert_eq!(bad.code, "INVALID_ARGUMENT");
}

#[test]
fn delete_removes_it_and_a_404_on_an_action_means_deleted_elsewhere() {
    let (s, _r) = opened("STOPPED");
    s.server.once(
        "DELETE",
        &format!("/{ID}"),
        Reply::Answer {
            latency: 0.0,
            status: 204,
            content_type: "application/json",
            body: vec![],
        },
    );
    s.exec
        .run(s.store.perform(ID, Action::Delete, &json!({})))
        .unwrap();
    assert_eq!(s.store.model().entries[ID].gone, Some(GoneWhy::Deleted));

    let (s, _r) = opened("STOPPED");
    s.server.once(
        "POST",
        &format!("/{ID}/start"),
        json_reply(404, json!({ "error": "Deployment not found." })),
    );
    let e = s
        .exec
        .run(s.store.perform(ID, Action::Start, &json!({})))
        .unwrap_err();
    assert_eq!(e.code, "DEPLOYMENT_NOT_FOUND");
    let m = s.store.model();
    assert_eq!(m.entries[ID].deployment.state, ResourceState::Gone);
    assert_eq!(
        m.entries[ID].last_error.as_ref().unwrap().code,
        "DEPLOYMENT_NOT_FOUND"
    );
}
