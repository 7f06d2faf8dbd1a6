//! One deadline, one abort, at every step of a call: a party that never answers at each step
//! (the wallet, the server before its headers, the server mid-body, the backoff wait, the watch's
//! connect and reconnect) ends in the typed error exactly at the deadline (fake clock) or at the
//! instant of the abort, and nothing is left running.

use std::rc::Rc;

use futures_util::future::join;
use nosana_deployments::api::cancel::Cancel;
use nosana_deployments::api::client::Client;
use nosana_deployments::api::clock::Clock;
use nosana_deployments::api::credentials::Credentials;
use nosana_deployments::api::error::{ApiError, ErrorKind};
use nosana_deployments::api::options::CallOptions;
use nosana_deployments::api::request;
use nosana_deployments::api::watch::Watch;
use serde_json::{json, Value};

use crate::fakes::*;

const TIMEOUT: f64 = 2_000.0;

fn wallet_client(s: &Setup, wallet: &Rc<FakeWallet>, options: Value) -> Rc<Client> {
    let credentials = Credentials::wallet(
        Rc::new(WalletSigner(wallet.clone())),
        ADDRESS.to_owned(),
        "NosanaApiAuthentication".to_owned(),
    )
    .unwrap();
    s.client_with(options, credentials)
}

/// Fires `cancel` at fake time `at`.
async fn abort_at(clock: &FakeClock, cancel: &Cancel, at: f64) {
    clock.sleep(at - clock.now()).await;
    cancel.fire();
}

fn with_cancel(cancel: &Cancel) -> CallOptions {
    CallOptions {
        cancel: Some(cancel.clone()),
        ..CallOptions::default()
    }
}

/// GETs the deployment with no per-call options; the error the call ends in.
fn get_fails(s: &Setup, client: &Client) -> ApiError {
    let spec = request::get(ID).unwrap();
    s.run(client.send(&spec, &CallOptions::default()))
        .unwrap_err()
}

/// GETs the deployment and aborts the call at fake time `at`; the error the call ends in.
fn get_aborted_at(s: &Setup, client: &Client, at: f64) -> ApiError {
    let spec = request::get(ID).unwrap();
    let cancel = Cancel::new();
    let call = with_cancel(&cancel);
    let (result, ()) = s.run(join(
        client.send(&spec, &call),
        abort_at(&s.clock, &cancel, at),
    ));
    result.unwrap_err()
}

fn assert_timeout(e: &ApiError) {
    assert_eq!((e.kind, e.code), (ErrorKind::Timeout, "TIMEOUT"), "{e:?}");
}

fn assert_abort(e: &ApiError) {
    assert_eq!((e.kind, e.code), (ErrorKind::Abort, "ABORTED"), "{e:?}");
}

// ---- signing -----------------------------------------------------------------------------------

#[test]
fn a_wallet_that_never_signs_ends_in_timeout_at_the_deadline_and_nothing_is_sent() {
    let s = Setup::new(vec![json(200, deployment("RUNNING"))]);
    let wallet = FakeWallet::new(s.clock.clone(), 1);
    wallet.hang.set(true);
    let client = wallet_client(&s, &wallet, json!({ "timeoutMs": TIMEOUT }));
    assert_timeout(&get_fails(&s, &client));
    assert_eq!(s.clock.now(), TIMEOUT, "exactly at the deadline");
    assert_eq!(s.fake.count(), 0, "nothing sent without a signature");
    assert_eq!(wallet.calls.get(), 1);
}

#[test]
fn an_abort_during_signing_ends_the_call_at_that_instant() {
    let s = Setup::new(vec![json(200, deployment("RUNNING"))]);
    let wallet = FakeWallet::new(s.clock.clone(), 1);
    wallet.hang.set(true);
    let client = wallet_client(&s, &wallet, json!({ "timeoutMs": 60_000 }));
    assert_abort(&get_aborted_at(&s, &client, 300.0));
    assert_eq!(s.clock.now(), 300.0);
    assert_eq!(s.fake.count(), 0);
}

#[test]
fn a_signing_still_in_progress_when_a_call_times_out_serves_the_next_call() {
    // The user is slow (5 s) but does sign: the next call uses that signature, no second popup.
    let s = Setup::new(vec![json(200, deployment("RUNNING"))]);
    let mut wallet = FakeWallet::new(s.clock.clone(), 1);
    Rc::get_mut(&mut wallet).unwrap().delay = 5_000.0;
    let client = wallet_client(&s, &wallet, json!({ "timeoutMs": 1_000 }));
    assert_timeout(&get_fails(&s, &client));
    assert_eq!(s.clock.now(), 1_000.0);
    let call = CallOptions {
        timeout_ms: Some(10_000.0),
        ..CallOptions::default()
    };
    s.run(client.send(&request::get(ID).unwrap(), &call))
        .unwrap();
    assert_eq!(wallet.calls.get(), 1, "one signMessage for both calls");
    assert_eq!(
        s.fake.times(),
        vec![5_000.0],
        "sent once the wallet answered"
    );
}

