//! Fakes for the store: the shared fake clock (`tests/common/fake_clock.rs`), a fake server that answers by route
//! (the store sends several requests at once, so a single ordered script would not do), and an
//! executor that runs the store's spawned tasks. Deterministic: no sockets, no wall clock.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Wake, Waker};

pub(crate) use crate::fake_body::Chunk;
use crate::fake_body::{ResponseHost, ScriptedResponse};
pub(crate) use crate::fake_clock::FakeClock;
use nosana_deployments::api::cancel::Cancel;
use nosana_deployments::api::client::{Client, Host};
use nosana_deployments::api::clock::Clock;
use nosana_deployments::api::credentials::Credentials;
use nosana_deployments::api::options::ClientOptions;
use nosana_deployments::api::random::Random;
use nosana_deployments::api::signing::SignatureCache;
use nosana_deployments::api::transport::{
    HttpRequest, HttpResponse, LocalFuture, Transport, TransportError,
};
use nosana_deployments::store::driver::{Spawner, Store, StoreOptions};
use serde_json::{json, Value};

pub(crate) const ID: &str = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";
pub(crate) const OTHER: &str = "4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T";
pub(crate) const ROOT: &str = "http://h/deployments";
/// The fake clock starts here (2026-12-07T12:00:00Z), the server's clock 30 s ahead.
pub(crate) const START_MS: f64 = 1_796_644_800_000.0;
pub(crate) const SERVER_AHEAD_MS: f64 = 30_000.0;

// ---------------------------------------------------------------------------------------------
// Executor

struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Runs the store's tasks; time jumps to the next timer whenever nothing can progress.
pub(crate) struct Exec {
    clock: Rc<FakeClock>,
    tasks: RefCell<Vec<LocalFuture<'static, ()>>>,
    spawned: RefCell<Vec<LocalFuture<'static, ()>>>,
}

pub(crate) struct ExecSpawner(Rc<Exec>);

impl Spawner for ExecSpawner {
    fn spawn(&self, task: LocalFuture<'static, ()>) {
        self.0.spawned.borrow_mut().push(task);
    }
}

impl Exec {
    /// Polls every task until none was woken.
    fn settle(&self) {
        let flag = Arc::new(Flag(AtomicBool::new(true)));
        let waker = Waker::from(flag.clone());
        let mut cx = Context::from_waker(&waker);
        for _ in 0..10_000 {
            let spawned = std::mem::take(&mut *self.spawned.borrow_mut());
            let woke = flag.0.swap(false, Ordering::SeqCst);
            if !woke && spawned.is_empty() {
                return;
            }
            let mut tasks = std::mem::take(&mut *self.tasks.borrow_mut());
            tasks.extend(spawned);
            tasks.retain_mut(|t| t.as_mut().poll(&mut cx).is_pending());
            self.tasks.borrow_mut().extend(tasks);
        }
        panic!("tasks keep waking each other");
    }

    /// Runs until `done()`; panics when nothing is left to wait for and it is still false.
    pub(crate) fn until(&self, what: &str, mut done: impl FnMut() -> bool) {
        for _ in 0..100_000 {
            self.settle();
            if done() {
                return;
            }
            if !self.clock.advance() {
                panic!("stuck waiting for {what}: no task can progress and no timer is pending");
            }
        }
        panic!("{what}: not after 100,000 steps");
    }

    /// Runs `fut` (and the tasks) to its end.
    pub(crate) fn run<T: 'static>(&self, fut: impl Future<Output = T> + 'static) -> T {
        let out = Rc::new(RefCell::new(None));
        let put = out.clone();
        self.spawned.borrow_mut().push(Box::pin(async move {
            *put.borrow_mut() = Some(fut.await);
        }));
        self.until("the future", || out.borrow().is_some());
        let value = out.borrow_mut().take();
        value.unwrap()
    }

    /// Lets every task run as far as it can without moving the clock.
    pub(crate) fn idle(&self) {
        self.settle();
    }

    /// Runs `fut` alongside the store's tasks.
    pub(crate) fn spawn(&self, fut: impl Future<Output = ()> + 'static) {
        self.spawned.borrow_mut().push(Box::pin(fut));
    }

    /// Tasks not finished.
    pub(crate) fn tasks(&self) -> usize {
        self.tasks.borrow().len() + self.spawned.borrow().len()
    }

    /// Moves the clock to the next timer (if any) and runs what it wakes; `false` when none.
    pub(crate) fn step(&self) -> bool {
        self.settle();
        let moved = self.clock.advance();
        self.settle();
        moved
    }
}

// ---------------------------------------------------------------------------------------------
// Server

