//! The addendum's client features: the idempotent create (against a fake server that keeps
//! state, and loses a response after committing), the new routes' guards and feature
//! detection, the CORS hint, and waitForEndpoint.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use nosana_deployments::api::cancel::Cancel;
use nosana_deployments::api::client::{Client, Host};
use nosana_deployments::api::credentials::Credentials;
use nosana_deployments::api::error::ErrorKind;
use nosana_deployments::api::options::{CallOptions, ClientOptions, WaitOptions};
use nosana_deployments::api::request::Method;
use nosana_deployments::api::service_routes;
use nosana_deployments::api::signing::SignatureCache;
use nosana_deployments::api::transport::{
    BodyStream, HttpRequest, HttpResponse, LocalFuture, Transport, TransportError,
};
use serde_json::{json, Value};

use crate::fakes::*;

/// An ed25519 public key line (type, blob whose first field is the type, 32 bytes of key).
const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG2H6mPq5k0ObkBKrOdQPnmQ7kI9Pm8p4zjQ/2z5aGUL me";

// ---------------------------------------------------------------------------------------------
// A fake Deployment Manager that keeps its deployments (create, list by key) and can lose the
// answer of a create it committed.

struct Canned(u16, Value);

impl HttpResponse for Canned {
    fn status(&self) -> u16 {
        self.0
    }
    fn header(&self, name: &str) -> Option<String> {
        (name == "content-type").then(|| "application/json".to_owned())
    }
    fn text(self: Box<Self>) -> LocalFuture<'static, Result<String, TransportError>> {
        Box::pin(async move { Ok(self.1.to_string()) })
    }
    fn into_stream(self: Box<Self>) -> Option<Box<dyn BodyStream>> {
        None
    }
}

#[derive(Default)]
struct Service {
    /// (owner-scoped) idempotency key → deployment.
    stored: RefCell<Vec<(String, Value)>>,
    /// Commit the next create, then drop the connection.
    lose_next_answer: Cell<bool>,
    /// The next creates fail with 503 before committing.
    unavailable: Cell<u32>,
    seen: RefCell<Vec<HttpRequest>>,
}

impl Service {
    fn answer(&self, r: &HttpRequest) -> Result<Canned, TransportError> {
        let body: Value = r
            .body
            .as_deref()
            .map_or(Value::Null, |b| serde_json::from_str(b).unwrap());
        if r.method == Method::Post && r.url == format!("{BASE}/create") {
            if self.unavailable.get() > 0 {
                self.unavailable.set(self.unavailable.get() - 1);
                return Ok(Canned(503, json!({"error": "unavailable"})));
            }
            let key = body["idempotency_key"].as_str().unwrap().to_owned();
            if self.stored.borrow().iter().any(|(k, _)| *k == key) {
                return Ok(Canned(
                    409,
                    json!({"error": "A deployment with this idempotency key already exists"}),
                ));
            }
            let n = self.stored.borrow().len();
            let deployment =
                json!({"id": format!("{ID}{n}"), "status": "DRAFT", "name": body["name"]});
            self.stored.borrow_mut().push((key, deployment.clone()));
            if self.lose_next_answer.replace(false) {
                return Err(TransportError::Failed("connection reset".into()));
            }
            return Ok(Canned(200, deployment));
        }
        if r.method == Method::Get {
            if let Some(key) = r.url.strip_prefix(&format!("{BASE}?idempotency_key=")) {
                // The keys of these tests only need `:` decoded.
                let key = key.replace("%3A", ":");
                let found: Vec<Value> = self
                    .stored
                    .borrow()
                    .iter()
                    .filter(|(k, _)| *k == key)
                    .map(|(_, d)| d.clone())
                    .collect();
                return Ok(Canned(200, json!({"deployments": found, "pagination": {}})));
            }
        }
        Ok(Canned(404, json!({"error": "Not Found"})))
    }
}

struct ServiceTransport(Rc<Service>);

impl Transport for ServiceTransport {
    fn send(
        &self,
        request: HttpRequest,
        _cancel: &Cancel,
    ) -> LocalFuture<'static, Result<Box<dyn HttpResponse>, TransportError>> {
        let result = self.0.answer(&request);
        self.0.seen.borrow_mut().push(request);
        Box::pin(async move { result.map(|c| Box::new(c) as Box<dyn HttpResponse>) })
    }
}