// ---- the transport -----------------------------------------------------------------------------

#[test]
fn a_server_that_never_sends_headers_ends_in_timeout_and_the_request_is_aborted() {
    let s = Setup::new(vec![Reply::Hang]);
    let client = s.client(json!({ "timeoutMs": TIMEOUT }));
    assert_timeout(&get_fails(&s, &client));
    assert_eq!(s.clock.now(), TIMEOUT);
    assert_eq!(s.fake.released.get(), 1, "the connection was released");
}

#[test]
fn a_server_that_stalls_mid_body_ends_in_timeout_and_the_read_is_aborted() {
    let stall = Reply::Answer {
        latency: 100.0,
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: vec![Chunk::Data("{\"id\":".into()), Chunk::Hang],
    };
    let s = Setup::new(vec![stall.clone()]);
    let client = s.client(json!({ "timeoutMs": TIMEOUT }));
    assert_timeout(&get_fails(&s, &client));
    assert_eq!(s.clock.now(), TIMEOUT);
    assert_eq!(s.fake.released.get(), 1);

    // The same stall, aborted by the caller.
    let s = Setup::new(vec![stall]);
    let client = s.client(json!({ "timeoutMs": TIMEOUT }));
    assert_abort(&get_aborted_at(&s, &client, 700.0));
    assert_eq!(s.clock.now(), 700.0);
    assert_eq!(s.fake.released.get(), 1);
}

#[test]
fn an_abort_during_a_backoff_wait_ends_the_call_at_that_instant() {
    let busy = with_header(
        json(429, json!({"error": "slow down"})),
        "retry-after",
        "10",
    );
    let s = Setup::new(vec![busy, json(200, deployment("RUNNING"))]);
    let client = s.client(json!({ "timeoutMs": 60_000 }));
    assert_abort(&get_aborted_at(&s, &client, 4_000.0));
    assert_eq!(s.clock.now(), 4_000.0);
    assert_eq!(s.fake.count(), 1, "the retry never went out");
}

#[test]
fn a_retry_that_never_answers_ends_at_the_deadline_of_the_whole_call() {
    let s = Setup::new(vec![json(503, json!({"error": "x"})), Reply::Hang]);
    let client = s.client(json!({ "timeoutMs": TIMEOUT, "retry": {"baseDelayMs": 400} }));
    assert_timeout(&get_fails(&s, &client));
    assert_eq!(s.clock.now(), TIMEOUT);
    assert_eq!(s.fake.count(), 2);
    assert!((200.0..=400.0).contains(&s.fake.times()[1]));
}

#[test]
fn retry_after_as_an_http_date_is_waited_for_on_the_clients_clock() {
    // The fake clock starts at the Unix epoch: 00:00:03 is three seconds away.
    let busy = with_header(
        json(503, json!({"error": "x"})),
        "retry-after",
        "Thu, 01 Jan 1970 00:00:03 GMT",
    );
    let s = Setup::new(vec![busy, json(200, deployment("RUNNING"))]);
    let client = s.client(json!({ "retry": {"baseDelayMs": 10, "maxDelayMs": 10} }));
    s.run(client.send(&request::get(ID).unwrap(), &CallOptions::default()))
        .unwrap();
    assert_eq!(s.fake.times(), vec![0.0, 3_000.0]);
}

// ---- watch -------------------------------------------------------------------------------------

fn watch(client: Rc<Client>, cancel: Option<&Cancel>, connect_timeout: f64) -> Watch {
    Watch::new(client, ID, cancel)
        .unwrap()
        .with_connect_timeout(Some(connect_timeout))
}

#[test]
fn a_watch_connect_that_never_answers_ends_in_timeout_at_the_connect_deadline() {
    let s = Setup::new(vec![Reply::Hang]);
    let w = watch(s.client(json!({})), None, 1_500.0);
    let e = s.run(w.next()).unwrap_err();
    assert_timeout(&e);
    assert!(e.message.contains("connectTimeoutMs"), "{}", e.message);
    assert_eq!(s.clock.now(), 1_500.0);
    assert_eq!(s.fake.released.get(), 1, "the hanging connect was released");
}

#[test]
fn a_watch_connect_defaults_to_the_clients_time_limit() {
    let s = Setup::new(vec![Reply::Hang]);
    let w = Watch::new(s.client(json!({ "timeoutMs": 4_000 })), ID, None).unwrap();
    assert_timeout(&s.run(w.next()).unwrap_err());
    assert_eq!(s.clock.now(), 4_000.0);
}

#[test]
fn a_watch_whose_wallet_never_signs_ends_in_timeout() {
    let s = Setup::new(vec![stream(&[Chunk::Hang])]);
    let wallet = FakeWallet::new(s.clock.clone(), 1);
    wallet.hang.set(true);
    let w = watch(wallet_client(&s, &wallet, json!({})), None, 1_500.0);
    assert_timeout(&s.run(w.next()).unwrap_err());
    assert_eq!(s.clock.now(), 1_500.0);
    assert_eq!(s.fake.count(), 0);
}