/// What the fake server does with a request.
#[derive(Debug, Clone)]
pub(crate) enum Reply {
    Answer {
        latency: f64,
        status: u16,
        content_type: &'static str,
        body: Vec<Chunk>,
    },
    Hang,
}

pub(crate) fn json_reply(status: u16, body: Value) -> Reply {
    Reply::Answer {
        latency: 0.0,
        status,
        content_type: "application/json",
        body: vec![Chunk::Data(body.to_string())],
    }
}

pub(crate) fn ok(body: Value) -> Reply {
    json_reply(200, body)
}

pub(crate) fn slow(ms: f64, reply: Reply) -> Reply {
    match reply {
        Reply::Answer {
            status,
            content_type,
            body,
            ..
        } => Reply::Answer {
            latency: ms,
            status,
            content_type,
            body,
        },
        other => other,
    }
}

/// A `text/event-stream` of these frames, then `tail`.
pub(crate) fn stream(frames: &[Value], tail: &[Chunk]) -> Reply {
    let mut body: Vec<Chunk> = frames
        .iter()
        .map(|f| Chunk::Data(format!("data: {f}\n\n")))
        .collect();
    body.extend_from_slice(tail);
    Reply::Answer {
        latency: 0.0,
        status: 200,
        content_type: "text/event-stream",
        body,
    }
}

pub(crate) fn frame(v: Value) -> Chunk {
    Chunk::Data(format!("data: {v}\n\n"))
}

/// An ISO timestamp `ms` after the fake start, on the server's clock (ahead by [`SERVER_AHEAD_MS`]).
pub(crate) fn server_iso(ms_after_start: f64) -> String {
    let total = START_MS + SERVER_AHEAD_MS + ms_after_start;
    nosana_deployments::deployment::schedule::format_iso(total.floor() as i64)
}

pub(crate) fn deployment(id: &str, status: &str, created_at: &str) -> Value {
    json!({
        "id": id, "name": "web", "status": status, "replicas": 1, "timeout": 60,
        "strategy": "SIMPLE", "active_revision": 1, "endpoints": [],
        "created_at": created_at, "updated_at": created_at,
    })
}

struct Route {
    method: &'static str,
    path: String,
    once: VecDeque<Reply>,
    always: Option<Reply>,
}

/// A request as the fake saw it, and when.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) at: f64,
    pub(crate) method: String,
    pub(crate) path: String,
}

pub(crate) struct FakeServer {
    clock: Rc<FakeClock>,
    routes: RefCell<Vec<Route>>,
    pub(crate) seen: RefCell<Vec<Seen>>,
    /// Streams open now.
    pub(crate) open_streams: Cell<i32>,
}

impl FakeServer {
    fn route(&self, method: &'static str, path: &str) -> std::cell::RefMut<'_, Route> {
        let mut routes = self.routes.borrow_mut();
        let i = match routes
            .iter()
            .position(|r| r.method == method && r.path == path)
        {
            Some(i) => i,
            None => {
                routes.push(Route {
                    method,
                    path: path.to_owned(),
                    once: VecDeque::new(),
                    always: None,
                });
                routes.len() - 1
            }
        };
        std::cell::RefMut::map(routes, |r| &mut r[i])
    }

    /// The next request to `METHOD path` (path below the root, no query) gets `reply`.
    pub(crate) fn once(&self, method: &'static str, path: &str, reply: Reply) {
        self.route(method, path).once.push_back(reply);
    }

    /// Every request to `METHOD path` gets `reply` once the one-time replies are spent.
    pub(crate) fn always(&self, method: &'static str, path: &str, reply: Reply) {
        self.route(method, path).always = Some(reply);
    }

    /// Requests to `METHOD path` so far.
    pub(crate) fn count(&self, method: &str, path: &str) -> usize {
        self.seen
            .borrow()
            .iter()
            .filter(|s| s.method == method && s.path == path)
            .count()
    }

    pub(crate) fn total(&self) -> usize {
        self.seen.borrow().len()
    }
}

pub(crate) struct Shared(pub(crate) Rc<FakeServer>);

async fn until_cancelled(cancel: Cancel) -> TransportError {
    cancel.fired().await;
    TransportError::Aborted
}

impl Transport for Shared {
    fn send(
        &self,
        request: HttpRequest,
        cancel: &Cancel,
    ) -> LocalFuture<'static, Result<Box<dyn HttpResponse>, TransportError>> {
        let server = self.0.clone();
        let cancel = cancel.clone();
        let rest = request.url.strip_prefix(ROOT).unwrap_or(&request.url);
        let path = rest.split('?').next().unwrap_or("").to_owned();
        let method = request.method.as_str();
        server.seen.borrow_mut().push(Seen {
            at: server.clock.now(),
            method: method.to_owned(),
            path: path.clone(),
        });
        let reply = {
            let mut r = server.route(method, &path);
            r.once.pop_front().or_else(|| r.always.clone())
        };
        Box::pin(async move {
            if cancel.is_fired() {
                return Err(TransportError::Aborted);
            }
            match reply {
                None => Err(TransportError::Failed(format!("no route {method} {path}"))),
                Some(Reply::Hang) => Err(until_cancelled(cancel).await),
                Some(Reply::Answer {
                    latency,
                    status,
                    content_type,
                    body,
                }) => {
                    if latency > 0.0 {
                        let pause = server.clock.sleep(latency);
                        let stop = cancel.clone();
                        let ended =
                            nosana_deployments::api::cancel::bounded(pause, Some(&stop), None)
                                .await;
                        if ended == nosana_deployments::api::cancel::Bounded::Cancelled {
                            return Err(TransportError::Aborted);
                        }
                    }
                    let is_stream = content_type == "text/event-stream";
                    if is_stream {
                        server.open_streams.set(server.open_streams.get() + 1);
                    }
                    let headers = vec![("content-type".to_owned(), content_type.to_owned())];
                    let host = Rc::new(Answered { server, is_stream });
                    Ok(
                        Box::new(ScriptedResponse::new(status, headers, body, cancel, host))
                            as Box<dyn HttpResponse>,
                    )
                }
            }
        })
    }
}

