//! Fakes for the client core: a clock that only moves when the test executor finds nothing left
//! to do (then it jumps to the next timer), a scripted transport that records what was sent, and
//! a counting wallet. Deterministic: no sockets, no real sleeps, no wall clock.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

pub(crate) use crate::fake_body::Chunk;
use crate::fake_body::{ResponseHost, ScriptedResponse};
pub(crate) use crate::fake_clock::FakeClock;
use nosana_deployments::api::cancel::Cancel;
use nosana_deployments::api::client::{Client, Host};
use nosana_deployments::api::clock::Clock;
use nosana_deployments::api::credentials::Credentials;
use nosana_deployments::api::error::Cause;
use nosana_deployments::api::options::ClientOptions;
use nosana_deployments::api::random::Random;
use nosana_deployments::api::signing::{SignatureCache, Signer};
use nosana_deployments::api::transport::{
    HttpRequest, HttpResponse, LocalFuture, Transport, TransportError,
};
use serde_json::Value;

pub(crate) const ID: &str = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";
pub(crate) const BASE: &str = "http://h/deployments";

// ---------------------------------------------------------------------------------------------
// Executor

struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Runs `fut` to completion; whenever nothing is left to do, time jumps to the next timer.
/// Panics (the test fails) when the future waits on something that never comes.
pub(crate) fn run<T>(clock: &FakeClock, fut: impl Future<Output = T>) -> T {
    let flag = Arc::new(Flag(AtomicBool::new(false)));
    let waker = Waker::from(flag.clone());
    let mut cx = Context::from_waker(&waker);
    let mut fut = pin!(fut);
    for _ in 0..100_000 {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
        if !flag.0.swap(false, Ordering::SeqCst) && !clock.advance() {
            panic!("stuck: the future waits and no timer is pending");
        }
    }
    panic!("did not finish in 100,000 steps");
}

// ---------------------------------------------------------------------------------------------
// Transport

/// What the fake server does with the next request.
#[derive(Debug, Clone)]
pub(crate) enum Reply {
    Answer {
        /// Fake time before the answer.
        latency: f64,
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<Chunk>,
    },
    /// No answer: connection refused.
    Refused,
    /// Never answers (until aborted).
    Hang,
}

pub(crate) fn json(status: u16, body: Value) -> Reply {
    Reply::Answer {
        latency: 0.0,
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: vec![Chunk::Data(body.to_string())],
    }
}

pub(crate) fn with_header(reply: Reply, name: &str, value: &str) -> Reply {
    match reply {
        Reply::Answer {
            latency,
            status,
            mut headers,
            body,
        } => {
            headers.push((name.into(), value.into()));
            Reply::Answer {
                latency,
                status,
                headers,
                body,
            }
        }
        other => other,
    }
}

pub(crate) fn stream(chunks: &[Chunk]) -> Reply {
    Reply::Answer {
        latency: 0.0,
        status: 200,
        headers: vec![("content-type".into(), "text/event-stream".into())],
        body: chunks.to_vec(),
    }
}

pub(crate) fn deployment(status: &str) -> Value {
    serde_json::json!({"id": ID, "status": status})
}

/// A request as the fake saw it, and when.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) at: f64,
    pub(crate) request: HttpRequest,
}

pub(crate) struct FakeTransport {
    clock: Rc<FakeClock>,
    script: RefCell<VecDeque<Reply>>,
    pub(crate) seen: RefCell<Vec<Seen>>,
    /// Requests or reads that ended because their cancel fired.
    pub(crate) aborted: Cell<u32>,
    /// Streams closed by the client.
    pub(crate) closed: Cell<u32>,
    /// Hanging requests or reads that ended, by their cancel or by being dropped (the real
    /// transport aborts a dropped request): none stays open after the call.
    pub(crate) released: Cell<u32>,
}

impl FakeTransport {
    pub(crate) fn new(clock: Rc<FakeClock>, script: Vec<Reply>) -> Rc<Self> {
        Rc::new(Self {
            clock,
            script: RefCell::new(script.into()),
            seen: RefCell::new(Vec::new()),
            aborted: Cell::new(0),
            closed: Cell::new(0),
            released: Cell::new(0),
        })
    }

    pub(crate) fn push(&self, reply: Reply) {
        self.script.borrow_mut().push_back(reply);
    }

    pub(crate) fn count(&self) -> usize {
        self.seen.borrow().len()
    }

    pub(crate) fn times(&self) -> Vec<f64> {
        self.seen.borrow().iter().map(|s| s.at).collect()
    }

    pub(crate) fn request(&self, i: usize) -> HttpRequest {
        self.seen.borrow()[i].request.clone()
    }
}

/// Counts a hanging request or read as released when it ends or is dropped.
struct Hanging(Rc<FakeTransport>);

impl Drop for Hanging {
    fn drop(&mut self) {
        self.0.released.set(self.0.released.get() + 1);
    }
}

async fn until_cancelled(cancel: Cancel, counter: Rc<FakeTransport>) -> TransportError {
    let _hanging = Hanging(counter.clone());
    cancel.fired().await;
    counter.aborted.set(counter.aborted.get() + 1);
    TransportError::Aborted
}

/// Implements [`Transport`] for a shared fake (the test keeps its own `Rc` to inspect it).
pub(crate) struct Shared(pub Rc<FakeTransport>);