fn service_client(service: &Rc<Service>, clock: &Rc<FakeClock>) -> Client {
    let host = Host {
        transport: Rc::new(ServiceTransport(service.clone())),
        clock: clock.clone(),
        signatures: Rc::new(SignatureCache::new()),
        seed: 1,
        random: Rc::new(Counting::default()),
    };
    let options = ClientOptions::from_value(&json!({"baseUrl": "http://h"})).unwrap();
    Client::new(options, Credentials::Anonymous, host)
}

fn creates(service: &Service) -> Vec<Value> {
    service
        .seen
        .borrow()
        .iter()
        .filter(|r| r.url.ends_with("/create"))
        .map(|r| serde_json::from_str(r.body.as_deref().unwrap()).unwrap())
        .collect()
}

const BODY: fn() -> Value = || {
    json!({
        "name": "web",
        "market": "7AtiXMSH6R1jjBxrcYjehCkkSF7zvYWte63gwEDBcGHq",
        "replicas": 1,
        "timeout": 60,
        "strategy": "SIMPLE",
        "job_definition": {"version": "0.1", "type": "container", "ops": [
            {"type": "container/run", "id": "run", "args": {"image": "ubuntu"}}
        ]}
    })
};

#[test]
fn a_lost_answer_after_commit_gives_exactly_one_deployment_and_returns_it() {
    let clock = Rc::new(FakeClock::default());
    let service = Rc::new(Service::default());
    service.lose_next_answer.set(true);
    let client = service_client(&service, &clock);
    let answer = run(&clock, client.create(BODY(), &CallOptions::default())).unwrap();
    assert_eq!(service.stored.borrow().len(), 1, "exactly one deployment");
    assert_eq!(answer.value(), &service.stored.borrow()[0].1);
    // Sent twice with the same generated key; the 409 was resolved by listing by that key.
    let sent = creates(&service);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0]["idempotency_key"], FIRST_KEY);
    assert_eq!(sent[1]["idempotency_key"], FIRST_KEY);
    let urls: Vec<String> = service
        .seen
        .borrow()
        .iter()
        .map(|r| r.url.clone())
        .collect();
    assert_eq!(urls[2], format!("{BASE}?idempotency_key={FIRST_KEY}"));
    assert_eq!(urls.len(), 3);
}

#[test]
fn the_callers_key_is_kept_and_5xx_is_retried_with_it() {
    let clock = Rc::new(FakeClock::default());
    let service = Rc::new(Service::default());
    service.unavailable.set(1);
    let client = service_client(&service, &clock);
    let mut body = BODY();
    body["idempotency_key"] = json!("app:order-42");
    let answer = run(&clock, client.create(body, &CallOptions::default())).unwrap();
    assert_eq!(answer.value()["status"], "DRAFT");
    let keys: Vec<Value> = creates(&service)
        .iter()
        .map(|b| b["idempotency_key"].clone())
        .collect();
    assert_eq!(keys, vec![json!("app:order-42"), json!("app:order-42")]);
    // A second call with the same key finds the first deployment instead of making another.
    let again = {
        let mut b = BODY();
        b["idempotency_key"] = json!("app:order-42");
        run(&clock, client.create(b, &CallOptions::default())).unwrap()
    };
    assert_eq!(again.value(), answer.value());
    assert_eq!(service.stored.borrow().len(), 1);
}

#[test]
fn a_bad_key_is_refused_before_sending() {
    let clock = Rc::new(FakeClock::default());
    let service = Rc::new(Service::default());
    let client = service_client(&service, &clock);
    let mut body = BODY();
    body["idempotency_key"] = json!("not a key");
    let e = run(&clock, client.create(body, &CallOptions::default())).unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::Validation, "INVALID_REQUEST"));
    assert!(service.seen.borrow().is_empty());
}

#[test]
fn a_409_with_nothing_listed_retries_after_a_pause_then_gives_up() {
    let s = Setup::new(vec![]);
    for _ in 0..4 {
        s.fake.push(json(
            409,
            json!({"error": "A deployment with this idempotency key already exists"}),
        ));
        s.fake
            .push(json(200, json!({"deployments": [], "pagination": {}})));
    }
    let client = s.client(json!({}));
    let e = s
        .run(client.create(BODY(), &CallOptions::default()))
        .unwrap_err();
    assert_eq!(
        (e.kind, e.code),
        (ErrorKind::Validation, "IDEMPOTENCY_CONFLICT")
    );
    assert_eq!(s.fake.count(), 8);
    // Creates at 0, then after 500, 1000 and 2000 ms.
    let creates: Vec<f64> = (0..8).step_by(2).map(|i| s.fake.times()[i]).collect();
    assert_eq!(creates, vec![0.0, 500.0, 1_500.0, 3_500.0]);
}

