//! Local guards: invalid bodies and refused actions are never sent; known statuses expire.

use nosana_deployments::api::error::ErrorKind;
use nosana_deployments::api::options::CallOptions;
use nosana_deployments::api::request;
use nosana_deployments::deployment::Action;
use serde_json::json;

use crate::fakes::*;

#[test]
fn an_invalid_body_is_refused_locally() {
    let s = Setup::new(vec![]);
    let client = s.client(json!({}));
    let e = s
        .run(client.send(
            &request::create(json!({"replicas": 0})),
            &CallOptions::default(),
        ))
        .unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::Validation, "INVALID_REQUEST"));
    assert!(!e.issues.is_empty());
    let update = request::update(ID, Action::UpdateTimeout, json!(30)).unwrap();
    let e = s
        .run(client.send(&update, &CallOptions::default()))
        .unwrap_err();
    assert_eq!(e.code, "INVALID_REQUEST");
    assert!(
        e.message
            .starts_with("the updateTimeout request was not sent"),
        "{}",
        e.message
    );
    assert_eq!(s.fake.count(), 0);
}

#[test]
fn a_status_seen_recently_refuses_actions_it_rules_out_until_it_expires() {
    let s = Setup::new(vec![json(200, deployment("DRAFT")), json(200, json!({}))]);
    let client = s.client(json!({"knownStatusTtlMs": 5_000}));
    s.run(client.send(&request::get(ID).unwrap(), &CallOptions::default()))
        .unwrap();
    let stop = request::lifecycle(ID, Action::Stop).unwrap();
    let e = s
        .run(client.send(&stop, &CallOptions::default()))
        .unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::InvalidState, "INVALID_STATE"));
    assert_eq!(
        (e.deployment_status.as_deref(), e.action),
        (Some("DRAFT"), Some(Action::Stop))
    );
    assert_eq!(s.fake.count(), 1, "the stop was not sent");
    // Once the status is older than the time to live, the server decides.
    s.run(async {
        nosana_deployments::api::clock::Clock::sleep(&*s.clock, 5_001.0).await;
    });
    s.run(client.send(&stop, &CallOptions::default())).unwrap();
    assert_eq!(s.fake.count(), 2);
}

#[test]
fn the_callers_status_is_trusted_and_accepted_actions_move_the_known_status() {
    let s = Setup::new(vec![json(200, json!({})), json(200, json!({}))]);
    let client = s.client(json!({}));
    let archive = request::lifecycle(ID, Action::Archive).unwrap();
    let given = CallOptions {
        status: Some("ARCHIVED".to_owned()),
        ..CallOptions::default()
    };
    let e = s.run(client.send(&archive, &given)).unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::Archived, "ARCHIVED"));
    // An accepted archive (no status in the answer) makes the deployment ARCHIVED locally.
    s.run(client.send(&archive, &CallOptions::default()))
        .unwrap();
    let start = request::lifecycle(ID, Action::Start).unwrap();
    let e = s
        .run(client.send(&start, &CallOptions::default()))
        .unwrap_err();
    assert_eq!(e.code, "INVALID_STATE");
    assert_eq!(s.fake.count(), 1);
}

#[test]
fn a_server_refusal_forgets_the_stale_status() {
    let refused = json(
        500,
        json!({"error": "Deployment is in the incorrect state."}),
    );
    let s = Setup::new(vec![
        json(200, deployment("STOPPED")),
        refused,
        json(200, json!({})),
    ]);
    let client = s.client(json!({}));
    s.run(client.send(&request::get(ID).unwrap(), &CallOptions::default()))
        .unwrap();
    let start = request::lifecycle(ID, Action::Start).unwrap();
    let e = s
        .run(client.send(&start, &CallOptions::default()))
        .unwrap_err();
    assert_eq!((e.code, e.action), ("INVALID_STATE", Some(Action::Start)));
    // STOPPED is forgotten: a stop now goes to the server.
    let stop = request::lifecycle(ID, Action::Stop).unwrap();
    s.run(client.send(&stop, &CallOptions::default())).unwrap();
    assert_eq!(s.fake.count(), 3);
}