impl Transport for Shared {
    fn send(
        &self,
        request: HttpRequest,
        cancel: &Cancel,
    ) -> LocalFuture<'static, Result<Box<dyn HttpResponse>, TransportError>> {
        let fake = self.0.clone();
        let cancel = cancel.clone();
        fake.seen.borrow_mut().push(Seen {
            at: fake.clock.now(),
            request,
        });
        let reply = fake.script.borrow_mut().pop_front();
        Box::pin(async move {
            if cancel.is_fired() {
                return Err(TransportError::Aborted);
            }
            match reply {
                None => Err(TransportError::Failed(
                    "the script has no more replies".into(),
                )),
                Some(Reply::Refused) => Err(TransportError::Failed("connection refused".into())),
                Some(Reply::Hang) => Err(until_cancelled(cancel, fake).await),
                Some(Reply::Answer {
                    latency,
                    status,
                    headers,
                    body,
                }) => {
                    fake.clock.sleep(latency).await;
                    Ok(
                        Box::new(ScriptedResponse::new(status, headers, body, cancel, fake))
                            as Box<dyn HttpResponse>,
                    )
                }
            }
        })
    }
}

impl ResponseHost for FakeTransport {
    fn clock(&self) -> &FakeClock {
        &self.clock
    }

    fn hang(self: Rc<Self>, cancel: Cancel) -> LocalFuture<'static, TransportError> {
        Box::pin(until_cancelled(cancel, self))
    }

    fn closed_by_client(&self) {
        self.closed.set(self.closed.get() + 1);
    }
}

// ---------------------------------------------------------------------------------------------
// Wallet

/// A wallet that signs after `delay` ms of fake time (a user clicking), or refuses.
pub(crate) struct FakeWallet {
    pub(crate) clock: Rc<FakeClock>,
    pub(crate) identity: u64,
    pub(crate) delay: f64,
    pub(crate) calls: Cell<u32>,
    pub(crate) refuse: Cell<bool>,
    /// Never answers (a popup nobody clicks, a wallet that lost it).
    pub(crate) hang: Cell<bool>,
}

pub(crate) const ADDRESS: &str = "4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T";

impl FakeWallet {
    pub(crate) fn new(clock: Rc<FakeClock>, identity: u64) -> Rc<Self> {
        Rc::new(Self {
            clock,
            identity,
            delay: 100.0,
            calls: Cell::new(0),
            refuse: Cell::new(false),
            hang: Cell::new(false),
        })
    }
}

pub(crate) struct WalletSigner(pub Rc<FakeWallet>);

impl Signer for WalletSigner {
    fn identity(&self) -> u64 {
        self.0.identity
    }

    fn sign(&self, message: &[u8]) -> LocalFuture<'static, Result<Vec<u8>, Cause>> {
        let w = self.0.clone();
        w.calls.set(w.calls.get() + 1);
        let refuse = w.refuse.get();
        let hang = w.hang.get();
        let first = message.first().copied().unwrap_or(0);
        let pause = w.clock.sleep(w.delay);
        Box::pin(async move {
            if hang {
                std::future::pending::<()>().await;
            }
            pause.await;
            if refuse {
                return Err(Cause::Host(Rc::new("User rejected the request.")));
            }
            Ok(vec![first; 64])
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Random

/// "Random" bytes that count up, so generated keys are known to the test.
#[derive(Default)]
pub(crate) struct Counting(Cell<u8>);

impl Random for Counting {
    fn fill(&self, buf: &mut [u8]) {
        for b in buf {
            *b = self.0.get();
            self.0.set(self.0.get().wrapping_add(1));
        }
    }
}

/// The first key [`Counting`] makes.
pub(crate) const FIRST_KEY: &str = "00010203-0405-4607-8809-0a0b0c0d0e0f";

// ---------------------------------------------------------------------------------------------
// Setup

pub(crate) struct Setup {
    pub(crate) clock: Rc<FakeClock>,
    pub(crate) fake: Rc<FakeTransport>,
    pub(crate) signatures: Rc<SignatureCache>,
}

impl Setup {
    pub(crate) fn new(script: Vec<Reply>) -> Self {
        let clock = Rc::new(FakeClock::default());
        let fake = FakeTransport::new(clock.clone(), script);
        Self {
            clock,
            fake,
            signatures: Rc::new(SignatureCache::new()),
        }
    }

    /// A client with `options` (JSON, `baseUrl` defaults to the fake's) and `credentials`.
    pub(crate) fn client_with(&self, options: Value, credentials: Credentials) -> Rc<Client> {
        let mut options = options;
        if options.get("baseUrl").is_none() {
            options["baseUrl"] = "http://h".into();
        }
        let host = Host {
            transport: Rc::new(Shared(self.fake.clone())),
            clock: self.clock.clone(),
            signatures: self.signatures.clone(),
            seed: 42,
            random: Rc::new(Counting::default()),
        };
        Rc::new(Client::new(
            ClientOptions::from_value(&options).unwrap(),
            credentials,
            host,
        ))
    }

    pub(crate) fn client(&self, options: Value) -> Rc<Client> {
        self.client_with(options, Credentials::Anonymous)
    }

    pub(crate) fn run<T>(&self, fut: impl Future<Output = T>) -> T {
        run(&self.clock, fut)
    }
}