#[test]
fn the_conflict_pauses_stay_within_the_calls_time_limit() {
    let s = Setup::new(vec![]);
    for _ in 0..4 {
        s.fake.push(json(
            409,
            json!({"error": "A deployment with this idempotency key already exists"}),
        ));
        s.fake
            .push(json(200, json!({"deployments": [], "pagination": {}})));
    }
    let client = s.client(json!({}));
    let call = CallOptions {
        timeout_ms: Some(1_200.0),
        ..CallOptions::default()
    };
    let e = s.run(client.create(BODY(), &call)).unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::Timeout, "TIMEOUT"));
    // Creates at 0 and 500; the 1 s pause after the second would end past 1.2 s.
    assert_eq!(s.clock.now(), 1_200.0);
    assert_eq!(s.fake.count(), 4);
}

// ---------------------------------------------------------------------------------------------
// New routes through the client

#[test]
fn new_routes_respect_the_local_status_refusal() {
    let s = Setup::new(vec![
        json(200, deployment("DRAFT")),
        json(200, json!({"public_keys": []})),
    ]);
    let client = s.client(json!({}));
    let archived = CallOptions {
        status: Some("ARCHIVED".into()),
        ..CallOptions::default()
    };
    let keys =
        json!(["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG2H6mPq5k0ObkBKrOdQPnmQ7kI9Pm8p4zjQ/2z5aGUL"]);
    for spec in [
        service_routes::add_ssh_keys(ID, &keys).unwrap(),
        service_routes::revoke_ssh_keys(ID, &keys).unwrap(),
        service_routes::update_market(ID, json!(ID)).unwrap(),
        service_routes::update_startup_timeout(ID, json!(5)).unwrap(),
    ] {
        let e = s.run(client.send(&spec, &archived)).unwrap_err();
        assert_eq!(
            (e.kind, e.code),
            (ErrorKind::Archived, "ARCHIVED"),
            "{}",
            spec.path
        );
    }
    assert_eq!(s.fake.count(), 0, "nothing sent");
    // duplicate and listing keys are allowed on ARCHIVED.
    let dup = service_routes::duplicate(ID, &Value::Null).unwrap();
    assert_eq!(
        s.run(client.send(&dup, &archived)).unwrap().value()["status"],
        "DRAFT"
    );
    let list = service_routes::ssh_keys(ID).unwrap();
    assert_eq!(
        s.run(client.send(&list, &archived)).unwrap().value(),
        &json!({"public_keys": []})
    );
    assert_eq!(s.fake.count(), 2);
    assert_eq!(s.fake.request(1).method, Method::Get);
}

#[test]
fn new_bodies_are_judged_by_the_rules_before_sending() {
    let s = Setup::new(vec![]);
    let client = s.client(json!({}));
    let call = CallOptions::default();
    for spec in [
        service_routes::add_ssh_keys(ID, &json!(["ssh-dss AAAA"])).unwrap(),
        service_routes::update_market(ID, json!("not-a-key")).unwrap(),
        service_routes::update_startup_timeout(ID, json!(0)).unwrap(),
        service_routes::update_requirements(ID, json!({"requirements": {}})).unwrap(),
        service_routes::duplicate(ID, &json!({"name": ""})).unwrap(),
    ] {
        let e = s.run(client.send(&spec, &call)).unwrap_err();
        assert_eq!(
            (e.kind, e.code),
            (ErrorKind::Validation, "INVALID_REQUEST"),
            "{}",
            spec.path
        );
        assert!(!e.issues.is_empty(), "{}", spec.path);
    }
    assert_eq!(s.fake.count(), 0, "nothing sent");
}

#[test]
fn a_bare_404_on_a_new_route_means_an_older_server() {
    let s = Setup::new(vec![
        json(
            404,
            json!({"message": "Route PATCH:/deployments/x/update-market not found", "error": "Not Found", "statusCode": 404}),
        ),
        json(404, json!({"error": "Deployment not found."})),
    ]);
    let client = s.client(json!({}));
    let spec = service_routes::update_market(ID, json!(ID)).unwrap();
    let e = s
        .run(client.send(&spec, &CallOptions::default()))
        .unwrap_err();
    assert_eq!(
        (e.kind, e.code, e.status),
        (ErrorKind::Unsupported, "UNSUPPORTED", Some(404))
    );
    assert!(
        e.message.contains("does not support update-market yet"),
        "{}",
        e.message
    );
    // The ownership 404 stays what it is.
    let e = s
        .run(client.send(&spec, &CallOptions::default()))
        .unwrap_err();
    assert_eq!(e.code, "DEPLOYMENT_NOT_FOUND");
}