/// The server's view of one answered request: a stream counts as open until it ends.
struct Answered {
    server: Rc<FakeServer>,
    is_stream: bool,
}

impl ResponseHost for Answered {
    fn clock(&self) -> &FakeClock {
        &self.server.clock
    }

    fn hang(self: Rc<Self>, cancel: Cancel) -> LocalFuture<'static, TransportError> {
        Box::pin(until_cancelled(cancel))
    }

    fn ended(&self) {
        if self.is_stream {
            let open = &self.server.open_streams;
            open.set(open.get() - 1);
        }
    }
}

#[derive(Default)]
struct Zeros;

impl Random for Zeros {
    fn fill(&self, buf: &mut [u8]) {
        buf.fill(0);
    }
}

// ---------------------------------------------------------------------------------------------
// Setup

pub(crate) struct Setup {
    pub(crate) clock: Rc<FakeClock>,
    pub(crate) server: Rc<FakeServer>,
    pub(crate) exec: Rc<Exec>,
    pub(crate) store: Store,
    /// Listener calls so far.
    pub(crate) notified: Rc<Cell<u32>>,
}

impl Setup {
    pub(crate) fn new(options: StoreOptions) -> Self {
        let clock = Rc::new(FakeClock::starting_at(START_MS));
        let server = Rc::new(FakeServer {
            clock: clock.clone(),
            routes: RefCell::default(),
            seen: RefCell::default(),
            open_streams: Cell::new(0),
        });
        let host = Host {
            transport: Rc::new(Shared(server.clone())),
            clock: clock.clone(),
            signatures: Rc::new(SignatureCache::new()),
            seed: 42,
            random: Rc::new(Zeros),
        };
        let client_options =
            ClientOptions::from_value(&json!({ "baseUrl": "http://h", "retry": { "retries": 0 } }))
                .unwrap();
        let client = Rc::new(Client::new(client_options, Credentials::Anonymous, host));
        let exec = Rc::new(Exec {
            clock: clock.clone(),
            tasks: RefCell::default(),
            spawned: RefCell::default(),
        });
        let store = Store::new(
            client,
            clock.clone(),
            Rc::new(ExecSpawner(exec.clone())),
            options,
        );
        let notified = Rc::new(Cell::new(0));
        let n = notified.clone();
        store.set_listener(move || n.set(n.get() + 1));
        Self {
            clock,
            server,
            exec,
            store,
            notified,
        }
    }

    /// Every route of an opened deployment `id` in `status`, its stream open with `frames` then
    /// hanging.
    pub(crate) fn serve_deployment(&self, id: &str, status: &str, frames: &[Value]) {
        let p = format!("/{id}");
        let created = server_iso(-60_000.0);
        self.server
            .always("GET", &p, ok(deployment(id, status, &created)));
        self.server.always(
            "GET",
            &format!("{p}/jobs"),
            ok(json!({ "jobs": [], "pagination": {} })),
        );
        self.server.always(
            "GET",
            &format!("{p}/events"),
            ok(json!({ "events": [], "pagination": {} })),
        );
        self.server.always(
            "GET",
            &format!("{p}/revisions"),
            ok(json!({ "revisions": [{ "revision": 1, "deployment": id, "created_at": created }], "pagination": {} })),
        );
        self.server.always(
            "GET",
            &format!("{p}/stream"),
            stream(frames, &[Chunk::Hang]),
        );
    }
}
