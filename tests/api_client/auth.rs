//! Auth headers and the shared signature cache.

use std::rc::Rc;

use futures_util::future::join;
use nosana_deployments::api::credentials::Credentials;
use nosana_deployments::api::error::{Cause, ErrorKind};
use nosana_deployments::api::options::CallOptions;
use nosana_deployments::api::request;
use serde_json::json;

use crate::fakes::*;

fn wallet_client(
    s: &Setup,
    wallet: &Rc<FakeWallet>,
) -> Rc<nosana_deployments::api::client::Client> {
    let credentials = Credentials::wallet(
        Rc::new(WalletSigner(wallet.clone())),
        ADDRESS.to_owned(),
        "NosanaApiAuthentication".to_owned(),
    )
    .unwrap();
    s.client_with(json!({}), credentials)
}

#[test]
fn concurrent_requests_share_one_signing() {
    let s = Setup::new(vec![
        json(200, deployment("RUNNING")),
        json(200, deployment("RUNNING")),
    ]);
    let wallet = FakeWallet::new(s.clock.clone(), 1);
    let client = wallet_client(&s, &wallet);
    let spec = request::get(ID).unwrap();
    let call = CallOptions::default();
    let (a, b) = s.run(join(client.send(&spec, &call), client.send(&spec, &call)));
    a.unwrap();
    b.unwrap();
    assert_eq!(wallet.calls.get(), 1, "one signMessage for both requests");
    let auth: Vec<_> = (0..2)
        .map(|i| s.fake.request(i).header("authorization").map(str::to_owned))
        .collect();
    assert_eq!(auth[0], auth[1]);
    assert!(auth[0]
        .as_deref()
        .unwrap()
        .starts_with("NosanaApiAuthentication:"));
    assert_eq!(s.fake.request(0).header("x-user-id"), Some(ADDRESS));
    // Later requests, and other clients with the same wallet, reuse it.
    s.fake.push(json(200, deployment("RUNNING")));
    let other = wallet_client(&s, &wallet);
    s.run(other.send(&spec, &call)).unwrap();
    assert_eq!(wallet.calls.get(), 1);
    // Another wallet signs for itself.
    s.fake.push(json(200, deployment("RUNNING")));
    let second = FakeWallet::new(s.clock.clone(), 2);
    s.run(wallet_client(&s, &second).send(&spec, &call))
        .unwrap();
    assert_eq!(second.calls.get(), 1);
}

#[test]
fn a_refused_signature_is_unauthorized_sends_nothing_and_is_asked_again() {
    let s = Setup::new(vec![json(200, deployment("RUNNING"))]);
    let wallet = FakeWallet::new(s.clock.clone(), 1);
    wallet.refuse.set(true);
    let client = wallet_client(&s, &wallet);
    let spec = request::get(ID).unwrap();
    let call = CallOptions::default();
    let (a, b) = s.run(join(client.send(&spec, &call), client.send(&spec, &call)));
    for e in [a.unwrap_err(), b.unwrap_err()] {
        assert_eq!(
            (e.kind, e.code),
            (ErrorKind::Unauthorized, "SIGNING_FAILED")
        );
        let Some(Cause::Host(cause)) = &e.cause else {
            panic!("no host cause: {:?}", e.cause)
        };
        assert_eq!(
            cause.downcast_ref::<&str>(),
            Some(&"User rejected the request.")
        );
    }
    assert_eq!(wallet.calls.get(), 1);
    assert_eq!(s.fake.count(), 0);
    wallet.refuse.set(false);
    s.run(client.send(&spec, &call)).unwrap();
    assert_eq!(wallet.calls.get(), 2);
}

#[test]
fn custom_headers_never_override_the_credentials() {
    let s = Setup::new(vec![
        json(200, deployment("RUNNING")),
        json(200, deployment("RUNNING")),
    ]);
    let headers = json!({"headers": {"X-Trace": "1", "Authorization": "mine", "x-user-id": "me"}});
    let keyed = s.client_with(headers.clone(), Credentials::api_key(" nos_key ").unwrap());
    let spec = request::get(ID).unwrap();
    s.run(keyed.send(&spec, &CallOptions::default())).unwrap();
    let sent = s.fake.request(0).headers;
    assert_eq!(
        sent,
        vec![
            ("X-Trace".to_owned(), "1".to_owned()),
            ("authorization".to_owned(), "Bearer nos_key".to_owned()),
        ]
    );
    // Anonymous: the caller's headers go out as given.
    let anonymous = s.client(headers);
    s.run(anonymous.send(&spec, &CallOptions::default()))
        .unwrap();
    assert_eq!(s.fake.request(1).headers.len(), 3);
    assert!(Credentials::api_key("  ").is_err());
}