#[test]
fn a_reconnect_that_never_answers_ends_in_timeout_one_connect_limit_after_its_first_attempt() {
    let s = Setup::new(vec![
        stream(&[
            Chunk::Data("data: {\"type\":\"event\",\"n\":1}\n\n".into()),
            Chunk::Pause(10_000.0),
            Chunk::Fail,
        ]),
        Reply::Refused,
        Reply::Refused,
        Reply::Hang,
    ]);
    let w = watch(s.client(json!({})), None, 3_000.0);
    assert_eq!(s.run(w.next()).unwrap().unwrap()["n"], 1);
    let e = s.run(w.next()).unwrap_err();
    assert_timeout(&e);
    // Dropped at 10 s; after one backoff pause (not counted) the reconnection begins, and its
    // attempts (two refusals, their pauses, a hang) may take 3 s in all.
    let first = s.fake.times()[1];
    assert!((10_125.0..=10_250.0).contains(&first), "{first}");
    assert_eq!(s.clock.now(), first + 3_000.0);
    assert_eq!(s.fake.count(), 4);
    assert_eq!(s.fake.released.get(), 1, "the hanging connect was released");
}

#[test]
fn a_watch_that_keeps_getting_streams_is_not_timed_out_by_its_backoff() {
    // Each stream opens and drops at once: the growing pauses between them are not a connect
    // that takes too long.
    let mut script = vec![];
    for _ in 0..6 {
        script.push(stream(&[Chunk::Fail]));
    }
    script.push(stream(&[
        Chunk::Data("data: {\"type\":\"event\",\"n\":1}\n\n".into()),
        Chunk::Hang,
    ]));
    let s = Setup::new(script);
    let w = watch(s.client(json!({})), None, 500.0);
    let frames = s.run(async {
        let mut out = vec![];
        for _ in 0..6 {
            out.push(w.next().await.unwrap().unwrap()["type"].clone());
        }
        out
    });
    assert_eq!(frames.len(), 6);
    assert!(s.clock.now() > 4_000.0, "pauses well past the 500 ms limit");
    assert_eq!(w.stats().connections, 7);
}

#[test]
fn a_reconnection_that_keeps_failing_ends_at_its_deadline_even_mid_backoff() {
    let s = Setup::new(vec![Reply::Refused; 30]);
    let w = watch(s.client(json!({})), None, 2_000.0);
    let e = s.run(w.next()).unwrap_err();
    assert_timeout(&e);
    assert_eq!(s.clock.now(), 2_000.0);
    assert!(
        e.cause.is_some(),
        "the last failure (connection refused) is the cause"
    );
}

#[test]
fn an_abort_during_a_watch_connect_or_backoff_ends_next_at_that_instant() {
    for (script, at) in [
        (vec![Reply::Hang], 250.0),
        (vec![Reply::Refused, Reply::Refused, Reply::Refused], 600.0),
    ] {
        let s = Setup::new(script);
        let cancel = Cancel::new();
        let w = watch(s.client(json!({})), Some(&cancel), 60_000.0);
        let (result, ()) = s.run(join(w.next(), abort_at(&s.clock, &cancel, at)));
        assert_abort(&result.unwrap_err());
        assert_eq!(s.clock.now(), at);
    }
}

// ---- frames ------------------------------------------------------------------------------------

#[test]
fn lines_that_are_not_valid_frames_are_skipped_and_counted_never_yielded() {
    let s = Setup::new(vec![stream(&[
        Chunk::Data("data: not json\n\ndata: [1,2]\n\ndata: null\n\n".into()),
        Chunk::Data("data: {\"type\":\"deployment\"}\n\n".into()),
        Chunk::Data("data: {\"type\":\"deployment\",\"status\":7}\n\n".into()),
        Chunk::Data("data: {\"type\":\"jobs\",\"jobs\":\"j1\"}\n\n".into()),
        Chunk::Data("data: {\"type\":\"telemetry\"}\n\n: keep-alive\n\n".into()),
        Chunk::Data("data: {\"type\":\"deployment\",\"status\":\"RUNNING\"}\n\n".into()),
        Chunk::Hang,
    ])]);
    let w = watch(s.client(json!({})), None, 60_000.0);
    let frame = s.run(w.next()).unwrap().unwrap();
    assert_eq!(frame, json!({"type": "deployment", "status": "RUNNING"}));
    let stats = w.stats();
    assert_eq!((stats.skipped, stats.connections), (7, 1));
}

#[test]
fn an_event_id_fetch_cannot_carry_is_not_sent_back() {
    let s = Setup::new(vec![
        stream(&[Chunk::Data(
            "id: caf\u{e9}\u{2713}\ndata: {\"type\":\"event\"}\n\n".into(),
        )]),
        stream(&[Chunk::Hang]),
    ]);
    let w = watch(s.client(json!({})), None, 60_000.0);
    s.run(async {
        w.next().await.unwrap().unwrap();
        assert_eq!(w.next().await.unwrap().unwrap()["type"], "reconnected");
    });
    assert_eq!(s.fake.request(1).header("last-event-id"), None);
}