/// A browser page of another origin: a failed PATCH/DELETE is most likely a CORS refusal.
struct CrossOrigin(Rc<FakeTransport>);

impl Transport for CrossOrigin {
    fn send(
        &self,
        request: HttpRequest,
        cancel: &Cancel,
    ) -> LocalFuture<'static, Result<Box<dyn HttpResponse>, TransportError>> {
        Shared(self.0.clone()).send(request, cancel)
    }
    fn is_cross_origin_browser(&self, _url: &str) -> bool {
        true
    }
}

#[test]
fn a_cross_origin_patch_without_answer_says_cors_and_how_to_fix_it() {
    let s = Setup::new(vec![Reply::Refused, Reply::Refused]);
    let host = Host {
        transport: Rc::new(CrossOrigin(s.fake.clone())),
        clock: s.clock.clone(),
        signatures: s.signatures.clone(),
        seed: 1,
        random: Rc::new(Counting::default()),
    };
    let options = ClientOptions::from_value(&json!({"baseUrl": "http://h"})).unwrap();
    let client = Client::new(options, Credentials::Anonymous, host);
    let spec = service_routes::revoke_ssh_keys(ID, &json!([KEY])).unwrap();
    let e = s
        .run(client.send(&spec, &CallOptions::default()))
        .unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::Network, "CORS_REFUSED"));
    assert!(
        e.message.contains("preflight") && e.message.contains("DELETE"),
        "{}",
        e.message
    );
    assert!(e.message.contains("client manager"), "{}", e.message);
    // A GET (no preflight problem) stays a plain network error.
    let e = s.run(client.send(
        &service_routes::ssh_keys(ID).unwrap(),
        &CallOptions {
            ..CallOptions::default()
        },
    ));
    assert_eq!(e.unwrap_err().code, "NETWORK_ERROR");
}

// ---------------------------------------------------------------------------------------------
// waitForEndpoint

fn with_endpoints(online: &[bool]) -> Value {
    let endpoints: Vec<Value> = online
        .iter()
        .enumerate()
        .map(|(i, o)| json!({"opId": "web", "port": 8000 + i, "url": format!("https://e{i}.node"), "online": o}))
        .collect();
    json!({"id": ID, "status": "RUNNING", "endpoints": endpoints})
}

fn wait(timeout_ms: f64) -> WaitOptions {
    WaitOptions {
        cancel: None,
        timeout_ms,
        interval_ms: 1_000.0,
    }
}

#[test]
fn wait_for_endpoint_resolves_with_the_first_online_endpoint() {
    let s = Setup::new(vec![
        json(200, with_endpoints(&[])),
        json(200, with_endpoints(&[false, false])),
        json(200, with_endpoints(&[false, true])),
    ]);
    let client = s.client(json!({}));
    let endpoint = s
        .run(client.wait_for_endpoint(ID, &wait(60_000.0)))
        .unwrap();
    assert_eq!(endpoint["url"], "https://e1.node");
    assert_eq!(s.fake.times(), vec![0.0, 1_000.0, 2_000.0]);
}

#[test]
fn wait_for_endpoint_times_out_and_aborts() {
    let s = Setup::new(
        (0..10)
            .map(|_| json(200, with_endpoints(&[false])))
            .collect(),
    );
    let client = s.client(json!({}));
    let e = s
        .run(client.wait_for_endpoint(ID, &wait(2_500.0)))
        .unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::Timeout, "TIMEOUT"));
    assert_eq!(s.clock.now(), 2_500.0);

    let s = Setup::new(
        (0..10)
            .map(|_| json(200, with_endpoints(&[false])))
            .collect(),
    );
    let client = s.client(json!({}));
    let cancel = Cancel::new();
    let options = WaitOptions {
        cancel: Some(cancel.clone()),
        ..wait(60_000.0)
    };
    let clock = s.clock.clone();
    let (result, ()) = s.run(futures_util::future::join(
        client.wait_for_endpoint(ID, &options),
        async {
            nosana_deployments::api::clock::Clock::sleep(&*clock, 1_500.0).await;
            cancel.fire();
        },
    ));
    assert_eq!(result.unwrap_err().kind, ErrorKind::Abort);
    assert_eq!(s.fake.count(), 2);
}
